"""A store that fails (a full disk, a read-only or locked file, a damaged one, a server
that will not answer) told in one line: the cause, in words the user can act on.

eventsourcing wraps the drivers' errors in its own (``PersistenceError`` and
its children) and keeps the driver's as the cause; the words come from the
driver's error codes where it has them.
"""

from __future__ import annotations

import re
import sqlite3
import sys

from eventsourcing.persistence import PersistenceError

_SQLITE = {  # primary result codes: https://www.sqlite.org/rescode.html
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the store is read-only",
    sqlite3.SQLITE_BUSY: "the store is locked by another program; try again when it is done",
    sqlite3.SQLITE_LOCKED: "the store is locked by another program; try again when it is done",
    sqlite3.SQLITE_CORRUPT: "the file is damaged",
    sqlite3.SQLITE_NOTADB: "the file is not a SQLite database",
    sqlite3.SQLITE_CANTOPEN: "the file cannot be opened (may its folder be written?)",
    sqlite3.SQLITE_IOERR: "the disk failed to read or write",
    sqlite3.SQLITE_PERM: "permission denied",
}
# libpq's words before the cause: 'connection to server at "h", port 5 failed: FATAL:  ...'
_POSTGRES_PREFIX = re.compile(
    r'^(connection failed: )?(connection to server at "[^"]*"(, port \d+)? failed: )?(FATAL:\s+)?'
)


def kinds() -> tuple[type[BaseException], ...]:
    """The errors a failing store raises: eventsourcing's, and its drivers' it lets through."""
    found: list[type[BaseException]] = [PersistenceError, sqlite3.Error]
    psycopg = sys.modules.get("psycopg")  # loaded only if a PostgreSQL store was opened
    if psycopg is not None:
        found.append(psycopg.Error)
    return tuple(found)


def cause(error: BaseException) -> str:
    """What went wrong, in one line: the driver's error, named, with its own words."""
    psycopg = sys.modules.get("psycopg")
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, sqlite3.Error):
            return _sqlite(seen)
        if psycopg is not None and isinstance(seen, psycopg.Error):
            return postgres_cause(seen)
        seen = seen.__cause__
    return first_line(str(error)) or type(error).__name__


def postgres_cause(error: BaseException) -> str:
    """psycopg's words for a failed connection, without libpq's preamble."""
    text = first_line(str(error))
    if "couldn't get a connection" in text:  # the pool's words: the server stopped answering
        return f"no connection to the server ({text})"
    text = _POSTGRES_PREFIX.sub("", text)
    if text.startswith("Connection refused"):
        return "the server refused the connection (is it running, and listening on that port?)"
    if "resolve host" in text or "translate host name" in text:
        return f"unknown host ({text})"
    if text.startswith("timeout expired"):
        return "no answer from the server in time"
    return text


def _sqlite(error: sqlite3.Error) -> str:
    said = first_line(str(error))
    code = getattr(error, "sqlite_errorcode", None)  # extended code; the low byte is primary
    words = _SQLITE.get(code & 0xFF) if isinstance(code, int) else None
    return f"{words} ({said})" if words else said


def first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""
