"""Is an existing SQLite file a timeline store? Decided by reading, before anything is written.

Opening a store creates the engine's tables in it; given the path of another
program's database by mistake, that would add them beside its tables. A
store made by this engine says so in its file header (``application_id``),
read without SQLite. A store made before that (versions 0.1 and 0.2) is
known by its tables and by the stored names of its events. Either way the
file is only read, through a connection that cannot write nor leave files
beside it.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError
from . import faults
from .eventsourcing_private import LOG_COLUMNS

OURS = frozenset({"stored_events", "timeline_index", "timeline_index_state", "timeline_chain"})
APPLICATION_ID = 0x54696D6C  # "Timl", in the header of every store this engine makes
_HEADER = b"SQLite format 3\x00"
_LOG_COLUMNS = list(LOG_COLUMNS)


def holds_store(path: Path, location: str) -> bool:
    """True if ``path`` is a timeline store; False if there is none yet (no file, an
    empty one, a database without tables); refused if it is anything else."""
    try:
        if not path.exists():
            return False
        if not path.is_file():
            raise StoreError(f"{location} is not a file: a store is a SQLite file")
        with path.open("rb") as raw:
            header = raw.read(100)
    except OSError as e:
        raise StoreError(f"cannot open store {location}: {e.strerror}") from None
    if not header:
        return False
    if not header.startswith(_HEADER) or len(header) < 100:
        raise StoreError(f"{location} is not a timeline store: it is not a SQLite file")
    found = int.from_bytes(header[68:72], "big")
    if found == APPLICATION_ID:
        return True
    if found != 0:
        raise StoreError(
            f"{location} is not a timeline store: it is another program's database "
            f"(application id {found:#x}); give the path of a new file, or of a timeline store"
        )
    return _made_before_the_header(path, location)


def _made_before_the_header(path: Path, location: str) -> bool:
    """A file without our header: a store of version 0.1 or 0.2, or someone else's."""
    try:
        with closing(sqlite3.connect(reading_uri(path, live=True), uri=True)) as db:
            tables = {
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith("sqlite_")
            }
            if not tables:
                return False
            columns = []
            if "stored_events" in tables:
                columns = [r[1] for r in db.execute("PRAGMA table_info(stored_events)")]
            first = None
            if columns == _LOG_COLUMNS:
                query = "SELECT topic FROM stored_events ORDER BY rowid LIMIT 1"
                first = db.execute(query).fetchone()
    except sqlite3.Error as e:
        raise StoreError(f"cannot open store {location}: {faults.cause(e)}") from None
    from ..topics import stored_class  # the names every version stored its events under

    if tables - OURS or columns != _LOG_COLUMNS:
        shown = ", ".join(sorted(tables - OURS or tables)[:5])
        raise StoreError(
            f"{location} is not a timeline store: it holds another program's tables ({shown}); "
            "give the path of a new file, or of a timeline store"
        )
    if first is not None and stored_class(first[0]) is None:
        raise StoreError(
            f"{location} is not a timeline store: its log holds another program's events "
            f"({str(first[0])[:60]}); give the path of a new file, or of a timeline store"
        )
    return True


def reading_uri(path: Path, live: bool = False) -> str:
    """How to open ``path`` only to read it, without writing it or leaving files beside it.

    Where the file and its folder can be written, a plain connection (SQLite removes
    its write-ahead files on close), unless ``live`` asks for one that never writes.
    Otherwise ``mode=ro`` when a write-ahead index is there (a writer may be at
    work: its locks are honoured), or ``immutable=1`` when there is none: no
    connection is open on the file, and none could make one in that folder.
    """
    absolute = path.absolute()
    where = "file:" + quote(str(absolute))
    shared = Path(f"{absolute}-shm")
    if not live and os.access(absolute.parent, os.W_OK) and os.access(absolute, os.W_OK):
        return where
    if shared.exists():
        return where + "?mode=ro"
    return where + "?immutable=1"
