"""The application's index: kept up to the log, and the reads that go through it.

The index (``storage``) is a cache of the log, written with every append: these
bring it up to the log, or build it again, and read facts by what it keys them on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import cast
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Mapper

from .app_chain import AppChain, quiet
from .app_documents import AppDocuments
from .errors import StoreError
from .events import Fact, utc_text
from .identifiers import merged
from .storage import ID_END, INDEX_VERSION, Progress

PAGE = 1000


class AppIndex(AppChain, AppDocuments):
    """Catching the index up with the log, rebuilding it, and reading facts through it."""

    mapper: Mapper[UUID]  # eventsourcing's, set by the application

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
            return self.index.rebuild(progress or quiet, from_scratch)
        # A stored event the index cannot read is an UnreadableEvent (storage/rows.py).
        except IntegrityError as e:
            raise StoreError(
                f"the log breaks a rule of the index: {e}. A store written by version 0.1 "
                "could hold an id twice when two ingests raced; its events stay as they are"
            ) from None

    # ---- reading through the index -------------------------------------------

    def referring(self, slug: str) -> list[Fact]:
        """Facts of other entities that name this one (an investor, a partner, an
        acquirer) and their amendments, found through the index's ``role`` rows
        (``<slug>/<fact id>/<role>``) and ``amends`` rows (``<target>/<fact id>``):
        as many rows read as facts found."""
        found: dict[str, Fact] = {}
        kind, prefixes = "role", [slug]
        while prefixes:  # the facts naming it, then the amendments of those, and of those
            # "0" is the character after "/": ids in ("x/", "x0") are x's. One query a round.
            stored = self.index.events_in(kind, [(f"{p}/", f"{p}0") for p in prefixes])
            read = [cast(Fact, self.mapper.to_domain_event(event)) for event in stored]
            self.keep_registrations("source", {f.source for f in read})
            new = []
            for fact in map(self.checked, read):
                if fact.fact_id not in found:
                    found[fact.fact_id] = fact
                    new.append(fact.fact_id)
            kind, prefixes = "amends", new
        return list(found.values())

    def reported_between(self, after: datetime, until: datetime, from_: bool = False) -> list[Fact]:
        """Facts made public after ``after`` (or at it, ``from_``) and by ``until``, through
        the index's ``reported`` rows: as many rows read as facts found."""
        low, high = utc_text(after), utc_text(until)
        span = (low if from_ else f"{low} {ID_END}", f"{high} {ID_END}")
        read = [
            cast(Fact, self.mapper.to_domain_event(e))
            for e in self.index.events_in("reported", [span])
        ]
        self.keep_registrations("source", {f.source for f in read})
        return [self.checked(f) for f in read]

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
                    out[(entry.stream, v)] = self.checked(event)
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

    def facts_in_valid_order(self) -> Iterator[Fact]:
        """Every fact in valid-time order, a page at a time (memory stays flat)."""
        after = ""
        while page := self.index.facts_after(after, PAGE):
            for _, stored in page:
                yield self.checked(cast(Fact, self.mapper.to_domain_event(stored)))
            after = page[-1][0]
