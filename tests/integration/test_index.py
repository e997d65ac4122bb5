"""The index is a cache of the log: rebuilt, it gives the same answers; kept, it costs little."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pendulum
import pytest
from factories import generated

from company_timeline.domain import TimelineApp, open_store
from company_timeline.projections.exports.json_documents import (
    dumps,
    snapshot_document,
    write_events_document,
)
from company_timeline.projections.queries import snapshot

ROOT = Path(__file__).parents[2]
DAYS = ["2015-01-01", "2020-06-30", "2024-02-27", "9999-12-31"]


def answers(app: TimelineApp) -> list[str]:
    """What users read: the whole store at several dates, and every event in order."""
    out = []
    for day in DAYS:
        snap, record = snapshot(app, pendulum.parse(day, exact=True))  # type: ignore[arg-type]
        out.append(dumps(snapshot_document(snap, record)))
    events: list[str] = []
    write_events_document(app.facts_in_valid_order(), events.append)
    return [*out, "".join(events)]


def index_rows(location: str) -> list[tuple[Any, ...]]:
    query = (
        "SELECT kind, id, entity, fact_type, fingerprint, stream, version, sort_key "
        "FROM timeline_index ORDER BY kind, id"
    )
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as conn:
            return [(*r[:5], r[5].hex if r[5] else None, *r[6:]) for r in conn.execute(query)]
    with sqlite3.connect(location) as conn:
        return list(conn.execute(query))


@pytest.mark.parametrize("source", ["seed", "generated"])
def test_a_rebuilt_index_gives_the_same_answers_byte_for_byte(
    app, store_location, seed_file, tmp_path, source
):
    files = [seed_file] if source == "seed" else generated(tmp_path / "gen", 400)
    for path in files:  # kept incrementally, an ingest at a time
        app.ingest_files([path])
    kept, kept_rows = answers(app), index_rows(store_location)
    assert {"role", "amends", "reported"} <= {row[0] for row in kept_rows}

    assert app.rebuild() == sum(1 for _ in app.stored_events())
    assert index_rows(store_location) == kept_rows
    assert answers(open_store(store_location)) == kept


@pytest.mark.parametrize("source", ["seed", "generated"])
def test_every_stored_fingerprint_is_the_one_its_file_gives(app, seed_file, tmp_path, source):
    """The index reads fingerprints from stored JSON; ingest, from a file's values."""
    files = [seed_file] if source == "seed" else generated(tmp_path / "gen", 400)
    stored = sum(len(app.ingest_files([path]).appended) for path in files)
    again = app.ingest_files(files)  # idempotent only if every fingerprint agrees
    assert (len(again.appended), again.unchanged) == (0, stored)


def test_a_store_without_its_index_is_brought_up_to_date_when_opened(
    app, store_location, seed_file
):
    app.ingest_files([seed_file])
    kept, kept_rows = answers(app), index_rows(store_location)
    _forget_index(store_location)

    reopened = open_store(store_location)
    assert index_rows(store_location) == kept_rows
    assert answers(reopened) == kept


def test_one_new_event_reads_rows_for_that_event_not_for_the_store(tmp_path, seed_file):
    costs = []
    for size in (200, 2000):
        store = open_store(str(tmp_path / f"store-{size}.sqlite"))
        store.ingest_files(generated(tmp_path / f"gen-{size}", size, files=1))
        store.ingest_files([seed_file])
        before = store.index.rows_read
        one = tmp_path / "one.yaml"
        one.write_text(ONE_MORE, encoding="utf-8")
        assert len(store.ingest_files([one]).appended) == 1
        costs.append(store.index.rows_read - before)
    assert costs[0] == costs[1] <= 5, costs  # its source, entity and id, and the last version


def _forget_index(location: str) -> None:
    """As a store written before the index existed: the tables are gone."""
    statements = ["DROP TABLE timeline_index", "DROP TABLE timeline_index_state"]
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]
        return
    with sqlite3.connect(location) as conn:
        for statement in statements:
            conn.execute(statement)


ONE_MORE = """\
events:
  - id: mistral-ai-le-chat
    type: product_launched
    entity: mistral-ai
    product: Le Chat
    valid: 2024-02-26
    source: article-2024-02-27
    quote: un assistant de chat
"""
