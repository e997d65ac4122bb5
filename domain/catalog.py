"""What ingest needs to know of the store, read through its index for a batch's ids alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder

from .aggregates import stream_id
from .drafts import Batch, Catalog, StoredDocument
from .events import AMENDMENTS
from .facttypes import REGISTRY
from .storage import Entry, IndexedRecorder

DOCUMENT_STORED = "Source.DocumentStored"


def catalog_for(
    batch: Batch, index: IndexedRecorder, registration: Callable[[str, str], Any]
) -> Catalog:
    """The stored sources, entities and facts a batch names, and nothing else."""
    facts = {d.id for d in batch.facts} | {
        d.values["target"] for d in batch.facts if "target" in d.values
    }
    entities = {d.id for d in batch.entities}
    entities |= {ref for d in batch.facts for _, ref, _ in REGISTRY.refs(d.type_name, d.values)}
    sources = {d.id for d in batch.sources} | {d.values["source"] for d in batch.facts}

    catalog = Catalog()
    for slug in index.lookup("source", sorted(sources)):
        catalog.sources[slug] = registered = registration("source", slug)
        if registered.document is not None:
            catalog.documents[slug] = _document(index, slug)
    for slug, entry in index.lookup("entity", sorted(entities)).items():
        catalog.entities[slug] = entry.fingerprint or ""
    # An identifier's row keeps the identifier itself where others keep a fingerprint.
    named = sorted({f"{d.id}/{scheme}" for d in batch.entities for scheme in d.identifiers})
    for row_id, entry in index.lookup("identifier", named).items():
        slug, _, scheme = row_id.rpartition("/")
        catalog.identifiers[(slug, scheme)] = entry.fingerprint or ""
    _add_facts(catalog, index, facts, given={d.id for d in batch.facts})
    return catalog


def _add_facts(catalog: Catalog, index: IndexedRecorder, ids: set[str], given: set[str]) -> None:
    """The stored facts named, then the targets of those that are amendments not in the
    batch, and theirs in turn: a chain of amendments read as far as the store holds it."""
    while ids:
        amendments: dict[str, Entry] = {}
        for fact_id, entry in index.lookup("fact", sorted(ids)).items():
            assert entry.entity is not None
            if entry.fingerprint is None:
                catalog.claims[fact_id] = entry.entity
                continue
            assert entry.fact_type is not None
            kind = REGISTRY.classes()[entry.fact_type]
            catalog.facts[fact_id] = (entry.entity, kind, entry.fingerprint)
            if issubclass(kind, AMENDMENTS) and fact_id not in given:
                amendments[fact_id] = entry
        ids = set()
        for fact_id, entry in amendments.items():
            assert entry.stream is not None and entry.version is not None
            target = _state(index, entry.stream, entry.version)["target"]
            catalog.targets[fact_id] = target
            if target not in catalog.facts and target not in catalog.claims:
                ids.add(target)
        ids -= given


def _document(index: IndexedRecorder, slug: str) -> StoredDocument:
    """The text a source's stream keeps, read from the stored JSON as the index's rows are."""
    stream = stream_id("source", slug)
    later = cast(AggregateRecorder, index).select_events(stream, gt=1)
    for stored in later:
        if stored.topic.rpartition(":")[2] == DOCUMENT_STORED:
            state = json.loads(stored.state)
            return StoredDocument(state["sha256"], state["text"], later[-1].originator_version)
    return StoredDocument(None, None, later[-1].originator_version if later else 1)


def _state(index: IndexedRecorder, stream: UUID, version: int) -> dict[str, Any]:
    (stored,) = cast(AggregateRecorder, index).select_events(stream, gt=version - 1, lte=version)
    return cast(dict[str, Any], json.loads(stored.state))
