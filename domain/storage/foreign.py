"""Is an existing SQLite file a timeline store? Asked before anything is written into it.

Opening a store creates the engine's tables in it; given the path of another
program's database by mistake, that would add them beside its tables (and the
user's next ingest after them). A file is taken as a store when it is new or
empty, or when every table it holds is one of ours.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from ..errors import StoreError
from . import faults

OURS = frozenset({"stored_events", "timeline_index", "timeline_index_state", "timeline_chain"})


def check_is_ours(path: Path, location: str) -> None:
    """Refuse a SQLite file holding tables that are not a timeline store's."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError as e:
        raise StoreError(f"cannot open store {location}: {e.strerror}") from None
    try:
        # Only read: a file we refuse is left as it was. (Not mode=ro: on a WAL file, a
        # read-only connection leaves the -wal and -shm files it cannot remove.)
        with closing(sqlite3.connect(path)) as db:
            found = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.Error as e:
        raise StoreError(f"cannot open store {location}: {faults.cause(e)}") from None
    tables = {name for (name,) in found if not name.startswith("sqlite_")}
    if tables and ("stored_events" not in tables or tables - OURS):
        shown = ", ".join(sorted(tables - OURS or tables)[:5])
        raise StoreError(
            f"{location} is not a timeline store: it holds another program's tables ({shown}); "
            "give the path of a new file, or of a timeline store"
        )
