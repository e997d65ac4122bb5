"""Whole-store commands: streamed answers read the same as whole ones, rebuild, JSON Lines."""

import json

import pendulum
import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli
from company_timeline.domain import open_store
from company_timeline.projections.exports.json_documents import (
    dumps,
    events_document,
    snapshot_document,
)
from company_timeline.projections.knowledge import in_valid_order
from company_timeline.projections.queries import read_record
from company_timeline.projections.state import state_at


@pytest.fixture
def store(seeded_store):
    return seeded_store


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result


def test_at_over_the_whole_store_streams_the_same_json_as_one_fold_of_the_log(store):
    streamed = run(store, "at", "2024-02-27", "--format", "json").stdout
    record = read_record(open_store(store))
    whole = state_at(record.facts, record.entities, pendulum.date(2024, 2, 27))
    assert streamed == dumps(snapshot_document(whole, record)) + "\n"


def test_events_streams_the_same_json_as_every_event_sorted_at_once(store):
    streamed = run(store, "events", "--format", "json").stdout
    facts = in_valid_order(read_record(open_store(store)).facts)
    assert streamed == dumps(events_document(facts)) + "\n"
    assert len(json.loads(streamed)["events"]) == 24


def test_rebuild_says_how_many_events_it_indexed_and_changes_no_answer(store):
    before = run(store, "at", "2024-02-27", "--format", "json").stdout
    rebuilt = run(store, "rebuild").stdout
    # 24 facts, 14 entities, 3 sources, 1 document and 4 entities' identifiers
    assert rebuilt == "Rebuilt the index from 47 events.\n"
    assert run(store, "at", "2024-02-27", "--format", "json").stdout == before


def test_a_json_lines_file_ingests_and_a_bad_line_is_located(store, tmp_path):
    good = tmp_path / "facts.jsonl"
    good.write_text(
        '{"entity": {"id": "acme", "name": "Acme", "kind": "company"}}\n'
        '{"event": {"id": "acme-founded", "type": "company_founded", "entity": "acme",'
        ' "valid": "2020-03", "source": "article-2024-02-27",'
        ' "quote": "Cet article a été mis à jour"}}\n',  # its words: quotes are checked
        encoding="utf-8",
    )
    assert "Stored 1 new event, 1 entity" in run(store, "ingest", str(good)).stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text().replace('"2020-03"', "2020"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--store", store, "ingest", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: events[0].valid: 2020 is a JSON number" in result.stderr
