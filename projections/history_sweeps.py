"""Folds along valid time that cost what each day adds, for the rules that allow it.

The walk asks a group's fields on each day from the first one that changed:
the fold of every fact that happened by then. Where a group's fold is a
running one (the latest fact by valid time), each day's is the day before's
with that day's facts added, so the days are swept once, not each refolded.
Held equal to the whole fold by tests/unit/test_history_laws.py and
tests/unit/test_history_generated.py.
"""

from __future__ import annotations

from collections.abc import Callable

from pendulum import Date

from .field_groups import Group
from .field_paths import FieldValue, fields_of
from .folds import Latest
from .knowledge import Effective
from .model import EntityState
from .rules import plan, rule_of

Fields = dict[str, FieldValue]
# (what happened, by its last day; those last days; the days asked) -> each day's fields
Days = dict[Date, Fields]
Sweep = Callable[[list[Effective], list[Date], list[Date]], Days]


def sweep_of(group: Group, entity: str, alone: dict[int, EntityState]) -> Sweep | None:
    """How to sweep the group's days, where its fold allows; else None (fold each day)."""
    if len(group.items) != 1:
        return None
    (section,) = group.items
    current = plan()
    rules = [rule_of(fold) for fold, _ in current.order if fold.section == section]
    if len(rules) != 1 or not isinstance(rules[0], Latest):
        return None
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
