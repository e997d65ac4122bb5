"""A source's document is kept in the store, so every later quote of it is checked."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

from company_timeline.domain import InputError, Source
from company_timeline.domain.aggregates import stream_id
from company_timeline.domain.batch import plan
from company_timeline.domain.drafts import Catalog
from company_timeline.domain.eventfile import load_file
from company_timeline.domain.events import fingerprint_of
from company_timeline.projections.exports.text_answers import events_text
from company_timeline.projections.queries import snapshot

ARTICLE = "article-2024-02-27"
CITING = """\
entities:
  - id: acme
    name: Acme
    kind: company
events:
  - id: {fact}
    type: company_founded
    entity: acme
    valid: 2020-03
    source: {source}
    quote: "{quote}"
"""
TRUE_SENTENCE = (
    "Cet article a été mis à jour pour inclure une déclaration de la Commission européenne."
)
WIRE = """\
sources:
  - id: wire
    title: A wire story
    published: 2024-01-10T09:00:00+00:00
    document: wire.txt
  - id: blog
    title: A blog with no document
    published: 2024-01-12T09:00:00+00:00
"""


def citing(folder: Path, source: str, quote: str, fact: str = "acme-founded") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{fact}.yaml"
    path.write_text(CITING.format(source=source, quote=quote, fact=fact), encoding="utf-8")
    return path


def wire(folder: Path, text: str = "Acme was founded in March.", extra: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "wire.txt").write_text(text, encoding="utf-8")
    path = folder / "wire.yaml"
    path.write_text(WIRE + extra, encoding="utf-8")
    return path


def stream(app, slug: str) -> list:
    return list(app.events.get(stream_id("source", slug)))


def stored_rows(app) -> int:
    return sum(1 for _ in app.stored_events())


def test_a_quote_the_stored_document_never_says_is_refused(app, seed_file, tmp_path):
    app.ingest_files([seed_file])
    before = stored_rows(app)
    invented = citing(tmp_path / "elsewhere", ARTICLE, "Mistral AI a été fondée sur la Lune.")
    with pytest.raises(InputError) as err:
        app.ingest_files([invented])
    assert (err.value.line, err.value.field) == (11, "events[0].quote")
    assert err.value.message.startswith("not found word for word in the source: ")
    assert stored_rows(app) == before
    genuine = citing(tmp_path / "elsewhere", ARTICLE, TRUE_SENTENCE, "acme-told")
    assert len(app.ingest_files([genuine]).facts) == 1


def test_the_document_is_stored_after_the_registration_which_stays_as_it_was(app, seed_file):
    app.ingest_files([seed_file])
    registered, document = stream(app, ARTICLE)
    assert isinstance(document, Source.DocumentStored)
    assert (registered.originator_version, document.originator_version) == (1, 2)
    text = (seed_file.parent / "000_d6d79f6ff8926371.txt").read_text(encoding="utf-8")
    assert (document.name, document.text) == ("000_d6d79f6ff8926371.txt", text)
    (draft,) = [d for d in load_file(seed_file).sources if d.id == ARTICLE]
    assert (
        fingerprint_of("source", draft.values)
        == app.index.lookup("source", [ARTICLE])[ARTICLE].fingerprint
    )
    assert [type(e) for e in stream(app, "tnw-2023-06-14")] == [Source.Registered]


def test_ingesting_the_same_document_again_stores_nothing(app, seed_file):
    app.ingest_files([seed_file])
    before = stored_rows(app)
    again = app.ingest_files([seed_file])
    assert again.appended == [] and stored_rows(app) == before


def test_a_document_that_changed_beside_its_stored_source_is_refused(app, tmp_path):
    app.ingest_files([wire(tmp_path / "first")])
    changed = wire(tmp_path / "second", "Acme was founded in April.")
    with pytest.raises(InputError) as err:
        app.ingest_files([changed])
    assert (err.value.line, err.value.field) == (5, "sources[0].document")
    assert "is not the same text as the one stored" in err.value.message


def test_each_fact_says_whether_its_quotes_were_checked(app, tmp_path):
    app.ingest_files([wire(tmp_path / "w")])
    app.ingest_files([citing(tmp_path / "later", "wire", "Acme was founded in March.")])
    app.ingest_files([citing(tmp_path / "blog", "blog", "Hi.", "acme-blogged")])

    snap, _ = snapshot(app, pendulum.date(2024, 1, 1), entity="acme")
    verified = {e.event: e.verified for e in snap.entities[0].evidence}
    assert verified == {"acme-founded": True, "acme-blogged": False}
    listing = events_text(app.facts("acme"))
    assert listing.count("unverified quote") == 1
    assert "source blog  unverified quote\n" in listing


def test_whether_a_quote_was_checked_is_never_stored_with_the_fact(app, seed_file):
    app.ingest_files([seed_file])
    for notification in app.recorder.select_notifications(start=1, limit=100):
        assert "verified" not in json.loads(notification.state)


def test_a_source_stored_before_documents_were_kept_gets_its_text_when_shipped_again(app, tmp_path):
    folder = tmp_path / "w"
    for draft in load_file(wire(folder)).sources:  # as version 0.1 stored them
        app.append(Source(**draft.values).collect_events())
    assert [type(e) for e in stream(app, "wire")] == [Source.Registered]

    unchecked = citing(tmp_path / "later", "wire", "Acme was founded in March.")
    with pytest.raises(InputError) as err:
        app.ingest_files([unchecked])
    assert err.value.field == "events[0].source"
    assert "whose text this store does not hold" in err.value.message

    upgraded = app.ingest_files([folder / "wire.yaml"])
    assert [type(e) for e in upgraded.appended] == [Source.DocumentStored]
    assert [e.originator_version for e in stream(app, "wire")] == [1, 2]
    assert len(app.ingest_files([unchecked]).facts) == 1


@pytest.mark.parametrize("length", [2, 3])
def test_amendments_closing_a_cycle_through_the_store_are_refused(app, tmp_path, length):
    app.ingest_files([wire(tmp_path / "w")])
    ids = [f"fix-{i}" for i in range(length)]
    targets = ids[1:] + ids[:1]
    amendments = [
        f"  - {{id: {a}, type: report_corrected, entity: acme, target: {b}, "
        "changes: {valid: 2020-04}, source: blog, quote: x}\n"
        for a, b in zip(ids, targets, strict=True)
    ]
    head = "entities:\n  - {id: acme, name: Acme, kind: company}\nevents:\n"
    (tmp_path / "first.yaml").write_text(head + "".join(amendments[:-1]), encoding="utf-8")
    (tmp_path / "last.yaml").write_text("events:\n" + amendments[-1], encoding="utf-8")
    app.ingest_files([tmp_path / "first.yaml"])
    before = stored_rows(app)
    with pytest.raises(InputError) as err:
        app.ingest_files([tmp_path / "last.yaml"])
    cycle = " -> ".join([ids[-1], *ids])
    assert (err.value.line, err.value.field) == (2, "events[0].target")
    assert err.value.message == f"amendments in a cycle: {cycle}"
    assert stored_rows(app) == before


def test_a_batch_is_checked_against_the_documents_of_its_other_files(tmp_path):
    first = wire(tmp_path / "w")
    other = citing(tmp_path / "x", "wire", "Acme was founded in May.")
    batch = load_file(first)
    batch.extend(load_file(other))
    with pytest.raises(InputError, match="not found word for word"):
        plan(batch, Catalog())
