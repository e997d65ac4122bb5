"""The index rows a batch of stored events implies: one definition for ingest and rebuild.

Rows are read from the stored JSON itself, not from decoded events: decoding
(eventsourcing's object hook, pendulum's parser, EDTF) cost most of a rebuild,
and nothing here needs the objects. The fingerprint is the one ingest computes
from a file's values, and the sort key the projections order facts by: both
rules, and the spelling of stored values they read, are in ``fingerprints.py``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent

from ..aggregates import Entity, Source
from ..events import ENVELOPE
from ..facttypes import REGISTRY
from ..fingerprints import NESTED, fingerprint_of, stored_order_key, stored_spelling
from ..topics import UnreadableEvent, position, stored_name
from . import IndexRows, Row

REGISTRATIONS = {Source.Registered: "source", Entity.Registered: "entity"}
IDENTIFIERS = "timeline.domain.aggregates:Entity.IdentifiersStated"  # topics.py's stored name


def index_rows(stored: Sequence[StoredEvent]) -> IndexRows:
    """The rows of each event; ``UnreadableEvent`` names one whose JSON is not as written."""
    out = IndexRows()
    kinds = _kinds()
    for event in stored:
        try:
            _add_rows(out, event, *kinds)
        except (ValueError, KeyError, TypeError, AttributeError) as e:  # a field missing, say
            raise unreadable(event, e) from None
    return out


def unreadable(event: StoredEvent, error: Exception) -> UnreadableEvent:
    """A stored event the index cannot read: not as this engine writes its events."""
    return UnreadableEvent(
        f"the log holds an event this engine did not write, at {position(event)} "
        f"({type(error).__name__}: {error})"
    )


def logged(at: int, stream: UUID | str, version: int, topic: str, state: bytes) -> Notification:
    """A row of the log, as the index reads it in a rebuild, knowing its position ``at``."""
    try:
        stream = stream if isinstance(stream, UUID) else UUID(stream)
    except ValueError as e:  # eventsourcing writes each stream id as a UUID
        raise unreadable(Notification(stream, version, topic, state, at), e) from None
    return Notification(stream, version, topic, state, at)


def _add_rows(
    out: IndexRows,
    event: StoredEvent,
    facts: dict[str, tuple[str, bool]],
    registrations: dict[str, str],
) -> None:
    topic = event.topic
    if topic == IDENTIFIERS:
        out.rows += _identifier_rows(event)
        return
    if topic not in facts and topic not in registrations:
        return  # a source's document (Source.DocumentStored) names no id of its own
    state = json.loads(event.state)
    fields = {
        k: stored_spelling(v) if type(v) in NESTED else v
        for k, v in state.items()
        if k not in ENVELOPE
    }
    stream, version = event.originator_id, event.originator_version
    assert not isinstance(stream, str)
    if topic in facts:
        kind, amends = facts[topic]
        fp = fingerprint_of(kind, fields)
        key = stored_order_key(fields["fact_id"], fields["valid"], fields["reported"])
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
