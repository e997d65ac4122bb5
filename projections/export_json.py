"""JSON for machines: versioned, deterministic, amounts as decimal strings."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from timeline.domain import Fact, Money, Share, ValidTime
from timeline.domain.events import TYPE_NAMES, content

from .model import Snapshot

if TYPE_CHECKING:
    from .replay import Record

AT_SCHEMA = "timeline.at/1"
EVENTS_SCHEMA = "timeline.events/1"


def plain(value: Any) -> Any:
    """Plain JSON values: no floats, dates in ISO 8601 or EDTF as written."""
    if isinstance(value, Money):
        return {
            "amount": str(value.amount),
            "currency": value.currency,
            "approximate": value.approximate,
        }
    if isinstance(value, Share):
        return {"text": str(value), "bound": value.bound, "percent": str(value.percent)}
    if isinstance(value, ValidTime):
        return value.text
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = plain(getattr(value, f.name))
            if f.name == "cited":  # provenance sits beside the values it backs
                out.update(item)
            else:
                out[f.name] = item
        return out
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def snapshot_document(snap: Snapshot, record: Record) -> dict[str, Any]:
    cited = sorted({s for state in snap.entities for s in state.sources})
    return {
        "schema": AT_SCHEMA,
        "valid_at": plain(snap.valid),
        "as_known_at": plain(snap.known),
        "as_recorded_at": plain(snap.recorded),
        "entities": [plain(state) for state in snap.entities],
        "sources": [source_document(record.sources[s]) for s in cited if s in record.sources],
    }


def source_document(registration: Any) -> dict[str, Any]:
    fields = content(registration)
    return {"id": fields.pop("slug"), **plain(fields)}


def fact_document(fact: Fact) -> dict[str, Any]:
    fields = content(fact)
    return {
        "id": fields.pop("fact_id"),
        "type": TYPE_NAMES[type(fact)],
        "recorded": plain(fact.recorded),
        **plain(fields),
    }


def events_document(facts: Iterable[Fact]) -> dict[str, Any]:
    return {"schema": EVENTS_SCHEMA, "events": [fact_document(f) for f in facts]}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)
