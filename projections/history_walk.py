"""Walking knowledge time: each group's fields over valid time, refolded only where they can change.

At a moment, a group's fields can change only on the days a fact of it
happens, and of those only on or after the earliest day a new version (or a
withdrawn one) happens: before that day every fold would see what it saw
before. Groups that need a fold on the same day get one fold of all their
facts together; each takes its own fields from it, which are what its own
fold would have given, since no group's fields depend on another's facts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator

from pendulum import Date, DateTime

from .field_groups import Group, Version, happened_state, item_of, latest
from .field_paths import FieldValue, fields_of
from .history_sweeps import sweep_of
from .knowledge import Effective
from .model import EntityInfo, EntityState

Run = tuple[str, Date, Date | None]  # a value's key, and the first and last day it holds
Change = tuple[Date, str | None]  # from this day on: the value's key, or no value
Fields = dict[str, FieldValue]


class Timeline:
    """One group's fields over valid time, as known at the last moment walked."""

    def __init__(self, group: Group, info: EntityInfo, alone: dict[int, EntityState]) -> None:
        self.group = group
        self.now: dict[int, Version] = {}  # each cluster's version
        self.days: dict[Date, Fields] = {}  # the fields from each day on (days ascending)
        self.changes: dict[str, list[Change]] = {}
        self.dirty: Date | None = None
        self.sweep = sweep_of(group, info, alone)
        self.ready: dict[Date, Fields] = {}  # the folds ``arrive`` made itself

    def arrive(self, versions: list[tuple[int, Version]]) -> list[tuple[Date, list[Effective]]]:
        """Take the versions that begin now; the folds needed, as (day, what happened by it)."""
        self.ready = {}
        gone_or_new = [v for i, new in versions for v in (*self.now.get(i, ()), *new)]
        self.now.update(versions)
        if not gone_or_new:
            self.dirty = None  # nothing that can happen came or went
            return []
        self.dirty = dirty = min(latest(v) for v in gone_or_new)
        happened = sorted((v for vs in self.now.values() for v in vs), key=latest)
        lasts = [latest(v) for v in happened]
        self.days = {d: f for d, f in self.days.items() if d < dirty}
        days = sorted({d for d in lasts if d >= dirty})
        if self.sweep is not None:
            self.ready = self.sweep(happened, lasts, days)
            return []
        return [(day, happened[: bisect_right(lasts, day)]) for day in days]

    def settle(self, folded: dict[Date, Fields]) -> dict[str, dict[Run, FieldValue]]:
        """Take the new folds; the runs of each field whose changes moved."""
        if self.dirty is None:
            return {}
        dirty, before = self.dirty, self.days[next(reversed(self.days))] if self.days else {}
        fresh: dict[str, list[Change]] = defaultdict(list)
        for day in sorted(folded):
            fields = folded[day]
            for p in {**before, **fields}:
                was, new = before.get(p), fields.get(p)
                key = new.key if new is not None else None
                if key != (was.key if was is not None else None):
                    fresh[p].append((day, key))
            self.days[day] = before = fields
        later = {p: 0 for p, cs in self.changes.items() if cs and cs[-1][0] >= dirty}
        moved: dict[str, dict[Run, FieldValue]] = {}
        for p in {**fresh, **later}:
            old = self.changes.get(p, [])
            kept = [c for c in old if c[0] < dirty]
            if old[len(kept) :] != fresh[p]:
                self.changes[p] = kept + fresh[p]
                moved[p] = self.runs(p)
        return moved

    def runs(self, path: str) -> dict[Run, FieldValue]:
        """The field's unbroken spans of one value, each as folded now on its first day."""
        out: dict[Run, FieldValue] = {}
        going: tuple[Date, str] | None = None
        for day, key in self.changes[path]:
            if going is not None:
                out[(going[1], going[0], day.subtract(days=1))] = self.days[going[0]][path]
            going = (day, key) if key is not None else None
        if going is not None:
            out[(going[1], going[0], None)] = self.days[going[0]][path]
        return out


def walk(
    groups: list[Group], info: EntityInfo, alone: dict[int, EntityState]
) -> Iterator[tuple[DateTime, int, Timeline, dict[str, dict[Run, FieldValue]]]]:
    """Each moment, each group whose fields' runs moved then, in knowledge order."""
    timelines = [Timeline(g, info, alone) for g in groups]
    owner = {item: n for n, g in enumerate(groups) for item in g.items}
    arrivals: dict[DateTime, list[tuple[int, list[tuple[int, Version]]]]] = defaultdict(list)
    for n, g in enumerate(groups):
        for moment, versions in g.arrivals():
            arrivals[moment].append((n, versions))
    for moment, arriving in sorted(arrivals.items()):
        needs: dict[Date, list[tuple[int, list[Effective]]]] = defaultdict(list)
        for n, versions in arriving:
            for day, items in timelines[n].arrive(versions):
                needs[day].append((n, items))
        folded: dict[int, dict[Date, Fields]] = defaultdict(dict)
        for day, asks in needs.items():
            _fold(info, day, asks, alone, owner, groups, folded)
        for n, _ in arriving:
            moved = timelines[n].settle({**folded[n], **timelines[n].ready})
            if moved:
                yield moment, n, timelines[n], moved


def _fold(
    info: EntityInfo,
    day: Date,
    asks: list[tuple[int, list[Effective]]],
    alone: dict[int, EntityState],
    owner: dict[str, int],
    groups: list[Group],
    folded: dict[int, dict[Date, Fields]],
) -> None:
    together: dict[int, Effective] = {}
    wanted: set[str] = set()
    for n, items in asks:
        folded[n][day] = {}
        solo = alone.get(id(items[0])) if len(items) == 1 else None
        if solo is None:
            together.update((id(v), v) for v in items)
            wanted.update(groups[n].items)
        else:  # this one fact was folded by itself already
            folded[n][day] = fields_of(solo, groups[n].items)
    if together:
        for p, fv in fields_of(happened_state(info, list(together.values())), wanted).items():
            folded[owner[item_of(p)]][day][p] = fv
