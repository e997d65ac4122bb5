"""The store's own index, written by the database in the transaction that appends events.

One table, ``timeline_index``, holds a row per source, entity and fact id:
its kind, the entity it belongs to, its fact type, a fingerprint of its
content, where its event lives (stream and version) and its place in
valid-time order. Its primary key ``(kind, id)`` is what makes ids unique:
two writers racing with the same new id cannot both commit, whatever the
Python checks before them saw.

An amendment claims its target's entity with a row of its own (no
fingerprint yet) when the target is not stored; the target, when it comes,
may only fill that row if it belongs to the same entity. Both rules are
single upserts whose affected-row count the recorder checks, so they hold
under concurrency on SQLite and PostgreSQL alike.

The index is a cache of the log: ``timeline_index_state`` records the last
notification id it covers, and it can be dropped and rebuilt from the log.
The log's hash chain (``chain.py``) is written in the same transaction too,
but it is no cache: it is never rebuilt, only checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from .chain import Link, Logged

# The rules the index's rows follow; a store indexed under other rules is re-indexed on open.
# 2: fingerprints name a fact by its type ("funding_round"), not its class.
# 3: 'ref' rows, for facts shown on another entity.
# 4: 'role' rows (an entity a fact names, in its role), 'amends' rows (an amendment, by its
# target) and 'reported' rows (a fact by when it was made public).
# 5: 'identifier' rows (an entity's identifier in a public registry, by scheme).
INDEX_VERSION = 5


# Every id sorts before it (ids are ASCII slugs, roles "<slug>/<id>/<role>"): no upper bound.
ID_END = "\x7f"


class Row(NamedTuple):
    """A stored source, entity or fact, as the index keeps it."""

    kind: str  # "source", "entity" or "fact"
    id: str
    entity: str | None
    fact_type: str | None
    fingerprint: str
    stream: UUID
    version: int
    sort_key: str | None  # facts only: their place in valid-time order


class Summary(NamedTuple):
    """An entity's facts as the index counts them; amendments have no valid time of their own."""

    facts: int
    first: str | None  # ISO days, from the facts' sort keys
    last: str | None


# The days a fact's sort key begins with ("<earliest> <latest> ..."), in SQL both engines
# read; an open end (``../2024``) is the calendar's first or last day, and no day to show.
SUMMARY_COLUMNS = """entity, COUNT(*) AS facts,
    MIN(CASE WHEN fact_type IN ({amendments}) THEN NULL
        ELSE NULLIF(substr(sort_key, 1, 10), '0001-01-01') END) AS first,
    MAX(CASE WHEN fact_type IN ({amendments}) THEN NULL
        ELSE NULLIF(substr(sort_key, 12, 10), '9999-12-31') END) AS last"""


class Entry(NamedTuple):
    """What the index says of one id; ``fingerprint`` is None for a claimed target."""

    entity: str | None
    fact_type: str | None
    fingerprint: str | None
    stream: UUID | None
    version: int | None


@dataclass
class IndexRows:
    """The index rows a batch of events adds, passed to the recorder with them."""

    rows: list[Row] = field(default_factory=list)
    claims: dict[str, str] = field(default_factory=dict)  # amendment target -> its entity

    def extend(self, other: IndexRows) -> None:
        self.rows += other.rows
        for target, entity in other.claims.items():
            self.claim(target, entity)

    def claim(self, target: str, entity: str) -> None:
        if self.claims.setdefault(target, entity) != entity:
            raise IndexConflict(f"two amendments of {target!r} name different entities")


class IndexConflict(IntegrityError):
    """The index refused a row: an id already stored, or an amendment in the wrong entity."""


Progress = Callable[[int, int], None]


