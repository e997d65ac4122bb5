"""Measure the engine beside the raw limit of this machine, measured in the same run.

    python bench/run.py                 # 10k and 100k events
    python bench/run.py --sizes 1000000 # the million, by hand (about half an hour)
    python bench/run.py --quick         # a smoke test for CI: small, asserts nothing

Every figure comes with the baseline it is compared to: the standard library's
sqlite3 inserting rows of the same size in batches of 1,000; an ordered SELECT
with json.loads folded into a dictionary; the imports a command cannot avoid.
Whole-store commands run as processes so their peak memory is their own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import relations

from company_timeline.domain import open_store
from company_timeline.projections.queries import compare, entity_history, explain, snapshot

HERE = Path(__file__).parent
DAY = pendulum.date(2024, 2, 27)
FLOOR = "import eventsourcing.application, pendulum, click"
LAUNCHER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="events per store, comma-separated")
    parser.add_argument("--quick", action="store_true", help="one small store (CI smoke test)")
    args = parser.parse_args()
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",")]
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        start = measure_start(Path(tmp))  # first, while this process is small and quick to fork
        for size in sizes:
            rows += measure_store(Path(tmp) / str(size), size, big=200 if args.quick else 1000)
        rows += start
    print(machine())
    print("| measure | engine | baseline | ratio |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def measure_store(work: Path, size: int, big: int) -> list[tuple[str, str, str, str]]:
    out = []
    files = max(1, size // 100_000)
    for fmt in ("jsonl", "yaml"):
        generate(work / fmt, size, fmt, files, big)
    total = size + big
    store = str(work / "store.sqlite")

    app = open_store(store)
    seconds = timed(lambda: [app.ingest_files([f]) for f in sorted((work / "jsonl").iterdir())])
    raw = raw_insert_rate(store, total)
    label = f"{size:,}"
    out.append(row(f"ingest JSON Lines, {label} events (events/s)", total / seconds, raw))
    yaml_app = open_store(str(work / "yaml.sqlite"))
    seconds = timed(lambda: [yaml_app.ingest_files([f]) for f in sorted((work / "yaml").iterdir())])
    out.append(row(f"ingest YAML, {label} events (events/s)", total / seconds, raw))

    seconds = timed(app.rebuild)
    out.append(row(f"rebuild, {label} events (events/s)", total / seconds, raw_fold_rate(store)))

    companies = [s for s in app.entity_slugs() if s.startswith("c")]
    picks = random.Random(1).choices(companies, k=200)
    samples = [timed(lambda s=s: snapshot(app, DAY, entity=s)) * 1000 for s in picks]
    q = statistics.quantiles(samples, n=20)
    title = f"`at --entity` in process, {label} events (ms)"
    out.append((title, f"p50 {q[9]:.2f}, p95 {q[18]:.2f}", "target p50 < 10", ""))

    out += relations.measure(app, store, label)
    for name, ask in questions(app).items():
        ms = statistics.median(timed(ask) for _ in range(5)) * 1000
        title = f"`{name}` of an entity with {big:,} facts (ms, median of 5)"
        out.append((title, f"{ms:.0f}", "target < 100", ""))

    out.append(measure_sql_export(app, work, label))

    floor_mb = peak_mb([sys.executable, "-c", FLOOR])
    for title, command in (
        ("`events --format json`", ["events", "--format", "json"]),
        ("`at 2024-02-27 --format json`", ["at", "2024-02-27", "--format", "json"]),
        ("`rebuild`", ["rebuild"]),
    ):
        seconds, mb = run_timeline(store, command)
        out.append((f"{title}, {label} events: s, peak MB", f"{seconds:.1f} s, {mb:.0f} MB",
                    f"imports alone {floor_mb:.0f} MB", "target < 300 MB"))  # fmt: skip
    biggest = max((work / "jsonl").iterdir(), key=lambda p: p.stat().st_size)
    seconds, mb = run_timeline(str(work / "fresh.sqlite"), ["ingest", str(biggest)])
    size_mb = biggest.stat().st_size / 1e6
    out.append((f"`ingest` of a {size_mb:.0f} MB file: s, peak MB", f"{seconds:.1f} s, {mb:.0f} MB",
                f"imports alone {floor_mb:.0f} MB", "target < 300 MB"))  # fmt: skip
    shutil.rmtree(work)
    return out


def questions(app: Any) -> dict[str, Callable[[], Any]]:
    path = "total_raised"
    return {
        "history": lambda: entity_history(app, "big-co"),
        "why": lambda: explain(app, "big-co", path, DAY),
        "diff": lambda: compare(app, "big-co", (pendulum.date(2015, 1, 1), None), (DAY, None)),
    }


def measure_start(tmp: Path) -> list[tuple[str, str, str, str]]:
    store = str(tmp / "seeded.sqlite")
    subprocess.run(timeline(store, ["seed"]), check=True, capture_output=True)
    floor = median_seconds([sys.executable, "-c", FLOOR])
    version = median_seconds(timeline(store, ["--version"]))
    at = median_seconds(timeline(store, ["at", "2024-02-27", "--entity", "mistral-ai"]))
    return [
        row(
            "`timeline --version` (ms)", version * 1000, floor * 1000, "target <= 1.2x", lower=True
        ),
        row(
            "`timeline at 2024-02-27 --entity mistral-ai` (ms)",
            at * 1000,
            floor * 1000,
            "target <= 1.5x",
            lower=True,
        ),  # fmt: skip
    ]


def measure_sql_export(app: Any, work: Path, label: str) -> tuple[str, str, str, str]:
    """`export --format sqlite` in process, beside a raw executemany of the rows it wrote."""
    from company_timeline.projections.exports.pipeline import Request, export

    target = work / "facts.db"
    seconds = timed(lambda: export(app, Request("sqlite"), sys.stdout, target))
    rows, raw = raw_sql_export(target)
    title = f"`export --format sqlite`, {label} events ({rows:,} rows; rows/s)"
    return row(title, rows / seconds, rows / raw, "target >= 0.3x")


def raw_sql_export(database: Path) -> tuple[int, float]:
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


# ---- baselines -----------------------------------------------------------------


def raw_insert_rate(store: str, count: int) -> float:
    """sqlite3 inserting ``count`` rows shaped like the store's, 1,000 a transaction."""
    with sqlite3.connect(store) as conn:
        (state_size,) = conn.execute("SELECT AVG(LENGTH(state)) FROM stored_events").fetchone()
    path = Path(store).with_name("raw.sqlite")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
        "state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    state = b"x" * int(state_size)
    topic = "timeline.domain.events:FundingRoundAnnounced"
    rows = [(os.urandom(16).hex(), 1, topic, state) for _ in range(count)]
    start = time.perf_counter()
    for i in range(0, count, 1000):
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows[i : i + 1000])
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    path.unlink()
    return count / seconds


