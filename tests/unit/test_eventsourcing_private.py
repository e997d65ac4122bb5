"""What the engine relies on of eventsourcing beyond its public names still holds.

Run against the installed eventsourcing: CI installs the newest release the
pin in pyproject.toml allows, so a release that changes any of it fails here,
by name, before a store is written the wrong way.
"""

from __future__ import annotations

import inspect
import json
import sqlite3
from contextlib import closing
from importlib.metadata import version

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import EventStore, JSONTranscoder, Transcoding
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from company_timeline.domain import open_store
from company_timeline.domain.storage.eventsourcing_private import DATA_KEY, LOG_COLUMNS, TYPE_KEY


class _Thing:
    def __init__(self, text: str) -> None:
        self.text = text


class _AsText(Transcoding):
    type = _Thing
    name = "thing"

    def encode(self, obj: _Thing) -> str:
        return obj.text

    def decode(self, data: str) -> _Thing:
        return _Thing(data)


def test_the_installed_eventsourcing_is_a_release_the_pin_allows():
    assert version("eventsourcing").startswith("9.5.")


def test_a_transcoded_value_is_stored_under_the_type_and_data_keys_the_index_reads():
    transcoder = JSONTranscoder()
    transcoder.register(_AsText())
    assert json.loads(transcoder.encode({"v": _Thing("x")})) == {
        "v": {TYPE_KEY: "thing", DATA_KEY: "x"}
    }


def test_the_sqlite_log_has_the_columns_the_engine_reads(tmp_path):
    recorder = SQLiteApplicationRecorder(SQLiteDatastore(str(tmp_path / "log.sqlite")))
    recorder.create_table()
    with closing(sqlite3.connect(tmp_path / "log.sqlite")) as db:
        columns = [r[1] for r in db.execute("PRAGMA table_info(stored_events)")]
    assert tuple(columns) == LOG_COLUMNS
    # The public statement the recorder appends through: one row, in that order.
    assert recorder.insert_events_statement.count("?") == len(LOG_COLUMNS)


def test_the_public_names_the_engine_appends_through_are_there():
    assert list(inspect.signature(EventStore.put).parameters)[:2] == ["self", "domain_events"]
    assert "register_transcodings" in vars(Application)
    for cls in (SQLiteApplicationRecorder, PostgresApplicationRecorder):
        assert list(inspect.signature(cls.insert_events).parameters)[:2] == [
            "self",
            "stored_events",
        ]
    assert list(
        inspect.signature(PostgresApplicationRecorder.construct_pg_stored_event).parameters
    )[1:] == ["originator_id", "originator_version", "topic", "state"]


@pytest.mark.postgres
def test_the_postgres_recorder_has_the_statements_the_engine_appends_and_locks_through(
    postgres_database,
):
    recorder = open_store(postgres_database).recorder
    assert "RETURNING notification_id" in recorder.insert_events_statement.as_string()
    assert isinstance(recorder.channel_name, str) and recorder.channel_name
    locks = " ".join(s.as_string() for s in recorder.lock_table_statements)
    assert "LOCK TABLE" in locks and "EXCLUSIVE MODE" in locks
