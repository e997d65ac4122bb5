"""Copying a store into another keeps every event and the time it was recorded."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import StoredEvent

from company_timeline.cli.main import cli
from company_timeline.domain import open_store
from company_timeline.domain.copying import CopiesDiffer
from company_timeline.projections.copy_check import check_identical_exports
from company_timeline.seeds import seed_if_empty

ONE_MORE = """\
events:
  - id: mistral-ai-le-chat
    type: product_launched
    entity: mistral-ai
    product: Le Chat
    valid: 2024-02-26
    source: article-2024-02-27
    quote: un assistant de chat
"""


def timeline(*args):
    return CliRunner().invoke(cli, list(args))


def answers(location):
    """What users read of a store: every event with its three times, and one day's state."""
    events = timeline("--store", location, "--no-seed", "events", "--format", "json")
    state = timeline("--store", location, "--no-seed", "at", "2024-02-27", "--format", "json")
    assert events.exit_code == 0 and state.exit_code == 0, events.output + state.output
    return events.stdout, state.stdout


def log(location):
    """The store's log as stored, without the places of its events in it."""
    app = open_store(location)
    try:
        page = app.recorder.select_notifications(start=1, limit=10_000)
        return [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in page]
    finally:
        app.close()


def seeded(location):
    app = open_store(location)
    seed_if_empty(app)
    app.close()
    return location


@pytest.mark.postgres
def test_a_store_copied_to_postgresql_and_back_gives_the_same_answers_recorded_times_included(
    tmp_path, postgres_database
):
    first, back = str(tmp_path / "first.sqlite"), str(tmp_path / "back.sqlite")

    there = timeline("--store", seeded(first), "copy", "--to", postgres_database)
    again = timeline("--store", postgres_database, "copy", "--to", back)

    assert there.exit_code == 0, there.output
    assert there.stdout == (
        f"Copied 47 events to {postgres_database} (0 were already there); "
        "both stores give identical exports.\n"
    )
    assert "Copying events" in there.stderr
    assert again.exit_code == 0 and "Copied 47 events to " in again.stdout, again.output
    expected = answers(first)
    assert '"recorded": "' in expected[0]  # the times a re-ingest could not give back
    assert answers(postgres_database) == answers(back) == expected


def test_copying_again_into_a_finished_copy_copies_nothing_and_says_so(tmp_path):
    source, target = seeded(str(tmp_path / "source.sqlite")), str(tmp_path / "target.sqlite")
    assert timeline("--store", source, "copy", "--to", target).exit_code == 0

    again = timeline("--store", source, "copy", "--to", target)

    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"Copied 0 events to {target} (47 were already there);")


def test_an_interrupted_copy_goes_on_where_it_stopped(tmp_path, store_location):
    source = seeded(str(tmp_path / "source.sqlite"))
    target = open_store(store_location)  # a committed batch, as an interrupted copy leaves it
    target.recorder.insert_events(log(source)[:10])
    target.close()

    result = timeline("--store", source, "copy", "--to", store_location)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Copied 37 events to {store_location} (10 were already")
    assert log(store_location) == log(source)
    assert answers(store_location) == answers(source)


def test_a_store_seeded_on_its_own_is_not_a_copy_and_is_left_as_it_was(tmp_path, store_location):
    """The same files ingested at another time: the recorded times differ."""
    source = seeded(str(tmp_path / "source.sqlite"))
    before = log(seeded(store_location))

    result = timeline("--store", source, "copy", "--to", store_location)

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the target holds events that are not the start of this store's log (its event "
        "1 differs): copy into an empty store, or into one an interrupted copy of this store "
        "left\n"
    )
    assert log(store_location) == before


def test_a_target_ahead_of_the_store_is_refused_and_left_as_it_was(tmp_path):
    source, target = seeded(str(tmp_path / "source.sqlite")), str(tmp_path / "target.sqlite")
    assert timeline("--store", source, "copy", "--to", target).exit_code == 0
    (tmp_path / "more.yaml").write_text(ONE_MORE, encoding="utf-8")
    assert timeline("--store", target, "ingest", str(tmp_path / "more.yaml")).exit_code == 0
    before = log(target)

    result = timeline("--store", source, "copy", "--to", target)

    assert result.exit_code == 1 and "(it holds more)" in result.stderr, result.output
    assert log(target) == before


def test_a_store_is_not_copied_into_itself_however_its_location_is_spelled(
    tmp_path, store_location
):
    seeded(store_location)
    before = log(store_location)
    spellings = [store_location]
    if not store_location.startswith("postgresql://"):
        (tmp_path / "link.sqlite").symlink_to(store_location)
        name = Path(store_location).name
        spellings += [str(tmp_path / "link.sqlite"), f"{tmp_path}/./{name}", f"{tmp_path}//{name}"]

    for spelling in spellings:
        result = timeline("--store", store_location, "copy", "--to", spelling)
        assert result.exit_code == 1, spelling
        assert result.stderr == "Error: the target is this very store: copy it to another one\n"
    assert log(store_location) == before


def test_stores_that_answer_differently_are_told_apart_by_what_differs(tmp_path):
    full, empty = seeded(str(tmp_path / "full.sqlite")), str(tmp_path / "empty.sqlite")
    one, other = str(tmp_path / "one.sqlite"), str(tmp_path / "other.sqlite")
    for location, title in [(one, "Acme is born"), (other, "Acme was born")]:
        app = open_store(location)
        app.ingest_files([_source_file(tmp_path / f"{Path(location).stem}.yaml", title)])
        app.close()

    with pytest.raises(CopiesDiffer, match=r"exports differ: only this store has event '"):
        check_identical_exports(open_store(full), open_store(empty))
    with pytest.raises(CopiesDiffer, match="source 'acme-wire' is registered differently"):
        check_identical_exports(open_store(one), open_store(other))
    with pytest.raises(CopiesDiffer, match="the target has no source 'acme-wire'"):
        check_identical_exports(open_store(one), open_store(empty))


def _source_file(path, title):
    path.write_text(
        f"sources:\n  - id: acme-wire\n    title: {title}\n"
        "    published: 2020-04-01T09:00:00+00:00\n",
        encoding="utf-8",
    )
    return path
