"""An ingest killed at any moment leaves all of its batch or none, and a store that opens,
verifies, and whose index is what a rebuild makes of the log.

Each trial runs ``timeline ingest`` as a real process on a copy of a seeded
store and sends it SIGKILL at a moment drawn (reproducibly) from its running
time, measured first. ``TIMELINE_KILL_TRIALS`` sets how many trials per engine.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from conftest import postgres_url

from company_timeline.domain import open_store
from company_timeline.seeds import seed_if_empty

ROOT = Path(__file__).parents[2]
EVENTS = 2000  # enough that a kill lands in the middle of the batch's transaction
TRIALS = int(os.environ.get("TIMELINE_KILL_TRIALS", "20"))

Stores = Callable[[], str]  # a new copy of the seeded store, each call


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    subprocess.run(
        [sys.executable, str(ROOT / "bench/generate.py"), "--events", str(EVENTS), "--seed", "5",
         "--format", "jsonl", "--files", "1", "--out", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(folder.glob("*.jsonl"))


def seeded_sqlite(folder: Path) -> Stores:
    base = folder / "base.sqlite"
    app = open_store(str(base))
    seed_if_empty(app)
    app.close()
    copies = iter(range(10**6))
    return lambda: str(shutil.copy(base, folder / f"trial-{next(copies)}.sqlite"))


def seeded_postgres(made: list[str]) -> Stores:
    import psycopg

    server = postgres_url()
    base = f"timeline_kill_{uuid.uuid4().hex[:8]}"

    def create(name: str, template: str = "template1") -> str:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}".encode())
        made.append(name)
        return server.rsplit("/", 1)[0] + "/" + name

    app = open_store(create(base))
    seed_if_empty(app)
    app.close()
    gc.collect()  # no connection may stay on a template
    copies = iter(range(10**6))
    return lambda: create(f"{base}_{next(copies)}", base)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stores]:
    if request.param == "sqlite":
        yield seeded_sqlite(tmp_path)
        return
    import psycopg

    made: list[str] = []
    yield seeded_postgres(made)
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        for name in reversed(made):
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def ingest(location: str, batch: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "company_timeline.cli",
        "--store",
        location,
        "ingest",
        str(batch),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def index_rows(location: str) -> list[tuple[Any, ...]]:
    query = "SELECT kind, id, entity, fingerprint, version, sort_key FROM timeline_index"
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn:
            return sorted(conn.execute(query.encode()).fetchall())
    with closing(sqlite3.connect(location)) as conn:
        return sorted(conn.execute(query).fetchall())


def test_an_ingest_killed_at_any_moment_stores_its_whole_batch_or_nothing(stores, batch):
    timed = stores()
    started = time.monotonic()
    assert ingest(timed, batch).wait(timeout=60) == 0
    running = time.monotonic() - started
    app = open_store(timed)
    whole, _ = app.verify()
    app.close()
    base, _ = open_store(stores()).verify()
    assert whole > base + EVENTS  # its facts, and the entities and sources they name

    outcomes = {"none": 0, "all": 0}
    for trial in range(TRIALS):
        location = stores()
        moment = random.Random(trial).uniform(0.3, 1.02) * running
        process = ingest(location, batch)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

        app = open_store(location)  # it opens ...
        count, _ = app.verify()  # ... its chain holds ...
        assert count in (base, whole), (trial, moment, count)  # ... all or nothing ...
        kept = index_rows(location)
        app.rebuild()
        assert index_rows(location) == kept, (trial, moment)  # ... and its index is the log's
        app.close()
        outcomes["none" if count == base else "all"] += 1
    print(f"{TRIALS} kills over {running:.2f} s of ingest: {outcomes}")
