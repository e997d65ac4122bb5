"""The application on a real store, SQLite and PostgreSQL alike."""

import shutil

import pytest
import yaml
from factories import day, strip_recorded

from company_timeline.domain import (
    ConflictingFact,
    InputError,
    StoreError,
    TimelineApp,
    UnknownEntity,
    open_store,
)
from company_timeline.projections.exports.json_documents import snapshot_document
from company_timeline.projections.queries import read_record, snapshot
from company_timeline.projections.state import state_at


def count(app):
    return sum(1 for _ in app.stored_events())


def test_ingesting_the_seed_twice_stores_nothing_the_second_time(app, seed_file):
    first = app.ingest_files([seed_file])
    stored = count(app)
    again = app.ingest_files([seed_file])
    # The article's text, and the identifiers of Microsoft, OpenAI and Meta, are events too.
    assert len(first.facts) == 14 and stored == 2 + 1 + 9 + 3 + 14
    assert (again.facts, again.entities, again.sources) == ([], [], [])
    assert again.identifiers == {}
    assert again.unchanged == 26 + 3 and count(app) == stored


def test_an_id_that_comes_back_with_other_content_is_refused_and_nothing_is_stored(
    app, seed_file, tmp_path
):
    app.ingest_files([seed_file])
    stored = count(app)
    changed = tmp_path / "mistral-ai.yaml"
    changed.write_text(
        seed_file.read_text().replace("amount: EUR 385000000", "amount: EUR 400000000")
    )
    shutil.copy(seed_file.parent / "000_d6d79f6ff8926371.txt", tmp_path)
    with pytest.raises(ConflictingFact) as err:
        app.ingest_files([changed])
    assert (err.value.file, err.value.field) == (str(changed), "events[3].id")
    assert count(app) == stored


def test_a_bad_file_in_a_batch_stores_nothing_of_the_good_ones(app, seed_file, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - id: x\n    type: company_founded\n    entity: nobody\n")
    with pytest.raises(InputError):
        app.ingest_files([seed_file, bad])
    assert count(app) == 0


def test_replaying_the_store_gives_the_projection_built_while_ingesting(store_location, seed_file):
    writer = open_store(store_location)
    appended = writer.ingest_files([seed_file]).appended
    record = read_record(writer)
    while_ingesting = state_at(
        [e for e in appended if hasattr(e, "fact_id")], record.entities, day("2024-02-27")
    )
    writer.close()
    reader = open_store(store_location)
    replayed, _ = snapshot(reader, day("2024-02-27"))
    assert replayed == while_ingesting
    reader.close()


def split(seed_file, folder):
    """The seed as three files: declarations, the first events, the rest."""
    data = yaml.load(seed_file.read_text(), Loader=yaml.BaseLoader)
    shutil.copy(seed_file.parent / data["sources"][0]["document"], folder)
    parts = [
        {"sources": data["sources"], "entities": data["entities"]},
        {"events": data["events"][:7]},
        {"events": data["events"][7:]},
    ]
    paths = []
    for i, part in enumerate(parts):
        paths.append(folder / f"part{i}.yaml")
        paths[-1].write_text(yaml.safe_dump(part, allow_unicode=True, sort_keys=False))
    return paths


@pytest.mark.parametrize("order", [[0, 1, 2], [0, 2, 1]])
def test_ingest_order_across_files_does_not_change_the_answer(app, seed_file, tmp_path, order):
    paths = split(seed_file, tmp_path)
    for i in order:
        app.ingest_files([paths[i]])
    whole = open_store(str(tmp_path / "whole.sqlite"))
    whole.ingest_files([seed_file])
    for on in ["2023-07-01", "2024-02-27"]:
        ours, ours_record = snapshot(app, day(on))
        theirs, theirs_record = snapshot(whole, day(on))
        assert strip_recorded(snapshot_document(ours, ours_record)) == strip_recorded(
            snapshot_document(theirs, theirs_record)
        )


def test_one_entity_reads_only_its_stream_and_an_unknown_one_is_an_error(app, seed_file):
    app.ingest_files([seed_file])
    snap, record = snapshot(app, day("2024-02-27"), entity="mistral-ai")
    assert [s.entity.id for s in snap.entities] == ["mistral-ai"]
    assert set(record.sources) == {"article-2024-02-27", "tnw-2023-06-14"}
    with pytest.raises(UnknownEntity):
        snapshot(app, day("2024-02-27"), entity="mistral")


def test_a_batch_that_meets_a_concurrent_writer_is_refused_whole_and_can_be_rerun(
    store_location, seed_file, tmp_path
):
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    other = open_store(store_location)
    other.ingest_files([seed_file])

    class Racing(TimelineApp):
        """Another writer appends between this batch's checks and its save."""

        name = TimelineApp.name  # the same tables

        def append(self, events):
            other.ingest_files([extra])
            return super().append(events)

    racing = open_store(store_location, app=Racing)
    late = tmp_path / "late.yaml"
    late.write_text(EXTRA.replace("mistral-ai-hq", "mistral-ai-late"), encoding="utf-8")
    with pytest.raises(StoreError, match="run the same ingest again"):
        racing.ingest_files([late])
    facts = [f.fact_id for f in other.facts("mistral-ai")]
    assert "mistral-ai-hq" in facts and "mistral-ai-late" not in facts
    assert len(open_store(store_location).ingest_files([late]).appended) == 1


EXTRA = """\
events:
  - id: mistral-ai-hq
    type: product_launched
    entity: mistral-ai
    product: Le Chat
    valid: 2024-02-26
    source: article-2024-02-27
    quote: un assistant de chat
"""
