"""The application: appends checked batches, reads streams back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pendulum
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, RecordConflictError, Transcoding

from .aggregates import Entity, Revision, Source, stream_id
from .batch import Batch, Catalog, Plan, plan
from .dates import ValidTime
from .errors import StoreError, UnknownEntity
from .events import Fact
from .quantities import Money, Share
from .seedfile import load_files

PAGE = 500


class TimelineApp(Application[UUID]):
    """Facts about entities, stored as immutable events, one stream per entity."""

    name = "timeline"  # names the PostgreSQL tables (timeline_events): never change it

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(_PendulumDateTime())
        transcoder.register(_Revision())
        transcoder.register(_AsText(ValidTime, "edtf", ValidTime.parse))
        transcoder.register(_AsText(Money, "money", Money.parse))
        transcoder.register(_AsText(Share, "share", Share.parse))

    def ingest_files(self, paths: Iterable[str | Path]) -> Plan:
        return self.ingest(load_files(paths))

    def ingest(self, batch: Batch) -> Plan:
        """Append what is new in the batch, all in one transaction, or nothing."""
        catalog = Catalog()
        for event in self.stored_events():
            catalog.add(event)
        todo = plan(batch, catalog)
        streams: dict[UUID, Any] = {}
        for values in todo.sources:
            source = Source(**values)
            streams[source.id] = source
        for values in todo.entities:
            entity = Entity(**values)
            streams[entity.id] = entity
        for cls, values in todo.facts:
            sid = stream_id("entity", values["entity"])
            if sid not in streams:
                streams[sid] = self.repository.get(sid)
            streams[sid].record(cls, values)
        if streams:
            try:
                recordings = self.save(*streams.values())
            except RecordConflictError:
                # Another writer appended to one of these streams since we read it;
                # our transaction was rolled back whole, and ingest is idempotent.
                raise StoreError(
                    "the store changed while this batch was being checked; nothing of it "
                    "was stored: run the same ingest again"
                ) from None
            todo.appended = [r.domain_event for r in recordings]
        return todo

    def stored_events(self) -> Iterator[Any]:
        """Every stored event, in the order the store recorded them."""
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=PAGE)
            for notification in page:
                yield self.mapper.to_domain_event(notification)
            if len(page) < PAGE:
                return
            start = page[-1].id + 1

    def entity_events(self, slug: str) -> list[Any]:
        """One entity's stream: its registration, then its facts as appended."""
        events = list(self.events.get(stream_id("entity", slug)))
        if not events:
            raise UnknownEntity(f"no entity {slug!r} in the store")
        return events

    def facts(self, entity: str | None = None) -> list[Fact]:
        events = self.stored_events() if entity is None else self.entity_events(entity)
        return [e for e in events if isinstance(e, Fact)]

    def registration(self, kind: str, slug: str) -> Any:
        """The first event of a ``source`` or ``entity`` stream, which says what it is."""
        events = list(self.events.get(stream_id(kind, slug), lte=1))
        if not events:
            raise UnknownEntity(f"no {kind} {slug!r} in the store")
        return events[0]

    def is_empty(self) -> bool:
        return not self.recorder.select_notifications(start=1, limit=1)


class _PendulumDateTime(Transcoding):
    type = pendulum.DateTime
    name = "pendulum_datetime"

    def encode(self, obj: pendulum.DateTime) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> pendulum.DateTime:
        value = pendulum.parse(data)
        assert isinstance(value, pendulum.DateTime)
        return value


class _AsText(Transcoding):
    """A value stored as the text it is parsed from, so the store reads as the files do."""

    def __init__(self, kind: type[Any], name: str, parse: Callable[[str], Any]) -> None:
        self.type, self.name, self._parse = kind, name, parse

    def encode(self, obj: Any) -> str:
        return str(obj)

    def decode(self, data: str) -> Any:
        return self._parse(data)


class _Revision(Transcoding):
    type = Revision
    name = "revision"

    def encode(self, obj: Revision) -> dict[str, Any]:
        return {"id": obj.id, "published": obj.published, "note": obj.note}

    def decode(self, data: dict[str, Any]) -> Revision:
        return Revision(**data)
