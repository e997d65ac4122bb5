"""A type with rules of its own, declared in this module and nowhere else.

A share buyback lowers what a holder keeps: its rule sees the ``investors`` section
folded before it and changes the holder's share there, and lists the buybacks in a
section of its own. It reaches every output, and once its scope ends nothing of it
is left: the shipped seed ingests as before.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from click.testing import CliRunner
from walk import HEAD, event, timeline, walk

from company_timeline.cli.main import cli
from company_timeline.domain import Fact, Share
from company_timeline.domain import parsers as p
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.registry import FactType, Field, Fold
from company_timeline.projections.folds import Line, Shape, item
from company_timeline.projections.rules import plan


class ShareBuyback(Fact):
    holder: str
    share: Share  # what the holder keeps after it


class Buybacks:
    """Each buyback, and the holder's share lowered to what it keeps."""

    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {fold.section: Shape(fold.title, lines=_lines)}

    def fold(self, fold: Fold, items: Sequence[Any], sections: dict[str, Any]) -> dict[str, Any]:
        kept = {i.fact.holder: i.fact.share for i in items}
        investors = tuple(
            dataclasses.replace(h, share=kept[h.entity]) if h.entity in kept else h
            for h in sections.get("investors", ())
        )
        return {fold.section: tuple(item(i, i.fact.holder) for i in items), "investors": investors}


def _lines(items: Any, names: Any, entity: str) -> list[Line]:
    return [Line(f"{names(i.key)} sold back to {names(entity)}, keeps {i.values['share']}", i.cited)
            for i in items or ()]  # fmt: skip


SHARE_BUYBACK = FactType(
    "share_buyback",
    ShareBuyback,
    "tests.ShareBuyback",
    lambda v, names: f"{names(v['entity'])} bought back shares from {names(v['holder'])}",
    "the company bought back shares from a holder",
    fields=(
        Field("holder", p.slug, "fund", True, "holder", "who sold them back", "id"),
        Field("share", p.share, "5%", True, doc="what the holder keeps", shape="share"),
    ),
    fold=Fold("buybacks", Buybacks(), "Share buybacks"),
    sets=("investors",),  # its rule changes a section another type's rule made
)


@pytest.fixture
def share_buyback():
    with REGISTRY.scoped(SHARE_BUYBACK) as (kind,):
        yield kind


def test_a_bespoke_type_declared_in_one_module_reaches_every_output(share_buyback, tmp_path):
    out = walk(share_buyback, tmp_path)
    assert "The Fund sold back to Acme, keeps 5%" in out["at"]
    (state,) = json.loads(out["at json"])["entities"]
    assert [b["share"]["text"] for b in state["declared"]["buybacks"]] == ["5%"]


def test_its_rule_lowers_the_holders_stake_the_sections_before_it_made(share_buyback, tmp_path):
    stake = {**event(REGISTRY["stake_reported"], "2022-01-04"), "share": "10%"}
    buyback = event(share_buyback, "2023-03-01")
    path = tmp_path / "facts.yaml"
    path.write_text(json.dumps({**HEAD, "events": [stake, buyback]}), encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    timeline(store, "ingest", str(path))

    def share(day: str) -> str:
        args = ["at", day, "--entity", "acme", "--format", "json"]
        (state,) = json.loads(timeline(store, *args))["entities"]
        return str(state["investors"][0]["share"]["text"])

    assert (share("2022-06-01"), share("2023-06-01")) == ("10%", "5%")
    history = json.loads(timeline(store, "history", "acme", "investors", "--format", "json"))
    (values,) = [f["values"] for f in history["fields"] if f["path"] == "investors.fund.share"]
    assert [v["value"]["text"] for v in values] == ["10%", "5%"]


def test_nothing_of_it_is_left_after_its_scope_and_the_seed_ingests(tmp_path):
    before = (REGISTRY.names(), plan().shapes.keys())
    with REGISTRY.scoped(SHARE_BUYBACK):
        assert "buybacks" in plan().shapes
    assert (REGISTRY.names(), plan().shapes.keys()) == before
    assert "tests.ShareBuyback" not in REGISTRY.stored_names()
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.sqlite"), "seed"])
    assert result.exit_code == 0, result.output
