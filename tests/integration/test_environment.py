"""The environment can tune waits, never how events are written."""

import sqlite3

import pytest
from conftest import seeded


@pytest.mark.parametrize("name", ["COMPRESSOR_TOPIC", "TIMELINE_COMPRESSOR_TOPIC"])
def test_eventsourcing_settings_in_the_environment_do_not_change_how_events_are_written(
    tmp_path, monkeypatch, name
):
    monkeypatch.setenv(name, "zlib")
    store = seeded(str(tmp_path / "store.sqlite"))
    with sqlite3.connect(store) as db:
        (state,) = db.execute("SELECT state FROM stored_events LIMIT 1").fetchone()
    assert state.startswith(b"{")  # plain JSON, readable without that setting
