"""History: every value each field took, when it held and when it became known.

Meaning is the fold's alone: every value comes from ``entity_state``. Asking it
at every (knowledge moment, valid day) pair over the whole entity is cubic, so
each group of fields (``field_groups``) is folded over only the facts it can
depend on, and only at the moments and days where it can change
(``history_walk``). What comes out is what the walk over every pair gives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import Fact, ReportRetracted
from company_timeline.domain.errors import UnknownField
from company_timeline.domain.finding import closest

from .field_groups import END_OF_TIME, Group, field_groups, item_of
from .field_paths import LISTS, SINGLE, FieldValue, fields_of
from .folds import remembered
from .history_walk import Run, walk
from .model import EntityInfo, EntityState
from .state import entity_state, involving


@dataclass
class Value:
    """One value a field took over one unbroken span of valid days, and when that was known.

    ``valid_from`` is the first day it holds and ``valid_until`` the last (None:
    it holds on with no end known), as known from ``known_from``. When later
    knowledge no longer has the field take this value over this same span (it
    is gone, or holds over other days), it was replaced at ``replaced_at`` by
    the facts then reported; ``retracted`` if the field went altogether and a
    retraction was among them.
    """

    value: Any
    valid: str | None  # the EDTF of the fact behind it
    valid_from: Date
    valid_until: Date | None
    known_from: DateTime
    set_by: tuple[str, ...]  # the events behind it on its first day
    replaced_at: DateTime | None = None
    replaced_by: tuple[str, ...] = ()
    retracted: bool = False


@dataclass
class FieldHistory:
    path: str
    values: list[Value] = field(default_factory=list)


def history(
    facts: Sequence[Fact], entities: Mapping[str, EntityInfo], entity: str, path: str | None = None
) -> list[FieldHistory]:
    """Every value each field took, walking knowledge time, then valid time within it.

    Fields come in the order they first became known, then first held, then as
    the state lists them.
    """
    own = involving(facts, entity)
    info = entities[entity]
    alone: dict[int, EntityState] = {}
    with remembered():
        groups = field_groups(own, info, alone)
        chosen = [g for g in groups if path is None or any(_near(i, path) for i in g.items)]
        book = _Book(own)
        for moment, number, timeline, moved in walk(chosen, info, alone):
            book.settle(number, moment, moved, timeline.days)
        found = [book.found[p] for p in book.order(chosen, info)]
    if path is not None:
        found = [h for h in found if h.path == path or h.path.startswith(path + ".")]
        if not found:
            raise unknown(path, {h.path: h for h in history(facts, entities, entity)})
    return found


def unknown(path: str, known: Mapping[str, Any]) -> UnknownField:
    items = sorted({".".join(p.split(".")[:2]) for p in known})  # sections and their items
    hint = ", ".join(items) or "none: no facts about this entity"
    return UnknownField(path, closest(path, [*items, *known]), f"fields are: {hint}")


def _near(item: str, path: str) -> bool:
    """Whether the item's fields can match ``path`` (the field, or a field below it)."""
    return item == path or item.startswith(path + ".") or path.startswith(item + ".")


class _Book:
    """The histories so far, what of them is current, and where each field first showed."""

    def __init__(self, own: list[Fact]) -> None:
        self.found: dict[str, FieldHistory] = {}
        self.current: dict[str, dict[Run, Value]] = {}
        self.first: dict[str, tuple[DateTime, Date, int, int, int]] = {}
        self.arrived: dict[DateTime, tuple[str, ...]] = {}
        for f in own:
            self.arrived[f.reported] = (*self.arrived.get(f.reported, ()), f.fact_id)
        self.retracting = {f.reported for f in own if isinstance(f, ReportRetracted)}
        self.sections = [*SINGLE, *LISTS]  # declared ones too: read once per history

    def settle(
        self,
        group: int,
        moment: DateTime,
        moved: dict[str, dict[Run, FieldValue]],
        days: dict[Date, dict[str, FieldValue]],
    ) -> None:
        """Close the values no longer held over the same span; open the new ones."""
        for p, runs in moved.items():
            current = self.current.setdefault(p, {})
            for run in [r for r in current if r not in runs]:
                value = current.pop(run)
                value.replaced_at, value.replaced_by = moment, self.arrived[moment]
                value.retracted = moment in self.retracting and not runs
            if runs and p not in self.found:
                start = next(iter(runs))[1]
                position = list(days[start]).index(p)
                self.first[p] = (
                    moment,
                    start,
                    self.sections.index(p.split(".", 1)[0]),
                    group,
                    position,
                )
                self.found[p] = FieldHistory(p)
            for run, fv in runs.items():
                if run not in current:
                    _, start, until = run
                    current[run] = Value(fv.value, fv.valid, start, until, moment, fv.cited.events)
                    self.found[p].values.append(current[run])

    def order(self, groups: list[Group], info: EntityInfo) -> list[str]:
        """As the whole entity's fold would first have listed them (see ``history``)."""
        together: dict[tuple[DateTime, Date, int], list[str]] = defaultdict(list)
        for p, (moment, day, section, _, _) in self.first.items():
            together[(moment, day, section)].append(p)
        out: list[str] = []
        for (moment, day, _), paths in sorted(together.items()):
            from_groups = {self.first[p][3] for p in paths}
            if len(from_groups) == 1:
                out += sorted(paths, key=lambda p: self.first[p][4])
                continue
            # Items of one section from several groups: their order is the fold's to say.
            items = {id(v): v for g in from_groups for v in groups[g].happened(moment, day)}
            state = entity_state(info, list(items.values()), day)
            listed = list(fields_of(state, {item_of(p) for p in paths}))
            out += sorted(paths, key=listed.index)
        return out


__all__ = ["END_OF_TIME", "FieldHistory", "UnknownField", "Value", "history", "unknown"]
