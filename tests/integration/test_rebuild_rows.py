"""A rebuild makes the index rows ingest makes, by its own quicker path (storage/rebuilding.py)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from factories import generated

from company_timeline.domain import open_store
from company_timeline.domain.storage.rebuilding import NotAsWritten, hex_stream, page_rows
from company_timeline.domain.storage.rows import index_rows, logged

ROOT = Path(__file__).parents[2]
LOG = "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"


def log_of(store: Path) -> list[tuple[int, str, int, str, bytes]]:
    with closing(sqlite3.connect(store)) as db:
        return db.execute(LOG + " ORDER BY rowid").fetchall()


@pytest.mark.parametrize("source", ["seeds", "generated"])
def test_the_rebuild_path_makes_the_rows_ingest_makes(tmp_path, source):
    store = tmp_path / "store.sqlite"
    app = open_store(str(store))
    if source == "seeds":
        files = [ROOT / "seeds/mistral-ai.yaml", ROOT / "seeds/motorola-mobility.yaml"]
    else:
        files = generated(tmp_path / "gen", 600)
    for path in files:
        app.ingest_files([path])
    app.close()
    page = log_of(store)

    rows, claims = page_rows(page, hex_stream)

    expected = index_rows([logged(*r) for r in page])
    assert rows == [(*r[:5], r.stream.hex, *r[6:]) for r in expected.rows]
    assert claims == expected.claims
    kinds = {r[0] for r in rows}
    assert kinds >= {"fact", "reported", "role", "entity", "source"}
    assert "identifier" in kinds if source == "seeds" else claims and "amends" in kinds


@pytest.mark.parametrize(
    "row",
    [
        (1, "8317F48987EE5CAC968667E8E0CE923F", 1, "any", b"{}"),  # a UUID, not as written
        (1, "8317f489-87ee-5cac-9686-67e8e0ce923f", 1, "any", b"{}"),
        (1, "not-a-uuid", 1, "any", b"{}"),
    ],
)
def test_a_stream_id_not_as_the_engine_writes_it_is_left_to_ingests_path(row):
    with pytest.raises(NotAsWritten):
        page_rows([row], hex_stream)
