"""What did we know, and when: history, why and diff, as pure functions of the facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import Fact
from company_timeline.domain.events import AMENDMENTS
from company_timeline.domain.facttypes import REGISTRY

from .field_paths import SECTION_TYPES, FieldValue, fields_of, items_of, matching, section_of
from .history import END_OF_TIME, FieldHistory, UnknownField, Value, history, unknown
from .model import EntityInfo, EntityState, Evidence, Uncertain
from .state import state_at

# history lives in history.py; it is named here too, with its sisters why and diff.
__all__ = ["Change", "FieldHistory", "UnknownField", "Value", "Why", "diff", "history", "why"]


# ---- why -------------------------------------------------------------------


@dataclass(frozen=True)
class Why:
    entity: str
    field: str
    valid: Date
    known: DateTime | None
    values: tuple[FieldValue, ...]
    evidence: tuple[Evidence, ...]  # behind the values (corrections included) or left out
    corrections: tuple[tuple[str, tuple[str, ...]], ...]
    left_out_uncertain: tuple[Uncertain, ...]
    not_yet_reported: tuple[str, ...]  # reported after `known`: unknown at that moment


def why(
    facts: Sequence[Fact],
    entities: Mapping[str, EntityInfo],
    entity: str,
    path: str,
    valid: Date,
    known: DateTime | None = None,
) -> Why:
    state = state_at(facts, entities, valid, known, only=entity).entities[0]
    values = matching(fields_of(state), path)
    if not values:
        _check_known(facts, entities, entity, path)
    cited = {e for v in values for e in v.cited.events}
    section = section_of(path)
    types = SECTION_TYPES.get(section, set())
    by_id = {f.fact_id: f for f in facts}
    later = tuple(
        f.fact_id
        for f in facts
        if f.entity == entity
        and known is not None
        and f.reported > known
        and (REGISTRY.name_of(f) in types or isinstance(f, AMENDMENTS))
    )
    left_out = tuple(
        u for u in state.uncertain if u.type in types and _same_item(by_id[u.event], path)
    )
    quoted = cited | {u.event for u in left_out}
    return Why(
        entity=entity,
        field=path,
        valid=valid,
        known=known,
        values=tuple(values),
        evidence=tuple(e for e in state.evidence if e.event in quoted),
        corrections=tuple((c.event, c.corrected_by) for c in state.corrections if c.event in cited),
        left_out_uncertain=left_out,
        not_yet_reported=later,
    )


def _same_item(fact: Fact, path: str) -> bool:
    """Whether an uncertain fact could set this field (a round's name must match)."""
    parts = path.split(".")
    if parts[0] == "funding_rounds" and len(parts) > 1:
        return getattr(fact, "round", None) == parts[1]
    return True


def _check_known(
    facts: Sequence[Fact], entities: Mapping[str, EntityInfo], entity: str, path: str
) -> None:
    """A field with no value now is fine if it ever has one; otherwise say which exist."""
    everything = state_at(facts, entities, END_OF_TIME, only=entity).entities[0]
    if not matching(fields_of(everything), path) and path not in SECTION_TYPES:
        raise unknown(path, fields_of(everything))


# ---- diff ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    events: tuple[str, ...]  # the events that brought the change (or backed what left)


def diff(before: EntityState, after: EntityState) -> tuple[Change, ...]:
    old, new = fields_of(before), fields_of(after)
    cited_before = {e for _, item in items_of(before) for e in item.cited.events}
    withdrawn = {r.event: r.retracted_by for r in after.retracted}
    changes = []
    for path in sorted(old.keys() | new.keys()):
        a, b = old.get(path), new.get(path)
        if a is not None and b is not None and a.key == b.key:
            continue
        if b is None:
            events = a.cited.events if a else ()
        else:
            events = _brought(a, b, cited_before, withdrawn)
        changes.append(Change(path, a.value if a else None, b.value if b else None, events))
    return tuple(changes)


def _brought(
    a: FieldValue | None, b: FieldValue, cited_before: set[str], withdrawn: dict[str, str]
) -> tuple[str, ...]:
    """The events that brought a new value.

    Those behind it that the earlier state cited nowhere (a total cites every
    round; only the new one brought the change). Else what was withdrawn: the
    retractions of events that backed the old value (of any event the earlier
    state cited, where the field had no value), or those events themselves.
    """
    arrived = tuple(e for e in b.cited.events if e not in cited_before)
    if arrived:
        return arrived
    if a is None:
        gone = tuple(e for e in withdrawn if e in cited_before)
    else:
        gone = tuple(e for e in a.cited.events if e not in b.cited.events)
    retractions = tuple(dict.fromkeys(withdrawn[e] for e in gone if e in withdrawn))
    return retractions or gone or b.cited.events
