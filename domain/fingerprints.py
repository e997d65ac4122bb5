"""The two rules the index keys stored events on, for objects and for stored JSON side by side.

A fingerprint says what a source, entity or fact says, to tell a re-read one
from a changed one; a valid-order key is a fact's place in valid-time order.
Ingest and the projections compute them from objects; the index
(``storage/rows.py``) from the stored JSON itself, without decoding it. Each
rule is written once here, for both: the stored values are first put back in
the spelling the objects have (``stored_spelling``), which
tests/unit/test_fingerprints.py checks on the seed and on generated data.

Changing a rule changes stored fingerprints or sort keys: bump
``storage.INDEX_VERSION`` so that stores re-index on open.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any, Protocol

from eventsourcing.persistence import DatetimeAsISO

from .dates import ValidTime
from .quantities import Money, Share
from .storage.eventsourcing_private import DATA_KEY, TYPE_KEY

# The names values are stored under (transcodings.py registers them): those stored as the
# text they are parsed from, moments, and a source's revision.
AS_TEXT: dict[str, type[ValidTime] | type[Money] | type[Share]] = {
    "edtf": ValidTime,
    "money": Money,
    "share": Share,
}
PENDULUM = "pendulum_datetime"
MOMENTS = frozenset({PENDULUM, DatetimeAsISO.name})  # ours, and eventsourcing's for datetime
REVISION = "revision"
NESTED = (dict, list)
_KIND = re.compile(r"[a-z][a-z0-9_]*")


def fingerprint_of(kind: str, fields: dict[str, Any]) -> str:
    """The digest of what a source, entity or fact says: of its objects, or of its stored
    values once put in their spelling (``stored_spelling``).

    Stored fingerprints are compared with those of files re-read by later versions, so
    no class name enters one: ``kind`` is hashed as its fixed name, ``"source"``,
    ``"entity"`` or a fact's type name (``"funding_round"``), so renaming or moving a
    class changes no fingerprint.
    """
    if not _KIND.fullmatch(kind):  # a class name, say: it would change with the code
        raise ValueError(f"{kind!r} is no fact type, source or entity: nothing to fingerprint")
    blob = json.dumps([kind, fields], sort_keys=True, default=_spelled, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _spelled(value: Any) -> Any:
    """One spelling per object, so a re-read file and its stored events compare equal."""
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, (ValidTime, Money, Share)):
        return str(value)  # the text they are parsed from, which says all they hold
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def stored_spelling(value: Any) -> Any:
    """A stored JSON value as ``_spelled`` spells the object it decodes to."""
    if type(value) is list:
        return [stored_spelling(v) if type(v) in NESTED else v for v in value]
    if type(value) is not dict:
        return value
    kind = value.get(TYPE_KEY)
    if kind is None:
        return {k: stored_spelling(v) for k, v in value.items()}
    data = value[DATA_KEY]
    if kind in AS_TEXT:
        return data
    if kind in MOMENTS:
        if data.endswith("+00:00") and len(data) in (25, 32):  # UTC already, as stored
            return data[:19] + (data[19:26] if len(data) == 32 else ".000000")
        return utc_text(datetime.fromisoformat(data))
    if kind == REVISION:
        return {k: stored_spelling(v) for k, v in data.items()}
    raise ValueError(f"no spelling for stored {kind!r} values: add it to {__name__}")


class Placed(Protocol):
    """What a fact's place in valid-time order is made of."""

    @property
    def fact_id(self) -> str: ...
    @property
    def valid(self) -> ValidTime | None: ...
    @property
    def reported(self) -> datetime: ...


def valid_order_key(fact: Placed) -> str:
    """A fact's place in valid-time order, as text that sorts the same in Python and any store.

    Facts sort by the span they happened in, then by when they were reported,
    then by id; an amendment sits at the (UTC) day it was reported.
    """
    return _order_key(fact.fact_id, fact.valid, utc_text(fact.reported))


def stored_order_key(fact_id: str, valid: str | None, reported: str) -> str:
    """``valid_order_key`` from a fact's stored texts (``reported`` as ``utc_text`` spells it)."""
    return _order_key(fact_id, None if valid is None else _parsed(valid), reported)


def _order_key(fact_id: str, valid: ValidTime | None, reported: str) -> str:
    if valid is None:
        day = reported[:10]
        return f"{day} {day} {reported} {fact_id}"
    lo, hi = valid.sort_key()
    return f"{lo.isoformat()} {hi.isoformat()} {reported} {fact_id}"


@functools.lru_cache(maxsize=16384)  # a store holds few distinct dates, and many facts
def _parsed(valid: str) -> ValidTime:
    return ValidTime.parse(valid)


def utc_text(moment: datetime) -> str:
    """A moment in UTC, always 26 characters, so its text sorts as its time does."""
    t = moment.astimezone(UTC) if moment.utcoffset() else moment
    return (
        f"{t.year:04d}-{t.month:02d}-{t.day:02d}T"
        f"{t.hour:02d}:{t.minute:02d}:{t.second:02d}.{t.microsecond:06d}"
    )
