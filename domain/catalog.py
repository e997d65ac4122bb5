"""What ingest needs to know of the store, read through its index for a batch's ids alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .batch import Batch, Catalog
from .events import FACT_TYPES
from .fields import entity_refs
from .storage import IndexedRecorder


def catalog_for(
    batch: Batch, index: IndexedRecorder, registration: Callable[[str, str], Any]
) -> Catalog:
    """The stored sources, entities and facts a batch names, and nothing else."""
    facts = {d.id for d in batch.facts} | {
        d.values["target"] for d in batch.facts if "target" in d.values
    }
    entities = {d.id for d in batch.entities}
    entities |= {ref for d in batch.facts for _, ref in entity_refs(d.values)}
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
