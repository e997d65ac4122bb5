"""What every measure shares: timing (wall and CPU), processes, and a table row."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum

HERE = Path(__file__).parent
DAY = pendulum.date(2024, 2, 27)
FLOOR = "import eventsourcing.application, pendulum, click"
# Wall time is noisy on a shared machine: a process's CPU time (user + system) is kept too.
LAUNCHER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, use.ru_utime + use.ru_stime)
"""
Row = tuple[str, str, str, str]


def timeline(store: str, command: list[str]) -> list[str]:
    return [sys.executable, "-m", "company_timeline.cli", "--store", store, *command]


def peak(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds of one process.

    The process is started by a small launcher: a child forked straight from
    this (large) process would count this one's pages as its own peak.
    """
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}: {run.stderr}")
    kb, cpu = run.stdout.strip().splitlines()[-1].split()
    return seconds, int(kb) / 1024, float(cpu)


def timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def cpu_timed(work: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of ``work`` in this process (CPU: this process's alone)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_seconds(argv: list[str], runs: int = 11) -> float:
    return statistics.median(
        timed(lambda: subprocess.run(argv, check=True, capture_output=True)) for _ in range(runs)
    )


def quantiles(ms: list[float]) -> str:
    q = statistics.quantiles(ms, n=20) if len(ms) > 1 else ms * 19
    return f"p50 {q[9]:.2f}, p95 {q[18]:.2f}"


def row(title: str, engine: float, baseline: float, note: str = "") -> Row:
    ratio = engine / baseline
    return (title, f"{engine:,.0f}", f"{baseline:,.0f}", f"{ratio:.3f}x {note}".strip())


def rate_row(title: str, count: int, engine: tuple[float, float], raw: tuple[float, float],
             note: str = "") -> Row:  # fmt: skip
    """count/s of the engine beside the raw baseline's, with both CPU times."""
    (wall, cpu), (raw_wall, raw_cpu) = engine, raw
    return (
        title,
        f"{count / wall:,.0f} ({wall:.1f} s, CPU {cpu:.1f} s)",
        f"{count / raw_wall:,.0f} ({raw_wall:.2f} s, CPU {raw_cpu:.2f} s)",
        f"{raw_wall / wall:.3f}x (CPU {raw_cpu / max(cpu, 1e-9):.3f}x) {note}".strip(),
    )
