"""Folds along valid time that cost what each day adds, for the rules that allow it.

The walk asks a group's fields on each day from the first one that changed:
the fold of every fact that happened by then. Where a group's fold is a
running one (the latest fact by valid time), each day's is the day before's
with that day's facts added, so the days are swept once, not each refolded.
Held equal to the whole fold by tests/unit/test_history_laws.py and
tests/unit/test_history_generated.py.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import FundingRoundAnnounced, StakeReported

from .field_groups import Group
from .field_paths import FieldValue, fields_of, section_of
from .folds import Latest
from .funding import (
    Rounds,
    RunningTotals,
    Stakes,
    investor,
    round_of,
    valued,
)
from .knowledge import Effective
from .model import EntityInfo, EntityState, Investor, Round, Valuation
from .rules import plan, rule_of

Fields = dict[str, FieldValue]
# (what happened, by its last day; those last days; the days asked) -> each day's fields
Days = dict[Date, Fields]
Sweep = Callable[[list[Effective], list[Date], list[Date]], Days]


def sweep_of(group: Group, info: EntityInfo, alone: dict[int, EntityState]) -> Sweep | None:
    """How to sweep the group's days, where its fold allows; else None (fold each day)."""
    if len(group.items) != 1:
        return _funding(group, info)
    (section,) = group.items
    entity = info.id
    current = plan()
    rules = [rule_of(fold) for fold, _ in current.order if fold.section == section]
    if len(rules) != 1 or not isinstance(rules[0], Latest):
        return _funding(group, info)
    for cluster in group.clusters:
        for _, version in cluster.versions:
            for v in version:
                # Its own facts of that section alone: another's, or another section's, may
                # be folded by other rules (roles; a type that sets several sections).
                if v.fact.entity != entity or current.section_of.get(type(v.fact)) != section:
                    return None
    items = group.items

    def latest(happened: list[Effective], lasts: list[Date], days: list[Date]) -> Days:
        # The fold of a day is its latest fact's, and that fact folded alone gives the same.
        out: dict[Date, Fields] = {}
        best: Effective | None = None
        i, n = 0, len(happened)
        for day in days:
            while i < n and lasts[i] <= day:
                v = happened[i]
                if best is None or v.order_key > best.order_key:
                    best = v
                i += 1
            out[day] = fields_of(alone[id(best)], items) if best is not None else {}
        return out

    return latest


def _funding(group: Group, info: EntityInfo) -> Sweep | None:
    """The rounds, their totals and valuation and the investors, where a group folds only
    the entity's own rounds and stakes (``funding.Rounds``, ``funding.Stakes``)."""
    current = plan()
    rules = {fold.section: rule_of(fold) for fold, _ in current.order}
    stakes = [s for s, r in rules.items() if isinstance(r, Stakes)]
    if not isinstance(rules.get(ROUNDS), Rounds) or len(stakes) != 1:
        return None
    held = stakes[0]
    if [s for s in rules if s in (ROUNDS, held)] != [ROUNDS, held]:
        return None  # the investors read the rounds: folded after them
    if any(section_of(i) not in (ROUNDS, TOTAL, VALUATION, held) for i in group.items):
        return None
    for cluster in group.clusters:
        for _, version in cluster.versions:
            for v in version:
                if v.fact.entity != info.id or current.section_of.get(type(v.fact)) not in (
                    ROUNDS,
                    held,
                ):
                    return None
    items = group.items

    def funding(happened: list[Effective], lasts: list[Date], days: list[Date]) -> Days:
        sweep = _FundingSweep(held)
        out: dict[Date, Fields] = {}
        i, n = 0, len(happened)
        for day in days:
            start = i
            while i < n and lasts[i] <= day:
                i += 1
            sweep.add(happened[start:i])
            state = EntityState(info, True, (), (), (), (), (), sweep.sections)
            out[day] = fields_of(state, items)
        return out

    return funding


ROUNDS, TOTAL, VALUATION = "funding_rounds", "total_raised", "valuation"


