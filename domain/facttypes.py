"""Every fact type, declared once: its event class, its fields and their parsers,
how it folds into a company's state, and its words for people.

The event-file reader, the stored names, the state, ``history``/``why``/``diff``,
text and every export read these declarations; ``docs/fact_types.py`` writes
the table of types in ``docs/event-files.md`` from them. Adding a type is one
``declare(FactType(...))`` (see ``docs/adding-a-fact-type.md``).

The first nine types fold by rules of their own (``projections/state.py``:
rounds merge, totals, valuations); a type declared with a ``Fold`` is folded by
the generic rule that ``kind`` names, with no code elsewhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from eventsourcing.utils import register_topic

from . import events as ev
from . import parsers as p
from .errors import TimelineError
from .quantities import Money
from .topics import NAMES, STORED_NAMES
from .words import Names, called, money, word

Words = Callable[[Mapping[str, Any], Names], str]


@dataclass(frozen=True)
class Field:
    """A field of its own: how it is read from a file, and an example for docs and tests."""

    name: str
    parse: p.Parser
    example: Any  # as an event file writes it
    required: bool = False
    entity: bool = False  # its values are entity ids, which must be declared
    doc: str = ""
    shape: str = "text"  # for the JSON schemas: text, id, amount, count, or one of `options`
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fold:
    """How facts of a type become a section of the state, with no code of their own.

    ``kind``: ``list`` keeps an item per ``key`` (a later fact of the same key
    replaces it), ``latest`` keeps the last fact by valid time, ``remove`` ends
    the item of its ``key`` in a ``list`` section another type fills.
    """

    section: str
    kind: str
    title: str
    key: tuple[str, ...] = ()
    # (field, section, title): the fact shows on the entity that field names too,
    # in a list section of its own keyed by the fact's entity (what an acquirer bought).
    also: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class FactType:
    name: str  # as event files write it: never changes
    event: type[ev.Fact]
    stored_name: str  # as the store keeps it: never changes
    words: Words  # one line for people
    doc: str
    fields: tuple[Field, ...] = ()  # those not already in parsers.FACT_FIELDS
    fold: Fold | None = None  # None: a rule of its own in projections/state.py
    sections: tuple[str, ...] = ()  # the state's sections it can set
    examples: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def example(self) -> dict[str, Any]:
        """One valid fact's own fields, as an event file writes them."""
        return {**{f.name: f.example for f in self.fields}, **self.examples}


DECLARED: dict[str, FactType] = {}
# Bumped whenever the declarations change, so what is derived from them can be cached.
GENERATION = [0]


def declare(kind: FactType) -> FactType:
    """Make a fact type known to every part of the engine."""
    if kind.name in DECLARED or kind.stored_name in STORED_NAMES:
        raise TimelineError(f"fact type {kind.name!r} is declared twice")
    for f in kind.fields:
        if p.FACT_FIELDS.get(f.name, f.parse) is not f.parse:
            raise TimelineError(f"field {f.name!r} of {kind.name!r} has another parser already")
    DECLARED[kind.name] = kind
    ev._FACT_TYPES[kind.name] = kind.event
    ev._TYPE_NAMES[kind.event] = kind.name
    for f in kind.fields:
        p.FACT_FIELDS[f.name] = f.parse
        if f.entity:
            p.ENTITY_REFS.add(f.name)
    STORED_NAMES[kind.stored_name] = kind.event
    NAMES[kind.event] = kind.stored_name
    register_topic(kind.stored_name, kind.event)
    GENERATION[0] += 1
    return kind


@contextlib.contextmanager
def declared(kind: FactType) -> Iterator[FactType]:
    """A type known only inside the block: for tests that add one."""
    declare(kind)
    try:
        yield kind
    finally:
        del DECLARED[kind.name], ev._FACT_TYPES[kind.name], ev._TYPE_NAMES[kind.event]
        del STORED_NAMES[kind.stored_name], NAMES[kind.event]
        GENERATION[0] += 1
        for f in kind.fields:
            if not any(f.name in {g.name for g in k.fields} for k in DECLARED.values()):
                p.FACT_FIELDS.pop(f.name, None)
                p.ENTITY_REFS.discard(f.name)


def summary(kind: str, values: Mapping[str, Any], names: Names) -> str:
    return DECLARED[kind].words(values, names) if kind in DECLARED else kind


# ---- words of the first nine types ---------------------------------------------


def _founded(v: Mapping[str, Any], names: Names) -> str:
    founders = f" by {', '.join(v['founders'])}" if v.get("founders") else ""
    return f"{names(v['entity'])} founded{founders}"


