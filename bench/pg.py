"""The engine on PostgreSQL, beside raw psycopg on the same rows and the same server.

    python bench/run.py --postgres postgresql://postgres@127.0.0.1:54329/postgres

Each size gets a database of its own on that server (dropped after): ingest of the
JSON Lines files against a raw ``COPY`` and a raw ``executemany`` (one transaction) of
the rows the store holds; ``at --entity`` in process; whole-store ``at`` as a process;
rebuild; and answers per second from 1, 4 and 16 client processes asking ``at
--entity`` (bench/pg_clients.py), against the same clients running a raw ``SELECT`` of
one entity's stored rows. CPU times are this process's: the server's own are not in them.

eventsourcing ends a connection left idle in a transaction for 5 s (its default
``POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT``, which the timeline does not let the
environment change); an ingest makes its index rows inside its transaction, so a file
of 100k events is cut by the server on this machine ("server closed the connection
unexpectedly"). PostgreSQL therefore ingests files of 10k events, one after another
(run.py writes them), into a store that grows to the full size.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import DAY, Row, cpu_timed, peak, quantiles, rate_row, timed, timeline
from pg_clients import concurrent

CLIENTS = (1, 4, 16)


def measure(
    admin: str, files: list[Path], events: int, label: str, quick: bool, out: list[Row]
) -> None:
    """Rows into ``out`` as they are measured, so a failure keeps the ones before it."""
    in_database(admin, str(events), lambda url: _measure(url, files, events, label, quick, out))


def in_database(admin: str, suffix: str, work: Callable[[str], None]) -> None:
    """``work`` given the URL of a database of its own on ``admin``'s server, dropped after."""
    import psycopg

    name = f"timeline_bench_{os.getpid()}_{suffix}"
    url = urlunsplit(urlsplit(admin)._replace(path="/" + name))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        work(url)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _measure(
    url: str, files: list[Path], events: int, label: str, quick: bool, out: list[Row]
) -> None:
    import psycopg

    from company_timeline.domain import open_store
    from company_timeline.projections.queries import snapshot

    # The pure-Python psycopg doubles every read's cost: say which one was measured.
    out.append(("PostgreSQL: psycopg", f"{psycopg.__version__}, {psycopg.pq.__impl__}", "", ""))
    app = open_store(url)
    engine = cpu_timed(lambda: [app.ingest_files([f]) for f in files])
    log = app.recorder.log
    copy, many = raw_inserts(url, log)
    title = f"PostgreSQL: ingest JSON Lines, {label} events in {len(files)} files (events/s)"
    out.append(rate_row(title + " vs raw `COPY`", events, engine, copy))
    out.append(rate_row(title + " vs raw `executemany`", events, engine, many, "target >= 0.25x"))
    companies = sorted(s for s in app.entity_slugs() if s.startswith("c"))
    picks = random.Random(1).choices(companies, k=50 if quick else 200)
    ms = [timed(lambda s=s: snapshot(app, DAY, entity=s)) * 1000 for s in picks]
    out.append(
        (
            f"PostgreSQL: `at --entity` in process, {label} events (ms)",
            quantiles(ms),
            "target p50 < 10 (at 1M)",
            "",
        )
    )
    wall, mb, cpu = peak(timeline(url, ["at", str(DAY), "--format", "json"]))
    out.append(
        (
            f"PostgreSQL: `at {DAY} --format json`, whole store, {label} events",
            f"{wall:.1f} s (CPU {cpu:.1f} s), {mb:.0f} MB",
            "",
            "",
        )
    )
    title = f"PostgreSQL: rebuild in process, {label} events (events/s) vs raw fold"
    out.append(rate_row(title, events, cpu_timed(app.rebuild), cpu_timed(lambda: fold(url, log))))
    app.close()
    seconds = 1.0 if quick else 8.0
    for clients in CLIENTS[:2] if quick else CLIENTS:
        mine = concurrent(url, "engine", clients, seconds)
        raw = concurrent(url, "raw", clients, seconds)
        out.append(
            (
                f"PostgreSQL: {clients} client(s) asking `at --entity`, {label} events (answers/s)",
                f"{mine:,.0f}",
                f"raw SELECT {raw:,.0f}",
                f"{mine / raw:.3f}x" + (" target >= 0.5x" if clients == 16 else ""),
            )
        )


def raw_inserts(url: str, log: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Wall and CPU seconds of psycopg writing the store's stored rows again, in one
    transaction: by ``COPY``, then by ``executemany``."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            f"SELECT originator_id, originator_version, topic, state FROM {log} "  # noqa: S608
            "ORDER BY notification_id"
        ).fetchall()
        conn.execute(
            "CREATE TABLE raw_events (originator_id uuid, originator_version integer, "
            "topic text, state bytea, PRIMARY KEY (originator_id, originator_version))"
        )
        conn.commit()

        def copy() -> None:
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy("COPY raw_events FROM STDIN") as writer,
            ):
                for r in rows:
                    writer.write_row(r)

        def many() -> None:
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany("INSERT INTO raw_events VALUES (%s, %s, %s, %s)", rows)

        by_copy = cpu_timed(copy)
        conn.execute("TRUNCATE raw_events")
        conn.commit()
        by_many = cpu_timed(many)
        conn.execute("DROP TABLE raw_events")
        conn.commit()
    return by_copy, by_many


def fold(url: str, log: str) -> None:
    """An ordered scan of the log, json.loads, folded into a dictionary by entity."""
    import json

    import psycopg

    folded: dict[str, int] = {}
    with psycopg.connect(url) as conn, conn.cursor(name="scan") as cur:
        cur.execute(f"SELECT state FROM {log} ORDER BY notification_id")  # noqa: S608
        for (state,) in cur:
            event = json.loads(state)
            key = event.get("entity") or event.get("slug") or ""
            folded[key] = folded.get(key, 0) + 1
