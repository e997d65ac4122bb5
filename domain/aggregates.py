"""The two kinds of stream: a source document, and an entity with its facts."""

from __future__ import annotations

import functools
import hashlib
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
        self.text: str | None = None

    class DocumentStored(Aggregate.Event):
        """The text of the document a source names, kept so that every later quote of
        the source is checked against it. An event of its own after ``Registered``, so
        that a registration's content (and fingerprint) stays what it always was."""

        name: str
        sha256: str
        text: str

        def apply(self, aggregate: Any) -> None:
            aggregate.text = self.text

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
        self.identifiers: dict[str, str] = {}

    class IdentifiersStated(Aggregate.Event):
        """Its identifiers in public registries (``identifiers.py``). An event of its own
        after ``Registered``, so that a registration's content (and fingerprint) stays
        what it always was, and an entity stored earlier can be given them later."""

        slug: str
        identifiers: dict[str, str]

        def apply(self, aggregate: Any) -> None:
            aggregate.identifiers = {**aggregate.identifiers, **self.identifiers}

    @classmethod
    def create_id(cls, slug: str) -> UUID:
        return stream_id("entity", slug)


def new_document(slug: str, version: int, name: str, text: str) -> Source.DocumentStored:
    """A source's document appended at ``version`` of its stream (2, after its registration,
    unless the source was registered by a version that did not keep documents)."""
    cls = Source.DocumentStored
    content: dict[str, Any] = {"name": name, "sha256": sha256_of(text), "text": text}
    return cls(
        originator_id=stream_id("source", slug),
        originator_version=version,
        timestamp=cls.create_timestamp(),
        **content,
    )


def new_identifiers(
    slug: str, version: int, identifiers: dict[str, str]
) -> Entity.IdentifiersStated:
    """An entity's identifiers appended at ``version`` of its stream."""
    cls = Entity.IdentifiersStated
    content: dict[str, Any] = {"slug": slug, "identifiers": identifiers}
    return cls(
        originator_id=stream_id("entity", slug),
        originator_version=version,
        timestamp=cls.create_timestamp(),
        **content,
    )


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_fact(cls: type[Fact], stream: UUID, version: int, values: dict[str, Any]) -> Fact:
    """A fact appended at ``version`` of an entity's stream.

    Ingest builds facts without replaying the stream: it needs only the stream's
    last version, and the store refuses the append if another writer took it.
    """
    return cls(
        originator_id=stream, originator_version=version, timestamp=cls.create_timestamp(), **values
    )