def _round(v: Mapping[str, Any], names: Names) -> str:
    figures = [money(m) for m in ([v["amount"]] if v.get("amount") else [])]
    figures += [money(m) for m in v.get("equivalents") or ()]
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
        return money(x)
    if isinstance(x, list):
        return ", ".join(_value(i, names) for i in x)
    return "yes" if x is True else "no" if x is False else str(x)


def _named(field: str) -> Callable[[Mapping[str, Any], Names], str]:
    return lambda v, names: names(v[field])


FIRST_TYPES = [
    FactType(
        "company_founded",
        ev.CompanyFounded,
        "timeline.domain.events:CompanyFounded",
        _founded,
        "the company was founded",
        sections=("founded",),
        examples={"founders": ["Ada Lovelace"]},
    ),
    FactType(
        "funding_round",
        ev.FundingRoundAnnounced,
        "timeline.domain.events:FundingRoundAnnounced",
        _round,
        "a funding round: reports of one round (by `round`) are merged",
        sections=("funding_rounds", "total_raised", "valuation", "investors"),
        examples={"round": "seed", "amount": "EUR 1000000", "lead_investors": ["fund"]},
    ),
    FactType(
        "stake_reported",
        ev.StakeReported,
        "timeline.domain.events:StakeReported",
        _stake,
        "an entity holds a stake in the company",
        sections=("investors",),
        examples={"holder": "fund", "share": "<1%"},
    ),
    FactType(
        "product_launched",
        ev.ProductLaunched,
        "timeline.domain.events:ProductLaunched",
        lambda v, names: f"{v['product']} launched",
        "a product was launched",
        sections=("products",),
        examples={"product": "Widget", "channels": ["web"]},
    ),
    FactType(
        "partnership_signed",
        ev.PartnershipSigned,
        "timeline.domain.events:PartnershipSigned",
        lambda v, names: f"{v['kind']} partnership with {names(v['partner'])}",
        "a partnership with another entity",
        sections=("partnerships",),
        examples={"partner": "fund", "kind": "distribution"},
    ),
    FactType(
        "regulator_statement",
        ev.RegulatorStatementMade,
        "timeline.domain.events:RegulatorStatementMade",
        lambda v, names: f"{names(v['authority'])} will examine {v['examines']}",
        "an authority said it will examine something",
        sections=("regulatory",),
        examples={"authority": "fund", "examines": "the deal"},
    ),
    FactType(
        "regulatory_scrutiny",
        ev.RegulatoryScrutinyReported,
        "timeline.domain.events:RegulatoryScrutinyReported",
        lambda v, names: f"{called(names, v['authorities'])} scrutinise {v['subject']}",
        "authorities are reported to scrutinise something",
        sections=("regulatory",),
        examples={"authorities": ["fund"], "subject": "the deal"},
    ),
    FactType(
        "report_corrected",
        ev.ReportCorrected,
        "timeline.domain.events:ReportCorrected",
        _corrected,
        "a later report changes fields of an earlier fact",
    ),
    FactType(
        "report_retracted",
        ev.ReportRetracted,
        "timeline.domain.events:ReportRetracted",
        lambda v, names: f"retracts {v['target']}",
        "a later report withdraws an earlier fact",
    ),
]
for _kind in FIRST_TYPES:
    DECLARED[_kind.name] = _kind  # their classes, parsers and names are set up already

# ---- the rest of a company's life ------------------------------------------------

STATUSES = ("announced", "completed", "abandoned")
_COUNT = re.compile(r"~?\d+")


def headcount(value: Any) -> str:
    if not isinstance(value, str) or not _COUNT.fullmatch(value.strip()):
        raise TimelineError(
            f"{value!r} is not a headcount: write digits, with a leading ~ for 'about'"
        )
    return value.strip()


class AcquisitionReported(ev.Fact):
    acquirer: str
    status: str
    amount: Money | None = None


class PersonJoined(ev.Fact):
    person: str
    role: str


class PersonLeft(ev.Fact):
    person: str
    role: str


class ValuationReported(ev.Fact):
    valuation: Money
    basis: str | None = None


class HeadcountReported(ev.Fact):
    headcount: str


class LegalDecisionMade(ev.Fact):
    authority: str
    decision: str
    fine: Money | None = None


class CompanyRenamed(ev.Fact):
    name: str
    previous_name: str | None = None


class CompanyClosed(ev.Fact):
    reason: str | None = None


def _about(count: str) -> str:
    return f"about {count[1:]}" if count.startswith("~") else count


