"""``--format prov``: W3C PROV-JSON, read back by the ``prov`` package."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import seeded
from prov.model import (
    PROV_TYPE,
    ProvDerivation,
    ProvDocument,
    ProvEntity,
    ProvInvalidation,
)

from company_timeline.cli.main import cli

RETRACTION = """\
sources:
  - id: wire
    title: A wire
    published: 2024-03-01T09:00:00+00:00
entities: [{id: acme, name: Acme, kind: company}]
events:
  - {id: acme-launch, type: product_launched, entity: acme, product: Rocket, valid: 2024-02,
     source: wire, quote: Acme launched Rocket.}
  - {id: acme-launch-withdrawn, type: report_retracted, entity: acme, target: acme-launch,
     source: wire, reported: "2024-03-02T09:00:00+00:00", quote: We withdraw the report.}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prov")
    location = seeded(str(folder / "store.sqlite"))
    (folder / "retraction.yaml").write_text(RETRACTION, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--store", location, "ingest", str(folder / "retraction.yaml")]
    )
    assert result.exit_code == 0, result.output
    return location


def prov_document(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, "export", "--format", "prov", *args])
    assert result.exit_code == 0, result.output
    return result.stdout, ProvDocument.deserialize(content=result.stdout, format="json")


def by_id(document, kind):
    return {str(r.identifier): r for r in document.get_records(kind)}


def test_every_event_is_an_entity_derived_from_its_source_with_the_three_times(store):
    text, document = prov_document(store)
    entities = by_id(document, ProvEntity)
    facts = {k: e for k, e in entities.items() if k.startswith("event:")}
    assert f"from {len(facts)} events" in json.loads(text)["entity"]["tl:export"]["prov:label"]
    pairs = {
        (_one(d, "prov:generatedEntity"), _one(d, "prov:usedEntity"))
        for d in document.get_records(ProvDerivation)
        if not d.get_attribute(PROV_TYPE)
    }
    assert {event for event, _ in pairs} == set(facts)  # each event from its source
    assert all(source in entities for _, source in pairs)
    sources = {source for _, source in pairs}
    seed = facts["event:mistral-ai-seed-round"]
    attributes = {str(k): v for k, v in seed.attributes}
    assert attributes["tl:valid"] == "2023-06-13"
    assert attributes["tl:reported"].isoformat() == "2023-06-14T10:00:00+00:00"
    assert "tl:recorded" in attributes and attributes["tl:verified"] is False
    assert "source:tnw-2023-06-14" in sources


def test_a_correction_is_a_revision_of_what_it_corrects(store):
    _, document = prov_document(store)
    revisions = [
        (_one(d, "prov:generatedEntity"), _one(d, "prov:usedEntity"))
        for d in document.get_records(ProvDerivation)
        if "prov:Revision" in {str(t) for t in d.get_attribute(PROV_TYPE)}
    ]
    assert revisions == [
        ("event:microsoft-investment-not-a-convertible-note", "event:microsoft-series-a-extension")
    ]


def test_a_retraction_invalidates_its_target_at_its_reported_time(store):
    _, document = prov_document(store, "--entity", "acme")
    (invalidation,) = document.get_records(ProvInvalidation)
    assert _one(invalidation, "prov:entity") == "event:acme-launch"
    assert _one(invalidation, "prov:time").startswith("2024-03-02")


def test_the_document_says_the_export_it_came_from_and_serialises_again(store):
    text, document = prov_document(store, "--entity", "mistral-ai")
    head = json.loads(text)["entity"]["tl:export"]
    assert "timeline.export/1" in head["prov:label"] and "11 events" in head["prov:label"]
    again = ProvDocument.deserialize(content=document.serialize(format="json"), format="json")
    assert again == document


def _one(record, attribute):
    (value,) = record.get_attribute(attribute)
    return str(value)
