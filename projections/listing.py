"""What a store holds, listed: its entities, its sources, an entity's fields.

Entities and sources are listed from the index and each one's registration;
no fact is read but those of the one entity whose fields are asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pendulum import Date, DateTime

from company_timeline.domain import Fact, TimelineApp
from company_timeline.domain.errors import UnknownName
from company_timeline.domain.events import AMENDMENTS
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.finding import closest

from .field_paths import FieldValue, fields_of
from .knowledge import visible
from .queries import read_record
from .state import state_at


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    kind: str
    first: str | None  # the first and last day its facts' valid times reach
    last: str | None
    facts: int


@dataclass(frozen=True)
class SourceRow:
    id: str
    title: str
    publisher: str | None
    published: DateTime
    url: str | None
    revisions: tuple[str, ...]


def entity_rows(app: TimelineApp, kind: str | None = None) -> Iterator[EntityRow]:
    """Every stored entity in id order, or those of one kind (``company``, ``investor``)."""
    amendments = [REGISTRY.name_of(cls) for cls in AMENDMENTS]
    summaries = app.index.entity_summaries(amendments)
    kinds: set[str] = set()
    for slug in app.entity_slugs():
        registered = app.registration("entity", slug)
        kinds.add(registered.kind)
        if kind is None or registered.kind == kind:
            summary = summaries.get(slug)
            yield EntityRow(
                slug,
                registered.name,
                registered.kind,
                summary.first if summary else None,
                summary.last if summary else None,
                summary.facts if summary else 0,
            )
    if kind is not None and kind not in kinds:
        raise UnknownName(
            "kind", kind, closest(kind, kinds), f"kinds are: {', '.join(sorted(kinds))}"
        )


def source_rows(app: TimelineApp, only: Sequence[str] = ()) -> Iterator[SourceRow]:
    """Every stored source in id order (or those named), with its revisions."""
    for slug in only or app.ids("source"):
        s = app.registration("source", slug)
        revisions = tuple(r.id for r in s.revisions)
        yield SourceRow(slug, s.title, s.publisher, s.published, s.url, revisions)


def last_day(
    facts: Sequence[Fact], known: DateTime | None = None, recorded: DateTime | None = None
) -> Date | None:
    """The last day any fact's valid time reaches, as known and recorded by then."""
    days = [
        f.valid.latest or f.valid.earliest
        for f in facts
        if f.valid is not None and visible(f, known, recorded)
    ]
    return max((d for d in days if d is not None), default=None)


def entity_fields(
    app: TimelineApp,
    entity: str,
    valid: Date | None = None,
    known: DateTime | None = None,
    recorded: DateTime | None = None,
) -> tuple[Date | None, dict[str, FieldValue]]:
    """Every field of the entity with its value on ``valid`` (default: its last day on
    record), and that day; no day and no fields for an entity with no facts."""
    record = read_record(app, entity)
    day = valid or last_day(record.facts, known, recorded)
    if day is None:
        return None, {}
    (state,) = state_at(record.facts, record.entities, day, known, recorded, entity).entities
    return day, fields_of(state)


def entity_last_day(
    app: TimelineApp, entity: str, known: DateTime | None = None, recorded: DateTime | None = None
) -> Date | None:
    """The last day the entity's facts reach, as known and recorded by then."""
    return last_day(read_record(app, entity).facts, known, recorded)
