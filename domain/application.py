"""The application: appends checked batches, reads streams back."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    RecordConflictError,
    Recording,
)
from eventsourcing.utils import Environment

from .aggregates import Entity, Source, new_fact, new_identifiers, stream_id
from .batch import no_cycle_collection, plan
from .catalog import catalog_for
from .drafts import Batch, Plan
from .errors import StoreError, UnknownEntity
from .events import Fact, told_verified, utc_text
from .identifiers import merged
from .settings import tunables
from .storage import ID_END, INDEX_VERSION, RECORDERS, IndexedRecorder, Progress, chain
from .topics import PinnedMapper
from .transcodings import transcodings

PAGE = 1000
KEPT_REGISTRATIONS = 20_000


class TimelineApp(Application[UUID]):
    """Facts about entities, stored as immutable events, one stream per entity.

    Every save writes the store's index and the log's hash chain (``storage``)
    in the same transaction as the events; opening a store first brings the
    index up to the log, and chains a log written before the chain existed.
    """

    name = "timeline"  # names the PostgreSQL tables (timeline_events): never change it

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        """The settings ``open_store`` gives, and from the process environment only the
        waits in ``TUNABLE``, checked: eventsourcing would take any of its settings from
        there (a cipher, a compressor, another store), changing how events are written."""
        tunable = tunables(os.environ)
        return Environment(name, {**dict(type(self).env), **tunable, **dict(env or {})})

    def __init__(self, env: Mapping[str, str] | None = None, *, catch_up: bool = True) -> None:
        """``catch_up=False`` leaves the index as found (a store opened only to read)."""
        env = dict(env or {})
        module = env.get("PERSISTENCE_MODULE", "")
        if module not in RECORDERS:
            raise StoreError(f"the timeline needs SQLite or PostgreSQL, not {module or 'memory'}")
        env.setdefault("APPLICATION_RECORDER_TOPIC", RECORDERS[module])
        super().__init__(env)
        # Registrations never change, so they are safe to keep; a bounded number, so
        # that a walk over every entity keeps its memory flat.
        self._registrations: OrderedDict[tuple[str, str], Any] = OrderedDict()
        # The chain is never made here: a log without one is a verification failure,
        # chained only by an explicit start_chain (timeline chain --start).
        if catch_up:
            self.catch_up()

    @property
    def index(self) -> IndexedRecorder:
        return cast(IndexedRecorder, self.recorder)

    def construct_mapper(self) -> Mapper[UUID]:
        # Stored topics are read through a fixed mapping only (topics.py), never imported.
        return self.factory.mapper(self.construct_transcoder(), mapper_class=PinnedMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in transcodings():
            transcoder.register(transcoding)

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

    def catch_up(self, progress: Progress | None = None) -> int:
        """Index what the log holds beyond the index (a store written before the index),
        or all of it again where the index was made by another version of its rules."""
        covered, last, version = self.index.position()
        if version != INDEX_VERSION:
            return self._rebuild(progress, from_scratch=True)
        if covered == last:
            return 0
        return self._rebuild(progress, from_scratch=covered > last)

    def index_current(self) -> bool:
        """Whether the index covers the log, under this engine's rules (read without writing)."""
        if "timeline_index_state" not in self.index.tables():
            return False
        covered, last, version = self.index.position()
        return covered == last and version == INDEX_VERSION

    def rebuild(
        self,
        progress: Progress | None = None,
        from_scratch: bool = True,
        *,
        accept_unverified: bool = False,
    ) -> int:
        """Drop the index and build it again from the log, in one transaction; refused
        where the log fails verification, unless ``accept_unverified``."""
        if not accept_unverified:
            self.check_verified("the index was not rebuilt")
        return self._rebuild(progress, from_scratch)

    def _rebuild(self, progress: Progress | None, from_scratch: bool) -> int:
        try:
            return self.index.rebuild(progress or _quiet, from_scratch)
        except (ValueError, KeyError, TypeError) as e:  # a stored row not as this engine writes
            raise StoreError(
                f"the log holds an event this engine did not write ({type(e).__name__}: {e}); "
                "timeline verify names where"
            ) from None
        except IntegrityError as e:
            raise StoreError(
                f"the log breaks a rule of the index: {e}. A store written by version 0.1 "
                "could hold an id twice when two ingests raced; its events stay as they are"
            ) from None

    # ---- the log's hash chain --------------------------------------------------

    def log_digest(self) -> chain.LogDigest:
        """The log's last position and the digest of the whole log up to it, as chained."""
        return chain.head_digest(self.index.chain_head())

    def verify(
        self, progress: Progress | None = None, anchors: Mapping[int, str] | None = None
    ) -> tuple[int, chain.LogDigest]:
        """Recompute the chain from the log: how many events, and the head digest. Only reads.

        Raises ``ChainBroken`` naming the first position that was edited, deleted,
        inserted or moved outside the engine, where the log has no chain, or where
        its digest is not that of an anchor (``position -> hex digest`` kept elsewhere).
        """
        tables = self.index.tables()
        if "timeline_chain" not in tables or not self.index.chain_built():
            first = self.index.log_after(0, 1 << 62)  # as stored: a crafted row is no error here
            if first:
                rows = "timeline_chain" in tables and bool(self.index.chain_after(0, 1 << 62))
                raise chain.ChainMissing(first[0].position, rows)
            return chain.verify(iter(()), iter(()), anchors)[0], chain.head_digest(chain.START)
        end, report = self.index.log_end(), progress or _quiet
        log = chain.pages(lambda after: self.index.log_after(after, end))

        def links(after: int) -> list[chain.Link]:
            report(after, end)
            return self.index.chain_after(after, end)

        count, head = chain.verify(log, chain.pages(links), anchors)
        return count, chain.head_digest(head)

    def unverified(self) -> chain.ChainBroken | None:
        """Why the log fails verification, or None where it passes."""
        try:
            self.verify()
        except chain.ChainBroken as e:
            return e
        return None

    def check_verified(self, outcome: str) -> None:
        """Refuse to go on from a log that fails verification, naming its first bad position."""
        failure = self.unverified()
        if failure is not None:
            raise chain.Unverified(
                f"{failure}; {outcome} (--accept-unverified goes on regardless, and says so)"
            )

    def start_chain(self, progress: Progress | None = None) -> int:
        """Chain a log written before the chain existed, trusting it as it is now.

        Refused where the log has a chain, or had one (its marker, or a row of it).
        """
        return self.index.build_chain(progress or _quiet)

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
        return [self._checked(e) for e in events]

    def referring(self, slug: str) -> list[Fact]:
        """Facts of other entities that name this one (an investor, a partner, an
        acquirer) and their amendments, found through the index's ``role`` rows
        (``<slug>/<fact id>/<role>``) and ``amends`` rows (``<target>/<fact id>``):
        as many rows read as facts found."""
        found: dict[str, Fact] = {}
        kind, prefixes = "role", [slug]
        while prefixes:  # the facts naming it, then the amendments of those, and of those
            # "0" is the character after "/": ids in ("x/", "x0") are x's.
            ids = [i for p in prefixes for i in self.ids(kind, after=f"{p}/", before=f"{p}0")]
            new = [f for f in self.indexed_facts(kind, ids) if f.fact_id not in found]
            found.update((f.fact_id, f) for f in new)
            kind, prefixes = "amends", [f.fact_id for f in new]
        return list(found.values())

    def reported_between(self, after: datetime, until: datetime, from_: bool = False) -> list[Fact]:
        """Facts made public after ``after`` (or at it, ``from_``) and by ``until``, through
        the index's ``reported`` rows: as many rows read as facts found."""
        low, high = utc_text(after), utc_text(until)
        ids = self.ids("reported", low if from_ else f"{low} {ID_END}", f"{high} {ID_END}")
        return self.indexed_facts("reported", ids)

    def identifiers(self, slug: str) -> dict[str, str]:
        """An entity's identifiers in public registries, from the index's ``identifier``
        rows (``<slug>/<scheme>``, each holding the identifier itself)."""
        rows = list(self.ids("identifier", after=f"{slug}/", before=f"{slug}0"))
        found = self.index.lookup("identifier", rows)
        return merged([{r.rpartition("/")[2]: found[r].fingerprint or "" for r in found}])

    def indexed_facts(self, kind: str, ids: Iterable[str]) -> list[Fact]:
        """The facts that index rows of ``kind`` point to, once each, in the ids' order."""
        out: dict[tuple[UUID, int], Fact] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), PAGE):
            entries = self.index.lookup(kind, wanted[start : start + PAGE])
            for row_id in wanted[start : start + PAGE]:
                entry = entries.get(row_id)
                if entry is None or entry.stream is None or entry.version is None:
                    continue
                v = entry.version
                if (entry.stream, v) not in out:
                    (event,) = list(self.events.get(entry.stream, gt=v - 1, lte=v))
                    out[(entry.stream, v)] = self._checked(event)
        return list(out.values())

    def entity_slugs(self) -> Iterator[str]:
        """Every stored entity's id, in id order, a page at a time."""
        return self.ids("entity")

    def ids(self, kind: str, after: str = "", before: str = ID_END) -> Iterator[str]:
        """Every stored id of ``kind`` ("source", "entity", "fact", "role") in id order,
        a page at a time, so memory stays flat."""
        while page := self.index.ids_after(kind, after, PAGE, before):
            yield from page
            after = page[-1]

    def facts(self, entity: str | None = None) -> list[Fact]:
        if entity is None:
            return list(self.facts_in_valid_order())
        return [e for e in self.entity_events(entity) if isinstance(e, Fact)]

    def facts_in_valid_order(self) -> Iterator[Fact]:
        """Every fact in valid-time order, a page at a time (memory stays flat)."""
        after = ""
        while page := self.index.facts_after(after, PAGE):
            for _, stored in page:
                yield self._checked(cast(Fact, self.mapper.to_domain_event(stored)))
            after = page[-1][0]

    def _checked(self, event: Any) -> Any:
        """An event read back, a fact with ``Fact.verified`` told: its source has a
        document, which every quote of it was checked against on ingest."""
        if not isinstance(event, Fact):
            return event
        try:
            documented = self.registration("source", event.source).document is not None
        except UnknownEntity:
            documented = False
        return told_verified(event, documented)

    def document(self, source: str) -> Source.DocumentStored | None:
        """The text kept of a source's document, if its source was stored with one."""
        for event in self.events.get(stream_id("source", source), gt=1):
            if isinstance(event, Source.DocumentStored):
                return event
        return None

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

    def is_empty(self) -> bool:
        try:
            return not self.recorder.select_notifications(start=1, limit=1)
        except ValueError:  # a first row this engine did not write: not empty (verify says)
            return False


def _quiet(done: int, total: int) -> None:
    pass
