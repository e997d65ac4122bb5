"""``--format events``: the stored facts, with their sources and entities, as an event file.

``timeline ingest`` of the file into an empty store gives the same state at
every date and knowledge time, and exporting that store gives the same file
byte for byte, but for the head comment's log digest (that store's own log).
Scalars are written double-quoted with JSON's escapes (valid YAML), so no
text can be read back as anything but itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

from company_timeline.domain import Fact
from company_timeline.domain.events import content, valid_order_key
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.parsers import as_written
from company_timeline.domain.text import json_escaped

from ..knowledge import visible
from .files import BadRequest
from .pipeline import Export

FILES = ("events.yaml",)
UNIT = "events"

# Surrogates, which YAML refuses raw; json_escaped covers what YAML reads as line
# breaks (U+2028, C1's NEL) and what would reorder or drive a terminal.
_SURROGATE = re.compile("[\ud800-\udfff]")


def write(export: Export, name: str, out: TextIO) -> int:
    r = export.request
    if r.valid is not None:
        raise BadRequest("--at does not apply to --format events: it exports the log, not a state")
    # Once each: an acquisition is read with its acquirer's record and its own.
    unique = {
        f.fact_id: f
        for rec in export.records.values()
        for f in rec.facts
        if visible(f, r.known, r.recorded)
    }
    facts = sorted(unique.values(), key=valid_order_key)
    sources, entities = _registrations(export, facts)
    documents = sorted({s.document for s in sources if s.document})
    head = export.head()
    out.write(f"# Exported by `timeline export --format events` from {len(facts)} events\n")
    out.write(f"# ({head['schema']}; arguments {_scalar(head['arguments'])};\n")
    out.write(f"# log digest {head['log']['digest']} at position {head['log']['position']}).\n")
    # To stdout no file can go beside it: the documents' texts go inside, so that
    # the quotes are checked again wherever it is ingested.
    carried = companions(export) if export.to_stdout else {}
    if carried:
        out.write("# It carries the texts of the documents it names (document_text).\n")
    elif documents:
        out.write(f"# It names documents, which ingest reads beside it: {', '.join(documents)}\n")
    out.write('format: "timeline/1"\n')
    _section(out, "sources", (_source(s, carried) for s in sources))
    _section(out, "entities", (_entity(e, export.app.identifiers(e.slug)) for e in entities))
    _section(out, "events", (_fact(f) for f in facts))
    return len(facts)


def companions(export: Export) -> dict[str, str]:
    """The documents the file names, as the store keeps them: written beside it, so
    that the file ingests anywhere and its quotes are checked again there."""
    facts = [f for rec in export.records.values() for f in rec.facts]
    sources, _ = _registrations(export, facts)
    kept = (export.app.document(s.slug) for s in sources if s.document)
    return {d.name: d.text for d in kept if d is not None}


def _registrations(export: Export, facts: list[Fact]) -> tuple[list[Any], list[Any]]:
    """The sources and entities to write: every one in the store, or those the chosen
    entities' facts name."""
    app, whole = export.app, not export.request.entities
    if whole:
        entity_ids = set(export.records)
        source_ids = set(app.ids("source"))
    else:
        entity_ids = {e for rec in export.records.values() for e in rec.entities}
        source_ids = {f.source for f in facts}
    return (
        [app.registration("source", s) for s in sorted(source_ids)],
        [app.registration("entity", e) for e in sorted(entity_ids)],
    )


def _source(s: Any, carried: dict[str, str]) -> dict[str, Any]:
    fields = content(s)
    out = {"id": fields.pop("slug")}
    for key, value in fields.items():
        out[key] = value
        if key == "document" and value in carried:
            out["document_text"] = carried[value]
    return out


def _entity(e: Any, identifiers: dict[str, str]) -> dict[str, Any]:
    fields = content(e)
    return {
        "id": fields.pop("slug"),
        **fields,
        **({"identifiers": identifiers} if identifiers else {}),
    }


def _fact(f: Fact) -> dict[str, Any]:
    fields = content(f)
    head = {"id": fields.pop("fact_id"), "type": REGISTRY.name_of(f)}
    tail = {"quote": fields.pop("quotes"), "note": fields.pop("note")}
    return {**head, **fields, **tail}


def _section(out: TextIO, key: str, items: Iterator[dict[str, Any]]) -> None:
    first = True
    for item in items:
        if first:
            out.write(f"\n{key}:\n")
            first = False
        out.write("\n".join(_mapping(as_written(item), "  - ", "    ")) + "\n")


def _mapping(values: dict[str, Any], first: str, rest: str) -> Iterator[str]:
    """Block YAML for one mapping; absent and empty values are left out, as a file would."""
    prefix = first
    for key, value in values.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, dict):
            yield f"{prefix}{key}:"
            yield from _mapping(value, rest + "  ", rest + "  ")
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            yield f"{prefix}{key}:"
            for item in value:
                yield from _mapping(item, rest + "  - ", rest + "    ")
        elif isinstance(value, list):
            yield f"{prefix}{key}:"
            yield from (f"{rest}  - {_scalar(v)}" for v in value)
        else:
            yield f"{prefix}{key}: {_scalar(value)}"
        prefix = rest


def _scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_escaped(text))
