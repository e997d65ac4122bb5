"""Relations on the seed: every entity a fact names sees it, as known at the moment asked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

FIRST_VERSION = "2024-02-27T10:00:00+01:00"  # before the article's correction
SERIES_A, EXTENSION = "mistral-ai-series-a", "microsoft-series-a-extension"


def run(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def state(store: str, day: str, entity: str, *more: str) -> dict:
    args = ["at", day, "--entity", entity, "--format", "json", *more]
    (found,) = json.loads(run(store, *args))["entities"]
    return found


def test_microsoft_sees_its_eur_15m_in_mistral_ai_as_equity_after_the_correction(seeded_store):
    (investment,) = state(seeded_store, "2024-02-27", "microsoft")["investments"]
    assert (investment["entity"], investment["round"]) == ("mistral-ai", "series_a_extension")
    assert investment["own_amount"]["amount"] == "15000000"
    assert investment["own_amount"]["currency"] == "EUR"
    assert investment["instrument"] == "equity"
    assert "microsoft-investment-not-a-convertible-note" in investment["events"]
    text = run(seeded_store, "at", "2024-02-27", "--entity", "microsoft")
    assert "Mistral AI, series_a_extension (2024-02-26); put in EUR 15,000,000; equity" in text


def test_as_first_published_microsofts_investment_is_a_convertible_note(seeded_store):
    known = ("--as-known-at", FIRST_VERSION)
    (investment,) = state(seeded_store, "2024-02-27", "microsoft", *known)["investments"]
    assert investment["instrument"] == "convertible_note"
    text = run(seeded_store, "at", "2024-02-27", "--entity", "microsoft", *known)
    assert "put in EUR 15,000,000; convertible note" in text


def test_microsoft_sees_its_stakes_and_the_azure_partnership(seeded_store):
    microsoft = state(seeded_store, "2024-02-27", "microsoft")
    stakes = {s["entity"]: s["share"] for s in microsoft["stakes_held"]}
    assert stakes["mistral-ai"]["text"] == "<1%" and "openai" in stakes
    (partnership,) = microsoft["partnerships_with"]
    assert (partnership["entity"], partnership["kind"]) == ("mistral-ai", "distribution")
    assert [i["currency"] for i in microsoft["invested"]["by_currency"]] == ["EUR"]
    text = run(seeded_store, "at", "2024-02-27", "--entity", "microsoft")
    assert "Microsoft holds <1% of Mistral AI" in text and "Partner of" in text


def test_a16z_led_the_series_a_and_says_so_without_a_guessed_amount(seeded_store):
    a16z = state(seeded_store, "2024-02-27", "andreessen-horowitz")
    assert a16z["exists"]
    (investment,) = a16z["investments"]
    assert (investment["round"], investment["led"]) == ("series_a", True)
    assert investment["round_amount"]["amount"] == "385000000"
    assert investment["own_amount"] is None and a16z["invested"] is None  # never a guessed share
    text = run(seeded_store, "at", "2024-02-27", "--entity", "andreessen-horowitz")
    assert "Mistral AI, series_a (2023-12); in a round of EUR 385,000,000; led it" in text
    assert "does not exist yet" not in text


def test_on_2023_12_15_the_series_a_a16z_led_is_uncertain(seeded_store):
    a16z = state(seeded_store, "2023-12-15", "andreessen-horowitz")
    assert a16z["investments"] == []
    assert [(u["event"], u["entity"]) for u in a16z["uncertain"]] == [
        ("mistral-ai-series-a", "mistral-ai")
    ]
    text = run(seeded_store, "at", "2023-12-15", "--entity", "andreessen-horowitz")
    assert "Uncertain on 2023-12-15" in text and "mistral-ai-series-a (2023-12)" in text


def test_a_regulator_sees_what_it_looks_at(seeded_store):
    commission = state(seeded_store, "2024-02-27", "european-commission")
    assert [o["entity"] for o in commission["oversight"]] == ["mistral-ai"]
    microsoft = state(seeded_store, "2024-02-27", "microsoft")
    assert [p["key"] for p in microsoft["party_to"]] == ["mistral-ai:european-commission-statement"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--involving", "microsoft", "--type", "funding_round"], ["microsoft-series-a-extension"]),
        (
            ["--involving", "andreessen-horowitz", "--role", "lead_investor"],
            ["mistral-ai-series-a"],
        ),
        (
            ["--involving", "microsoft", "--role", "holder"],
            ["microsoft-stake-in-openai", "microsoft-stake-in-mistral-ai"],
        ),
        (
            ["--type", "funding_round", "--valid-between", "2023-01-01", "2023-12-31"],
            ["mistral-ai-seed-round-usd", "mistral-ai-seed-round", "mistral-ai-series-a"],
        ),
        (["--involving", "microsoft", "--as-known-at", "2024-02-26"], []),
    ],
)
def test_events_filters_combine(seeded_store, args, expected):
    found = json.loads(run(seeded_store, "events", "--format", "json", *args))["events"]
    assert [e["id"] for e in found] == expected


def test_a_span_straddled_is_marked_uncertain(seeded_store):
    args = ["events", "--format", "json", "--valid-between", "2023-12-01", "2023-12-20"]
    found = {e["id"]: e["uncertain"] for e in json.loads(run(seeded_store, *args))["events"]}
    assert found["mistral-ai-series-a"] is True


def test_changes_lists_what_the_store_learned_between_two_knowledge_times(seeded_store):
    args = ["changes", FIRST_VERSION, "2024-03-01", "--format", "json"]
    document = json.loads(run(seeded_store, *args))
    assert document["schema"] == "timeline.changes/1"
    assert [(c["change"], c["event"]["id"], c["amends"]) for c in document["changes"]] == [
        ("new", "european-commission-statement", None),
        (
            "correction",
            "microsoft-investment-not-a-convertible-note",
            "microsoft-series-a-extension",
        ),
    ]
    assert all(c["event"]["quotes"] and c["event"]["source"] for c in document["changes"])
    text = run(seeded_store, "changes", FIRST_VERSION, "2024-03-01")
    assert text.startswith("1 new fact, 1 correction, 0 retractions")


@pytest.mark.parametrize(
    "args",
    [
        ["events", "--role", "investor"],
        ["events", "--involving", "microsoft", "--role", "owner"],
        ["events", "--type", "funding"],
        ["events", "--valid-between", "2024-01-01", "2023-01-01"],
        ["changes", "2024-03-01", "2024-02-01"],
    ],
)
def test_a_bad_filter_is_one_line_and_exit_2(seeded_store, args):
    result = CliRunner().invoke(cli, ["--store", seeded_store, *args])
    assert result.exit_code == 2 and "Traceback" not in result.output
