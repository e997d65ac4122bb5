"""The application: eventsourcing's, composed of the log, the index, the chain and the documents.

Each part is a module of its own: ``app_log`` (appending checked batches,
reading streams back), ``app_index`` (the index kept up to the log, and the
reads through it), ``app_chain`` (verifying the log's hash chain) and
``app_documents`` (registrations, and sources' stored documents).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from .app_chain import AppChain
from .app_documents import AppDocuments
from .app_index import AppIndex
from .app_log import AppLog
from .errors import StoreError
from .events import Fact
from .settings import tunables
from .storage import RECORDERS, IndexedRecorder
from .topics import PinnedMapper
from .transcodings import transcodings


class TimelineApp(AppLog, AppIndex, AppChain, AppDocuments, Application[UUID]):
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
        self.index = cast(IndexedRecorder, self.recorder)
        # The chain is never made here: a log without one is a verification failure,
        # chained only by an explicit start_chain (timeline chain --start).
        if catch_up:
            self.catch_up()

    def construct_mapper(self) -> Mapper[UUID]:
        # Stored topics are read through a fixed mapping only (topics.py), never imported.
        return self.factory.mapper(self.construct_transcoder(), mapper_class=PinnedMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in transcodings():
            transcoder.register(transcoding)

    def facts(self, entity: str | None = None) -> list[Fact]:
        """One entity's facts from its stream, or every fact in valid-time order."""
        if entity is None:
            return list(self.facts_in_valid_order())
        return [e for e in self.entity_events(entity) if isinstance(e, Fact)]
