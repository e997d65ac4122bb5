"""What ingest needs to know of the store, read through its index for a batch's ids alone."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .aggregates import Entity, Source
from .batch import Batch, Catalog
from .events import (
    AMENDMENTS,
    FACT_TYPES,
    TYPE_NAMES,
    Fact,
    content,
    fingerprint_of,
    valid_order_key,
)
from .fields import ENTITY_REFS
from .storage import IndexedRecorder, IndexRows, Row


def catalog_for(
    batch: Batch, index: IndexedRecorder, registration: Callable[[str, str], Any]
) -> Catalog:
    """The stored sources, entities and facts a batch names, and nothing else."""
    facts = {d.id for d in batch.facts} | {
        d.values["target"] for d in batch.facts if "target" in d.values
    }
    entities = {d.id for d in batch.entities}
    for draft in batch.facts:
        for name in ["entity", *sorted(ENTITY_REFS & draft.values.keys())]:
            value = draft.values[name]
            entities.update([value] if isinstance(value, str) else value or [])
    sources = {d.id for d in batch.sources} | {d.values["source"] for d in batch.facts}

    catalog = Catalog()
    for slug in index.lookup("source", sorted(sources)):
        catalog.sources[slug] = registration("source", slug)
    for slug, entry in index.lookup("entity", sorted(entities)).items():
        catalog.entities[slug] = entry.fingerprint or ""
    for fact_id, entry in index.lookup("fact", sorted(facts)).items():
        assert entry.entity is not None
        if entry.fingerprint is None:
            catalog.claims[fact_id] = entry.entity
        else:
            assert entry.fact_type is not None
            kind = FACT_TYPES[entry.fact_type]
            catalog.facts[fact_id] = (entry.entity, kind, entry.fingerprint)
    return catalog


def index_rows(events: Iterable[object]) -> IndexRows:
    """The index rows stored events imply: one definition for ingest and rebuild alike."""
    out = IndexRows()
    for e in events:
        if isinstance(e, Fact):
            fp = fingerprint_of(type(e).__name__, content(e))
            kind = TYPE_NAMES[type(e)]
            out.rows.append(
                Row(
                    "fact",
                    e.fact_id,
                    e.entity,
                    kind,
                    fp,
                    e.originator_id,
                    e.originator_version,
                    valid_order_key(e),
                )
            )
            if isinstance(e, AMENDMENTS):
                out.claim(e.target, e.entity)
        elif isinstance(e, Source.Registered):
            fp = fingerprint_of("source", content(e))
            out.rows.append(Row("source", e.slug, None, None, fp, e.originator_id, 1, None))
        elif isinstance(e, Entity.Registered):
            fp = fingerprint_of("entity", content(e))
            out.rows.append(Row("entity", e.slug, e.slug, None, fp, e.originator_id, 1, None))
    return out
