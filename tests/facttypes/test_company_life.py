"""What the new fact types mean on a small file: the state a reader would expect."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

LIFE = """\
sources:
  - {id: wire, title: A wire story, published: "2024-03-01T09:00:00+00:00"}
entities:
  - {id: acme, name: Acme Labs, kind: company}
  - {id: bigco, name: BigCo, kind: company}
  - {id: court, name: The Court, kind: regulator}
events:
  - {id: ada-joins, type: person_joined, entity: acme, person: Ada, role: chief executive,
     valid: 2020-01-10, source: wire, quote: q}
  - {id: bob-joins, type: person_joined, entity: acme, person: Bob, role: CTO,
     valid: 2021-03-01, source: wire, quote: q}
  - {id: ada-leaves, type: person_left, entity: acme, person: Ada, role: chief executive,
     valid: 2023-05-02, source: wire, quote: q}
  - {id: renamed, type: company_renamed, entity: acme, name: Acme Labs, previous_name: Acme Ltd,
     valid: 2022-01-15, source: wire, quote: q}
  - {id: staff-1, type: headcount_reported, entity: acme, headcount: "~600",
     valid: 2022-06-01, source: wire, quote: q}
  - {id: staff-2, type: headcount_reported, entity: acme, headcount: "750",
     valid: 2023-06-01, source: wire, quote: q}
  - {id: valued, type: valuation_reported, entity: acme, valuation: USD 90000000,
     basis: post-money, valid: 2022-09-01, source: wire, quote: q}
  - {id: fined, type: legal_decision, entity: acme, authority: court, decision: fined,
     fine: EUR 10000, valid: 2022-11-02, source: wire, quote: q}
  - {id: bought, type: acquisition, entity: acme, acquirer: bigco, status: completed,
     amount: USD 5000000, valid: 2023-09-01, source: wire, quote: q}
  - {id: closed, type: company_closed, entity: acme, reason: merged into BigCo,
     valid: 2024-01-15, source: wire, quote: q}
"""


@pytest.fixture
def at(tmp_path):
    (tmp_path / "life.yaml").write_text(LIFE, encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    assert (
        CliRunner().invoke(cli, ["--store", store, "ingest", str(tmp_path / "life.yaml")]).exit_code
        == 0
    )

    def state(day, entity="acme"):
        args = ["--store", store, "at", day, "--entity", entity, "--format", "json"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["entities"][0]

    return state


def test_leadership_is_who_holds_a_role_on_the_day(at):
    assert [p["person"] for p in at("2020-06-01")["leadership"]] == ["Ada"]
    assert [p["person"] for p in at("2022-06-01")["leadership"]] == ["Ada", "Bob"]
    assert [p["person"] for p in at("2023-06-01")["leadership"]] == ["Bob"]


def test_before_its_rename_a_company_shows_its_old_name(at):
    assert at("2021-06-01")["entity"]["name"] == "Acme Ltd"
    assert at("2022-06-01")["entity"]["name"] == "Acme Labs"


def test_the_latest_headcount_and_valuation_are_shown_with_their_figures(at):
    assert at("2022-12-01")["headcount"]["headcount"] == "~600"
    assert at("2023-12-01")["headcount"]["headcount"] == "750"
    assert at("2023-01-01")["reported_valuation"]["valuation"]["amount"] == "90000000"
    assert at("2023-01-01")["legal"][0]["fine"] == {
        "amount": "10000",
        "approximate": False,
        "currency": "EUR",
    }


def test_an_acquisition_shows_on_the_company_bought_and_on_its_buyer(at):
    assert at("2023-08-01")["acquired_by"] == [] and at("2023-08-01", "bigco")["exists"] is False
    (bought,) = at("2023-10-01")["acquired_by"]
    assert (bought["acquirer"], bought["status"]) == ("bigco", "completed")
    (what,) = at("2023-10-01", "bigco")["acquisitions"]
    assert (what["key"], what["amount"]["amount"]) == ("acme", "5000000")


def test_a_closed_company_says_so_from_the_day_it_closed(at):
    assert at("2024-01-01")["closed"] is None
    assert at("2024-02-01")["closed"]["reason"] == "merged into BigCo"
