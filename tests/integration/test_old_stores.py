"""A store written by an earlier version opens, verifies and answers as it did.

``tests/data/stores/v0.2-seed.sqlite`` was written once by version 0.2 (how, in
the README beside it) and stands for the stores users have: it is never
regenerated. Renaming or moving an event class without pinning its stored
name, or changing how fingerprints are made without re-indexing, fails here.
Each test reads a copy: opening a store may write to it (its index, its chain).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from company_timeline.cli.main import cli
from company_timeline.domain import open_store
from company_timeline.domain.topics import stored_class

STORES = Path(__file__).parent.parent / "data" / "stores"
V0_2 = STORES / "v0.2-seed.sqlite"
V0_2_SHA256 = "cda6aec57eaac3952d5d250ee46ddd8730d8ffe073ec22f45786a8b660224800"
V0_2_EVENTS = 41
V0_2_HEAD = "f4e818341bad301997421e0d3ad3a69435a1014c06bac289973a5ddbe91b77e6"
GOLDEN = {  # what version 0.2 answered from this store
    "v0.2-at-2024-02-27.json": ["at", "2024-02-27", "--format", "json"],
    "v0.2-events.json": ["events", "--format", "json"],
}


def timeline(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def old_store(tmp_path: Path) -> str:
    """A copy of the version 0.2 store, with the log, index and chain it was written with."""
    copy = tmp_path / V0_2.name
    shutil.copyfile(V0_2, copy)
    return str(copy)


def index_of(location: str) -> dict[tuple[str, str], tuple[object, ...]]:
    with closing(sqlite3.connect(location)) as db:
        rows = db.execute("SELECT * FROM timeline_index").fetchall()
    return {(row[0], row[1]): tuple(row[2:]) for row in rows}


def test_the_committed_store_is_the_one_version_0_2_wrote():
    """Never regenerated: a store written by today's code would prove nothing."""
    assert hashlib.sha256(V0_2.read_bytes()).hexdigest() == V0_2_SHA256


def test_it_opens_and_its_log_verifies_as_written(old_store):
    app = open_store(old_store)
    try:
        count, head = app.verify()
    finally:
        app.close()
    assert (count, head.digest) == (V0_2_EVENTS, V0_2_HEAD)
    result = timeline("--store", old_store, "verify")
    assert result.exit_code == 0, result.output
    assert V0_2_HEAD in result.stdout


def test_every_stored_topic_is_a_pinned_stored_name(old_store):
    with closing(sqlite3.connect(old_store)) as db:
        topics = {topic for (topic,) in db.execute("SELECT DISTINCT topic FROM stored_events")}
    assert len(topics) == 12  # the store holds an event of every class version 0.2 stored
    assert sorted(t for t in topics if stored_class(t) is None) == []


def departures(golden: Any, actual: Any, path: str = "$") -> Iterator[str]:
    """Where ``actual`` no longer says what ``golden`` said. A key added since (a section
    for a fact type 0.2 did not have) is no departure, nor is an entity shown since (one
    only named by others' facts, which 0.2 did not show) or an item added to a list;
    a value changed or gone is."""
    if _by_entity(golden) and _by_entity(actual):
        now = {e["entity"]["id"]: e for e in actual}
        for was in golden:
            key = was["entity"]["id"]
            if key in now:
                yield from departures(was, now[key], f"{path}[{key}]")
            else:
                yield f"{path}[{key}]: gone"
    elif isinstance(golden, dict) and isinstance(actual, dict):
        for key, value in golden.items():
            if key in actual:
                yield from departures(value, actual[key], f"{path}.{key}")
            else:
                yield f"{path}.{key}: gone"
    elif isinstance(golden, list) and isinstance(actual, list) and len(golden) == len(actual):
        for i, (was, now) in enumerate(zip(golden, actual, strict=True)):
            yield from departures(was, now, f"{path}[{i}]")
    elif isinstance(golden, list) and isinstance(actual, list) and _kept(golden, actual):
        return  # items added since (a fact now seen from this side too), none changed
    elif golden != actual:
        yield f"{path}: {golden!r} became {actual!r}"[:300]


def _kept(golden: list[Any], actual: list[Any]) -> bool:
    return len(actual) > len(golden) and all(item in actual for item in golden)


def _by_entity(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, dict) and isinstance(v.get("entity"), dict) for v in value
    )


@pytest.mark.parametrize("golden", sorted(GOLDEN))
def test_it_answers_as_version_0_2_did(old_store, golden):
    result = timeline("--store", old_store, *GOLDEN[golden])
    assert result.exit_code == 0, result.output
    path = STORES / golden
    if os.environ.get("UPDATE_GOLDEN"):  # only after a deliberate change: read the diff
        path.write_text(result.stdout, encoding="utf-8")
    was = json.loads(path.read_text(encoding="utf-8"))
    assert list(departures(was, json.loads(result.stdout)))[:10] == []


def test_ingesting_its_own_files_again_changes_none_of_its_events(old_store):
    """Every fingerprint the index holds is the one today's reader gives the same file.

    A changed fingerprint is a conflict (same id, other content); the shipped seed may
    grow, so ids the old store lacks may be stored, but none it holds is touched.
    """
    open_store(old_store).close()  # re-indexed here, if the index's rules changed
    before = index_of(old_store)
    seeded = timeline("--store", old_store, "seed")
    assert seeded.exit_code == 0, seeded.output
    extra = timeline("--store", old_store, "ingest", str(STORES / "v0.2-extra.yaml"))
    assert extra.exit_code == 0, extra.output
    assert extra.stdout.startswith("Stored 0 new events, 0 entities and 0 sources")
    after = index_of(old_store)
    assert {key: after.get(key) for key in before} == before


def test_its_index_is_the_one_a_rebuild_from_its_log_gives(old_store):
    open_store(old_store).close()
    kept = index_of(old_store)
    result = timeline("--store", old_store, "rebuild")
    assert result.exit_code == 0, result.output
    assert index_of(old_store) == kept
