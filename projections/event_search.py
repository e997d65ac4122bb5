"""Questions across entities: which facts involve an entity, in which role, of which
types, in which spans of valid or reported time; and what the store learned between
two knowledge times.

Each question starts from the index rows its answer needs (an entity's own stream
and its role rows; the ``reported`` rows of a range), so its cost grows with the
answer, not with the store. Only a bare ``--valid-between`` reads the store in
valid-time order, up to the span's end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from company_timeline.domain import Fact, ReportCorrected, ReportRetracted, TimelineApp
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY

from .knowledge import in_valid_order, recorded_at


@dataclass(frozen=True)
class Search:
    """What ``timeline events`` filters by; every part optional, all of them combined."""

    entity: str | None = None  # facts about it (its own stream)
    involving: str | None = None
    role: str | None = None
    types: frozenset[str] = frozenset()
    valid_between: tuple[date, date] | None = None
    reported_between: tuple[datetime, datetime] | None = None  # both ends included
    known: datetime | None = None
    recorded: datetime | None = None


@dataclass(frozen=True)
class Found:
    """A fact that answers a search: the roles the entity asked about plays in it, and
    whether its valid time only overlaps the span asked about (so it is uncertain)."""

    fact: Fact
    roles: tuple[str, ...] | None = None  # None: no entity was asked about
    uncertain: bool | None = None  # None: no span was asked about


def roles_in(fact: Fact, entity: str) -> tuple[str, ...]:
    """Every role ``entity`` plays in ``fact``: its own entity's role, or those it is named in."""
    kind = REGISTRY.name_of(fact)
    found = [role for _, ref, role in REGISTRY.refs(kind, content(fact)) if ref == entity]
    return tuple(dict.fromkeys(found))


def search(app: TimelineApp, query: Search) -> Iterator[Found]:
    """The facts that answer ``query``, in valid-time order."""
    for fact in _candidates(app, query):
        if query.entity is not None and fact.entity != query.entity:
            continue
        if query.types and REGISTRY.name_of(fact) not in query.types:
            continue
        if query.known is not None and fact.reported > query.known:
            continue
        if query.recorded is not None and recorded_at(fact) > query.recorded:
            continue
        if query.reported_between is not None:
            first, last = query.reported_between
            if not first <= fact.reported <= last:
                continue
        roles: tuple[str, ...] | None = None
        if query.involving is not None:
            roles = roles_in(fact, query.involving)
            if query.role is not None and query.role not in roles:
                continue
        uncertain: bool | None = None
        if query.valid_between is not None:
            overlap = _overlap(fact, *query.valid_between)
            if overlap is None:
                continue
            uncertain = not overlap
        yield Found(fact, roles, uncertain)


def _candidates(app: TimelineApp, query: Search) -> Iterable[Fact]:
    if query.involving is not None:
        own = app.facts(query.involving)  # raises UnknownEntity for an id not stored
        return in_valid_order([*own, *app.referring(query.involving)])
    if query.entity is not None:
        return in_valid_order(app.facts(query.entity))
    if query.reported_between is not None:
        return in_valid_order(app.reported_between(*query.reported_between, from_=True))
    if query.valid_between is not None:
        return _until(app.facts_in_valid_order(), query.valid_between[1])
    return app.facts_in_valid_order()


def _until(facts: Iterable[Fact], last: date) -> Iterator[Fact]:
    """Facts in valid-time order whose span starts by ``last``: those after cannot overlap."""
    for fact in facts:
        if fact.valid is not None and fact.valid.sort_key()[0] > last:
            return
        yield fact


def _overlap(fact: Fact, first: date, last: date) -> bool | None:
    """None: no overlap with [first, last]; True: inside it; False: straddles an end."""
    if fact.valid is None:  # an amendment: at the day it was reported
        day = fact.reported.date()
        return True if first <= day <= last else None
    lo, hi = fact.valid.sort_key()
    if hi < first or lo > last:
        return None
    return first <= lo and hi <= last


@dataclass(frozen=True)
class Change:
    """Something the store learned: a new fact, a correction or a retraction."""

    kind: str  # "new", "correction" or "retraction"
    fact: Fact
    target: str | None  # what a correction or retraction amends


def changes(app: TimelineApp, after: datetime, until: datetime) -> list[Change]:
    """What was made public after ``after`` and by ``until``, across all entities, in the
    order it was reported: the feed an editor reads in the morning."""
    out = []
    for fact in sorted(app.reported_between(after, until), key=lambda f: (f.reported, f.fact_id)):
        if isinstance(fact, ReportCorrected):
            out.append(Change("correction", fact, fact.target))
        elif isinstance(fact, ReportRetracted):
            out.append(Change("retraction", fact, fact.target))
        else:
            out.append(Change("new", fact, None))
    return out
