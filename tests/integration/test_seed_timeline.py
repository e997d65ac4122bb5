"""The seed replayed into a fresh store, read at the dates the article makes interesting.

The JSON at each date is also kept under tests/golden/ (regenerate with
UPDATE_GOLDEN=1 after a deliberate change, and read the diff).
"""

import contextlib
import json
import os
from pathlib import Path

import pytest
import yaml
from factories import day, strip_recorded

from company_timeline.domain import Money, Share, TimelineError
from company_timeline.projections.exports.json_documents import dumps, snapshot_document
from company_timeline.projections.plain import plain
from company_timeline.projections.queries import snapshot

GOLDEN = Path(__file__).parent.parent / "golden"
DATES = ["2023-03-15", "2023-07-01", "2023-12-15", "2024-01-15", "2024-02-26", "2024-02-27"]


@pytest.fixture
def seeded(app, seed_file):
    app.ingest_files([seed_file])
    return app


def mistral(app, on):
    snap, _ = snapshot(app, day(on), entity="mistral-ai")
    return snap.entities[0]


def test_before_its_founding_mistral_ai_does_not_exist(seeded):
    state = mistral(seeded, "2023-03-15")
    assert not state.exists and state.uncertain == ()


def test_after_the_founding_round_mistral_ai_has_raised_its_seed(seeded):
    state = mistral(seeded, "2023-07-01")
    assert state.founded.valid == "2023-05~"
    assert [r.name for r in state.funding_rounds] == ["seed"]
    assert [str(m) for m in state.total_raised.by_currency] == ["EUR 105000000"]
    # The article's own report of the seed is dated only "before December 2023".
    assert [u.event for u in state.uncertain] == ["mistral-ai-seed-round-usd"]


def test_series_a_is_uncertain_in_mid_december(seeded):
    state = mistral(seeded, "2023-12-15")
    assert [r.name for r in state.funding_rounds] == ["seed"]
    assert [u.event for u in state.uncertain] == ["mistral-ai-series-a"]


def test_in_mid_january_the_series_a_and_its_valuation_are_known(seeded):
    state = mistral(seeded, "2024-01-15")
    assert [r.name for r in state.funding_rounds] == ["seed", "series_a"]
    assert [str(m) for m in state.total_raised.by_currency] == ["EUR 490000000"]
    assert [str(m) for m in state.total_raised.equivalents] == ["~USD 528000000"]
    assert str(state.valuation.value) == "~USD 2000000000"
    assert state.products == () and state.regulatory == ()


def test_on_launch_day_the_commission_s_statement_is_still_uncertain(seeded):
    state = mistral(seeded, "2024-02-26")
    assert "series_a_extension" in [r.name for r in state.funding_rounds]
    assert [p.name for p in state.products] == [
        "chat assistant (not named in the article)",
        "Mistral Large",
    ]
    assert [u.event for u in state.uncertain] == ["european-commission-statement"]


def test_on_the_article_s_day_microsoft_mistral_large_azure_and_the_commission_are_known(seeded):
    state = mistral(seeded, "2024-02-27")
    extension = state.funding_rounds[-1]
    assert (extension.name, str(extension.amount), extension.investors) == (
        "series_a_extension",
        "EUR 15000000",
        ("microsoft",),
    )
    assert extension.instrument == "equity"  # the correction is applied
    assert extension.valuation_unchanged is True
    assert str(state.valuation.value) == "~USD 2000000000"
    assert [str(m) for m in state.total_raised.by_currency] == ["EUR 505000000"]
    microsoft = next(i for i in state.investors if i.entity == "microsoft")
    assert str(microsoft.share) == "<1%"
    assert state.partnerships[0].partner == "microsoft"
    assert state.partnerships[0].channels == ("Azure",)
    large = next(p for p in state.products if p.name == "Mistral Large")
    assert large.weights == "closed"
    assert state.regulatory[0].authorities == ("european-commission",)
    assert state.uncertain == ()


@pytest.mark.parametrize("on", DATES)
def test_the_seed_matches_its_golden_json(seeded, on):
    snap, record = snapshot(seeded, day(on), entity="mistral-ai")
    document = strip_recorded(snapshot_document(snap, record))
    golden = GOLDEN / f"mistral-ai-{on}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dumps(document) + "\n", encoding="utf-8")
    assert document == json.loads(golden.read_text(encoding="utf-8"))


def test_every_field_the_seed_states_appears_at_the_article_s_date_with_its_source(
    seeded, seed_file
):
    snap, record = snapshot(seeded, day("2024-02-27"))
    by_entity = {s["entity"]["id"]: s for s in snapshot_document(snap, record)["entities"]}
    data = yaml.load(seed_file.read_text(), Loader=yaml.BaseLoader)
    corrected = {(e["target"], k) for e in data["events"] for k in e.get("changes", {})}
    for event in data["events"]:
        state = by_entity[event["entity"]]
        subtrees = set(_subtrees(state))
        evidence = next(e for e in state["evidence"] if e["event"] == event["id"])
        assert evidence["source"] == event["source"] and event["source"] in state["sources"]
        for key, value in event.items():
            if (
                key in ("id", "type", "entity", "source", "target")
                or (event["id"], key) in corrected
            ):
                continue
            for item in value if isinstance(value, list) else [value]:
                if key == "changes":
                    item = list(value.values())
                assert _found(item, subtrees), f"{event['id']}.{key} = {item!r} is not in the state"


def _subtrees(node):
    yield json.dumps(node, sort_keys=True)
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _subtrees(child)


def _found(value, subtrees):
    candidates = [json.dumps(value)]
    for parse in (Money.parse, Share.parse):
        with contextlib.suppress(TimelineError, AttributeError):
            candidates.append(json.dumps(plain(parse(value)), sort_keys=True))
    if value in ("true", "false"):
        candidates.append(value)
    if isinstance(value, list):
        return all(_found(v, subtrees) for v in value)
    return any(c in subtrees for c in candidates)
