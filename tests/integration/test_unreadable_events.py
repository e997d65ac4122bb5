"""A stored event the index cannot read is named where it is; anything else is no such event."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing

import pytest
from conftest import seeded

from company_timeline.domain import StoreError, open_store
from company_timeline.domain.facttypes import REGISTRY

FACT = REGISTRY["product_launched"].stored_name


def crafted(store: str, row: tuple[object, ...]) -> int:
    """``row`` appended to the log behind the engine's back; its position."""
    with closing(sqlite3.connect(store)) as db, db:
        db.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", row)
        (position,) = db.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
    return int(position)


@pytest.mark.parametrize(
    ("row", "cause"),
    [
        (("not-a-uuid", 1, "os:system", b"{}"), "ValueError"),
        ((uuid.uuid4().hex, 1, FACT, b"\x00\xff not json"), "UnicodeDecodeError"),
        ((uuid.uuid4().hex, 1, FACT, b'{"entity": "acme"}'), "KeyError: 'fact_id'"),
        ((uuid.uuid4().hex, 1, FACT, b"[1, 2]"), "AttributeError"),
    ],
)
def test_an_event_the_index_cannot_read_is_named_by_its_position(tmp_path, row, cause):
    store = seeded(str(tmp_path / "store.sqlite"))
    position = crafted(store, row)
    with pytest.raises(StoreError) as refused:
        open_store(store)  # which brings the index up to the log
    said = str(refused.value)
    assert f"an event this engine did not write, at position {position} " in said
    assert cause in said


def test_a_fault_during_a_rebuild_that_is_no_stored_event_is_not_reported_as_one(
    store_location, seed_file
):
    app = open_store(store_location)
    app.ingest_files([seed_file])

    def broken(done: int, total: int) -> None:
        raise KeyError("a bug in the caller's progress report")

    with pytest.raises(KeyError, match="a bug in the caller"):
        app.rebuild(broken)