class IndexedRecorder(Protocol):
    """What both backends' recorders add to eventsourcing's."""

    rows_read: int

    def position(self) -> tuple[int, int, int]: ...
    def lookup(self, kind: str, ids: Sequence[str]) -> dict[str, Entry]: ...
    # ids of ``kind`` in (after, before), in id order: ``before`` bounds a prefix's range
    def ids_after(self, kind: str, after: str, limit: int, before: str = ID_END) -> list[str]: ...
    def facts_after(self, after: str, limit: int) -> list[tuple[str, StoredEvent]]: ...
    # the events rows of ``kind`` point to, for ids in any of the (after, before) ranges,
    # each range's in id order: one query, however many ranges
    def events_in(self, kind: str, ranges: Sequence[tuple[str, str]]) -> list[StoredEvent]: ...
    # the events rows of ``kind`` with these ids point to (a registration, a fact): one query
    def events_of(self, kind: str, ids: Sequence[str]) -> list[StoredEvent]: ...
    # per entity with facts: how many, and the first and last day their valid times reach
    def entity_summaries(self, amendments: Sequence[str]) -> dict[str, Summary]: ...
    def rebuild(self, progress: Progress, from_scratch: bool) -> int: ...
    def identity(self) -> tuple[Any, ...]: ...
    # the log's hash chain (chain.py)
    def tables(self) -> frozenset[str]: ...
    def chain_built(self) -> bool: ...
    def build_chain(self, progress: Progress) -> int: ...
    def chain_head(self) -> Link: ...
    def log_end(self) -> int: ...
    def log_after(self, after: int, end: int) -> list[Logged]: ...
    def chain_after(self, after: int, end: int) -> list[Link]: ...


RECORDERS = {
    "eventsourcing.sqlite": "company_timeline.domain.storage.sqlite:IndexedSQLiteRecorder",
    "eventsourcing.postgres": "company_timeline.domain.storage.postgres:IndexedPostgresRecorder",
}

ORDER_INDEX = "CREATE INDEX IF NOT EXISTS timeline_index_valid_order ON timeline_index (sort_key)"
TABLES = """
CREATE TABLE IF NOT EXISTS timeline_index (
    kind TEXT NOT NULL,
    id TEXT {collate} NOT NULL,
    entity TEXT,
    fact_type TEXT,
    fingerprint TEXT,
    stream {uuid},
    version INTEGER,
    sort_key TEXT {collate},
    PRIMARY KEY (kind, id)
);
{order_index};
CREATE TABLE IF NOT EXISTS timeline_index_state (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO timeline_index_state (name, value) VALUES ('position', 0) ON CONFLICT DO NOTHING;
INSERT INTO timeline_index_state (name, value) VALUES ('version', {version})
    ON CONFLICT DO NOTHING
"""

COLUMNS = "kind, id, entity, fact_type, fingerprint, stream, version, sort_key"
# A fact may fill a row its amendment claimed, if it belongs to the claimed entity;
# any other existing row makes this a no-op, which the caller counts as a refusal.
OWN_CONFLICT = """
ON CONFLICT (kind, id) DO UPDATE SET
    fact_type = excluded.fact_type, fingerprint = excluded.fingerprint,
    stream = excluded.stream, version = excluded.version, sort_key = excluded.sort_key
WHERE timeline_index.fingerprint IS NULL AND timeline_index.entity = excluded.entity
"""
CLAIM_CONFLICT = """
ON CONFLICT (kind, id) DO UPDATE SET entity = excluded.entity
WHERE timeline_index.entity = excluded.entity
"""


def statements(uuid: str, collate: str) -> list[str]:
    text = TABLES.format(uuid=uuid, collate=collate, version=INDEX_VERSION, order_index=ORDER_INDEX)
    return [s.strip() for s in text.split(";") if s.strip()]


Refused = tuple[str, str, str, str | None]  # kind, id, its entity, the entity stored for it


def refusal(refused: list[Refused]) -> IndexConflict:
    """The rows the index refused, named, for the user who has to make sense of it."""
    shown = "; ".join(
        f"{kind} {id_!r} of {entity!r} (the index has it for {stored!r})"
        for kind, id_, entity, stored in refused[:3]
    )
    more = f", and {len(refused) - 3} more" if len(refused) > 3 else ""
    return IndexConflict(
        f"the store's index refused {shown}{more}: an id is stored once, and an "
        "amendment belongs to the entity of the fact it amends"
    )


def check_counts(what: str, expected: int, written: int) -> None:
    if written != expected:
        raise IndexConflict(
            f"{expected - written} of {expected} {what} refused by the store's index "
            "(an id stored meanwhile, or an amendment in another entity than its target)"
        )


def chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
