"""Whether two stores give the same answers: the check that ends a copy."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from company_timeline.domain import TimelineApp
from company_timeline.domain.copying import CopiesDiffer
from company_timeline.domain.events import content

from .exports.json_documents import EVENTS_SCHEMA, fact_document, write_events_document

Registration = tuple[str, dict[str, Any], Any]  # id, content, recorded time


def check_identical_exports(source: TimelineApp, target: TimelineApp) -> None:
    """Raise ``CopiesDiffer`` naming what differs, unless both stores give the same
    events document, byte for byte, and register the same sources and entities."""
    ours, theirs = events_digest(source), events_digest(target)
    if ours != theirs:
        where = _first_fact_difference(source, target)
        raise CopiesDiffer(
            f"the two stores' {EVENTS_SCHEMA} exports differ: {where} "
            f"(sha256 {ours[:12]} here, {theirs[:12]} there)"
        )
    for kind in ("source", "entity"):
        for here, there in zip_longest(_registrations(source, kind), _registrations(target, kind)):
            if here != there:
                raise CopiesDiffer(f"the two stores differ: {_difference(kind, here, there)}")


def events_digest(app: TimelineApp) -> str:
    """The sha256 of the store's events document (recorded times included), streamed."""
    digest = hashlib.sha256()
    write_events_document(app.facts_in_valid_order(), lambda text: digest.update(text.encode()))
    return digest.hexdigest()


def _first_fact_difference(source: TimelineApp, target: TimelineApp) -> str:
    # Only on failure: the digests say whether they differ, this says where, for the user.
    pairs = zip_longest(source.facts_in_valid_order(), target.facts_in_valid_order())
    for place, (here, there) in enumerate(pairs, 1):
        if here is None or there is None:
            which, fact = ("the target", there) if here is None else ("this store", here)
            return f"only {which} has event {fact.fact_id!r} (event {place} in valid-time order)"
        if fact_document(here) != fact_document(there):
            return f"event {here.fact_id!r} differs (event {place} in valid-time order)"
    return "the documents' events are alike, their bytes are not"


def _registrations(app: TimelineApp, kind: str) -> Iterator[Registration]:
    """Every source or entity, in id order, a page at a time."""
    for slug in app.ids(kind):
        registered = app.registration(kind, slug)
        yield slug, content(registered), registered.timestamp


def _difference(kind: str, here: Registration | None, there: Registration | None) -> str:
    if there is None or (here is not None and here[0] < there[0]):
        assert here is not None
        return f"the target has no {kind} {here[0]!r}"
    if here is None or there[0] < here[0]:
        return f"only the target has a {kind} {there[0]!r}"
    return f"{kind} {here[0]!r} is registered differently (its content or recorded time)"
