"""The raw limits an engine's figure is divided by, each measured on the same rows.

- one transaction of the store's own stored rows, as an ingest is one transaction
  (a commit every 1,000 rows slows as the table grows, and flattered the ratios at size);
- the same JSON Lines files read with ``json.loads`` and inserted in one transaction,
  for the ingest of JSON Lines;
- libyaml loading the same YAML files (every scalar as text), inserted alike;
- an ordered scan of the log with ``json.loads``, folded into a dictionary by entity.

Each returns its wall and CPU seconds (it runs in this process), so a rate is the
engine's own count of events over them: events/s "of the same rows".
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

LOG = "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
SCHEMA = (
    "CREATE TABLE events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
    "state BLOB, PRIMARY KEY (originator_id, originator_version))"
)


def stored_rows(store: str) -> list[tuple[str, int, str, bytes]]:
    with sqlite3.connect(store) as conn:
        return conn.execute(LOG).fetchall()


def insert_seconds(store: str) -> tuple[float, float]:
    """sqlite3 inserting the store's own stored rows in one transaction."""
    rows = stored_rows(store)
    path = Path(store).with_name("raw.sqlite")
    conn = _fresh(path)
    wall, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.close()
    path.unlink()
    return wall, cpu


def jsonl_seconds(files: Iterable[Path], work: Path) -> tuple[float, float, int]:
    """Every line of ``files`` through ``json.loads``, its record inserted (kind, id,
    entity, line) in one transaction: (wall s, CPU s, records)."""
    path = work / "raw-jsonl.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE records (kind TEXT, id TEXT, entity TEXT, record TEXT, "
        "PRIMARY KEY (kind, id))"
    )
    count = 0
    wall, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    for name in files:
        with name.open(encoding="utf-8") as lines:
            rows = []
            for line in lines:
                for kind, record in json.loads(line).items():
                    if kind != "format":
                        rows.append((kind, record["id"], record.get("entity"), line))
            conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)
            count += len(rows)
    conn.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.close()
    path.unlink()
    return wall, cpu, count


def fold_seconds(store: str) -> tuple[float, float]:
    """An ordered SELECT of the log, json.loads, folded into a dictionary by entity."""
    wall, cpu = time.perf_counter(), time.process_time()
    folded: dict[str, int] = {}
    with sqlite3.connect(store) as conn:
        for (state,) in conn.execute("SELECT state FROM stored_events ORDER BY rowid"):
            event = json.loads(state)
            key = event.get("entity") or event.get("slug") or ""
            folded[key] = folded.get(key, 0) + 1
    return time.perf_counter() - wall, time.process_time() - cpu


def _fresh(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(SCHEMA)
    return conn


def yaml_seconds(files: Iterable[Path], work: Path) -> tuple[float, float]:
    """libyaml's own load of ``files`` (every scalar as text), its records inserted as
    for JSON Lines, in one transaction: the floor of a YAML ingest."""
    import yaml

    path = work / "raw-yaml.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE records (kind TEXT, id TEXT, entity TEXT, record TEXT)")
    wall, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    for name in files:
        data = yaml.load(name.read_text(encoding="utf-8"), Loader=yaml.CBaseLoader)  # noqa: S506
        for kind in ("sources", "entities", "events"):
            conn.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?)",
                ((kind, r["id"], r.get("entity"), json.dumps(r)) for r in data.get(kind) or []),
            )
    conn.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.close()
    path.unlink()
    return wall, cpu


def sql_export_seconds(database: Path) -> tuple[int, float]:
    """The rows an export wrote, and the seconds sqlite3 takes to write them again: the
    same tables, one executemany per table in one transaction, then the same indexes."""
    from company_timeline.projections.exports.sql_schema import INDEXES, TABLES, ddl

    with sqlite3.connect(database) as conn:
        tables = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in TABLES}  # noqa: S608
    path = database.with_name("raw.db")
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("BEGIN")
    for statement in ddl():
        conn.execute(statement)
    for table, rows in tables.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
    for statement in INDEXES:
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.close()
    seconds = time.perf_counter() - start
    path.unlink()
    return sum(len(r) for r in tables.values()), seconds
