"""An entity's identifiers in public registries: checked, stored apart from its
registration, and shown wherever the entity is, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import seeded
from test_index import index_rows

from company_timeline.cli.main import cli
from company_timeline.domain import Entity, open_store
from company_timeline.domain.errors import TimelineError
from company_timeline.domain.events import content, fingerprint_of
from company_timeline.domain.identifiers import lei, opencorporates, wikidata

MICROSOFT = {"wikidata": "Q2283", "lei": "INR2EJN1ERAN0W5ZP974"}
PLAIN = """\
sources:
  - id: wire
    title: A wire story
    published: 2024-01-10T09:00:00+00:00
entities:
  - id: acme
    name: Acme
    kind: company
events:
  - id: acme-founded
    type: company_founded
    entity: acme
    valid: 2020-03
    source: wire
    quote: Acme was founded.
"""
GIVEN = PLAIN.replace(
    "    kind: company\n",
    "    kind: company\n"
    "    identifiers:\n      wikidata: Q95\n      opencorporates: us_de/3582691\n",
)


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return seeded(str(tmp_path_factory.mktemp("ids") / "store.sqlite"))


def test_the_seed_gives_microsoft_its_checked_identifiers_in_text_and_json(seed_store):
    text = run(seed_store, "at", "2024-02-27", "--entity", "microsoft")
    assert "Microsoft (microsoft), company; wikidata Q2283; lei INR2EJN1ERAN0W5ZP974" in text
    document = json.loads(run(seed_store, "at", "2024-02-27", "--format", "json"))
    entities = {e["entity"]["id"]: e["entity"] for e in document["entities"]}
    assert entities["microsoft"]["identifiers"] == MICROSOFT
    assert "identifiers" not in entities["mistral-ai"]  # none given: the key is left out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md", "html", "events"])
def test_identifiers_show_in_every_text_export(seed_store, fmt):
    out = run(seed_store, "export", "--format", fmt, "--entity", "microsoft")
    assert "Q2283" in out and "INR2EJN1ERAN0W5ZP974" in out


def test_identifiers_show_in_the_csv_and_sqlite_exports(seed_store, tmp_path):
    state = run(seed_store, "export", "--format", "csv", "--table", "state")
    assert "microsoft,identifiers.lei,INR2EJN1ERAN0W5ZP974," in state
    run(seed_store, "export", "--format", "sqlite", "-o", str(tmp_path / "facts.db"))
    with sqlite3.connect(tmp_path / "facts.db") as db:
        row = db.execute(
            "SELECT identifiers, wikidata, lei, opencorporates FROM entities WHERE id = 'microsoft'"
        ).fetchone()
    assert (json.loads(row[0]), *row[1:]) == (MICROSOFT, "Q2283", MICROSOFT["lei"], None)


def test_an_entity_without_identifiers_is_registered_as_it_always_was(app, tmp_path):
    (tmp_path / "plain.yaml").write_text(PLAIN, encoding="utf-8")
    app.ingest_files([tmp_path / "plain.yaml"])
    (registered, fact) = app.entity_events("acme")
    assert isinstance(registered, Entity.Registered)
    values = {"slug": "acme", "name": "Acme", "kind": "company"}
    assert content(registered) == {**values, "city": None, "country": None, "note": None}
    assert app.index.lookup("entity", ["acme"])["acme"].fingerprint == fingerprint_of(
        "entity", content(registered)
    )
    assert app.identifiers("acme") == {}


def test_an_entity_stored_before_learns_its_identifiers_and_keeps_its_registration(
    app, store_location, tmp_path
):
    (tmp_path / "plain.yaml").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "given.yaml").write_text(GIVEN, encoding="utf-8")
    app.ingest_files([tmp_path / "plain.yaml"])
    before = {r[:2]: r for r in index_rows(store_location)}
    plan = app.ingest_files([tmp_path / "given.yaml"])
    assert plan.identifiers == {"acme": {"wikidata": "Q95", "opencorporates": "us_de/3582691"}}
    assert (plan.entities, plan.facts) == ([], [])
    after = {r[:2]: r for r in index_rows(store_location)}
    assert {k: after[k] for k in before} == before  # the registration's row, untouched
    events = app.entity_events("acme")
    assert isinstance(events[-1], Entity.IdentifiersStated)  # after its fact
    assert app.identifiers("acme") == {"wikidata": "Q95", "opencorporates": "us_de/3582691"}
    assert app.ingest_files([tmp_path / "given.yaml"]).identifiers == {}  # once
    app.rebuild()
    assert {r[:2]: r for r in index_rows(store_location)} == after


def test_a_stored_identifier_that_comes_back_changed_is_refused_and_nothing_is_stored(
    app, tmp_path
):
    (tmp_path / "given.yaml").write_text(GIVEN, encoding="utf-8")
    (tmp_path / "changed.yaml").write_text(GIVEN.replace("Q95", "Q96"), encoding="utf-8")
    app.ingest_files([tmp_path / "given.yaml"])
    count = len(app.entity_events("acme"))
    with pytest.raises(TimelineError, match="stored with the wikidata 'Q95'"):
        app.ingest_files([tmp_path / "changed.yaml"])
    assert len(app.entity_events("acme")) == count


def test_json_lines_give_identifiers_as_yaml_does(tmp_path):
    line = {"entity": {"id": "acme", "name": "Acme", "kind": "company", "identifiers": MICROSOFT}}
    (tmp_path / "e.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    app = open_store(str(tmp_path / "store.sqlite"))
    assert app.ingest_files([tmp_path / "e.jsonl"]).identifiers == {"acme": MICROSOFT}
    app.close()


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (wikidata, ["Q95", "Q21708200"], ["Q0", "q95", "95", "Q95a"]),
        (
            lei,
            ["INR2EJN1ERAN0W5ZP974", "5493006MHB84DD0ZWV18"],
            [
                "INR2EJN1ERAN0W5ZP975",
                "inr2ejn1eran0w5zp974",
                "INR2EJN1ERAN0W5ZP9",
                "INR2EJN1ERAN0W5ZPA74",
            ],
        ),
        (opencorporates, ["gb/00445790", "us_de/2073212"], ["00445790", "GB/1", "usa/1", "gb/"]),
    ],
)
def test_each_scheme_takes_its_own_shape_and_no_other(check, good, bad):
    assert [check(v) for v in good] == good
    for value in bad:
        with pytest.raises(TimelineError):
            check(value)
