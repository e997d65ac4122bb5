"""Facts about entities, each an immutable event in the entity's stream.

Every fact carries its own valid time (when it happened in the world) and
reported time (when its source made it public). The library's ``timestamp``
is the recorded time, when our store appended it; it is never a business date.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate
from pendulum import DateTime

from .dates import ValidTime
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


def fingerprint_of(kind: str, fields: dict[str, Any]) -> str:
    """The digest of what a source, entity or fact says, to tell a re-read one from a changed one.

    Stored fingerprints are compared with those of files re-read by later versions, so
    no class name enters one: ``kind`` is hashed as its fixed name, ``"source"``,
    ``"entity"`` or a fact's type name (``"funding_round"``), so renaming or moving a
    class changes no fingerprint. Changing this rule changes
    stored fingerprints: bump ``storage.INDEX_VERSION`` so that stores re-index on open.
    """
    fixed = [_fixed_kind(kind), fields]
    blob = json.dumps(fixed, sort_keys=True, default=_canonical, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


_KIND = re.compile(r"[a-z][a-z0-9_]*")


def _fixed_kind(kind: str) -> str:
    if not _KIND.fullmatch(kind):  # a class name, say: it would change with the code
        raise ValueError(f"{kind!r} is no fact type, source or entity: nothing to fingerprint")
    return kind


def _canonical(value: Any) -> Any:
    """One spelling per value, so a re-read file and its stored events compare equal."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, (ValidTime, Money, Share)):
        return str(value)  # the text they are parsed from, which says all they hold
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def valid_order_key(fact: Fact) -> str:
    """A fact's place in valid-time order, as text that sorts the same in Python and any store.

    Facts sort by the span they happened in, then by when they were reported,
    then by id; an amendment sits at the day it was reported.
    """
    day = fact.reported.date()
    lo, hi = fact.valid.sort_key() if fact.valid else (day, day)
    return f"{lo.isoformat()} {hi.isoformat()} {utc_text(fact.reported)} {fact.fact_id}"


def utc_text(moment: datetime) -> str:
    """A moment in UTC, always 26 characters, so its text sorts as its time does."""
    t = moment.astimezone(UTC) if moment.utcoffset() else moment
    return (
        f"{t.year:04d}-{t.month:02d}-{t.day:02d}T"
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"
    )
