"""Every file of tests/data/bad is refused with the one line beside it, and changes nothing.

Each ``NAME.yaml`` or ``NAME.jsonl`` there breaks one rule of docs/event-files.md
(or is one of the hostile files of issue 8); ``NAME.expected`` holds the exact
error line it must give. Each is ingested through the CLI into a store that
already holds ``_store/base.yaml``, whose rows must be the same afterwards.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
CASES = sorted(p for p in BAD.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".jsonl"))


def ingest(store: Path, file: str) -> object:
    return CliRunner().invoke(cli, ["--store", str(store), "--no-seed", "ingest", file])


def rows(store: Path) -> tuple[int, str]:
    """How many events the store holds, and a digest of every stored row and index row."""
    digest = hashlib.sha256()
    with sqlite3.connect(store) as db:
        count = db.execute("SELECT count(*) FROM stored_events").fetchone()[0]
        for table in ("stored_events ORDER BY rowid", "timeline_index ORDER BY kind, id"):
            for row in db.execute(f"SELECT * FROM {table}"):
                digest.update(repr(row).encode())
    return count, digest.hexdigest()


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("corpus") / "base.sqlite"
    result = ingest(store, str(BAD / "_store" / "base.yaml"))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(store) as db:  # all of it in the one file that each case copies
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store


def test_every_case_has_its_expected_line_and_nothing_else_lies_there():
    expected = sorted(p.stem for p in BAD.glob("*.expected"))
    assert expected == sorted(p.stem for p in CASES)
    assert len(CASES) >= 70


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_a_bad_file_is_refused_with_its_one_line_and_the_store_is_unchanged(
    case, base_store, tmp_path, monkeypatch
):
    store = tmp_path / "store.sqlite"
    shutil.copy(base_store, store)
    before = rows(store)
    monkeypatch.chdir(BAD)  # errors name the file as it was given: by its name alone
    result = ingest(store, case.name)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert (result.exit_code, result.stderr) == (1, f"Error: {expected}")
    assert isinstance(result.exception, SystemExit)  # click's exit, not an error escaping
    assert rows(store) == before
