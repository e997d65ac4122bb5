"""JSON for machines: versioned, deterministic, amounts as decimal strings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from company_timeline.domain import Fact
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.text import json_escaped

from ..model import EntityState, Snapshot
from ..plain import plain

if TYPE_CHECKING:
    from ..queries import Record

AT_SCHEMA = "timeline.at/1"
EVENTS_SCHEMA = "timeline.events/1"


def snapshot_document(snap: Snapshot, record: Record) -> dict[str, Any]:
    cited = sorted({s for state in snap.entities for s in state.sources})
    return {
        **_at_head(snap),
        "entities": [plain(state) for state in snap.entities],
        "sources": [source_document(record.sources[s]) for s in cited if s in record.sources],
    }


def write_snapshot_document(
    head: Snapshot,
    states: Iterable[tuple[EntityState, Record]],
    write: Callable[[str], object],
    extra: Mapping[str, Any] | None = None,
) -> None:
    """``snapshot_document`` written an entity at a time, for the whole store."""
    cited: dict[str, Any] = {}

    def entities() -> Iterator[Any]:
        for state, record in states:
            cited.update({s: record.sources[s] for s in state.sources if s in record.sources})
            yield plain(state)

    def sources() -> list[Any]:
        return [source_document(cited[s]) for s in sorted(cited)]

    document = {**_at_head(head), **(extra or {})}
    stream_dumps(document, {"entities": entities, "sources": sources}, write)


def write_events_document(facts: Iterable[Fact], write: Callable[[str], None]) -> None:
    """``events_document`` written an event at a time."""
    events = {"events": lambda: (fact_document(f) for f in facts)}
    stream_dumps({"schema": EVENTS_SCHEMA}, events, write)


def _at_head(snap: Snapshot) -> dict[str, Any]:
    return {
        "schema": AT_SCHEMA,
        "valid_at": plain(snap.valid),
        "as_known_at": plain(snap.known),
        "as_recorded_at": plain(snap.recorded),
    }


def source_document(registration: Any) -> dict[str, Any]:
    fields = content(registration)
    return {"id": fields.pop("slug"), **plain(fields)}


def fact_document(fact: Fact) -> dict[str, Any]:
    fields = content(fact)
    return {
        "id": fields.pop("fact_id"),
        "type": REGISTRY.name_of(fact),
        "recorded": plain(fact.recorded),
        **plain(fields),
    }


def events_document(facts: Iterable[Fact]) -> dict[str, Any]:
    return {"schema": EVENTS_SCHEMA, "events": [fact_document(f) for f in facts]}


def dumps(document: dict[str, Any]) -> str:
    # Readable UTF-8, but no character that could drive a terminal or reorder text.
    return json_escaped(json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False))


def stream_dumps(
    document: dict[str, Any],
    lists: Mapping[str, Callable[[], Iterable[Any]]],
    write: Callable[[str], object],
) -> None:
    """Write ``dumps(document)`` with some top-level lists streamed item by item.

    The bytes are those ``dumps`` would give for the whole document, but only one
    item is held at a time. Lists are pulled in key order, so a later list (a
    document's sources) may depend on what an earlier one (its entities) yielded.
    """
    marks = {key: json.dumps(f"\0{key}\0") for key in lists}
    text = dumps({**document, **{key: f"\0{key}\0" for key in lists}})
    for key in sorted(lists, key=lambda k: text.index(marks[k])):
        before, text = text.split(marks[key], 1)
        write(before)
        opened = False
        for item in lists[key]():
            body = "\n".join("    " + line for line in dumps(item).split("\n"))
            write((",\n" if opened else "[\n") + body)
            opened = True
        write("\n  ]" if opened else "[]")
    write(text)
