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
