"""A rebuild's index rows, straight from the log's rows: the same rows ``rows.py`` makes.

A rebuild reads every stored event once and keeps nothing of it but its rows,
so the objects ingest needs (a ``Notification``, the stream as a ``UUID``, then
as text again, a ``Row`` per row) were a third of its Python time. Here a page
of the log becomes the tuples the database takes, with one JSON encoder kept for
every fingerprint. Anything unexpected (a stream id not as the engine writes
it, a field missing) is left to ``rows.index_rows``, which names the event:
tests/integration/test_rebuild_rows.py holds both to the same rows.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any
from uuid import UUID

from ..events import ENVELOPE
from ..facttypes import REGISTRY
from ..fingerprints import NESTED, stored_order_key, stored_spelling
from ..topics import stored_name
from .rows import IDENTIFIERS, REGISTRATIONS

# The columns of ``storage.COLUMNS``: kind, id, entity, fact_type, fingerprint, stream,
# version, sort_key; the stream as the engine stores it (SQLite: hex text).
Tuple = tuple[str, str, str | None, str | None, str, Any, int, str | None]
Logged = tuple[int, Any, int, str, bytes]  # position, stream, version, topic, state
# fingerprints.fingerprint_of's encoding, made once: stored values are JSON already.
_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
IN_KEY_ORDER = itemgetter(0, 1)  # kind, id: the index's primary key, which a page is sorted by
_HEX = re.compile(r"[0-9a-f]{32}")


class NotAsWritten(Exception):
    """A row this path does not read: ``rows.index_rows`` reads it, or says why not."""


def page_rows(
    page: Sequence[Logged], stream: Callable[[Any], Any]
) -> tuple[list[Tuple], dict[str, str]]:
    """The index rows and amendment claims of a page of the log, in its order.

    ``stream`` turns the stored stream id into the one the index stores.
    """
    facts = {kind.stored_name: (kind.name, kind.amends) for kind in REGISTRY}
    registrations = {stored_name(cls) or "": kind for cls, kind in REGISTRATIONS.items()}
    out: list[Tuple] = []
    claims: dict[str, str] = {}
    try:
        for _, stored, version, topic, state in page:
            at = stream(stored)  # every row's, as ingest's path checks every row's
            if topic in facts:
                kind, amends = facts[topic]
                _fact(out, claims, kind, amends, _fields(state), at, version)
            elif topic in registrations:
                kind = registrations[topic]
                fields = _fields(state)
                slug = fields["slug"]
                entity = slug if kind == "entity" else None
                out.append((kind, slug, entity, None, _fingerprint(kind, fields), at, version,
                            None))  # fmt: skip
            elif topic == IDENTIFIERS:
                values = json.loads(state)
                slug = values["slug"]
                for scheme, value in sorted(values["identifiers"].items()):
                    out.append(("identifier", f"{slug}/{scheme}", slug, None, value, at, version,
                                None))  # fmt: skip
    except (NotAsWritten, ValueError, KeyError, TypeError, AttributeError) as e:
        raise NotAsWritten(str(e)) from None
    return out, claims


def uuid_stream(stored: Any) -> UUID:
    """PostgreSQL's stream id, a ``uuid`` column: read as a ``UUID`` already."""
    if type(stored) is not UUID:
        raise NotAsWritten(f"stream {stored!r}")
    return stored


def hex_stream(stored: Any) -> str:
    """SQLite's stream id as the index stores it: the UUID's 32 lower-case hex digits."""
    if type(stored) is not str or not _HEX.fullmatch(stored):
        raise NotAsWritten(f"stream {stored!r}")
    return stored


def _fields(state: bytes) -> dict[str, Any]:
    return {
        k: stored_spelling(v) if type(v) in NESTED else v
        for k, v in json.loads(state).items()
        if k not in ENVELOPE
    }


def _fingerprint(kind: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(_ENCODE([kind, fields]).encode()).hexdigest()


def _fact(
    out: list[Tuple],
    claims: dict[str, str],
    kind: str,
    amends: bool,
    fields: dict[str, Any],
    at: Any,
    version: int,
) -> None:
    fact_id, entity = fields["fact_id"], fields["entity"]
    fp = _fingerprint(kind, fields)
    key = stored_order_key(fact_id, fields["valid"], fields["reported"])
    out.append(("fact", fact_id, entity, kind, fp, at, version, key))
    out.append(("reported", f"{fields['reported']} {fact_id}", entity, kind, fp, at, version,
                None))  # fmt: skip
    for _, ref, role in REGISTRY.refs(kind, fields):
        if ref != entity:
            out.append(("role", f"{ref}/{fact_id}/{role}", ref, kind, fp, at, version, None))
    if amends:
        target = fields["target"]
        if claims.setdefault(target, entity) != entity:
            raise NotAsWritten(f"two amendments of {target!r} name different entities")
        out.append(("amends", f"{target}/{fact_id}", entity, kind, fp, at, version, None))
