"""The fact types of a company's life beyond its funding: acquisitions, people,
valuations and headcounts, decisions, renames and closing. Declared in
``facttypes.REGISTRY`` with the first types."""

from __future__ import annotations

import re
from typing import Any

from . import events as ev
from . import parsers as p
from .errors import TimelineError
from .quantities import Money
from .registry import FactType, Field, Fold
from .words import money_text

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

COMPANY_LIFE = [
    FactType(
        "acquisition",
        AcquisitionReported,
        "timeline.AcquisitionReported",
        lambda v, names: (
            f"{names(v['entity'])} acquired by {names(v['acquirer'])} ({v['status']})"
            + (f" for {money_text(v['amount'])}" if v.get("amount") else "")
        ),
        "the company is acquired (its entity is the company acquired)",
        fields=(
            Field("acquirer", p.slug, "fund", True, "acquirer", "the entity acquiring it", "id"),
            Field(
                "status",
                p.choice(*STATUSES),
                "completed",
                True,
                doc="how far the deal went: announced, completed or abandoned",
                shape="choice",
                options=STATUSES,
            ),
            Field(
                "amount",
                p.money,
                "USD 5000000",
                doc="the price paid, where reported",
                shape="amount",
            ),
        ),
        fold=Fold("acquired_by", "list", "Acquired", ("acquirer",)),
        role="acquired",
    ),
    FactType(
        "person_joined",
        PersonJoined,
        "timeline.PersonJoined",
        lambda v, names: f"{v['person']} joined {names(v['entity'])} as {v['role']}",
        "a person took a role at the company",
        fields=(PERSON, ROLE),
        fold=Fold("leadership", "list", "Leadership", ("person", "role")),
        role="employer",
    ),
    FactType(
        "person_left",
        PersonLeft,
        "timeline.PersonLeft",
        lambda v, names: f"{v['person']} left the role of {v['role']} at {names(v['entity'])}",
        "a person left a role (ends what `person_joined` began)",
        fields=(PERSON, ROLE),
        fold=Fold("leadership", "remove", "Leadership", ("person", "role")),
        role="employer",
    ),
    FactType(
        "valuation_reported",
        ValuationReported,
        "timeline.ValuationReported",
        lambda v, names: (
            f"{names(v['entity'])} valued at {money_text(v['valuation'])}"
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
            + (f", a fine of {money_text(v['fine'])}" if v.get("fine") else "")
        ),
        "a court's or regulator's decision, with its fine or outcome",
        fields=(
            Field("authority", p.slug, "fund", True, "regulator", "who decided", "id"),
            Field(
                "decision", p.text, "the merger is cleared", True, doc="what was decided, in words"
            ),
            Field(
                "fine", p.money, "EUR 1000000", doc="the fine imposed, an amount", shape="amount"
            ),
        ),
        fold=Fold("legal", "list", "Legal and regulatory decisions", ("authority", "decision")),
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
]
