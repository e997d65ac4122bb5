"""The projection: a pure fold from facts to the state of entities at a date.

``state_at(facts, entities, valid=D, known=T)`` reads nothing and writes
nothing, so it can be replayed, persisted or property-tested as it is.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pendulum import Date, DateTime

from company_timeline.domain import Fact, Status
from company_timeline.domain.events import AMENDMENTS, content, own_fields, valid_order_key
from company_timeline.domain.facttypes import REGISTRY

from .knowledge import Effective, effective_facts, recorded_at, report_order
from .model import Correction, EntityInfo, EntityState, Evidence, Retracted, Snapshot, Uncertain
from .roles import role_sections, roles
from .rules import Plan, fold_sections, plan


def state_at(
    facts: Iterable[Fact],
    entities: Mapping[str, EntityInfo],
    valid: Date,
    known: DateTime | None = None,
    recorded: DateTime | None = None,
    only: str | None = None,
) -> Snapshot:
    """Entities as the record shows them on day ``valid``.

    Only facts reported by ``known`` and recorded by ``recorded`` count. Without
    ``only``, the snapshot holds every entity with a fact on or around the day.
    """
    by_entity: dict[str, list[Effective]] = defaultdict(list)
    named_in: dict[str, list[Effective]] = defaultdict(list)
    for item in effective_facts(facts, known, recorded):
        if isinstance(item.original, AMENDMENTS):
            continue
        by_entity[item.fact.entity].append(item)
        for other in {ref for _, ref, _ in _refs(item.fact)} - {item.fact.entity}:
            named_in[other].append(item)
    slugs = [only] if only else sorted(by_entity.keys() | named_in.keys())
    current = plan()
    states = (
        entity_state(entities[s], by_entity.get(s, []) + named_in.get(s, []), valid, current)
        for s in slugs
    )
    kept = tuple(s for s in states if only or s.exists or s.uncertain)
    return Snapshot(valid, known, recorded, kept)


def _refs(fact: Fact) -> Iterable[tuple[str, str, str]]:
    return REGISTRY.refs(REGISTRY.name_of(fact), content(fact))


def involving(facts: Iterable[Fact], entity: str) -> list[Fact]:
    """The facts about ``entity``, those naming it in a role, and what amends them."""
    chosen = {
        f.fact_id
        for f in facts
        if f.entity == entity or any(ref == entity for _, ref, _ in _refs(f))
    }
    amendments = [f for f in facts if isinstance(f, AMENDMENTS)]
    grew = True
    while grew:  # an amendment of an amendment reaches the fact too
        before = len(chosen)
        chosen |= {f.fact_id for f in amendments if getattr(f, "target", None) in chosen}
        grew = len(chosen) > before
    return [f for f in facts if f.fact_id in chosen]


def entity_state(
    info: EntityInfo, facts: Sequence[Effective], day: Date, current: Plan | None = None
) -> EntityState:
    """``facts``: those about the entity, and other entities' that name it in some role."""
    items = [i for i in facts if i.fact.entity == info.id]
    others = [i for i in facts if i.fact.entity != info.id]
    happened: list[Effective] = []
    shown: list[Effective] = []  # everything the state mentions, for its evidence
    uncertain: list[Uncertain] = []
    retracted: list[Retracted] = []
    for item in sorted(items, key=lambda i: report_order(i.fact)):
        fact = item.fact
        assert fact.valid is not None
        status = fact.valid.status(day)
        if status is Status.NOT_YET:
            continue
        shown.append(item)
        if item.retraction is not None:
            reason = getattr(item.retraction, "reason", None)
            kind = REGISTRY.name_of(fact)
            retracted.append(Retracted(fact.fact_id, kind, item.retraction.fact_id, reason))
        elif status is Status.HAPPENED:
            happened.append(item)
        elif status is Status.UNCERTAIN:
            uncertain.append(_uncertain(fact))
    theirs: list[Effective] = []
    for item in sorted(others, key=lambda i: report_order(i.fact)):
        status = item.fact.valid.status(day) if item.fact.valid else Status.NOT_YET
        if item.retraction is not None or status is Status.NOT_YET:
            continue
        if not roles(info.id, item.fact):  # a correction may have taken its name away
            continue
        if status is Status.HAPPENED:
            theirs.append(item)
        elif status is Status.UNCERTAIN:
            uncertain.append(_uncertain(item.fact))
    sections = fold_sections(happened, current or plan())
    sections.update(role_sections(info.id, theirs))
    return EntityState(
        entity=named_at(info, items, happened),
        exists=bool(happened or theirs),
        uncertain=tuple(uncertain),
        retracted=tuple(retracted),
        corrections=tuple(
            Correction(i.original.fact_id, tuple(c.fact_id for c in i.corrections))
            for i in sorted(happened + theirs, key=lambda i: i.original.fact_id)
            if i.corrections
        ),
        sources=tuple(sorted({s for i in happened + theirs for s in i.sources})),
        evidence=_evidence(shown + theirs),
        sections=sections,
    )


def _uncertain(fact: Fact) -> Uncertain:
    values = content(fact)
    own = {name: values[name] for name in own_fields(type(fact))}
    return Uncertain(fact.fact_id, REGISTRY.name_of(fact), str(fact.valid), own, fact.entity)


def _evidence(items: list[Effective]) -> tuple[Evidence, ...]:
    facts = {f.fact_id: f for i in items for f in (i.original, *i.corrections, i.retraction) if f}
    return tuple(
        Evidence(
            f.fact_id,
            REGISTRY.name_of(f),
            str(f.valid) if f.valid else None,
            f.reported,
            recorded_at(f),
            f.source,
            f.revision,
            tuple(f.quotes),
            f.note,
            f.verified,
        )
        for f in sorted(facts.values(), key=report_order)
    )


def named_at(
    info: EntityInfo, items: Iterable[Effective], happened: Iterable[Effective]
) -> EntityInfo:
    """The entity's name on the day: the last rename by then, or the name a later
    rename says it had before; the registered name where none is known."""
    done = {i.fact.fact_id for i in happened}
    renames = [i for i in items if hasattr(i.fact, "previous_name")]
    if not renames:
        return info
    renames.sort(key=lambda i: valid_order_key(i.fact))
    before = [i for i in renames if i.fact.fact_id in done]
    if before:
        return dataclasses.replace(info, name=str(content(before[-1].fact)["name"]))
    later = [content(i.fact)["previous_name"] for i in renames]
    return dataclasses.replace(info, name=str(later[0])) if later and later[0] else info