class _FundingSweep:
    """The funding sections of the facts added so far: a day's facts cost what they change.

    What ``Rounds`` and ``Stakes`` fold, kept running: each round merged again only
    when a report of it comes; the totals and valuation carried on from the last
    round where the new ones come after every round before (the usual case along
    valid time), folded again from the first round otherwise; an investor made
    again only when a round or stake of it comes.
    """

    def __init__(self, held: str) -> None:
        self.held = held
        self.reports: dict[str, list[Effective]] = {}  # by round, in report order
        self.keys: dict[str, tuple[Any, str]] = {}
        self.order: list[tuple[Any, str]] = []  # the rounds' places, as merge_rounds sorts
        self.merged: dict[str, Round] = {}
        self.rounds: tuple[Round, ...] = ()
        # after each round in place: the totals so far (the last one still running on)
        self.after: list[tuple[RunningTotals, Valuation | None]] = []
        self.in_rounds: dict[str, list[Round]] = {}
        self.places: dict[str, list[int]] = {}  # the places of each holder's rounds
        self.stakes: dict[str, list[Effective]] = {}  # by holder, in report order
        self.made: dict[str, Investor] = {}
        self.sections: dict[str, Any] = {ROUNDS: (), TOTAL: None, VALUATION: None, held: ()}

    def add(self, items: list[Effective]) -> None:
        names: set[str] = set()
        holders: set[str] = set()
        for v in items:
            fact = v.fact
            if isinstance(fact, FundingRoundAnnounced):
                insort(self.reports.setdefault(fact.round, []), v, key=_reported)
                names.add(fact.round)
            else:
                assert isinstance(fact, StakeReported)
                insort(self.stakes.setdefault(fact.holder, []), v, key=_reported)
                holders.add(fact.holder)
        if names:
            holders |= self._merge(names)
        for slug in holders:
            rounds, stakes = self.in_rounds.get(slug, []), self.stakes.get(slug, [])
            if rounds or stakes:
                self.made[slug] = investor(slug, rounds, stakes)
            else:
                self.made.pop(slug, None)
        if holders:
            self.sections[self.held] = tuple(self.made[s] for s in sorted(self.made))

    def _merge(self, names: set[str]) -> set[str]:
        """Merge the rounds reported again; the holders whose rounds changed."""
        for name in names:
            group = self.reports[name]
            self.merged[name] = round_of(name, group)
            valid = group[0].fact.valid
            assert valid is not None
            key = (valid.sort_key(), name)
            old = self.keys.get(name)
            if old != key:
                if old is not None:
                    self.order.remove(old)
                insort(self.order, key)
                self.keys[name] = key
        rounds = tuple(self.merged[name] for _, name in self.order)
        before = self.rounds
        same = min(len(before), len(rounds))  # the rounds that stay in place
        same = next((k for k in range(same) if before[k] is not rounds[k]), same)
        # Back to the running state after the rounds that stay in place, then on from there.
        del self.after[same:]
        running = self.after[-1][0].copy() if self.after else RunningTotals()
        value = self.after[-1][1] if self.after else None
        changed: set[str] = set()
        for slug, places in self.places.items():
            kept = bisect_left(places, same)
            if kept < len(places):
                del places[kept:]
                del self.in_rounds[slug][kept:]
                changed.add(slug)
        for place in range(same, len(rounds)):
            r = rounds[place]
            running.add(r)
            value = valued(value, r)
            self.after.append((running, value))
            running = running.copy() if place + 1 < len(rounds) else running
            for slug in (*r.lead_investors, *r.investors):
                self.in_rounds.setdefault(slug, []).append(r)
                self.places.setdefault(slug, []).append(place)
                changed.add(slug)
        self.rounds = rounds
        totals = self.after[-1][0].totals() if self.after else None
        self.sections.update({ROUNDS: rounds, TOTAL: totals, VALUATION: value})
        return changed


def _reported(item: Effective) -> tuple[DateTime, str]:
    return (item.fact.reported, item.fact.fact_id)  # the order the rules see
