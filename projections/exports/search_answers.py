"""Text and JSON for the questions across entities: ``events`` with filters, ``changes``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ..event_search import Change, Found
from ..plain import plain
from ..render import Names
from .json_documents import fact_document, stream_dumps
from .text_answers import event_text

EVENTS_SCHEMA = "timeline.events/1"
CHANGES_SCHEMA = "timeline.changes/1"
Write = Callable[[str], Any]


def write_found_text(
    found: Iterable[Found], write: Write, names: Names, filtered: bool = True
) -> None:
    empty = True
    for f in found:
        more = f"  as {', '.join(f.roles)}" if f.roles else ""
        more += "  uncertain: its valid time straddles the span" if f.uncertain else ""
        write(event_text(f.fact, names, more))
        empty = False
    if empty:
        write("No stored event matches.\n" if filtered else "No events stored.\n")


def found_document(f: Found) -> dict[str, Any]:
    """A fact's event document; with the roles and the span asked about, the entity's
    roles in it and whether its valid time straddles the span."""
    document = fact_document(f.fact)
    if f.roles is not None:
        document["roles"] = list(f.roles)
    if f.uncertain is not None:
        document["uncertain"] = f.uncertain
    return document


def write_found_document(found: Iterable[Found], write: Write) -> None:
    events = {"events": lambda: (found_document(f) for f in found)}
    stream_dumps({"schema": EVENTS_SCHEMA}, events, write)


def write_changes_text(changes: list[Change], write: Write, names: Names) -> None:
    counts = {kind: sum(c.kind == kind for c in changes) for kind in WORDS}
    write(", ".join(f"{n} {WORDS[k][n != 1]}" for k, n in counts.items()) + "\n")
    for c in changes:
        fact = c.fact
        what = f"{c.kind} of {c.target}" if c.target else c.kind
        write(f"\n{fact.reported.isoformat(timespec='seconds')}  {what}\n")
        write(event_text(fact, names))
        for quote in fact.quotes:
            write(f"    \u201c{quote}\u201d\n")


WORDS = {
    "new": ("new fact", "new facts"),
    "correction": ("correction", "corrections"),
    "retraction": ("retraction", "retractions"),
}


def changes_document(since: datetime, until: datetime, changes: list[Change]) -> dict[str, Any]:
    return {
        "schema": CHANGES_SCHEMA,
        "since": plain(since),
        "until": plain(until),
        "changes": [change_document(c) for c in changes],
    }


def change_document(c: Change) -> dict[str, Any]:
    return {"change": c.kind, "amends": c.target, "event": fact_document(c.fact)}


def write_changes_document(
    since: datetime, until: datetime, changes: list[Change], write: Write
) -> None:
    head = changes_document(since, until, [])
    del head["changes"]
    stream_dumps(head, {"changes": lambda: (change_document(c) for c in changes)}, write)
