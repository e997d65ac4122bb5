"""eventsourcing's PostgreSQL recorder, writing the index in the same transaction as the events.

The rows are written after the events, while the transaction holds eventsourcing's
EXCLUSIVE lock on the events table, so index writers are serialised exactly
as the log's writers are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from . import (
    CLAIM_CONFLICT,
    COLUMNS,
    ID_END,
    INDEX_VERSION,
    OWN_CONFLICT,
    SUMMARY_COLUMNS,
    Entry,
    IndexRows,
    Progress,
    Summary,
    check_counts,
    chunks,
    refusal,
    statements,
)
from .chain import TABLE, marker
from .postgres_chain import ChainedPostgres
from .rebuilding import IN_KEY_ORDER, NotAsWritten, Tuple, page_rows, uuid_stream
from .rows import index_rows, logged

PAGE = 2000
SCHEMA_LOCK = 0x74696D656C696E65  # "timeline": this engine's advisory lock for its DDL
ARRAYS = "text[], text[], text[], text[], text[], uuid[], int[], text[]"


class IndexedPostgresRecorder(ChainedPostgres, PostgresApplicationRecorder):
    rows_read = 0  # rows this recorder's index and stream reads returned: for cost tests

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = self.datastore.schema
        self.index = f'"{schema}".timeline_index'
        self.state = f'"{schema}".timeline_index_state'
        self.log = f'"{schema}"."{self.events_table_name}"'
        self.chain = f'"{schema}".timeline_chain'
        # The index sorts by byte order, like SQLite, whatever the database's locale.
        for statement in statements("uuid", 'COLLATE "C"'):
            text = statement.replace("timeline_index_state", self.state)
            text = text.replace("timeline_index (", f"{self.index} (")
            self.sql_create_statements.append(SQL(text))  # type: ignore[arg-type]
        chain = TABLE.format(key="BIGINT", blob="bytea").replace("timeline_chain", self.chain)
        self.sql_create_statements.append(SQL(chain))  # type: ignore[arg-type]
        self.sql_create_statements.append(SQL(marker(self.state, self.log)))  # type: ignore[arg-type]

    def create_table(self) -> None:
        # Two processes opening a new store at once would both run CREATE OR REPLACE
        # FUNCTION, and PostgreSQL fails one ("tuple concurrently updated"): take turns.
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # eventsourcing's own version commits before it re-raises an error found after
        # the insert; here anything that goes wrong rolls back the events and the index.
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self.lock_log(curs)
            # As eventsourcing's own appends do: its subscriptions listen on this channel.
            curs.execute(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))
            rows = [
                self.construct_pg_stored_event(
                    e.originator_id, e.originator_version, e.topic, e.state
                )
                for e in stored_events
            ]
            curs.execute(self.insert_events_statement, (rows,))  # RETURNING notification_id
            ids = [row["notification_id"] for row in curs.fetchall()]
            self._write(curs, index_rows(stored_events))
            self._advance(curs, min(ids), max(ids))
            self.chain_appended(curs, stored_events, ids)
        return ids

    def _write(self, curs: Cursor[DictRow], index: IndexRows) -> None:
        if index.rows:
            columns = [list(c) for c in zip(*index.rows, strict=True)]
            curs.execute(
                f"INSERT INTO {self.index} ({COLUMNS}) SELECT * FROM unnest("
                + ", ".join(f"%s::{t}" for t in ARRAYS.split(", "))
                + ") "
                + OWN_CONFLICT
                + " RETURNING kind, id",
                columns,
            )
            written = {(r["kind"], r["id"]) for r in curs.fetchall()}
            left = [r for r in index.rows if (r.kind, r.id) not in written]
            if left:
                raise refusal([(r.kind, r.id, r.entity or "-", self._entity(curs, r.kind, r.id))
                               for r in left])  # fmt: skip
        if index.claims:
            curs.execute(
                f"INSERT INTO {self.index} (kind, id, entity) "
                "SELECT 'fact', * FROM unnest(%s::text[], %s::text[]) "
                + CLAIM_CONFLICT
                + " RETURNING id",
                [list(index.claims), list(index.claims.values())],
            )
            claimed = {r["id"] for r in curs.fetchall()}
            if len(claimed) != len(index.claims):
                raise refusal([("amendment target", t, e, self._entity(curs, "fact", t))
                               for t, e in index.claims.items() if t not in claimed])  # fmt: skip

    def _entity(self, curs: Cursor[DictRow], kind: str, id_: str) -> str | None:
        curs.execute(
            f"SELECT entity FROM {self.index} WHERE kind = %s AND id = %s".encode(), (kind, id_)
        )
        row = curs.fetchone()
        return row["entity"] if row else None

    def _advance(self, curs: Cursor[DictRow], first: int, last: int) -> None:
        """Move the index's position to ``last``, if it covered everything before ``first``."""
        curs.execute(
            f"UPDATE {self.state} SET value = %s WHERE name = 'position' AND value = "
            f"(SELECT COALESCE(MAX(notification_id), 0) FROM {self.log} "
            "WHERE notification_id < %s) RETURNING 1",
            (last, first),
        )
        moved = len(curs.fetchall())
        check_counts(
            "index positions (the index is behind the log: run timeline rebuild)", 1, moved
        )

    # ---- reads ---------------------------------------------------------------

    def _rows(self, statement: str, params: Sequence[Any], count: bool = True) -> list[DictRow]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement.encode(), params)
            found = curs.fetchall()
        self.rows_read += len(found) if count else 0
        return found

    def position(self) -> tuple[int, int, int]:
        """The last notification id the index covers, the log's last, the index's version."""
        (row,) = self._rows(
            f"SELECT (SELECT value FROM {self.state} WHERE name = 'position') AS covered, "
            f"(SELECT COALESCE(MAX(notification_id), 0) FROM {self.log}) AS last, "
            f"(SELECT value FROM {self.state} WHERE name = 'version') AS version",
            (),
            count=False,
        )
        return row["covered"], row["last"], row["version"]

    def identity(self) -> tuple[Any, ...]:
        """Which database this is, however its host is spelled: the cluster's own id."""
        (row,) = self._rows(
            "SELECT system_identifier::text AS cluster, current_database() AS db "
            "FROM pg_control_system()",
            (),
            count=False,
        )
        return ("postgresql", row["cluster"], row["db"], self.datastore.schema)

    def lookup(self, kind: str, ids: Sequence[str]) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for part in chunks(sorted(set(ids))):
            for r in self._rows(
                "SELECT id, entity, fact_type, fingerprint, stream, version "
                f"FROM {self.index} WHERE kind = %s AND id = ANY(%s)",
                (kind, list(part)),
            ):
                found[r["id"]] = Entry(
                    r["entity"], r["fact_type"], r["fingerprint"], r["stream"], r["version"]
                )
        return found

    def ids_after(self, kind: str, after: str, limit: int, before: str = ID_END) -> list[str]:
        return [
            r["id"]
            for r in self._rows(
                f'SELECT id FROM {self.index} WHERE kind = %s AND id > %s COLLATE "C" '
                'AND id < %s COLLATE "C" '
                'AND fingerprint IS NOT NULL ORDER BY id COLLATE "C" LIMIT %s',
                (kind, after, before, limit),
            )
        ]

    def facts_after(self, after: str, limit: int) -> list[tuple[str, StoredEvent]]:
        """Facts in valid-time order, after the sort key ``after``."""
        rows = self._rows(
            "SELECT i.sort_key, e.originator_id, e.originator_version, e.topic, e.state "
            f"FROM {self.index} i JOIN {self.log} e "
            "ON e.originator_id = i.stream AND e.originator_version = i.version "
            "WHERE i.sort_key > %s ORDER BY i.sort_key LIMIT %s",
            (after, limit),
        )
        return [(r["sort_key"], _stored(r)) for r in rows]

    def events_in(self, kind: str, ranges: Sequence[tuple[str, str]]) -> list[StoredEvent]:
        found: list[StoredEvent] = []
        for part in chunks(ranges, 200):
            one = (
                "(SELECT e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM {self.index} i JOIN {self.log} e "
                "ON e.originator_id = i.stream AND e.originator_version = i.version "
                "WHERE i.kind = %s AND i.id > %s AND i.id < %s AND i.fingerprint IS NOT NULL "
                "ORDER BY i.id)"
            )
            params = [v for after, before in part for v in (kind, after, before)]
            found += [_stored(r) for r in self._rows(" UNION ALL ".join([one] * len(part)), params)]
        return found

    def events_of(self, kind: str, ids: Sequence[str]) -> list[StoredEvent]:
        rows = self._rows(
            "SELECT e.originator_id, e.originator_version, e.topic, e.state "
            f"FROM {self.index} i JOIN {self.log} e "
            "ON e.originator_id = i.stream AND e.originator_version = i.version "
            "WHERE i.kind = %s AND i.id = ANY(%s)",
            (kind, sorted(set(ids))),
        )
        return [_stored(r) for r in rows]

    def entity_summaries(self, amendments: Sequence[str]) -> dict[str, Summary]:
        columns = SUMMARY_COLUMNS.format(amendments="SELECT unnest(%s::text[])")
        rows = self._rows(
            f"SELECT {columns} FROM {self.index} "
            "WHERE kind = 'fact' AND fingerprint IS NOT NULL GROUP BY entity",
            (list(amendments), list(amendments)),
        )
        return {r["entity"]: Summary(r["facts"], r["first"], r["last"]) for r in rows}

    def select_events(self, originator_id: UUID | str, **kwargs: Any) -> Sequence[StoredEvent]:
        found: Sequence[StoredEvent] = super().select_events(originator_id, **kwargs)
        self.rows_read += len(found)
        return found

    # ---- rebuild -------------------------------------------------------------

    def rebuild(self, progress: Progress, from_scratch: bool) -> int:
        """Index what the log holds past the index's position (or all of it), atomically."""
        with self.datastore.transaction(commit=True) as curs:
            self.lock_log(curs)  # no writer appends while the index catches up
            if from_scratch:
                curs.execute(f"DELETE FROM {self.index}".encode())
                curs.execute(f"UPDATE {self.state} SET value = 0 WHERE name = 'position'".encode())
                curs.execute(
                    f"UPDATE {self.state} SET value = %s WHERE name = 'version'".encode(),
                    (INDEX_VERSION,),
                )
            curs.execute(f"SELECT value FROM {self.state} WHERE name = 'position'".encode())
            start = position = _first(curs.fetchone())
            curs.execute(f"SELECT COALESCE(MAX(notification_id), 0) FROM {self.log}".encode())
            last = _first(curs.fetchone())
            while True:
                curs.execute(
                    "SELECT notification_id, originator_id, originator_version, topic, state "
                    f"FROM {self.log} WHERE notification_id > %s "
                    "ORDER BY notification_id LIMIT %s".encode(),
                    (position, PAGE),
                )
                page = curs.fetchall()
                if not page:
                    break
                self._rebuild_page(curs, page)
                position = page[-1]["notification_id"]
                progress(position - start, last - start)
            curs.execute(
                f"UPDATE {self.state} SET value = %s WHERE name = 'position'".encode(), (position,)
            )
            return int(position - start)

    def _rebuild_page(self, curs: Cursor[DictRow], page: list[DictRow]) -> None:
        """A page's rows by the rebuild's own path; where it meets something unexpected, or
        the index refuses a row, by ingest's, which names what is wrong (rolled back to here)."""
        logged = [
            (r["notification_id"], r["originator_id"], r["originator_version"], r["topic"],
             bytes(r["state"]))
            for r in page
        ]  # fmt: skip
        try:
            with curs.connection.transaction():
                rows, claims = page_rows(logged, uuid_stream)
                rows.sort(key=IN_KEY_ORDER)  # each page of the key B-tree written once
                if not self._wrote(curs, rows, claims):
                    raise NotAsWritten("refused")
        except NotAsWritten:
            self._write(curs, index_rows([_logged(r) for r in page]))

    def _wrote(self, curs: Cursor[DictRow], rows: list[Tuple], claims: dict[str, str]) -> bool:
        """Whether the index took every row and claim, under the rules ``_write`` keeps."""
        if rows:
            curs.execute(
                f"INSERT INTO {self.index} ({COLUMNS}) SELECT * FROM unnest("
                + ", ".join(f"%s::{t}" for t in ARRAYS.split(", "))
                + ") "
                + OWN_CONFLICT,
                [list(c) for c in zip(*rows, strict=True)],
            )
            if curs.rowcount != len(rows):
                return False
        if claims:
            curs.execute(
                f"INSERT INTO {self.index} (kind, id, entity) "
                "SELECT 'fact', * FROM unnest(%s::text[], %s::text[]) " + CLAIM_CONFLICT,
                [list(claims), list(claims.values())],
            )
            return curs.rowcount == len(claims)
        return True


def _stored(row: DictRow) -> StoredEvent:
    return StoredEvent(
        row["originator_id"], row["originator_version"], row["topic"], bytes(row["state"])
    )


def _logged(row: DictRow) -> StoredEvent:
    return logged(
        row["notification_id"],
        row["originator_id"],
        row["originator_version"],
        row["topic"],
        bytes(row["state"]),
    )


def _first(row: DictRow | None) -> int:
    assert row is not None
    return int(next(iter(row.values())))
