"""The application's documents: what a stream says of itself, and a source's stored text.

A source or entity stream begins with its registration; a source's document
follows it (``Source.DocumentStored``). A fact read back is told whether its
quotes were checked: they were if its source has a document (``documents.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import EventStore, Mapper

from .aggregates import Source, stream_id
from .errors import UnknownEntity
from .events import Fact, told_verified
from .storage import IndexedRecorder

KEPT_REGISTRATIONS = 20_000


class AppDocuments:
    """Registrations (kept, a bounded number) and sources' documents, read from their streams."""

    events: EventStore[UUID]  # eventsourcing's, set by the application
    mapper: Mapper[UUID]  # likewise
    index: IndexedRecorder  # the store's recorder, set by the application

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # the application's, next in line
        # Registrations never change, so they are safe to keep; a bounded number, so
        # that a walk over every entity keeps its memory flat.
        self._registrations: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def registration(self, kind: str, slug: str) -> Any:
        """The first event of a ``source`` or ``entity`` stream, which says what it is."""
        key = (kind, slug)
        if key in self._registrations:
            self._registrations.move_to_end(key)
            return self._registrations[key]
        events = list(self.events.get(stream_id(kind, slug), lte=1))
        if not events:
            raise UnknownEntity(f"no {kind} {slug!r} in the store")
        self._registrations[key] = events[0]
        if len(self._registrations) > KEPT_REGISTRATIONS:
            self._registrations.popitem(last=False)
        return events[0]

    def keep_registrations(self, kind: str, slugs: Iterable[str]) -> None:
        """Read the registrations not kept yet in one query (a question about facts of
        many sources tells each fact's ``verified`` from its source's)."""
        missing = {s for s in slugs if (kind, s) not in self._registrations}
        if not missing:
            return
        for stored in self.index.events_of(kind, sorted(missing)):
            event: Any = self.mapper.to_domain_event(stored)
            self._registrations[(kind, event.slug)] = event
        while len(self._registrations) > KEPT_REGISTRATIONS:
            self._registrations.popitem(last=False)

    def document(self, source: str) -> Source.DocumentStored | None:
        """The text kept of a source's document, if its source was stored with one."""
        for event in self.events.get(stream_id("source", source), gt=1):
            if isinstance(event, Source.DocumentStored):
                return event
        return None

    def checked(self, event: Any) -> Any:
        """An event read back, a fact with ``Fact.verified`` told: its source has a
        document, which every quote of it was checked against on ingest."""
        if not isinstance(event, Fact):
            return event
        try:
            documented = self.registration("source", event.source).document is not None
        except UnknownEntity:
            documented = False
        return told_verified(event, documented)
