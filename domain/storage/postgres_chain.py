"""The log's hash chain (``chain.py``) on PostgreSQL: written with the events, read to verify.

Events are chained after eventsourcing has taken its EXCLUSIVE lock on the
events table, so appends are chained one transaction after another, in the
order of their positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore
from psycopg import Cursor
from psycopg.abc import Query
from psycopg.rows import DictRow, tuple_row

from . import Progress
from .chain import (
    CHAIN_VERSION,
    START,
    Link,
    Logged,
    chain_log,
    check_follows,
    check_unchained,
    links,
)

PAGE = 2000


class ChainedPostgres:
    """What the PostgreSQL recorder adds for the chain; ``chain_appended`` runs in each append."""

    datastore: PostgresDatastore
    chain: str  # the chain's table, and the log's and the index state's, schema-qualified
    log: str
    state: str

    lock_table_statements: list[Query]  # eventsourcing's recorder's

    def lock_log(self, curs: Cursor[DictRow]) -> None:
        """eventsourcing's EXCLUSIVE lock on the events table, through its public statements:
        appends commit one after another, in the order of their positions."""
        for statement in self.lock_table_statements:
            curs.execute(statement, prepare=True)

    def chain_appended(
        self, curs: Cursor[DictRow], events: Sequence[StoredEvent], ids: Sequence[int]
    ) -> None:
        """Chain the events just appended at ``ids`` to the chain's last row, in position order."""
        head = self._head(curs)
        # Which event got which id, as the database says (not from the order ids came back in).
        curs.execute(
            f"SELECT notification_id AS position, originator_id AS id, originator_version AS v "
            f"FROM {self.log} WHERE notification_id = ANY(%s)".encode(),
            (list(ids),),
        )
        placed = {(r["id"], r["v"]): r["position"] for r in curs.fetchall()}
        appended = sorted((placed[e.originator_id, e.originator_version], e) for e in events)
        first = appended[0][0]
        curs.execute(
            f"SELECT COALESCE(MAX(notification_id), 0) AS before FROM {self.log} "
            "WHERE notification_id < %s".encode(),
            (first,),
        )
        check_follows(head, _value(curs), first)
        self._insert(curs, links(head, appended))

    def chain_built(self) -> bool:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(f"SELECT 1 FROM {self.state} WHERE name = 'chain'".encode())
            return curs.fetchone() is not None

    def tables(self) -> frozenset[str]:
        """Which of the engine's tables the database holds."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (self.datastore.schema,),
            )
            return frozenset(r["table_name"] for r in curs.fetchall())

    def build_chain(self, progress: Progress) -> int:
        """Chain a log written before the chain existed, in one transaction.

        Only on an explicit request (``timeline chain --start``); refused where the
        chain has rows or its marker, so no chain is ever replaced.
        """
        with self.datastore.transaction(commit=True) as curs:
            self.lock_log(curs)  # no writer appends while the chain is made
            curs.execute(
                f"SELECT (SELECT COUNT(*) FROM {self.state} WHERE name = 'chain') "
                f"+ (SELECT COUNT(*) FROM (SELECT 1 FROM {self.chain} LIMIT 1) AS c) AS n".encode()
            )
            check_unchained(_value(curs))
            count = chain_log(
                lambda after, last: self._log_after(curs, after, last),
                lambda chained: self._insert(curs, chained),
                self._log_end(curs),
                progress,
            )
            curs.execute(
                f"INSERT INTO {self.state} (name, value) VALUES ('chain', %s)".encode(),
                (CHAIN_VERSION,),
            )
            return count

    def chain_head(self) -> Link:
        with self.datastore.transaction(commit=False) as curs:
            return self._head(curs)

    def log_end(self) -> int:
        """The last position the log or the chain holds."""
        with self.datastore.transaction(commit=False) as curs:
            return self._log_end(curs)

    def log_after(self, after: int, end: int) -> list[Logged]:
        with self.datastore.transaction(commit=False) as curs:
            return self._log_after(curs, after, end)

    def chain_after(self, after: int, end: int) -> list[Link]:
        with self.datastore.transaction(commit=False) as curs:
            rows = _tuples(curs)
            rows.execute(
                f"SELECT position, previous, digest FROM {self.chain} "
                "WHERE position > %s AND position <= %s ORDER BY position LIMIT %s".encode(),
                (after, end, PAGE),
            )
            return [Link(*r) for r in rows.fetchall()]

    def _head(self, curs: Cursor[DictRow]) -> Link:
        curs.execute(
            f"SELECT position, previous, digest FROM {self.chain} "
            "ORDER BY position DESC LIMIT 1".encode()
        )
        row = curs.fetchone()
        return Link(row["position"], row["previous"], bytes(row["digest"])) if row else START

    def _insert(self, curs: Cursor[DictRow], chained: list[Link]) -> None:
        columns: list[list[Any]] = [list(c) for c in zip(*chained, strict=True)]
        curs.execute(
            f"INSERT INTO {self.chain} (position, previous, digest) "
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[])".encode(),
            columns,
        )

    def _log_end(self, curs: Cursor[DictRow]) -> int:
        curs.execute(
            f"SELECT GREATEST((SELECT COALESCE(MAX(notification_id), 0) FROM {self.log}), "
            f"(SELECT COALESCE(MAX(position), 0) FROM {self.chain})) AS last".encode()
        )
        return _value(curs)

    def _log_after(self, curs: Cursor[DictRow], after: int, end: int) -> list[Logged]:
        """The log's rows after position ``after``, up to ``end``, as stored."""
        rows = _tuples(curs)
        rows.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.log} WHERE notification_id > %s AND notification_id <= %s "
            "ORDER BY notification_id LIMIT %s".encode(),
            (after, end, PAGE),
        )
        return [Logged(*r) for r in rows.fetchall()]


def _tuples(curs: Cursor[DictRow]) -> Cursor[tuple[Any, ...]]:
    """The same cursor, giving plain tuples: dictionaries cost more than the hashing."""
    curs.row_factory = tuple_row  # type: ignore[assignment]
    return cast(Cursor[tuple[Any, ...]], curs)


def _value(curs: Cursor[DictRow]) -> int:
    row = curs.fetchone()
    assert row is not None
    return int(next(iter(row.values())))
