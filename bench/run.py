"""Measure the engine beside the raw limit of this machine, measured in the same run.

    python bench/run.py                 # 10k and 100k events, SQLite
    python bench/run.py --postgres URL  # and PostgreSQL on that server (a database each size)
    python bench/run.py --sizes 1000000 # the million, by hand (about half an hour)
    python bench/run.py --quick         # a smoke test for CI: small, asserts nothing

Every figure comes with the baseline it is compared to (bench/baselines.py): the
store's own rows inserted by sqlite3 in one transaction (as an ingest is one); the
same JSON Lines records through ``json.loads`` and one transaction; libyaml's load of
the same YAML; an ordered scan of the log with ``json.loads`` folded into a
dictionary; the imports a command cannot avoid. Wall time is noisy on a shared
machine, so CPU time is given beside it. Whole-store commands run as processes so
their peak memory is their own. The data is bench/generate.py's, shaped as the
shipped seeds: the header shows both (bench/shares.py).
"""

from __future__ import annotations

import argparse
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

import baselines
import pendulum
import relations
import shares
from common import (
    DAY,
    FLOOR,
    HERE,
    Row,
    cpu_timed,
    median_seconds,
    peak,
    quantiles,
    rate_row,
    row,
    timed,
    timeline,
)

from company_timeline.domain import open_store
from company_timeline.projections.queries import compare, entity_history, explain, snapshot


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="events per store, comma-separated")
    parser.add_argument("--quick", action="store_true", help="one small store (CI smoke test)")
    parser.add_argument("--postgres", metavar="URL", help="measure PostgreSQL on this server too")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL alone")
    args = parser.parse_args()
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",")]
    big = 200 if args.quick else 1000
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        start = [] if args.no_sqlite else measure_start(Path(tmp))  # while this process is small
        for size in sizes:
            work = Path(tmp) / str(size)
            for fmt in ("jsonl", "yaml"):
                generate(work / fmt, size, fmt, max(1, size // 100_000), big)
            if size == sizes[0]:
                made = shares.shares(sorted((work / "jsonl").glob("*.jsonl")))
                table = {"seeds": shares.seed_shares(), f"generated, {size:,}": made}
                print(machine() + shares.table(table) + "\n")
                show([("measure", "engine", "baseline", "ratio"), ("---", "---", "---", "---")])
            if not args.no_sqlite:
                show(measure_store(work, size, big))
            if args.postgres:
                show(measure_postgres(args.postgres, work, size + 2 * big, f"{size:,}", args.quick))
            shutil.rmtree(work)
        if not args.no_sqlite:
            show(measure_ingest_memory(Path(tmp), args.quick))
        show(start)
    print(f"\nload average at the end: {os.getloadavg()}")


def show(rows: list[Row]) -> None:
    """Rows as they are measured: a long run that fails late keeps what it measured."""
    for r in rows:
        print("| " + " | ".join(r) + " |", flush=True)


def measure_postgres(url: str, work: Path, events: int, label: str, quick: bool) -> list[Row]:
    import pg
    import psycopg
    from eventsourcing.persistence import PersistenceError

    out: list[Row] = []
    try:
        size = events - 2 * (200 if quick else 1000)
        generate(work / "pg", size, "jsonl", max(1, size // 10_000), 200 if quick else 1000)
        pg.measure(url, sorted((work / "pg").glob("*.jsonl")), events, label, quick, out)
    except (psycopg.Error, PersistenceError) as e:  # a shared server's restart, say
        out.append((f"PostgreSQL, {label} events: stopped", str(e).splitlines()[0], "", ""))
    return out


def measure_store(work: Path, size: int, big: int) -> list[Row]:
    out = []
    total = size + 2 * big  # big-co and busy-co
    store = str(work / "store.sqlite")
    label = f"{size:,}"
    jsonl, yaml = sorted((work / "jsonl").glob("*.jsonl")), sorted((work / "yaml").glob("*.yaml"))

    app = open_store(store)
    engine = cpu_timed(lambda: [app.ingest_files([f]) for f in jsonl])
    one_tx = baselines.insert_seconds(store)
    wall, cpu, _ = baselines.jsonl_seconds(jsonl, work)
    title = f"ingest JSON Lines, {label} events (events/s)"
    out.append(rate_row(title + " vs one-transaction insert of its rows", total, engine, one_tx))
    out.append(
        rate_row(
            title + " vs `json.loads` + one-transaction insert of its records",
            total,
            engine,
            (wall, cpu),
            "target >= 0.25x",
        )
    )
    yaml_app = open_store(str(work / "yaml.sqlite"))
    engine = cpu_timed(lambda: [yaml_app.ingest_files([f]) for f in yaml])
    title = f"ingest YAML, {label} events (events/s)"
    out.append(rate_row(title + " vs one-transaction insert of its rows", total, engine, one_tx))
    out.append(
        rate_row(
            title + " vs libyaml's load + one-transaction insert",
            total,
            engine,
            baselines.yaml_seconds(yaml, work),
            "target >= 1x",
        )
    )
    yaml_app.close()

    fold = baselines.fold_seconds(store)
    title = f"rebuild in process, {label} events (events/s) vs raw fold"
    out.append(rate_row(title, total, cpu_timed(app.rebuild), fold, "target >= 0.5x at 1M"))

    companies = [s for s in app.entity_slugs() if s.startswith("c")]
    picks = random.Random(1).choices(companies, k=200)
    samples = [timed(lambda s=s: snapshot(app, DAY, entity=s)) * 1000 for s in picks]
    title = f"`at --entity` in process, {label} events (ms)"
    out.append((title, quantiles(samples), "target p50 < 10", ""))

    out += relations.measure(app, store, label)
    out += measure_questions(app, big)
    out.append(measure_sql_export(app, work, label))

    _, floor_mb, _ = peak([sys.executable, "-c", FLOOR])
    for title, command in (
        ("`events --format json`", ["events", "--format", "json"]),
        (f"`at {DAY} --format json`", ["at", str(DAY), "--format", "json"]),
        ("`export --format jsonl`", ["export", "--format", "jsonl", "--at", str(DAY)]),
        ("`rebuild`", ["rebuild"]),
    ):
        wall, mb, cpu = peak(timeline(store, command))
        ratio = f"{fold[0] / wall:.3f}x the raw fold ({fold[0]:.2f} s)"
        out.append(
            (
                f"{title}, {label} events: s, peak MB",
                f"{wall:.1f} s (CPU {cpu:.1f} s), {mb:.0f} MB",
                f"imports alone {floor_mb:.0f} MB",
                f"{ratio}; target < 300 MB",
            )
        )
    biggest = max(jsonl, key=lambda p: p.stat().st_size)
    wall, mb, cpu = peak(timeline(str(work / "fresh.sqlite"), ["ingest", str(biggest)]))
    size_mb = biggest.stat().st_size / 1e6
    out.append(
        (
            f"`ingest` of a {size_mb:.0f} MB JSON Lines file: s, peak MB",
            f"{wall:.1f} s (CPU {cpu:.1f} s), {mb:.0f} MB",
            f"imports alone {floor_mb:.0f} MB",
            "target < 300 MB",
        )
    )
    app.close()
    return out


def measure_ingest_memory(tmp: Path, quick: bool) -> list[Row]:
    """Peak memory of one ingest process at two file sizes: it should not grow with the file."""
    small, large = (500, 2000) if quick else (5000, 20000)
    out = []
    for fmt in ("jsonl", "yaml"):
        peaks = []
        for size in (small, large):
            folder = tmp / f"memory-{fmt}-{size}"
            generate(folder, size, fmt, 1, 0)
            (events,) = sorted(folder.glob(f"*.{fmt}"))
            wall, mb, cpu = peak(timeline(str(folder / "s.sqlite"), ["ingest", str(events)]))
            peaks.append(mb)
            shutil.rmtree(folder)
        out.append(
            (
                f"`ingest` peak memory, {fmt}: {small:,} / {large:,} events (MB)",
                f"{peaks[0]:.0f} / {peaks[1]:.0f}",
                "",
                f"{peaks[1] / peaks[0]:.2f}x; target <= 1.3x",
            )
        )
    return out


def measure_questions(app: Any, facts: int) -> list[Row]:
    """history, why and diff of the quiet company and of the busy one (rounds, corrections)."""
    out = []
    for slug, kind in (("big-co", "quiet"), ("busy-co", "busy")):
        for name, ask in questions(app, slug).items():
            runs = [cpu_timed(ask) for _ in range(5 if kind == "quiet" or name != "history" else 3)]
            wall = statistics.median(r[0] for r in runs) * 1000
            cpu = statistics.median(r[1] for r in runs) * 1000
            title = f"`{name}` of a {kind} company with {facts:,} facts (ms, median)"
            out.append((title, f"{wall:.0f} (CPU {cpu:.0f})", "target < 100", ""))
    return out


def questions(app: Any, slug: str) -> dict[str, Callable[[], Any]]:
    path = "total_raised"
    return {
        "history": lambda: entity_history(app, slug),
        "why": lambda: explain(app, slug, path, DAY),
        "diff": lambda: compare(app, slug, (pendulum.date(2015, 1, 1), None), (DAY, None)),
    }


def measure_start(tmp: Path) -> list[Row]:
    store = str(tmp / "seeded.sqlite")
    # As installed (pip compiles a package's modules): a checkout run under
    # PYTHONDONTWRITEBYTECODE would compile every module at every start, measuring that.
    folders = [str(HERE.parent / name) for name in ("cli", "domain", "projections")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *folders], check=True)
    subprocess.run(timeline(store, ["seed"]), check=True, capture_output=True)
    floor = median_seconds([sys.executable, "-c", FLOOR])
    version = median_seconds(timeline(store, ["--version"]))
    at = median_seconds(timeline(store, ["at", "2024-02-27", "--entity", "mistral-ai"]))
    return [
        row("`timeline --version` (ms)", version * 1000, floor * 1000, "target <= 1.2x"),
        row(
            "`timeline at 2024-02-27 --entity mistral-ai` (ms)",
            at * 1000,
            floor * 1000,
            "target <= 1.5x",
        ),
    ]


def measure_sql_export(app: Any, work: Path, label: str) -> Row:
    """`export --format sqlite` in process, beside a raw executemany of the rows it wrote."""
    from company_timeline.projections.exports.pipeline import Request, export

    target = work / "facts.db"
    seconds = timed(lambda: export(app, Request("sqlite"), sys.stdout, target))
    rows, raw = baselines.sql_export_seconds(target)
    title = f"`export --format sqlite`, {label} events ({rows:,} rows; rows/s)"
    return row(title, rows / seconds, rows / raw, "target >= 0.3x")


def generate(folder: Path, size: int, fmt: str, files: int, big: int) -> None:
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--events",
            str(size),
            "--format",
            fmt,
            "--files",
            str(files),
            "--big-entity",
            str(big),
            "--busy-entity",
            str(big),
            "--seed",
            "1",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {time.strftime('%Y-%m-%d')}, load average {load} "
        "(a shared machine: CPU times are the steadier figures)\n"
    )


if __name__ == "__main__":
    main()