PERSON = Field("person", p.text, "Grace Hopper", required=True, doc="the person's name")
ROLE = Field("role", p.text, "chief executive", required=True, doc="the role, in words")

for _kind in [
    FactType(
        "acquisition",
        AcquisitionReported,
        "timeline.AcquisitionReported",
        lambda v, names: (
            f"{names(v['entity'])} acquired by {names(v['acquirer'])} ({v['status']})"
            + (f" for {money(v['amount'])}" if v.get("amount") else "")
        ),
        "the company is acquired (its entity is the company acquired)",
        fields=(
            Field("acquirer", p.slug, "fund", True, True, "the entity acquiring it", "id"),
            Field(
                "status",
                p.choice(*STATUSES),
                "completed",
                True,
                doc="how far the deal went: announced, completed or abandoned",
                shape="choice",
                options=STATUSES,
            ),
        ),
        fold=Fold(
            "acquired_by",
            "list",
            "Acquired",
            ("acquirer",),
            also=("acquirer", "acquisitions", "Acquisitions"),
        ),
        examples={"amount": "USD 5000000"},
    ),
    FactType(
        "person_joined",
        PersonJoined,
        "timeline.PersonJoined",
        lambda v, names: f"{v['person']} joined {names(v['entity'])} as {v['role']}",
        "a person took a role at the company",
        fields=(PERSON, ROLE),
        fold=Fold("leadership", "list", "Leadership", ("person", "role")),
    ),
    FactType(
        "person_left",
        PersonLeft,
        "timeline.PersonLeft",
        lambda v, names: f"{v['person']} left the role of {v['role']} at {names(v['entity'])}",
        "a person left a role (ends what `person_joined` began)",
        fields=(PERSON, ROLE),
        fold=Fold("leadership", "remove", "Leadership", ("person", "role")),
    ),
    FactType(
        "valuation_reported",
        ValuationReported,
        "timeline.ValuationReported",
        lambda v, names: (
            f"{names(v['entity'])} valued at {money(v['valuation'])}"
            + (f" ({v['basis']})" if v.get("basis") else "")
        ),
        "a valuation, reported on its own",
        fields=(
            Field(
                "valuation",
                p.money,
                "USD 100000000",
                True,
                doc="what it is valued at, an amount",
                shape="amount",
            ),
            Field(
                "basis",
                p.text,
                "post-money",
                doc="what the figure measures, e.g. post-money or pre-money",
            ),
        ),
        fold=Fold("reported_valuation", "latest", "Valuation reported"),
    ),
    FactType(
        "headcount_reported",
        HeadcountReported,
        "timeline.HeadcountReported",
        lambda v, names: f"{names(v['entity'])} has {_about(v['headcount'])} employees",
        "how many people work there",
        fields=(
            Field(
                "headcount",
                headcount,
                "~600",
                True,
                doc="how many: digits, with a leading `~` for about",
                shape="count",
            ),
        ),
        fold=Fold("headcount", "latest", "Headcount"),
    ),
    FactType(
        "legal_decision",
        LegalDecisionMade,
        "timeline.LegalDecisionMade",
        lambda v, names: (
            f"{names(v['authority'])} decided: {v['decision']}"
            + (f", a fine of {money(v['fine'])}" if v.get("fine") else "")
        ),
        "a court's or regulator's decision, with its fine or outcome",
        fields=(
            Field(
                "decision", p.text, "the merger is cleared", True, doc="what was decided, in words"
            ),
            Field(
                "fine", p.money, "EUR 1000000", doc="the fine imposed, an amount", shape="amount"
            ),
        ),
        fold=Fold("legal", "list", "Legal and regulatory decisions", ("authority", "decision")),
        examples={"authority": "fund"},
    ),
    FactType(
        "company_renamed",
        CompanyRenamed,
        "timeline.CompanyRenamed",
        lambda v, names: f"{v.get('previous_name') or names(v['entity'])} renamed {v['name']}",
        "the company took a new name (its id stays)",
        fields=(
            Field("name", p.text, "Acme Labs", True, doc="the new name"),
            Field("previous_name", p.text, "Acme", doc="the name it leaves"),
        ),
        fold=Fold("renamed", "latest", "Renamed"),
    ),
    FactType(
        "company_closed",
        CompanyClosed,
        "timeline.CompanyClosed",
        lambda v, names: (
            f"{names(v['entity'])} closed" + (f": {v['reason']}" if v.get("reason") else "")
        ),
        "the company closed",
        fields=(Field("reason", p.text, "wound down", doc="why, as reported"),),
        fold=Fold("closed", "latest", "Closed"),
    ),
]:
    declare(_kind)
