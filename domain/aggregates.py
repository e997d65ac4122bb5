"""The two kinds of stream: a source document, and an entity with its facts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from pendulum import DateTime

from .events import Fact


@functools.lru_cache(maxsize=16384)  # a uuid5 costs more than looking one up
def stream_id(kind: str, slug: str) -> UUID:
    """Streams are named by slug, so the same file always lands in the same stream."""
    return uuid5(NAMESPACE_URL, f"timeline:{kind}:{slug}")


@dataclass(frozen=True)
class Revision:
    """A later version of a source (an update, a correction) and when it appeared."""

    id: str
    published: DateTime
    note: str | None = None


class Source(Aggregate):
    class Registered(Aggregate.Created):
        slug: str
        title: str
        publisher: str | None
        language: str | None
        published: DateTime
        url: str | None
        document: str | None
        note: str | None
        revisions: list[Revision]

    def __init__(
        self,
        slug: str,
        title: str,
        publisher: str | None,
        language: str | None,
        published: DateTime,
        url: str | None,
        document: str | None,
        note: str | None,
        revisions: list[Revision],
    ) -> None:
        self.slug, self.title, self.publisher, self.language = slug, title, publisher, language
        self.published, self.url, self.document, self.note = published, url, document, note
        self.revisions = revisions

    @classmethod
    def create_id(cls, slug: str) -> UUID:
        return stream_id("source", slug)

    def published_at(self, revision: str | None) -> DateTime:
        if revision is None:
            return self.published
        return next(r.published for r in self.revisions if r.id == revision)


class Entity(Aggregate):
    """A company, investor or regulator; its stream holds every fact about it."""

    class Registered(Aggregate.Created):
        slug: str
        name: str
        kind: str
        city: str | None
        country: str | None
        note: str | None

    def __init__(
        self,
        slug: str,
        name: str,
        kind: str,
        city: str | None,
        country: str | None,
        note: str | None,
    ) -> None:
        self.slug, self.name, self.kind = slug, name, kind
        self.city, self.country, self.note = city, country, note
        self.fact_ids: set[str] = set()

    @classmethod
    def create_id(cls, slug: str) -> UUID:
        return stream_id("entity", slug)


def new_fact(cls: type[Fact], stream: UUID, version: int, values: dict[str, Any]) -> Fact:
    """A fact appended at ``version`` of an entity's stream.

    Ingest builds facts without replaying the stream: it needs only the stream's
    last version, and the store refuses the append if another writer took it.
    """
    return cls(
        originator_id=stream, originator_version=version, timestamp=cls.create_timestamp(), **values
    )
