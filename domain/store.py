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
from .errors import NoStore, StoreError, TimelineError
from .settings import tunables
from .storage import faults
from .storage.foreign import holds_store, reading_uri

IDLE_IN_TRANSACTION = 600  # seconds: still ends a writer that went away
# Connections a store holds open: a command asks one question at a time, and
# eventsourcing's 5 had each of 16 client processes open 5 (80 of the server's 100).
# Up to 10 more are opened when a thread needs one; POSTGRES_POOL_SIZE sets it.
POOL_SIZE = 1
CONNECT_TIMEOUT = 3  # seconds to reach a PostgreSQL server before saying why not
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_POSTGRES = frozenset({"postgresql", "postgres"})
_USER_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://[^:/@]*:)[^@]*@")
_DRIVERS = frozenset({"", "psycopg"})  # postgresql+psycopg:// names the driver we use


def open_store(
    location: str | Path,
    app: type[TimelineApp] = TimelineApp,
    *,
    catch_up: bool = True,
    write: bool = True,
) -> TimelineApp:
    """A store at a SQLite path, or at a ``postgresql://user:pass@host:port/db`` URL.

    ``write=False`` opens it only to read: nothing is created (``NoStore`` where
    there is no store) and nothing is written, so a store on read-only media or
    owned by another user answers. An index left behind by an older version is
    then brought up to date only where the store can be written; on one that
    cannot, that is an error saying so. ``catch_up=False`` leaves the index as it
    is found (``verify`` reads the log and its chain, not the index).
    """
    text = str(location)
    try:
        opened = app(env=environment(text, write), catch_up=catch_up and write)
        if write:
            return opened
        if _log_table(opened) not in opened.index.tables():
            opened.close()
            raise NoStore(f"no store at {describe(text)}")
        if catch_up and not opened.index_current():
            opened.close()
            return _brought_up_to_date(location, app)
        return opened
    except TimelineError:
        raise
    except faults.kinds() as e:
        raise StoreError(f"cannot open store {describe(text)}: {faults.cause(e)}") from None
    except OSError as e:  # a path the system refuses: too long, not a folder, no permission
        raise StoreError(f"cannot open store {describe(text)}: {e.strerror or e}") from None


def _log_table(app: TimelineApp) -> str:
    return str(getattr(app.recorder, "events_table_name", "stored_events"))


def _brought_up_to_date(location: str | Path, app: type[TimelineApp]) -> TimelineApp:
    """The index is a cache of the log: written again where the store can be written."""
    try:
        return open_store(location, app)
    except StoreError as e:
        raise StoreError(
            f"the index of store {describe(str(location))} was made by another version, or is "
            f"behind its log, and cannot be brought up to date here ({e}): run timeline "
            "rebuild on a copy that can be written; timeline verify works as it is"
        ) from None


def environment(location: str, write: bool = True) -> dict[str, str]:
    """eventsourcing's settings for the store at ``location``, or why there is none."""
    if not location.strip():
        raise StoreError("no store given: its path or URL is empty")
    url = _URL.match(location)
    if url is None:
        return _sqlite_env(location, write)
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
    env = _postgres_env(location)
    return env if write else {**env, "CREATE_TABLE": "false"}


def describe(location: str) -> str:
    """The location without its password, shortened, fit for a one-line message."""
    try:
        password = urlsplit(location).password
    except ValueError:  # a URL that does not parse: hide whatever stands for a password
        location = _USER_PASSWORD.sub(r"\1***@", location)
        password = None
    if password:
        location = location.replace(f":{password}@", ":***@")
    return shorten(location)


def shorten(text: str, room: int = 100) -> str:
    """``text`` if short, else its start and end: a path of 5,000 characters is no message."""
    if len(text) <= room:
        return text
    return f"{text[: room // 2 - 2]}...{text[-(room // 2 - 1) :]}"


def _sqlite_env(location: str, write: bool) -> dict[str, str]:
    if ":memory:" in location or "mode=memory" in location:  # eventsourcing's own test
        raise StoreError(
            f"{shorten(location)}: a store in memory keeps nothing once the command ends"
        )
    shown = shorten(location)
    try:
        path = Path(location).expanduser()
        if path.is_dir():
            raise StoreError(f"{shown} is a folder: give a file's path, such as timeline.sqlite")
        if not write:
            if not holds_store(path, shown):
                raise NoStore(f"no store at {shown}")
            # Read through a connection that cannot create tables, nor write the file.
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": reading_uri(path),
                "CREATE_TABLE": "false",
            }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"cannot open store {shown}: a part of its folder is a file") from None
        except OSError as e:
            raise StoreError(f"cannot create the folder for store {shown}: {e.strerror}") from None
        _check_writable(path, shown)
        holds_store(path, shown)
    except OSError as e:  # a name too long, a component that is a file, no permission
        raise StoreError(f"cannot open store {shown}: {e.strerror or e}") from None
    except ValueError as e:  # a name the system cannot hold (a NUL)
        raise StoreError(f"cannot open store {shown}: {e}") from None
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
        "and this command writes to it)"
    )


def _postgres_env(url: str) -> dict[str, str]:
    where = describe(url)
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018  (parsed lazily: a bracket left open fails here)
    except ValueError as e:
        raise StoreError(f"{where}: not a URL that can be read ({e})") from None
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
        # An ingest computes its index rows and chain links inside its transaction:
        # eventsourcing's 5 s limit on a transaction left idle cut a file of 100k events.
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": str(IDLE_IN_TRANSACTION),
        "POSTGRES_POOL_SIZE": tunables(os.environ).get("POSTGRES_POOL_SIZE", str(POOL_SIZE)),
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
