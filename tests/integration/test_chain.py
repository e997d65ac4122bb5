"""The log is hash-chained: a row edited, deleted, inserted or moved behind the engine's back
is found by ``timeline verify``, at its position, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.domain import StoreError, open_store
from company_timeline.domain.storage.chain import ChainBroken, Unverified

AT = 7  # a position in the seed's log, with events before and after it
EXTRA = "sources:\n  - {id: wire, title: A wire, published: 2024-01-10T09:00:00+00:00}\n"


def sql(location: str, statement: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run one statement straight on the store's database, as someone with its file would."""
    is_postgres = location.startswith("postgresql://")
    statement = statement.format(
        log="timeline_events" if is_postgres else "stored_events",
        at="notification_id" if is_postgres else "rowid",
    )
    if is_postgres:
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            cursor = conn.execute(statement.replace("?", "%s").encode(), params)
            return cursor.fetchall() if cursor.description else []
    with closing(sqlite3.connect(location, isolation_level=None)) as conn:
        return conn.execute(statement, params).fetchall()


def edit(location: str) -> None:
    ((state,),) = sql(location, "SELECT state FROM {log} WHERE {at} = ?", (AT,))
    edited = bytes(state)[:-1] + b" }"  # the same JSON, one space longer
    sql(location, "UPDATE {log} SET state = ? WHERE {at} = ?", (edited, AT))


def delete(location: str) -> None:
    sql(location, "DELETE FROM {log} WHERE {at} = ?", (AT,))


def delete_with_its_chain_entry(location: str) -> None:
    delete(location)
    sql(location, "DELETE FROM timeline_chain WHERE position = ?", (AT,))


def insert(location: str) -> None:
    """A copy of an event, at the end of the log, under a new stream version."""
    sql(
        location,
        "INSERT INTO {log} (originator_id, originator_version, topic, state) "
        "SELECT originator_id, originator_version + 1000, topic, state FROM {log} WHERE {at} = ?",
        (AT,),
    )


def reorder(location: str) -> None:
    """Two neighbours swap places in the log."""
    for old, new in [(AT, -1), (AT + 1, AT), (-1, AT + 1)]:
        sql(location, "UPDATE {log} SET {at} = ? WHERE {at} = ?", (new, old))


def edit_the_chain(location: str) -> None:
    sql(location, "UPDATE timeline_chain SET digest = ? WHERE position = ?", (bytes(32), AT))


@pytest.fixture
def store(store_location: str) -> str:
    return seeded(store_location)


def last_position(location: str) -> int:
    return int(sql(location, "SELECT MAX({at}) FROM {log}")[0][0])


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (edit, "the event is not the one the chain recorded there (edited, or moved)"),
        (delete, "the chain recorded an event the log no longer holds"),
        (delete_with_its_chain_entry, "an event was deleted, with its chain entry"),
        (reorder, "the event is not the one the chain recorded there (edited, or moved)"),
        (edit_the_chain, "the event is not the one the chain recorded there (edited, or moved)"),
    ],
)
def test_verify_names_the_first_position_changed_behind_the_engine_s_back(store, tamper, words):
    tamper(store)
    result = CliRunner().invoke(cli, ["--store", store, "verify"])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: the log was changed at position {AT}: {words}\n"


def test_verify_finds_an_event_inserted_at_the_end_of_the_log(store):
    insert(store)
    result = CliRunner().invoke(cli, ["--store", store, "verify"])  # before any index catch-up
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: the log was changed at position {last_position(store)}: "
        "the log holds an event the chain never recorded\n"
    )
    with pytest.raises(ChainBroken):
        open_store(store, catch_up=False).verify()


def test_an_untouched_log_verifies_and_prints_its_head_digest(store):
    result = CliRunner().invoke(cli, ["--store", store, "verify"])
    app = open_store(store)
    count, head = app.verify()
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Verified {count} events: the log is as appended.\n"
        f"Head digest (SHA-256) at position {head.position}: {head.digest}\n"
    )
    assert app.log_digest() == head and head.position == last_position(store)


def test_an_append_moves_the_head_digest_and_a_repeated_one_or_a_rebuild_does_not(store, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    app = open_store(store)
    before = app.log_digest()
    app.ingest_files([extra])
    after = app.log_digest()
    assert after.position > before.position and after.digest != before.digest
    app.ingest_files([extra])
    app.rebuild()  # the index is a cache of the log; the chain is not rebuilt with it
    assert app.log_digest() == after == app.verify()[1]


def test_a_store_whose_log_ends_otherwise_than_its_chain_takes_no_new_event(store, tmp_path):
    sql(store, "DELETE FROM {log} WHERE {at} = ?", (last_position(store),))
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    with pytest.raises(Unverified, match="the chain recorded an event the log no longer holds"):
        open_store(store).ingest_files([extra])
    # Even told to go on, an append is chained only where the chain ends with the log.
    with pytest.raises(StoreError, match="the log and its chain disagree before position"):
        open_store(store).ingest_files([extra], accept_unverified=True)


def test_a_store_written_before_the_chain_is_chained_only_by_chain_start(store):
    head = open_store(store).log_digest()
    sql(store, "DROP TABLE timeline_chain")
    sql(store, "DELETE FROM timeline_index_state WHERE name = 'chain'")
    open_store(store).close()  # opening, even to write, chains nothing
    result = CliRunner().invoke(cli, ["--store", store, "verify"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the log is not chained from position 1: no chain")
    started = CliRunner().invoke(cli, ["--store", store, "chain", "--start"])
    assert started.exit_code == 0, started.output
    assert "as they are now" in started.stdout and head.digest in started.stdout
    assert open_store(store).verify()[1] == head
    again = CliRunner().invoke(cli, ["--store", store, "chain", "--start"])
    assert again.exit_code == 1 and "already chained" in again.stderr


@pytest.mark.postgres
def test_a_copy_to_another_engine_has_the_same_head_digest(tmp_path, postgres_database):
    source = seeded(str(tmp_path / "source.sqlite"))
    copied = CliRunner().invoke(cli, ["--store", source, "copy", "--to", postgres_database])
    assert copied.exit_code == 0, copied.output
    assert open_store(postgres_database).verify()[1].digest == open_store(source).verify()[1].digest
