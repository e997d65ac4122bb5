"""``--format timelinejs``: TimelineJS3's own JSON, checked against its documented fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeded
from jsonschema import Draft202012Validator

from company_timeline.cli.main import cli

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schemas" / "timelinejs3.schema.json").read_text()
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return seeded(str(tmp_path_factory.mktemp("tljs") / "store.sqlite"))


def timeline_js(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, "export", "--format", "timelinejs", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "args",
    [(), ("--entity", "mistral-ai"), ("--as-known-at", "2024-02-27T10:00:00+01:00")],
)
def test_the_export_holds_only_the_fields_timelinejs3_documents(store, args):
    document = timeline_js(store, *args)
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(document)]
    assert errors == []
    ids = [e["unique_id"] for e in document["events"]]
    assert len(ids) == len(set(ids))


def test_dates_are_as_precise_as_the_facts_and_said_in_words_when_not_a_day(store):
    events = {e["unique_id"]: e for e in timeline_js(store, "--entity", "mistral-ai")["events"]}
    seed = events["mistral-ai-seed-round"]
    assert seed["start_date"] == {"year": 2023, "month": 6, "day": 13}
    assert "display_date" not in seed and "end_date" not in seed
    series_a = events["mistral-ai-series-a"]
    assert series_a["start_date"] == {"year": 2023, "month": 12}
    assert series_a["display_date"] == "In December 2023"
    founded = events["mistral-ai-founded"]
    assert founded["start_date"] == {"year": 2023, "month": 4, "day": 1}
    assert founded["end_date"] == {"year": 2023, "month": 6, "day": 30}
    assert founded["display_date"].startswith("Around May 2023")


def test_an_open_start_is_drawn_from_its_known_end_and_said_in_words(store):
    events = {e["unique_id"]: e for e in timeline_js(store)["events"]}
    llama = events["llama-models-on-azure"]  # valid ../2024-02-27
    assert llama["start_date"] == {"year": 2024, "month": 2, "day": 27}
    assert llama["display_date"] == "On or before 27 February 2024" and "end_date" not in llama


def test_slides_carry_the_quote_and_source_escaped_and_group_by_entity(store):
    document = timeline_js(store)
    events = {e["unique_id"]: e for e in document["events"]}
    extension = events["microsoft-series-a-extension"]
    assert "as equity" in extension["text"]["headline"]  # as known now: corrected
    assert "<blockquote>Dans le cadre de ce partenariat" in extension["text"]["text"]
    assert "Corrected by microsoft-investment-not-a-convertible-note" in extension["text"]["text"]
    assert extension["group"] == "Mistral AI"
    assert {e["group"] for e in document["events"]} >= {"Mistral AI", "Motorola Mobility"}
    seed = events["mistral-ai-seed-round"]["text"]["text"]
    assert '<a href="https://thenextweb.com/news/mistral-ai-secures' in seed
    assert "timeline.export/1" in document["title"]["text"]["text"]


def test_one_entitys_slides_group_by_fact_type_and_intervals_are_eras(store):
    document = timeline_js(store, "--entity", "mistral-ai")
    assert {e["group"] for e in document["events"]} >= {"funding round", "product launched"}
    eras = [e["text"]["headline"] for e in document["eras"]]
    assert "seed round of USD 113,000,000" in eras


def test_a_headline_holding_markup_is_escaped(tmp_path):
    store = str(tmp_path / "s.sqlite")
    (tmp_path / "f.yaml").write_text(
        "sources: [{id: w, title: '<b>W</b>', published: '2024-03-01T09:00:00+00:00'}]\n"
        "entities: [{id: acme, name: '<i>Acme</i>', kind: company}]\n"
        "events:\n"
        "  - {id: p, type: product_launched, entity: acme, product: '<script>x</script>',"
        " valid: '2024-01-09', source: w, quote: '<img src=x>'}\n",
        encoding="utf-8",
    )
    assert (
        CliRunner().invoke(cli, ["--store", store, "ingest", str(tmp_path / "f.yaml")]).exit_code
        == 0
    )
    text = json.dumps(timeline_js(store))
    assert "<script>" not in text and "<img" not in text and "<b>W" not in text
    assert "&lt;script&gt;x&lt;/script&gt;" in text
