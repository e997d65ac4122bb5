"""Questions across entities at store scale: ``events --involving`` and ``changes``.

Each is asked where its answer is about 100 facts (an investor named in about 100
rounds and stakes; a window of knowledge time in which about 100 facts were made
public), in process, so the figure is the engine's and not the interpreter's start.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from typing import Any

import pendulum

from company_timeline.projections.event_search import Search, changes, search

ANSWER = 100


def measure(app: Any, store: str, label: str) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(store) as conn:
        counts = conn.execute(
            "SELECT entity, COUNT(*) FROM timeline_index WHERE kind = 'role' GROUP BY entity"
        ).fetchall()
        moments = [r for (r,) in conn.execute(
            "SELECT id FROM timeline_index WHERE kind = 'reported' ORDER BY id"
        )]  # fmt: skip
    rng = random.Random(1)
    near = sorted(counts, key=lambda c: abs(c[1] - ANSWER))[:20]
    involving, sizes = [], []
    for entity, _ in near:
        start = time.perf_counter()
        sizes.append(sum(1 for _ in search(app, Search(involving=entity))))
        involving.append((time.perf_counter() - start) * 1000)
    windows, found = [], []
    for _ in range(20):
        i = rng.randrange(1, max(2, len(moments) - ANSWER))
        since, until = (
            _moment(moments[i - 1]),
            _moment(moments[min(i + ANSWER, len(moments)) - 1]),
        )
        start = time.perf_counter()
        found.append(len(changes(app, since, until)))
        windows.append((time.perf_counter() - start) * 1000)
    return [
        _row(f"`events --involving`, {label} events", involving, sizes),
        _row(f"`changes T1 T2`, {label} events", windows, found),
    ]


def _moment(row_id: str) -> Any:
    return pendulum.parse(row_id.split(" ", 1)[0] + "+00:00")


def _row(title: str, ms: list[float], sizes: list[int]) -> tuple[str, str, str, str]:
    q = statistics.quantiles(ms, n=20) if len(ms) > 1 else ms * 19
    answer = f"answers of {statistics.median(sizes):.0f} facts (median)"
    return (
        f"{title} in process (ms)",
        f"p50 {q[9]:.1f}, p95 {q[18]:.1f}",
        answer,
        "target p50 < 50",
    )


def main() -> None:
    """``python bench/relations.py --events 1000000``: a store of that size, then both
    questions (the store is kept in --work for a second look)."""
    import argparse
    import subprocess
    import sys
    from pathlib import Path

    from company_timeline.domain import open_store

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--work", default="/tmp/timeline-relations-bench")
    args = parser.parse_args()
    work = Path(args.work)
    store = work / f"store-{args.events}.sqlite"
    if not store.exists():
        files = max(1, args.events // 100_000)
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("generate.py")), "--events",
             str(args.events), "--format", "jsonl", "--files", str(files), "--seed", "1",
             "--out", str(work / "files")],
            check=True,
        )  # fmt: skip
        app = open_store(str(store))
        start = time.perf_counter()
        for path in sorted((work / "files").iterdir()):
            app.ingest_files([path])
        print(f"ingested {args.events:,} events in {time.perf_counter() - start:.0f} s")
    app = open_store(str(store))
    for row in measure(app, str(store), f"{args.events:,}"):
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
