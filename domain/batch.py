"""Deciding what an ingest appends: checks against the batch and the store.

Everything is checked before anything is written, so a bad file stores
nothing; what is already stored word for word is skipped, so ingest is
idempotent; an id that comes back with other content is a conflict.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .documents import plan_documents
from .drafts import Batch, Catalog, Draft, Plan
from .errors import ConflictingFact, ErrorList, InputError
from .events import (
    AMENDMENTS,
    content,
    fingerprint_of,
    own_fields,
)
from .facttypes import REGISTRY
from .identifiers import plan_identifiers

if TYPE_CHECKING:  # reading YAML is for ingest alone: other commands skip its import
    pass


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Reading and storing a batch makes an object per value and no reference cycles;
    the cycle collector's passes over the growing heap cost a third of a large
    ingest, for nothing to collect."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def plan(batch: Batch, catalog: Catalog) -> Plan:
    result = Plan()
    stored_sources = {k: fingerprint_of("source", content(v)) for k, v in catalog.sources.items()}
    for draft in _unique(batch.sources):
        if _is_new(draft, stored_sources.get(draft.id), result):
            result.sources.append(draft.values)
    for draft in _unique(batch.entities):
        if _is_new(draft, catalog.entities.get(draft.id), result):
            result.entities.append(draft.values)
    result.identifiers, unchanged = plan_identifiers(batch.entities, catalog.identifiers)
    result.unchanged += unchanged

    published = {s.values["slug"]: s.values for s in batch.sources}
    published.update({k: content(v) for k, v in catalog.sources.items()})
    entities = {d.id for d in batch.entities} | set(catalog.entities)
    targets = {d.id: (d.values["entity"], d.kind) for d in batch.facts}
    targets |= {k: (v[0], v[1]) for k, v in catalog.facts.items()}
    claims = dict(catalog.claims)
    errors = ErrorList()  # every fact's references checked, so one run tells all
    for draft in batch.facts:
        try:
            _resolve_reported(draft, published)
            _check_references(draft, entities, targets, claims)
        except InputError as e:
            errors.add(e)
    errors.raise_any()
    _check_cycles(batch, catalog.targets)
    new: list[Draft] = []
    for draft in _unique(batch.facts):
        stored = catalog.facts.get(draft.id)
        if _is_new(draft, stored[2] if stored else None, result):
            assert not isinstance(draft.kind, str)
            result.facts.append((draft.kind, draft.values))
            new.append(draft)
    # The quotes of what is new: a fact already stored was checked when it was.
    plan_documents(batch.sources, new, catalog, result)
    return result


def _unique(drafts: list[Draft]) -> list[Draft]:
    """Drafts by id; the same id twice in a batch must say the same thing."""
    seen: dict[str, Draft] = {}
    for draft in drafts:
        first = seen.setdefault(draft.id, draft)
        if first is not draft and first.fingerprint() != draft.fingerprint():
            raise draft.node.error(
                "id",
                f"{draft.id!r} is also given, differently, at {first.node.file}:{first.node.line}",
                ConflictingFact,
            )
    return list(seen.values())


def _is_new(draft: Draft, stored: str | None, result: Plan) -> bool:
    if stored is None:
        return True
    if stored != draft.fingerprint():
        raise draft.node.error(
            "id",
            f"{draft.id!r} is already stored with other content; stored events never "
            "change: record a report_corrected event instead",
            ConflictingFact,
        )
    result.unchanged += 1
    return False


def _check_cycles(batch: Batch, stored: dict[str, str]) -> None:
    """Refuse amendments that, through each other, amend themselves: which would win?"""
    targets = dict(stored)
    targets.update({d.id: d.values["target"] for d in batch.facts if "target" in d.values})
    settled: set[str] = set()  # leads to a fact that amends nothing, or to a loop elsewhere
    for draft in batch.facts:
        if draft.id not in targets or draft.id in settled:
            continue
        path, step = [draft.id], targets[draft.id]
        while step in targets and step not in settled and step not in path:
            path.append(step)
            step = targets[step]
        if step == draft.id:
            cycle = " -> ".join([*path, draft.id])
            raise draft.node.error("target", f"amendments in a cycle: {cycle}")
        settled.add(draft.id)
        if step not in path:  # no loop on the way: nothing on it is in a cycle
            settled.update(path)


def _resolve_reported(draft: Draft, sources: dict[str, dict[str, Any]]) -> None:
    values, node = draft.values, draft.node
    source = sources.get(values["source"])
    if source is None:
        raise node.error("source", f"no source {values['source']!r} in this file or the store")
    revision = values["revision"]
    revisions = {r.id: r for r in source["revisions"]}
    if revision is not None and revision not in revisions:
        known = ", ".join(revisions) or "none"
        raise node.error(
            "revision",
            f"source {values['source']!r} has no revision {revision!r} (it has: {known})",
        )
    if values["reported"] is None:
        values["reported"] = revisions[revision].published if revision else source["published"]


def _check_references(
    draft: Draft, entities: set[str], targets: dict[str, Any], claims: dict[str, str]
) -> None:
    values, node = draft.values, draft.node
    for name, ref, _ in REGISTRY.refs(draft.type_name, values):
        if ref not in entities:
            raise node.error(name, f"no entity {ref!r}: declare it under entities")
    claimed = claims.get(values["fact_id"])
    if claimed is not None and claimed != values["entity"]:
        raise node.error(
            "entity", f"an amendment already stored says this fact belongs to {claimed!r}"
        )
    if not issubclass(draft.kind, AMENDMENTS):  # type: ignore[arg-type]
        return
    target = values["target"]
    if target == values["fact_id"]:
        raise node.error("target", "a report cannot amend itself")
    if target not in targets:
        # Not known yet: it may come in a later file, in the entity claimed for it.
        if claims.setdefault(target, values["entity"]) != values["entity"]:
            raise node.error(
                "entity", f"another amendment of {target!r} gives it the entity {claims[target]!r}"
            )
        return
    target_entity, target_type = targets[target]
    if target_entity != values["entity"]:
        raise node.error(
            "entity", f"an amendment belongs to the entity of the fact it amends: {target_entity!r}"
        )
    changes = values.get("changes", {})
    # A correction of a correction may change any field its target changes.
    if changes and not issubclass(target_type, AMENDMENTS):
        allowed = set(own_fields(target_type)) | {"valid"}
        for name in changes:
            if name not in allowed:
                raise node.error("changes", f"{target!r} has no field {name!r} to correct")
