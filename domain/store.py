"""Opening a store: a SQLite file by path, or PostgreSQL by ``postgresql://`` URL.

Locations are read strictly: anything that looks like a URL and is not
PostgreSQL's is refused rather than taken as a file name, and a SQLite file
holding another program's tables is refused rather than written into.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .application import TimelineApp
from .errors import StoreError, TimelineError
from .storage import faults
from .storage.foreign import check_is_ours

CONNECT_TIMEOUT = 3  # seconds to reach a PostgreSQL server before saying why not
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_POSTGRES = frozenset({"postgresql", "postgres"})
_DRIVERS = frozenset({"", "psycopg"})  # postgresql+psycopg:// names the driver we use


def open_store(
    location: str | Path, app: type[TimelineApp] = TimelineApp, *, catch_up: bool = True
) -> TimelineApp:
    """A store at a SQLite path, or at a ``postgresql://user:pass@host:port/db`` URL.

    ``catch_up=False``: leave the index as it is found (see ``TimelineApp``).
    """
    text = str(location)
    env = environment(text)
    try:
        return app(env=env, catch_up=catch_up)
    except TimelineError:
        raise
    except faults.kinds() as e:
        raise StoreError(f"cannot open store {describe(text)}: {faults.cause(e)}") from None


def environment(location: str) -> dict[str, str]:
    """eventsourcing's settings for the store at ``location``, or why there is none."""
    if not location.strip():
        raise StoreError("no store given: its path or URL is empty")
    url = _URL.match(location)
    if url is None:
        return _sqlite_env(location)
    scheme, _, driver = url.group(1).lower().partition("+")
    if scheme not in _POSTGRES:
        raise StoreError(
            f"{describe(location)}: a store is a SQLite file path or a postgresql:// URL, "
            f"not a {scheme}:// URL"
        )
    if driver not in _DRIVERS:
        raise StoreError(
            f"{describe(location)}: the timeline reaches PostgreSQL through psycopg (3), "
            f"not {driver}: write postgresql:// or postgresql+psycopg://"
        )
    return _postgres_env(location)


def describe(location: str) -> str:
    """The location without its password, fit for messages."""
    try:
        password = urlsplit(location).password
    except ValueError:
        return location
    if password:
        return location.replace(f":{password}@", ":***@")
    return location


def _sqlite_env(location: str) -> dict[str, str]:
    if ":memory:" in location or "mode=memory" in location:  # eventsourcing's own test
        raise StoreError(f"{location}: a store in memory keeps nothing once the command ends")
    path = Path(location).expanduser()
    if path.is_dir():
        example = path / "timeline.sqlite"
        raise StoreError(f"{location} is a folder: give a file's path, such as {example}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"cannot create the folder for store {location}: {e.strerror}") from None
    _check_writable(path, location)
    check_is_ours(path, location)
    # Absolute: eventsourcing opens SQLite in URI mode, where a name starting "file:" is a URI.
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path.absolute())}


def _check_writable(path: Path, location: str) -> None:
    """SQLite would fail on its first write, saying only that it cannot open the file."""
    if not os.access(path.parent, os.W_OK):
        what = "its folder"  # where SQLite keeps its write-ahead log beside the file
    elif path.exists() and not os.access(path, os.W_OK):
        what = "the file"
    else:
        return
    raise StoreError(
        f"cannot open store {location}: the store is read-only ({what} cannot be written, "
        "and opening a store writes to it)"
    )


def _postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    where = describe(url)
    try:
        port = parts.port or 5432
    except ValueError:
        raise StoreError(f"{where}: the port must be a number") from None
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise StoreError(f"{where}: the URL needs a database name after the host")
    if parts.query or parts.fragment:
        raise StoreError(f"{where}: options after ? or # are not supported in a store URL")
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "localhost",
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        # How long the connection pool waits; the probe below says why it would wait.
        "POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
    }
    _probe(env)
    return env


def _probe(env: dict[str, str]) -> None:
    """Connect once, directly: the pool would retry in the background until its timeout,
    then say only that it got no connection; the driver says why, at once."""
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            "a PostgreSQL store needs psycopg: pip install 'company-timeline[postgres]'"
        ) from None
    host, port = env["POSTGRES_HOST"], env["POSTGRES_PORT"]
    shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        psycopg.connect(
            host=host,
            port=port,
            dbname=env["POSTGRES_DBNAME"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
            connect_timeout=CONNECT_TIMEOUT,
        ).close()
    except psycopg.Error as e:
        cause = faults.postgres_cause(e)
        if env["POSTGRES_PASSWORD"]:
            cause = cause.replace(env["POSTGRES_PASSWORD"], "***")
        raise StoreError(f"cannot open store at PostgreSQL {shown}: {cause}") from None
