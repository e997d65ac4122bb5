"""Rules that depend on what is stored hold in the database, even for racing writers.

Each race runs two real processes against one store. Both pass every Python
check before either writes (a barrier holds them just before the save), so
only the database stands between them and a duplicate.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from company_timeline.domain import (
    ConflictingFact,
    StoreError,
    TimelineApp,
    TimelineError,
    ValidTime,
    open_store,
    parse_instant,
)
from company_timeline.domain.aggregates import new_fact, stream_id
from company_timeline.domain.facttypes import REGISTRY

HEAD = """\
sources:
  - id: wire
    title: A wire story
    published: 2024-01-10T09:00:00+00:00
entities:
  - {id: acme, name: Acme, kind: company}
  - {id: globex, name: Globex, kind: company}
"""


def fact(fact_id: str, entity: str, product: str = "Widget") -> str:
    return f"""\
  - id: {fact_id}
    type: product_launched
    entity: {entity}
    product: {product}
    valid: 2024-01-02
    source: wire
    quote: It launched.
"""


def correction(fact_id: str, entity: str, target: str) -> str:
    return f"""\
  - id: {fact_id}
    type: report_corrected
    entity: {entity}
    target: {target}
    source: wire
    changes: {{product: Gadget}}
    quote: It was a gadget.
