"""Reading the store back and replaying it through the projection."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pendulum import Date, DateTime

from company_timeline.domain import Entity, Fact, Source, TimelineApp
from company_timeline.domain.errors import UnknownEntity
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.identifiers import merged

from .model import EntityInfo, EntityState, Snapshot
from .render import Names, names_from
from .state import state_at

if TYPE_CHECKING:  # the questions load only for the commands that ask them
    from .why_and_diff import Change, FieldHistory, Why


@dataclass
class Record:
    """Everything a replay needs, read in one pass over the store."""

    facts: list[Fact] = field(default_factory=list)
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    sources: dict[str, Source.Registered] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set, repr=False)

    def names(self) -> Names:
        """Entity names for people, from the registrations read with the record."""
        return names_from({slug: info.name for slug, info in self.entities.items()})

    def update(self, other: Record) -> None:
        for fact in other.facts:  # a fact shown on two entities is read with both
            self.add(fact)
        for slug, info in other.entities.items():
            # A record names other entities by their registration alone: keep what an
            # entity's own stream said of it (its identifiers).
            if slug not in self.entities or info.identifiers or not self.entities[slug].identifiers:
                self.entities[slug] = info
        self.sources.update(other.sources)

    def add(self, event: object) -> None:
        if isinstance(event, Fact):
            if event.fact_id not in self._ids:
                self._ids.add(event.fact_id)
                self.facts.append(event)
        elif isinstance(event, Entity.Registered):
            self.entities[event.slug] = EntityInfo(
                event.slug, event.name, event.kind, event.city, event.country, event.note
            )
        elif isinstance(event, Entity.IdentifiersStated) and event.slug in self.entities:
            info = self.entities[event.slug]
            stated = merged([info.identifiers, event.identifiers])
            self.entities[event.slug] = dataclasses.replace(info, identifiers=stated)
        elif isinstance(event, Source.Registered):
            self.sources[event.slug] = event


def read_record(app: TimelineApp, entity: str | None = None) -> Record:
    """All of the store, or one entity's stream and the sources it cites."""
    record = Record()
    if entity is None:
        for slug in app.entity_slugs():
            record.update(read_record(app, slug))
        return record
    for event in app.entity_events(entity):
        record.add(event)
    for fact in app.referring(entity):  # other entities' facts that show on this one
        record.add(fact)
    for slug in sorted({f.source for f in record.facts}):
        record.add(app.registration("source", slug))
    for slug in sorted(_referenced(record.facts) - set(record.entities)):
        record.add(app.registration("entity", slug))  # for their names
    return record


def store_names(app: TimelineApp) -> Names:
    """Entity names looked up in the store as they are needed."""

    @functools.lru_cache(maxsize=4096)
    def name(slug: str) -> str:
        try:
            return str(app.registration("entity", slug).name)
        except UnknownEntity:  # named by a fact, not registered: its id is its name
            return slug

    return name


def _referenced(facts: list[Fact]) -> set[str]:
    refs: set[str] = set()
    for fact in facts:
        refs.update(ref for _, ref, _ in REGISTRY.refs(REGISTRY.name_of(fact), content(fact)))
    return refs


def snapshot(
    app: TimelineApp,
    valid: Date,
    known: DateTime | None = None,
    recorded: DateTime | None = None,
    entity: str | None = None,
) -> tuple[Snapshot, Record]:
    """The state at ``valid`` (as known at ``known``), with the record behind it."""
    if entity is not None:
        record = read_record(app, entity)
        return state_at(record.facts, record.entities, valid, known, recorded, entity), record
    record, states = Record(), []
    for state, part in entity_states(app, valid, known, recorded):
        states.append(state)
        record.update(part)
    return Snapshot(valid, known, recorded, tuple(states)), record


def entity_states(
    app: TimelineApp, valid: Date, known: DateTime | None = None, recorded: DateTime | None = None
) -> Iterator[tuple[EntityState, Record]]:
    """Every entity on record by ``valid``, one at a time, so memory stays flat.

    Amendments belong to their target's entity (the store enforces it), so
    folding each entity's stream alone gives what folding the whole log would.
    """
    for slug in app.entity_slugs():
        record = read_record(app, slug)
        (state,) = state_at(record.facts, record.entities, valid, known, recorded, slug).entities
        if state.exists or state.uncertain:
            yield state, record


def entity_history(app: TimelineApp, entity: str, path: str | None = None) -> list[FieldHistory]:
    """Every value the entity's fields took, with when each held and became known."""
    from .why_and_diff import history

    record = read_record(app, entity)
    return history(record.facts, record.entities, entity, path)


def explain(
    app: TimelineApp, entity: str, path: str, valid: Date, known: DateTime | None = None
) -> Why:
    """The events, sources and quotes behind a field's value at (valid, known)."""
    from .why_and_diff import why

    record = read_record(app, entity)
    return why(record.facts, record.entities, entity, path, valid, known)


def compare(
    app: TimelineApp,
    entity: str,
    before: tuple[Date, DateTime | None],
    after: tuple[Date, DateTime | None],
) -> tuple[Change, ...]:
    """What changed between two (valid date, knowledge time) points, field by field."""
    from .why_and_diff import diff

    record = read_record(app, entity)
    old, new = (
        state_at(record.facts, record.entities, d, t, only=entity).entities[0]
        for d, t in (before, after)
    )
    return diff(old, new)
