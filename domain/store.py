"""Opening a store: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from timeline.seeds import seed_files

from .application import TimelineApp
from .batch import Plan
from .errors import StoreError, TimelineError


def open_store(location: str | Path, app: type[TimelineApp] = TimelineApp) -> TimelineApp:
    """A store at a SQLite path, or at a ``postgresql://user:pass@host:port/db`` URL."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        env = _postgres_env(text)
    else:
        path = Path(text).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the folder for store {text}: {e}") from None
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
    try:
        return app(env=env)
    except TimelineError:
        raise
    except Exception as e:  # the drivers raise their own types; the user needs the words
        raise StoreError(f"cannot open store {describe(text)}: {e}") from None


def seed_if_empty(app: TimelineApp) -> Plan | None:
    """Load the shipped seed files into a store that holds nothing yet."""
    if not app.is_empty():
        return None
    return app.ingest_files(seed_files())


def describe(location: str) -> str:
    """The location without its password, fit for messages."""
    parts = urlsplit(location)
    if parts.password:
        return location.replace(f":{parts.password}@", ":***@")
    return location


def _postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    if not dbname:
        raise StoreError(f"{describe(url)}: the URL needs a database name after the host")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname or "localhost",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_CONNECT_TIMEOUT": "10",  # fail in seconds, not the driver's 30
    }
