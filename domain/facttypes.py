"""Every fact type, declared once, in ``REGISTRY``: its event class, its fields with
their parsers and roles, how it folds into a company's state, and its words.

The event-file reader, the store, the state, ``history``/``why``/``diff``, text and
every export read ``REGISTRY``; ``docs/fact_types.py`` writes the docs' table of
types and the schemas from it. Adding a type is one ``REGISTRY.declare(FactType(...))``
(see ``docs/adding-a-fact-type.md``); ``REGISTRY.scoped(...)`` declares one for a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import events as ev
from . import parsers as p
from .company_life import COMPANY_LIFE
from .quantities import Money
from .registry import FactType, Field, Fold, Registry
from .words import Names, called, money_text, word

REGISTRY = Registry()


def summary(kind: str, values: Mapping[str, Any], names: Names) -> str:
    """One line in words for a fact of ``kind`` with these values."""
    declared = REGISTRY.get(kind)
    return declared.words(values, names) if declared else kind


def _founded(v: Mapping[str, Any], names: Names) -> str:
    founders = f" by {', '.join(v['founders'])}" if v.get("founders") else ""
    return f"{names(v['entity'])} founded{founders}"


def _round(v: Mapping[str, Any], names: Names) -> str:
    figures = [money_text(m) for m in ([v["amount"]] if v.get("amount") else [])]
    figures += [money_text(m) for m in v.get("equivalents") or ()]
    text = f"{v['round']} round" + (f" of {' / '.join(figures)}" if figures else "")
    if v.get("lead_investors"):
        text += f", led by {called(names, v['lead_investors'])}"
    if v.get("investors"):
        text += f", with {called(names, v['investors'])}"
    return text + (f", as {word(v['instrument'])}" if v.get("instrument") else "")


def _stake(v: Mapping[str, Any], names: Names) -> str:
    share = f" {v['share']}" if v.get("share") else " a stake"
    return f"{names(v['holder'])} holds{share} of {names(v['entity'])}"


def _corrected(v: Mapping[str, Any], names: Names) -> str:
    changes = "; ".join(f"{word(k)} {_value(x, names)}" for k, x in sorted(v["changes"].items()))
    return f"corrects {v['target']}: {changes}"


def _value(x: Any, names: Names) -> str:
    if isinstance(x, Money):
        return money_text(x)
    if isinstance(x, list):
        return ", ".join(_value(i, names) for i in x)
    return "yes" if x is True else "no" if x is False else str(x)


def _field(name: str, parse: p.Parser, example: Any, *more: Any, **named: Any) -> Field:
    return Field(name, parse, example, *more, **named)


def _text(name: str, example: str) -> Field:
    return Field(name, p.text, example)


CHANNELS = _field("channels", p.texts, ["web"], doc="where it is offered", shape="texts")
TARGET = _field(
    "target", p.slug, "seed-round", True, doc="the id of the fact it amends", shape="id"
)
REASON = _field("reason", p.text, "the report was wrong", doc="why, as reported")
AMOUNT = _field("amount", p.money, "EUR 1000000", doc="the round's amount", shape="amount")

FIRST_TYPES = [
    FactType(
        "company_founded",
        ev.CompanyFounded,
        "timeline.domain.events:CompanyFounded",
        _founded,
        "the company was founded",
        fields=(_field("founders", p.texts, ["Ada Lovelace"], shape="texts"),),
        fold=Fold("founded", "founding", "Founded"),
    ),
    FactType(
        "funding_round",
        ev.FundingRoundAnnounced,
        "timeline.domain.events:FundingRoundAnnounced",
        _round,
        "a funding round: reports of one round (by `round`) are merged",
        fields=(
            _field("round", p.slug, "seed", True, shape="id"),
            AMOUNT,
            _field("equivalents", p.moneys, [], shape="amounts"),
            _field("lead_investors", p.slugs, ["fund"], role="lead_investor", shape="ids"),
            _field("investors", p.slugs, [], role="investor", shape="ids"),
            _field("instrument", p.choice(*p.INSTRUMENTS), "equity", shape="choice"),
            _field("post_money_valuation", p.money, "EUR 5000000", shape="amount"),
            _field("valuation_unchanged", p.boolean, "false", shape="boolean"),
            _text("conversion", "converts at the next round"),
        ),
        fold=Fold("funding_rounds", "rounds", "Funding rounds"),
        sets=("total_raised", "valuation"),
    ),
    FactType(
        "stake_reported",
        ev.StakeReported,
        "timeline.domain.events:StakeReported",
        _stake,
        "an entity holds a stake in the company",
        fields=(
            _field("holder", p.slug, "fund", True, role="holder", shape="id"),
            _field("share", p.share, "<1%", shape="share"),
            _text("vehicle", "a fund"),
        ),
        fold=Fold("investors", "stakes", "Investors"),
    ),
    FactType(
        "product_launched",
        ev.ProductLaunched,
        "timeline.domain.events:ProductLaunched",
        lambda v, names: f"{v['product']} launched",
        "a product was launched",
        fields=(
            _field("product", p.text, "Widget", True),
            _field("weights", p.choice("open", "closed"), "open", shape="choice"),
            CHANNELS,
        ),
        fold=Fold("products", "products", "Products"),
    ),
    FactType(
        "partnership_signed",
        ev.PartnershipSigned,
        "timeline.domain.events:PartnershipSigned",
        lambda v, names: f"{v['kind']} partnership with {names(v['partner'])}",
        "a partnership with another entity",
        fields=(
            _field("partner", p.slug, "fund", True, role="partner", shape="id"),
            _field("kind", p.text, "distribution", True),
            CHANNELS,
        ),
        fold=Fold("partnerships", "partnerships", "Partnerships"),
    ),
    FactType(
        "regulator_statement",
        ev.RegulatorStatementMade,
        "timeline.domain.events:RegulatorStatementMade",
        lambda v, names: f"{names(v['authority'])} will examine {v['examines']}",
        "an authority said it will examine something",
        fields=(
            _field("authority", p.slug, "fund", True, role="regulator", shape="id"),
            _field("examines", p.text, "the deal", True),
            _field("parties", p.slugs, [], role="party", shape="ids"),
        ),
        fold=Fold("regulatory", "regulatory", "Regulatory attention"),
    ),
    FactType(
        "regulatory_scrutiny",
        ev.RegulatoryScrutinyReported,
        "timeline.domain.events:RegulatoryScrutinyReported",
        lambda v, names: f"{called(names, v['authorities'])} scrutinise {v['subject']}",
        "authorities are reported to scrutinise something",
        fields=(
            _field("authorities", p.slugs, ["fund"], True, role="regulator", shape="ids"),
            _field("subject", p.text, "the deal", True),
        ),
        fold=Fold("regulatory", "regulatory", "Regulatory attention"),
    ),
    FactType(
        "report_corrected",
        ev.ReportCorrected,
        "timeline.domain.events:ReportCorrected",
        _corrected,
        "a later report changes fields of an earlier fact",
        fields=(TARGET,),
    ),
    FactType(
        "report_retracted",
        ev.ReportRetracted,
        "timeline.domain.events:ReportRetracted",
        lambda v, names: f"retracts {v['target']}",
        "a later report withdraws an earlier fact",
        fields=(TARGET, REASON),
    ),
]

for _kind in [*FIRST_TYPES, *COMPANY_LIFE]:
    REGISTRY.declare(_kind)

# The section each role shows in on the entity that plays it, beside its own facts.
ROLE_SECTIONS: dict[str, tuple[str, str]] = {
    "lead_investor": ("investments", "Investments"),
    "investor": ("investments", "Investments"),
    "holder": ("stakes_held", "Stakes held"),
    "partner": ("partnerships_with", "Partner of"),
    "regulator": ("oversight", "Regulatory oversight"),
    "party": ("party_to", "Party to regulatory matters"),
    "acquirer": ("acquisitions", "Acquisitions"),
}
