"""The log's hash chain (``chain.py``) on SQLite: written with the events, read to verify."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteDatastore

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
INSERT = "INSERT INTO timeline_chain (position, previous, digest) VALUES (?, ?, ?)"


class ChainedSQLite:
    """What the SQLite recorder adds for the chain; ``chain_appended`` runs in each append."""

    datastore: SQLiteDatastore
    events_table_name: str

    def chain_appended(
        self, cursor: sqlite3.Cursor, appended: Sequence[tuple[int, StoredEvent]]
    ) -> None:
        """Chain the events just appended (in rowid order) to the chain's last row."""
        first = appended[0][0]
        head = _head(cursor)
        cursor.execute(
            f"SELECT COALESCE(MAX(rowid), 0) FROM {self.events_table_name} WHERE rowid < ?",
            (first,),
        )
        check_follows(head, cursor.fetchone()[0], first)
        cursor.executemany(INSERT, links(head, appended))

    def chain_built(self) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT 1 FROM timeline_index_state WHERE name = 'chain'")
            return c.fetchone() is not None

    def tables(self) -> frozenset[str]:
        """Which of the engine's tables the database holds (a version 0.1 store: the log only)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return frozenset(r[0] for r in c.fetchall())

    def build_chain(self, progress: Progress) -> int:
        """Chain a log written before the chain existed, in one transaction.

        Only on an explicit request (``timeline chain --start``); refused where the
        chain has rows or its marker, so no chain is ever replaced.
        """
        with self.datastore.transaction(commit=True) as c:
            cursor = c.sqlite_cursor
            # A write first, so this transaction holds the write lock throughout.
            cursor.execute("UPDATE timeline_index_state SET value = value WHERE name = 'position'")
            cursor.execute(
                "SELECT (SELECT COUNT(*) FROM timeline_index_state WHERE name = 'chain') "
                "+ (SELECT COUNT(*) FROM (SELECT 1 FROM timeline_chain LIMIT 1))"
            )
            check_unchained(cursor.fetchone()[0])
            count = chain_log(
                lambda after, last: self._log_after(cursor, after, last),
                lambda chained: cursor.executemany(INSERT, chained),
                self._log_end(cursor),
                progress,
            )
            cursor.execute(
                "INSERT INTO timeline_index_state (name, value) VALUES ('chain', ?)",
                (CHAIN_VERSION,),
            )
            return count

    def chain_head(self) -> Link:
        with self.datastore.transaction(commit=False) as c:
            return _head(c.sqlite_cursor)

    def log_end(self) -> int:
        """The last position the log or the chain holds."""
        with self.datastore.transaction(commit=False) as c:
            return self._log_end(c.sqlite_cursor)

    def log_after(self, after: int, end: int) -> list[Logged]:
        with self.datastore.transaction(commit=False) as c:
            return self._log_after(c.sqlite_cursor, after, end)

    def chain_after(self, after: int, end: int) -> list[Link]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT position, previous, digest FROM timeline_chain "
                "WHERE position > ? AND position <= ? ORDER BY position LIMIT ?",
                (after, end, PAGE),
            )
            return [Link(*r) for r in c.fetchall()]

    def _log_end(self, cursor: sqlite3.Cursor) -> int:
        cursor.execute(
            f"SELECT MAX((SELECT COALESCE(MAX(rowid), 0) FROM {self.events_table_name}), "
            "(SELECT COALESCE(MAX(position), 0) FROM timeline_chain))"
        )
        return int(cursor.fetchone()[0])

    def _log_after(self, cursor: sqlite3.Cursor, after: int, end: int) -> list[Logged]:
        """The log's rows after position ``after``, up to ``end``, as stored."""
        cursor.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM "
            f"{self.events_table_name} WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
            (after, end, PAGE),
        )
        return [Logged(*r) for r in cursor.fetchall()]


def _head(cursor: sqlite3.Cursor) -> Link:
    cursor.execute(
        "SELECT position, previous, digest FROM timeline_chain ORDER BY position DESC LIMIT 1"
    )
    row = cursor.fetchone()
    return Link(*row) if row else START