def raw_fold_rate(store: str) -> float:
    """An ordered SELECT of the log, json.loads, folded into a dictionary by entity."""
    start = time.perf_counter()
    folded: dict[str, int] = {}
    count = 0
    with sqlite3.connect(store) as conn:
        for (state,) in conn.execute("SELECT state FROM stored_events ORDER BY rowid"):
            event = json.loads(state)
            key = event.get("entity") or event.get("slug") or ""
            folded[key] = folded.get(key, 0) + 1
            count += 1
    return count / (time.perf_counter() - start)


# ---- helpers -------------------------------------------------------------------


def generate(folder: Path, size: int, fmt: str, files: int, big: int) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--events", str(size), "--format", fmt,
         "--files", str(files), "--big-entity", str(big), "--seed", "1", "--out", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip


def timeline(store: str, command: list[str]) -> list[str]:
    return [sys.executable, "-m", "company_timeline.cli", "--store", store, *command]


def run_timeline(store: str, command: list[str]) -> tuple[float, float]:
    return peak(timeline(store, command))


def peak(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one process.

    The process is started by a small launcher: a child forked straight from
    this (large) process would count this one's pages as its own peak.
    """
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}: {run.stderr}")
    return seconds, int(run.stdout.strip().splitlines()[-1]) / 1024


def peak_mb(argv: list[str]) -> float:
    return peak(argv)[1]


def median_seconds(argv: list[str], runs: int = 11) -> float:
    return statistics.median(
        timed(lambda: subprocess.run(argv, check=True, capture_output=True)) for _ in range(runs)
    )


def timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def row(
    title: str, engine: float, baseline: float, note: str = "", lower: bool = False
) -> tuple[str, str, str, str]:
    ratio = engine / baseline
    return (title, f"{engine:,.0f}", f"{baseline:,.0f}", f"{ratio:.3f}x {note}".strip())


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {time.strftime('%Y-%m-%d')}\n"
    )


if __name__ == "__main__":
    main()
