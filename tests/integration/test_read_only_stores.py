"""A store is read without being written: on read-only media, owned by another user, or
simply opened to answer. Nothing is created where no store is; a foreign file is refused
by reading it, and left as it was. (As another user: test_as_another_user.py.)"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.domain import open_store
from company_timeline.domain.storage.foreign import APPLICATION_ID

OLD = Path(__file__).parents[1] / "data" / "stores" / "v0.2-seed.sqlite"
OLD_HEAD = "f4e818341bad301997421e0d3ad3a69435a1014c06bac289973a5ddbe91b77e6"
READS = [  # every command that only reads, as a user would run it
    ["at", "2024-02-27"],
    ["at", "2024-02-27", "--entity", "mistral-ai", "--format", "json"],
    ["events"],
    ["history", "mistral-ai", "funding_rounds.series_a_extension.instrument"],
    ["why", "mistral-ai", "funding_rounds.series_a", "--at", "2023-12-15"],
    ["diff", "mistral-ai", "2023-12-15", "2024-01-15"],
    ["export", "--format", "json"],
    ["export", "--format", "html"],
    ["verify"],
]


def timeline(store: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", store, *args])


def state(folder: Path) -> dict[str, str]:
    """Every file of the folder and its SHA-256: what a read must leave as it was."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def settled(location: str) -> str:
    """The store with everything in its one file, and no connection left open."""
    gc.collect()
    with closing(sqlite3.connect(location)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return location


@pytest.fixture
def read_only(tmpfs):
    """``read_only(files)``: a read-only file system holding copies of ``files`` (root)."""

    def make(*files: Path) -> Path:
        folder = tmpfs("8m")
        for file in files:
            shutil.copyfile(file, folder / file.name)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        return folder

    return make


@pytest.mark.parametrize("args", READS, ids=[" ".join(a[:3]) for a in READS])
def test_every_read_answers_from_read_only_media_and_leaves_it_as_it_was(tmp_path, read_only, args):
    folder = read_only(Path(settled(seeded(str(tmp_path / "store.sqlite")))))
    before = state(folder)
    result = timeline(str(folder / "store.sqlite"), *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert state(folder) == before


def test_an_export_to_a_file_reads_a_read_only_store(tmp_path, read_only):
    folder = read_only(Path(settled(seeded(str(tmp_path / "store.sqlite")))))
    result = timeline(str(folder / "store.sqlite"), "export", "--format", "csv", "-o",
                      str(tmp_path / "tables"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tables" / "events.csv").stat().st_size > 0


def test_an_old_index_on_read_only_media_is_said_and_the_log_still_verifies(read_only):
    folder = read_only(OLD)
    store = str(folder / OLD.name)
    before = state(folder)
    result = timeline(store, "at", "2024-02-27")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert (
        "was made by another version, or is behind its log, and cannot be brought up to date"
        in (result.stderr)
    )
    verified = timeline(store, "verify")
    assert verified.exit_code == 0 and OLD_HEAD in verified.stdout
    assert state(folder) == before


@pytest.mark.parametrize("args", READS, ids=[" ".join(a[:3]) for a in READS])
def test_a_read_writes_nothing_to_a_store_that_could_be_written(tmp_path, args):
    store = settled(seeded(str(tmp_path / "store.sqlite")))
    before = state(tmp_path)
    assert timeline(store, *args).exit_code == 0
    gc.collect()  # the read's connection closed, as at the end of a command
    assert state(tmp_path) == before


def test_an_old_store_that_can_be_written_has_its_index_brought_up_to_date_on_a_read(tmp_path):
    store = tmp_path / OLD.name
    shutil.copyfile(OLD, store)
    result = timeline(str(store), "at", "2024-02-27", "--entity", "mistral-ai")
    assert result.exit_code == 0 and "EUR 385,000,000" in result.stdout
    assert open_store(str(store), write=False).index_current()


# ---- what is a store -------------------------------------------------------------------


def test_a_store_this_engine_makes_says_so_in_its_header(tmp_path):
    store = seeded(str(tmp_path / "store.sqlite"))
    with closing(sqlite3.connect(store)) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def eventsourcing_file(path: Path, topic: str) -> Path:
    """A SQLite file another eventsourcing application wrote: the same log table."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        db.execute("INSERT INTO stored_events VALUES ('x', 1, ?, x'7b7d')", (topic,))
    return path


def foreign_id_file(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA application_id = 1179603521")  # another program's mark
        db.execute("CREATE TABLE stored_events (x)")
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: eventsourcing_file(p, "bank.domain:Account.Opened"), "another program's events"),
        (foreign_id_file, "another program's database (application id 0x464f5241)"),
    ],
)
@pytest.mark.parametrize("command", [["seed"], ["events"], ["ingest", "{seed}"]])
def test_another_program_s_file_is_refused_by_reading_it_and_left_as_it_was(
    tmp_path, make, words, command, seed_file
):
    path = make(tmp_path / "other.db")
    before = state(tmp_path)
    result = timeline(str(path), *[a.format(seed=seed_file) for a in command])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert "is not a timeline store" in result.stderr and words in result.stderr
    gc.collect()
    assert state(tmp_path) == before


def test_a_version_0_1_log_of_this_engine_is_still_taken_for_a_store(tmp_path):
    path = eventsourcing_file(tmp_path / "old.sqlite", "timeline.domain.events:CompanyFounded")
    result = timeline(str(path), "verify")
    assert result.exit_code == 1 and "not chained from position 1" in result.stderr


@pytest.mark.postgres
def test_a_read_of_an_empty_postgresql_database_creates_nothing(postgres_database):
    import psycopg

    result = timeline(postgres_database, "at", "2024-02-27")
    assert result.exit_code == 2 and "no store at postgresql://" in result.stderr
    with psycopg.connect(postgres_database) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)


def test_a_new_store_s_folder_is_made_only_by_a_command_that_writes(tmp_path):
    for args in READS:
        assert timeline(str(tmp_path / "a" / "b.sqlite"), *args).exit_code == 2
    assert os.listdir(tmp_path) == []
    assert timeline(str(tmp_path / "a" / "b.sqlite"), "seed").exit_code == 0