"""


def write(folder: Path, name: str, *events: str) -> Path:
    path = folder / name
    path.write_text("events:\n" + "".join(events), encoding="utf-8")
    return path


def _racer(location: str, path: str, barrier: Any, results: Any) -> None:
    class HeldAtTheDoor(TimelineApp):
        name = TimelineApp.name  # the same tables

        def append(self, events: Any) -> Any:
            barrier.wait(timeout=30)  # both have passed every check by now
            return super().append(events)

    try:
        open_store(location, app=HeldAtTheDoor).ingest_files([path])
        results.put((path, "stored"))
    except TimelineError as e:
        results.put((path, str(e)))
    except BaseException as e:  # whatever it is, the test must hear of it
        results.put((path, f"crashed: {e!r}"))
        raise


def race(location: str, *paths: Path) -> dict[str, str]:
    # Spawned, not forked: a fork would copy the parent's connection-pool threads' locks.
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(len(paths)), context.Queue()
    runners = [
        context.Process(target=_racer, args=(location, str(p), barrier, results)) for p in paths
    ]
    for runner in runners:
        runner.start()
    try:
        outcome = dict(results.get(timeout=60) for _ in runners)
    finally:
        for runner in runners:
            runner.join(timeout=30)
    return outcome


@pytest.fixture
def store(store_location: str, tmp_path: Path) -> str:
    head = tmp_path / "head.yaml"
    head.write_text(HEAD, encoding="utf-8")
    open_store(store_location).ingest_files([head])
    return store_location


@pytest.mark.parametrize("trial", range(3))
def test_two_writers_racing_one_new_id_into_two_entities_store_it_once(store, tmp_path, trial):
    mine = write(tmp_path, "mine.yaml", fact("launch", "acme"))
    theirs = write(tmp_path, "theirs.yaml", fact("launch", "globex"))
    outcome = race(store, mine, theirs)

    assert list(outcome.values()).count("stored") == 1
    (loser,) = [p for p, said in outcome.items() if said != "stored"]
    assert "run the same ingest again" in outcome[loser]
    app = open_store(store)
    owners = [e for e in ("acme", "globex") if [f.fact_id for f in app.facts(e)] == ["launch"]]
    assert len(owners) == 1  # never twice, never lost
    with pytest.raises(ConflictingFact, match="already stored with other content"):
        app.ingest_files([loser])


@pytest.mark.parametrize("trial", range(3))
def test_two_writers_racing_different_ids_into_one_entity_both_land_after_a_rerun(
    store, tmp_path, trial
):
    mine = write(tmp_path, "mine.yaml", fact("launch-a", "acme"))
    theirs = write(tmp_path, "theirs.yaml", fact("launch-b", "acme", "Gizmo"))
    outcome = race(store, mine, theirs)

    losers = [p for p, said in outcome.items() if said != "stored"]
    assert len(losers) <= 1  # the same stream version cannot be taken twice
    for loser in losers:
        assert "run the same ingest again" in outcome[loser]
        assert len(open_store(store).ingest_files([loser]).appended) == 1
    assert sorted(f.fact_id for f in open_store(store).facts("acme")) == ["launch-a", "launch-b"]


def test_a_fact_and_an_amendment_in_another_entity_racing_cannot_both_land(store, tmp_path):
    target = write(tmp_path, "target.yaml", fact("launch", "acme"))
    amendment = write(tmp_path, "amendment.yaml", correction("fix", "globex", "launch"))
    outcome = race(store, target, amendment)

    assert list(outcome.values()).count("stored") == 1


def test_the_database_refuses_an_amendment_whose_target_is_in_another_entity(app, tmp_path):
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    app.ingest_files([tmp_path / "head.yaml", write(tmp_path, "t.yaml", fact("launch", "acme"))])
    # Past the Python checks, straight to the store: the database is the guarantee.
    stray = _event(app, "report_corrected", "fix", "globex", target="launch")
    with pytest.raises(RecordConflictError):
        app.save(stray)
    assert [f.fact_id for f in app.facts("globex")] == []


def test_the_database_refuses_a_fact_in_another_entity_than_its_amendment_claimed(app, tmp_path):
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    early = write(tmp_path, "early.yaml", correction("fix", "globex", "launch"))
    app.ingest_files([tmp_path / "head.yaml", early])
    with pytest.raises(TimelineError, match="belongs to 'globex'"):  # the courtesy check
        app.ingest_files([write(tmp_path, "late.yaml", fact("launch", "acme"))])
    stray = _event(app, "product_launched", "launch", "acme", product="Widget")
    with pytest.raises(RecordConflictError):  # and the guarantee
        app.save(stray)
    app.ingest_files([write(tmp_path, "right.yaml", fact("launch", "globex"))])
    assert [f.fact_id for f in app.facts("globex")] == ["fix", "launch"]


def _event(app: TimelineApp, kind: str, fact_id: str, entity: str, **fields: Any) -> Any:
    """A fact appended at the end of the entity's stream, as ingest would build it."""
    sid = stream_id("entity", entity)
    (last,) = app.recorder.select_events(sid, desc=True, limit=1)
    amendment = kind == "report_corrected"
    values = {
        "fact_id": fact_id,
        "entity": entity,
        "valid": None if amendment else ValidTime.parse("2024-01-02"),
        "reported": parse_instant("2024-01-10T09:00:00+00:00"),
        "source": "wire",
        "revision": None,
        "quotes": ["..."],
        "note": None,
        **({"changes": {"product": "Gadget"}} if amendment else {}),
        **fields,
    }
    return new_fact(REGISTRY.classes()[kind], sid, last.originator_version + 1, values)


def test_a_store_where_an_older_version_stored_one_id_twice_is_named_when_opened(tmp_path):
    """Version 0.1 checked ids in Python only, so racing ingests could store one twice."""
    location = str(tmp_path / "old.sqlite")
    (tmp_path / "head.yaml").write_text(HEAD, encoding="utf-8")
    app = open_store(location)
    app.ingest_files([tmp_path / "head.yaml", write(tmp_path, "a.yaml", fact("launch", "acme"))])
    twin = _event(app, "product_launched", "launch", "globex", product="Widget")
    # Appended as 0.1 did: straight into the log, with no index beside it.
    old = SQLiteApplicationRecorder(SQLiteDatastore(location))
    old.insert_events([app.mapper.to_stored_event(twin)])
    with pytest.raises(StoreError, match="fact 'launch' of 'globex' .*has it for 'acme'"):
        open_store(location)
