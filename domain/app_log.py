"""The application's log: checked batches appended in one transaction, and streams read back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper, RecordConflictError, Recording

from .aggregates import Entity, Source, new_fact, new_identifiers, stream_id
from .app_chain import AppChain
from .app_documents import AppDocuments
from .batch import no_cycle_collection, plan
from .catalog import catalog_for
from .drafts import Batch, Plan
from .errors import StoreError, UnknownEntity

PAGE = 1000


class AppLog(AppChain, AppDocuments):
    """Appending to the log (refused where it fails verification), and reading it back."""

    recorder: ApplicationRecorder  # eventsourcing's, set by the application
    mapper: Mapper[UUID]

    # ---- writing ---------------------------------------------------------------

    def ingest_files(self, paths: Iterable[str | Path], *, accept_unverified: bool = False) -> Plan:
        from .eventfile import load_files  # YAML and its parser load only for ingest

        return self.ingest(load_files(paths), accept_unverified=accept_unverified)

    def ingest(self, batch: Batch, *, accept_unverified: bool = False) -> Plan:
        """Append what is new in the batch, all in one transaction, or nothing.

        Refused where the log fails verification, unless ``accept_unverified``:
        appending to a log changed behind the engine's back would bury the change
        under events that are genuine.
        """
        if not accept_unverified:
            self.check_verified("nothing of the batch was stored")
        with no_cycle_collection():
            return self._ingest(batch)

    def _ingest(self, batch: Batch) -> Plan:
        todo = plan(batch, catalog_for(batch, self.index, self.registration))
        events: list[Any] = []
        for values in todo.sources:
            events += Source(**values).collect_events()
        events += todo.documents  # the sources' documents (documents.py), once registered
        for values in todo.entities:
            events += Entity(**values).collect_events()
        versions = {stream_id("entity", v["slug"]): 1 for v in todo.entities}

        def following(sid: UUID) -> int:
            """The next version of an entity's stream, read once per stream."""
            if sid not in versions:
                last = self.recorder.select_events(sid, desc=True, limit=1)
                versions[sid] = last[0].originator_version if last else 0
            versions[sid] += 1
            return versions[sid]

        for slug, identifiers in todo.identifiers.items():  # right after a new registration
            events.append(new_identifiers(slug, following(stream_id("entity", slug)), identifiers))
        for cls, values in todo.facts:
            sid = stream_id("entity", values["entity"])
            events.append(new_fact(cls, sid, following(sid), values))
        if events:
            try:
                recordings = self.append(events)
            except RecordConflictError:
                # Another writer stored one of these ids, or appended to one of these
                # streams, since we checked: the database refused our transaction whole.
                raise StoreError(
                    "the store changed while this batch was being checked; nothing of it "
                    "was stored: run the same ingest again"
                ) from None
            todo.appended = [todo.checked(r.domain_event) for r in recordings]
        return todo

    def append(self, events: Sequence[Any]) -> list[Recording[UUID]]:
        """Store new events in one transaction; ``save`` for events that need no aggregate.

        ``save`` would test each object against a runtime Protocol, which costs
        more than transcoding the event; these are known to be events. The event
        store's public ``put`` is what ``save`` records through: this application
        keeps no aggregate cache and takes no snapshots, the rest of what ``save`` does.
        """
        return self.events.put(events)

    # ---- reading ---------------------------------------------------------------

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
        return [self.checked(e) for e in events]

    def is_empty(self) -> bool:
        try:
            return not self.recorder.select_notifications(start=1, limit=1)
        except ValueError:  # a first row this engine did not write: not empty (verify says)
            return False
