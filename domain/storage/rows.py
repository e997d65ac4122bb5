"""The index rows a batch of stored events implies: one definition for ingest and rebuild.

Rows are read from the stored JSON itself, not from decoded events: decoding
(eventsourcing's object hook, pendulum's parser, EDTF) cost most of a rebuild,
and nothing here needs the objects. The fingerprint is the one ingest computes
from a file's values (``events.fingerprint_of``): each stored value is put back
in the canonical spelling those values have, which the equality tests of
rebuilt and kept indexes check.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from eventsourcing.persistence import StoredEvent

from ..aggregates import Entity, Source
from ..dates import ValidTime
from ..events import ENVELOPE, fingerprint_of, utc_text
from ..facttypes import REGISTRY
from ..topics import stored_name
from . import IndexRows, Row

REGISTRATIONS = {Source.Registered: "source", Entity.Registered: "entity"}
IDENTIFIERS = "timeline.domain.aggregates:Entity.IdentifiersStated"  # topics.py's stored name
AS_TEXT = frozenset({"edtf", "money", "share"})  # stored as the text they are parsed from
MOMENTS = frozenset({"pendulum_datetime", "datetime_iso"})
NESTED = (dict, list)


def index_rows(stored: Sequence[StoredEvent]) -> IndexRows:
    out = IndexRows()
    facts, registrations = _kinds()
    for event in stored:
        topic = event.topic
        if topic == IDENTIFIERS:
            out.rows += _identifier_rows(event)
            continue
        if topic not in facts and topic not in registrations:
            continue  # a source's document (Source.DocumentStored) names no id of its own
        state = json.loads(event.state)
        fields = {
            k: _canonical(v) if type(v) in NESTED else v
            for k, v in state.items()
            if k not in ENVELOPE
        }
        stream, version = event.originator_id, event.originator_version
        assert not isinstance(stream, str)
        if topic in facts:
            kind, amends = facts[topic]
            fp = fingerprint_of(kind, fields)
            key = _sort_key(fields["fact_id"], fields["valid"], fields["reported"])
            row = Row("fact", fields["fact_id"], fields["entity"], kind, fp, stream, version, key)
            out.rows.append(row)
            # When it was made public (UTC text, which sorts as time does): what the store
            # learned between two knowledge times is a range of these.
            reported = f"{fields['reported']} {fields['fact_id']}"
            entity = fields["entity"]
            out.rows.append(Row("reported", reported, entity, kind, fp, stream, version, None))
            # A row per other entity the fact names and its role there, found from that side.
            for _, ref, role in REGISTRY.refs(kind, fields):
                if ref != fields["entity"]:  # its own stream holds it already
                    row_id = f"{ref}/{fields['fact_id']}/{role}"
                    # No sort key: a fact has its one place in valid-time order, as a fact.
                    out.rows.append(Row("role", row_id, ref, kind, fp, stream, version, None))
            if amends:
                out.claim(fields["target"], fields["entity"])
                # Found from its target's side, for a fact read through a role row.
                amended = f"{fields['target']}/{fields['fact_id']}"
                entity = fields["entity"]
                out.rows.append(Row("amends", amended, entity, kind, fp, stream, version, None))
        else:
            kind = registrations[topic]
            fp = fingerprint_of(kind, fields)
            entity = fields["slug"] if kind == "entity" else None
            out.rows.append(Row(kind, fields["slug"], entity, None, fp, stream, version, None))
    return out


def _identifier_rows(event: StoredEvent) -> list[Row]:
    """A row per identifier an entity was given, ``<entity>/<scheme>``, holding the
    identifier where other rows hold a fingerprint: ingest compares it as it is."""
    state = json.loads(event.state)
    stream, version = event.originator_id, event.originator_version
    assert not isinstance(stream, str)
    slug = state["slug"]
    return [
        Row("identifier", f"{slug}/{scheme}", slug, None, value, stream, version, None)
        for scheme, value in sorted(state["identifiers"].items())
    ]


def _kinds() -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """Each stored name of a fact, with its type's name and whether
    it is an amendment; and of a registration, with its kind ("source", "entity").

    Rows and fingerprints take these fixed names, never a class's: a class that is
    renamed or moved keeps its stored name, and its stored events keep their rows.
    Made per batch, so a fact type declared after import is indexed too.
    """
    facts = {kind.stored_name: (kind.name, kind.amends) for kind in REGISTRY}
    return facts, {stored_name(cls) or "": kind for cls, kind in REGISTRATIONS.items()}


def _canonical(value: Any) -> Any:
    """A stored value as ``events.fingerprint_of`` spells the object it decodes to."""
    if type(value) is list:
        return [_canonical(v) if type(v) in NESTED else v for v in value]
    if type(value) is not dict:
        return value
    kind = value.get("_type_")
    if kind is None:
        return {k: _canonical(v) for k, v in value.items()}
    data = value["_data_"]
    if kind in AS_TEXT:
        return data
    if kind in MOMENTS:
        if data.endswith("+00:00") and len(data) in (25, 32):  # UTC already, as stored
            return data[:19] + (data[19:26] if len(data) == 32 else ".000000")
        return utc_text(datetime.fromisoformat(data))
    if kind == "revision":
        return {k: _canonical(v) for k, v in data.items()}
    raise ValueError(f"no canonical spelling for stored {kind!r} values: add it to {__name__}")


def _sort_key(fact_id: str, valid: str | None, reported: str) -> str:
    """``events.valid_order_key`` from the stored texts."""
    if valid is None:
        day = reported[:10]  # an amendment sits at the (UTC) day it was reported
        return f"{day} {day} {reported} {fact_id}"
    lo, hi = _bounds(valid)
    return f"{lo} {hi} {reported} {fact_id}"


@functools.lru_cache(maxsize=16384)  # a store holds few distinct dates, and many facts
def _bounds(valid: str) -> tuple[str, str]:
    lo, hi = ValidTime.parse(valid).sort_key()
    return lo.isoformat(), hi.isoformat()
