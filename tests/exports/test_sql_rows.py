"""``export --format sqlite`` of the whole store reads the stored JSON (``sql_rows.py``);
some entities' export reads their events as objects. Both make the same rows, on both
engines, whatever the cut-offs: the object path is the oracle."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pendulum
import pytest
from conftest import seeded

from company_timeline.domain import open_store
from company_timeline.projections.exports.pipeline import Request
from company_timeline.projections.exports.sql_schema import TABLES
from company_timeline.projections.exports.sqlite_db import write_database

BENCH = Path(__file__).parents[2] / "bench" / "generate.py"
CUTS = [None, "2015-06-30T12:00:00+02:00", "2024-02-27T10:00:00+01:00"]


def generated(folder: Path, events: int) -> list[Path]:
    """Realistic event files from the benchmark's generator: corrections of corrections,
    retractions, amounts in several currencies, shares, spans."""
    subprocess.run(
        [sys.executable, str(BENCH), "--events", str(events), "--seed", "3", "--files", "2",
         "--big-entity", "60", "--format", "jsonl", "--out", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip
    return sorted(folder.glob("events-*.jsonl"))


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}"), key=repr) for t in TABLES}  # noqa: S608


def both(location: str, folder: Path, request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The rows read from stored JSON, and those read as objects."""
    app = open_store(location)
    fast, objects = folder / "fast.db", folder / "objects.db"
    for path in (fast, objects):
        path.unlink(missing_ok=True)
    write_database(app, request, fast)
    write_database(app, request, objects, by_objects=True)
    app.close()
    return tables(fast), tables(objects)


@pytest.mark.parametrize("known", CUTS)
def test_the_seeds_rows_read_from_stored_json_are_those_read_as_objects(
    store_location, tmp_path, known
):
    seeded(store_location)
    request = Request("sqlite", known=pendulum.parse(known) if known else None)
    fast, objects = both(store_location, tmp_path, request)
    assert fast == objects
    assert any(row[6] for row in fast["entities"])  # identifiers, stated after registering
    if known is None:
        assert any(row[1] > 1 for row in fast["facts"])  # a corrected fact, as versions


@pytest.mark.parametrize("known", CUTS)
def test_generated_rows_with_corrections_read_from_stored_json_are_those_read_as_objects(
    store_location, tmp_path, known
):
    app = open_store(store_location)
    for path in generated(tmp_path / "gen", 1500):
        app.ingest_files([path])
    app.close()
    request = Request("sqlite", known=pendulum.parse(known) if known else None)
    fast, objects = both(store_location, tmp_path, request)
    assert fast == objects
    if known is None:
        assert {"current", "corrected", "retracted"} <= {row[-1] for row in fast["facts"]}
        assert any(row[1] > 2 for row in fast["facts"])  # a correction corrected


def test_rows_as_recorded_at_a_moment_between_two_ingests_are_those_read_as_objects(
    store_location, tmp_path
):
    app = open_store(store_location)
    first, second = generated(tmp_path / "gen", 600)
    app.ingest_files([first])
    between = pendulum.now("UTC")
    app.ingest_files([second])
    app.close()
    fast, objects = both(store_location, tmp_path, Request("sqlite", recorded=between))
    assert fast == objects
    everything, _ = both(store_location, tmp_path, Request("sqlite"))
    assert len(fast["facts"]) < len(everything["facts"])
