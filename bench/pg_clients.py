"""Answers per second from N client processes asking `at --entity` of one PostgreSQL store.

    python bench/pg_clients.py URL --events 100000   # a store of that size, then 1, 4, 16

Each client opens the store once, says it is ready, and is told when to start and stop
by the parent, so no client's start-up (imports, opening the store: about a second of
CPU each) falls inside another's measured window. The same clients then run a raw
``SELECT`` of one entity's stored rows (prepared), for the baseline at the same
concurrency.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from typing import Any

from common import DAY

RAW_SELECT = (
    "SELECT originator_version, topic, state FROM {log} WHERE originator_id = "
    "(SELECT stream FROM {index} WHERE kind = 'entity' AND id = %s) ORDER BY originator_version"
)


def concurrent(url: str, mode: str, clients: int, seconds: float) -> float:
    """Answers per second of ``clients`` processes asking together for ``seconds``."""
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--client", mode, url, str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(clients)
    ]
    for p in procs:
        assert p.stdout is not None
        if p.stdout.readline().strip() != "ready":
            raise SystemExit(f"a {mode} client failed to start")
    start = time.time() + 0.2
    for p in procs:
        assert p.stdin is not None
        p.stdin.write(f"{start} {start + seconds}\n")
        p.stdin.flush()
    counts = [int(p.communicate()[0].strip()) for p in procs]
    if any(p.returncode for p in procs):
        raise SystemExit(f"a {mode} client failed")
    return sum(counts) / seconds


def client(mode: str, url: str, seed: int) -> int:
    """One client: opens the store, says so, waits for its window, answers in it."""
    from company_timeline.domain import open_store
    from company_timeline.projections.queries import snapshot

    app = open_store(url)
    companies = sorted(s for s in app.entity_slugs() if s.startswith("c"))
    rng = random.Random(seed)
    ask: Any
    if mode == "engine":
        ask = lambda slug: snapshot(app, DAY, entity=slug)  # noqa: E731
    else:
        import psycopg

        conn = psycopg.connect(url, autocommit=True)
        query = RAW_SELECT.format(log=app.recorder.log, index=app.recorder.index)
        ask = lambda slug: conn.execute(query, (slug,), prepare=True).fetchall()  # noqa: E731
    ask(companies[0])  # the first answer's one-off costs (prepared statements) before the clock
    print("ready", flush=True)
    start, end = map(float, sys.stdin.readline().split())
    time.sleep(max(0.0, start - time.time()))
    count = 0
    while time.time() < end:
        ask(rng.choice(companies))
        count += 1
    return count


def main() -> None:
    import argparse
    from pathlib import Path

    import pg
    from run import generate

    from company_timeline.domain import open_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the server (a database of its own is made, then dropped)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--work", default="/tmp/timeline-pg-clients")
    args = parser.parse_args()
    files = Path(args.work) / "jsonl"
    if not files.exists():
        generate(files, args.events, "jsonl", max(1, args.events // 100_000), 1000)

    def measure(url: str) -> None:
        app = open_store(url)
        app.ingest_files(sorted(files.glob("*.jsonl")))
        app.close()
        for clients in (1, 4, 16):
            mine = concurrent(url, "engine", clients, args.seconds)
            raw = concurrent(url, "raw", clients, args.seconds)
            print(f"| PostgreSQL: {clients} client(s) asking `at --entity`, {args.events:,} events "
                  f"(answers/s) | {mine:,.0f} | raw SELECT {raw:,.0f} | {mine / raw:.3f}x |",
                  flush=True)  # fmt: skip

    pg.in_database(args.url, f"clients_{args.events}", measure)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--client"]:
        print(client(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        main()
