"""What did we know, and when: history, why and diff, as pure functions of the facts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pendulum
from pendulum import Date, DateTime

from timeline.domain import Fact, ReportRetracted, TimelineError
from timeline.domain.events import AMENDMENTS, TYPE_NAMES

from .fields import SECTION_TYPES, FieldValue, fields_of, matching, section_of, value_key
from .model import EntityInfo, EntityState, Evidence, Uncertain
from .state import state_at

END_OF_TIME = pendulum.date(9999, 12, 31)


class UnknownField(TimelineError):
    """A field name the entity's state has never had."""


# ---- history ---------------------------------------------------------------


@dataclass
class Value:
    """One value a field took: when it held in the world, when it became known."""

    value: Any
    valid: str | None  # the EDTF of the fact behind it
    valid_from: Date  # first day it holds, as known when it became known
    known_from: DateTime
    set_by: tuple[str, ...]
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
    """Every value each field took, walking knowledge time, then valid time within it."""
    own = [f for f in facts if f.entity == entity]
    moments = sorted({f.reported for f in own})
    days = sorted({d for f in own if f.valid for d in (f.valid.earliest, f.valid.latest) if d})
    days.append(END_OF_TIME)
    found: dict[str, FieldHistory] = {}
    for moment in moments:
        seen: dict[str, dict[str, tuple[Date, FieldValue]]] = {}
        for day in days:
            state = state_at(facts, entities, day, known=moment, only=entity).entities[0]
            for p, fv in fields_of(state).items():
                seen.setdefault(p, {}).setdefault(fv.key, (day, fv))
        arrived = tuple(f.fact_id for f in own if f.reported == moment)
        _close(found, seen, moment, arrived, own)
        _open(found, seen, moment)
    if path is not None:
        chosen = [h for p, h in found.items() if p == path or p.startswith(path + ".")]
        if not chosen:
            raise _unknown(path, found)
        return chosen
    return list(found.values())


def _close(
    found: dict[str, FieldHistory],
    seen: dict[str, Any],
    moment: DateTime,
    arrived: tuple[str, ...],
    own: list[Fact],
) -> None:
    retractions = [f for f in own if f.reported == moment and isinstance(f, ReportRetracted)]
    for p, hist in found.items():
        for value in hist.values:
            if value.replaced_at is None and value_key(value.value) not in seen.get(p, {}):
                value.replaced_at, value.replaced_by = moment, arrived
                value.retracted = bool(retractions) and p not in seen


def _open(found: dict[str, FieldHistory], seen: dict[str, Any], moment: DateTime) -> None:
    for p, values in seen.items():
        hist = found.setdefault(p, FieldHistory(p))
        current = {value_key(v.value) for v in hist.values if v.replaced_at is None}
        for key, (day, fv) in values.items():
            if key not in current:
                hist.values.append(Value(fv.value, fv.valid, day, moment, fv.cited.events))


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
        and (TYPE_NAMES[type(f)] in types or isinstance(f, AMENDMENTS))
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
        raise _unknown(path, fields_of(everything))


def _unknown(path: str, known: Mapping[str, Any]) -> UnknownField:
    items = sorted({".".join(p.split(".")[:2]) for p in known})  # sections and their items
    hint = ", ".join(items) or "none: no facts about this entity"
    return UnknownField(f"no field {path!r}; fields are: {hint}")


# ---- diff ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any
    events: tuple[str, ...]  # the events that brought the change (or backed what left)


def diff(before: EntityState, after: EntityState) -> tuple[Change, ...]:
    old, new = fields_of(before), fields_of(after)
    changes = []
    for path in sorted(old.keys() | new.keys()):
        a, b = old.get(path), new.get(path)
        if a is not None and b is not None and a.key == b.key:
            continue
        if b is None:
            events = a.cited.events if a else ()
        else:
            events = (
                tuple(e for e in b.cited.events if a is None or e not in a.cited.events)
                or b.cited.events
            )
        changes.append(Change(path, a.value if a else None, b.value if b else None, events))
    return tuple(changes)
