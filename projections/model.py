"""Read models: what the record says of an entity on one valid date.

Every item names the events behind it and their sources, so any figure can be
traced back to the words it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import Money, Share


@dataclass(frozen=True)
class Cited:
    """The provenance every item carries: event ids and source ids."""

    events: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EntityInfo:
    id: str
    name: str
    kind: str
    city: str | None = None
    country: str | None = None
    note: str | None = None
    # In public registries (wikidata, lei, opencorporates); in JSON only where given, so
    # a document of an entity without any reads as it always did.
    identifiers: dict[str, str] = dataclasses.field(
        default_factory=dict, hash=False, metadata={"omit_empty": True}
    )


@dataclass(frozen=True)
class Founding:
    valid: str
    founders: tuple[str, ...]
    cited: Cited


@dataclass(frozen=True)
class Round:
    name: str
    valid: str
    amount: Money | None
    equivalents: tuple[Money, ...]
    lead_investors: tuple[str, ...]
    investors: tuple[str, ...]
    instrument: str | None
    post_money_valuation: Money | None
    valuation_unchanged: bool | None
    conversion: str | None
    cited: Cited


@dataclass(frozen=True)
class Totals:
    """Raised per currency as reported; and in one currency where every round has a figure."""

    by_currency: tuple[Money, ...]
    equivalents: tuple[Money, ...]  # always approximate: they rest on the day's rates
    cited: Cited


@dataclass(frozen=True)
class Valuation:
    value: Money
    round: str
    unchanged_since_by: tuple[str, ...]  # later rounds reported as leaving it unchanged
    cited: Cited


@dataclass(frozen=True)
class Investor:
    entity: str
    rounds: tuple[str, ...]
    led: tuple[str, ...]
    share: Share | None
    vehicle: str | None
    cited: Cited


@dataclass(frozen=True)
class Product:
    name: str
    valid: str
    weights: str | None
    channels: tuple[str, ...]
    cited: Cited


@dataclass(frozen=True)
class Partnership:
    partner: str
    kind: str
    valid: str
    channels: tuple[str, ...]
    cited: Cited


@dataclass(frozen=True)
class Scrutiny:
    authorities: tuple[str, ...]
    subject: str
    kind: str  # "statement" (the authority spoke) or "scrutiny" (reported)
    valid: str
    parties: tuple[str, ...]
    cited: Cited


@dataclass(frozen=True)
class Uncertain:
    """A fact whose valid time straddles the date: neither in nor out."""

    event: str
    type: str
    valid: str
    fields: dict[str, Any]  # the fact's own values, as structured as a certain fact's
    entity: str  # the entity the fact is about: another one, for a fact that names this one


@dataclass(frozen=True)
class Retracted:
    event: str
    type: str
    retracted_by: str
    reason: str | None


@dataclass(frozen=True)
class Correction:
    event: str
    corrected_by: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """One event behind the state: its three times, its source and its words."""

    event: str
    type: str
    valid: str | None
    reported: DateTime
    recorded: datetime  # eventsourcing's timestamp, in UTC
    source: str
    revision: str | None
    quotes: tuple[str, ...]
    note: str | None
    verified: bool  # its quotes were checked against its source's document; else unverified


@dataclass(frozen=True)
class Item:
    """One item of a section a fact type declares (``facttypes.Fold``): the values of
    the fact that set it, named by ``key`` where the section is a list."""

    key: str | None
    type: str  # the fact type that set it
    valid: str
    values: dict[str, Any]
    cited: Cited


Section = tuple[Item, ...] | Item | None  # a declared list section, or a latest one


@dataclass(frozen=True)
class EntityState:
    entity: EntityInfo
    exists: bool  # some fact about it (or naming it) happened on or before the date
    uncertain: tuple[Uncertain, ...]
    retracted: tuple[Retracted, ...]
    corrections: tuple[Correction, ...]
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...]  # every event cited above, by id
    # Every section by name (``founded``, ``funding_rounds``...; ``investments``...), in
    # the order they fold (projections/rules.py); in JSON each is a key of the entity.
    sections: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        """A section by name, as an attribute: ``state.funding_rounds``."""
        if name.startswith("__") or name == "sections":
            raise AttributeError(name)
        try:
            return self.sections[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Snapshot:
    """The state of every entity at a valid date, as known at a moment."""

    valid: Date
    known: DateTime | None
    recorded: DateTime | None
    entities: tuple[EntityState, ...]
