"""Facts about entities, each an immutable event in the entity's stream.

Every fact carries its own valid time (when it happened in the world) and
reported time (when its source made it public). The library's ``timestamp``
is the recorded time, when our store appended it; it is never a business date.
"""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate
from pendulum import DateTime

from .dates import ValidTime
from .fingerprints import fingerprint_of as fingerprint_of  # one rule, for objects and rows
from .fingerprints import utc_text as utc_text
from .fingerprints import valid_order_key as valid_order_key
from .quantities import Money, Share

ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic"})


class Fact(Aggregate.Event):
    """What one source said about one entity. Subclasses are the fact types."""

    fact_id: str
    entity: str
    valid: ValidTime | None  # None only for amendments, which take their target's
    reported: DateTime
    source: str
    revision: str | None
    quotes: list[str]
    note: str | None
    # Whether its quotes were checked against its source's document: told by the source
    # once the fact is stored (``told_verified``); not a field, never stored.
    verified: ClassVar[bool] = False

    def apply(self, aggregate: Any) -> None:
        aggregate.fact_ids.add(self.fact_id)

    @property
    def recorded(self) -> datetime:
        """When our store appended it: eventsourcing's timestamp, never a business date."""
        return self.timestamp


class CompanyFounded(Fact):
    founders: list[str] = dataclasses.field(default_factory=list)


class FundingRoundAnnounced(Fact):
    round: str
    amount: Money | None = None
    equivalents: list[Money] = dataclasses.field(default_factory=list)
    lead_investors: list[str] = dataclasses.field(default_factory=list)
    investors: list[str] = dataclasses.field(default_factory=list)
    instrument: str | None = None
    post_money_valuation: Money | None = None
    valuation_unchanged: bool | None = None
    conversion: str | None = None


class StakeReported(Fact):
    holder: str
    share: Share | None = None
    vehicle: str | None = None


class ProductLaunched(Fact):
    product: str
    weights: str | None = None
    channels: list[str] = dataclasses.field(default_factory=list)


class PartnershipSigned(Fact):
    partner: str
    kind: str
    channels: list[str] = dataclasses.field(default_factory=list)


class RegulatorStatementMade(Fact):
    authority: str
    examines: str
    parties: list[str] = dataclasses.field(default_factory=list)


class RegulatoryScrutinyReported(Fact):
    authorities: list[str]
    subject: str


class ReportCorrected(Fact):
    """A later report that changes fields of an earlier fact (or correction)."""

    target: str
    changes: dict[str, Any] = dataclasses.field(default_factory=dict)


class ReportRetracted(Fact):
    """A later report that withdraws an earlier fact; it stays on the record."""

    target: str
    reason: str | None = None


def told_verified(event: Any, verified: bool) -> Any:
    """``event`` with ``Fact.verified`` told, if it is a fact. Only for an event already
    stored: eventsourcing stores every attribute an event has."""
    if isinstance(event, Fact):
        object.__setattr__(event, "verified", verified)
    return event


AMENDMENTS = (ReportCorrected, ReportRetracted)


@functools.cache
def own_fields(cls: type[Fact]) -> dict[str, dataclasses.Field[Any]]:
    """The fields a fact type adds to the common ones."""
    common = {f.name for f in dataclasses.fields(Fact)}
    return {f.name: f for f in dataclasses.fields(cls) if f.name not in common}


def content(obj: Any) -> dict[str, Any]:
    """The fields that say what an event means, without the store's envelope."""
    cls: type = type(obj)
    return {name: getattr(obj, name) for name in _meaning(cls)}


@functools.cache
def _meaning(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow, and ingest asks it of every event twice.
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in ENVELOPE)
