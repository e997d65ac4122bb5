"""What was known at a moment, with every correction known by then applied.

Two cut-offs, never confused: ``known`` keeps the facts reported on or before
it (what a reader of the sources could know); ``recorded`` keeps the facts our
store had appended by then (what our own answers were based on).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from pendulum import DateTime

from company_timeline.domain import Fact, ReportCorrected, ReportRetracted
from company_timeline.domain.events import AMENDMENTS, told_verified, valid_order_key


@dataclass(frozen=True)
class Effective:
    """A fact as it reads after the corrections known at the moment."""

    fact: Fact
    original: Fact
    corrections: tuple[Fact, ...] = ()
    retraction: Fact | None = None

    # Cached: history folds the same items hundreds of times.
    @functools.cached_property
    def events(self) -> tuple[str, ...]:
        return (self.original.fact_id, *(c.fact_id for c in self.corrections))

    @functools.cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.original.source, *(c.source for c in self.corrections)]))

    @functools.cached_property
    def order_key(self) -> str:
        """Its fact's place in valid-time order (``valid_order_key``)."""
        return valid_order_key(self.fact)


def recorded_at(fact: Fact) -> datetime:
    """When our store appended it. Kept a plain datetime: converting it costs more
    than the fold it serves, and it prints and compares the same."""
    return fact.timestamp


def visible(fact: Fact, known: DateTime | None, recorded: DateTime | None) -> bool:
    return (known is None or fact.reported <= known) and (
        recorded is None or recorded_at(fact) <= recorded
    )


def report_order(fact: Fact) -> tuple[DateTime, str]:
    """Reports apply in the order they were made public, ties broken by id."""
    return (fact.reported, fact.fact_id)


def effective_facts(
    facts: Iterable[Fact], known: DateTime | None = None, recorded: DateTime | None = None
) -> list[Effective]:
    """Every visible fact, amended; the order of ``facts`` does not matter."""
    seen = {f.fact_id: f for f in facts if visible(f, known, recorded)}
    amendments: dict[str, list[Fact]] = defaultdict(list)
    for fact in seen.values():
        if isinstance(fact, AMENDMENTS):
            amendments[fact.target].append(fact)
    for group in amendments.values():
        group.sort(key=report_order)

    done: dict[str, Effective] = {}

    def resolve(fact_id: str, path: frozenset[str]) -> Effective:
        if fact_id in done:
            return done[fact_id]
        original = fact = seen[fact_id]
        applied: list[Fact] = []
        retraction: Fact | None = None
        for amendment in amendments.get(fact_id, []):
            if amendment.fact_id in path:  # a cycle of amendments: ignore the loop
                continue
            amended = resolve(amendment.fact_id, path | {fact_id})
            if amended.retraction is not None:
                continue  # a retracted amendment no longer applies
            if isinstance(amended.fact, ReportRetracted):
                retraction = amended.fact
            elif isinstance(amended.fact, ReportCorrected):
                fact = _apply(fact, amended.fact.changes)
                applied.append(amended.fact)
        done[fact_id] = Effective(fact, original, tuple(applied), retraction)
        return done[fact_id]

    return [resolve(fact_id, frozenset()) for fact_id in sorted(seen)]


def _apply(fact: Fact, changes: dict[str, object]) -> Fact:
    # Events are frozen dataclasses; replace() makes the amended copy, never an edit.
    if isinstance(fact, ReportCorrected):  # a correction of a correction
        amended: Any = dataclasses.replace(cast(Any, fact), changes={**fact.changes, **changes})
        return cast(Fact, told_verified(amended, fact.verified))
    names = {f.name for f in dataclasses.fields(fact)}
    kept = {k: v for k, v in changes.items() if k in names}
    # ``verified`` is told on the stored event, not a field: replace() would drop it.
    return told_verified(dataclasses.replace(cast(Any, fact), **kept), fact.verified)  # type: ignore[no-any-return]


def in_valid_order(facts: Iterable[Fact]) -> list[Fact]:
    """Facts by when they happened; an amendment sits at the day it was reported."""
    return sorted(facts, key=valid_order_key)
