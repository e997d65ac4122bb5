"""A hash chain over the whole log, so that a change made behind the engine's back shows.

Each appended event gets a row in ``timeline_chain``, written in the same
transaction as the event: its position in the log, the position of the event
before it, and ``digest = sha256(digest before || the event's bytes)``, the
bytes being its stream, version, topic and stored state, each prefixed by its
length. The last digest therefore stands for the whole log, in order, as a
ledger database's journal digest does.

Positions are not hashed: a log copied to another store, where positions
differ, has the same digests. What the chain cannot show is a log and chain
rewritten together, consistently, from some position on: that is seen only
against a digest kept elsewhere (an export's, or one ``timeline verify`` printed).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, TypeVar
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from ..errors import StoreError

GENESIS = bytes(32)  # the digest "before" the first event
CHAIN_VERSION = 1  # timeline_index_state's 'chain' row: the chain covers the whole log
# The marker goes in when the store is made, with its empty log. A log that holds events
# and has no marker was written before the chain existed (or lost it): only an explicit
# `timeline chain --start` chains it, never the opening of a store.
MARKER = """INSERT INTO {state} (name, value) SELECT 'chain', {version}
WHERE NOT EXISTS (SELECT 1 FROM {log}) ON CONFLICT DO NOTHING"""
TABLE = """CREATE TABLE IF NOT EXISTS timeline_chain (
    position {key} PRIMARY KEY,
    previous BIGINT NOT NULL,
    digest {blob} NOT NULL
)"""
_LENGTH = struct.Struct(">Q")


class Link(NamedTuple):
    """One row of the chain."""

    position: int
    previous: int  # the position of the event chained before this one
    digest: bytes


START = Link(0, 0, GENESIS)


class Logged(NamedTuple):
    """One row of the log, as the database holds it."""

    position: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


Row = TypeVar("Row", Link, Logged)


class LogDigest(NamedTuple):
    """The chain's head: the log's last position and the digest that stands for all of it."""

    position: int
    digest: str  # sha256, in hex


class ChainBroken(StoreError):
    """The log is not what the chain recorded: it was changed outside the engine."""

    def __init__(self, position: int, what: str) -> None:
        self.position = position
        super().__init__(f"the log was changed at position {position}: {what}")


class Unverified(StoreError):
    """A command that writes refused a log that fails verification."""


class ChainMissing(ChainBroken):
    """A log holding events without the chain's marker: nothing vouches for it."""

    def __init__(self, position: int, rows: bool) -> None:
        self.position = position
        how = (
            "the chain's marker was removed, its rows are still there"
            if rows
            else "no chain at all: a store written before the chain existed (version 0.1) "
            "is chained by timeline chain --start, which trusts the log as it is now"
        )
        StoreError.__init__(self, f"the log is not chained from position {position}: {how}")


def marker(state: str, log: str) -> str:
    return MARKER.format(state=state, log=log, version=CHAIN_VERSION)


def digest(previous: bytes, event: StoredEvent | Logged) -> bytes:
    """The digest chaining ``event`` to the events before it, whose digest is ``previous``."""
    parts = (
        _id_bytes(event.originator_id),
        event.originator_version.to_bytes(8, "big", signed=True),
        event.topic.encode("utf-8", "surrogatepass"),
        _bytes(event.state),
    )
    return hashlib.sha256(previous + b"".join(_LENGTH.pack(len(p)) + p for p in parts)).digest()


def chain_log(
    read: Callable[[int, int], Sequence[Logged]],
    write: Callable[[list[Link]], object],
    last: int,
    progress: Callable[[int, int], None],
) -> int:
    """Chain a log from its start, a page at a time: ``read(after, last)`` gives the next
    page of the log, ``write`` stores its links. Both engines start a chain this way."""
    head, count = START, 0
    while page := read(head.position, last):
        chained = links(head, ((e.position, e) for e in page))
        write(chained)
        head, count = chained[-1], count + len(page)
        progress(head.position, last)
    return count


def links(head: Link, events: Iterable[tuple[int, StoredEvent | Logged]]) -> list[Link]:
    """The chain rows for events appended at the given positions, after ``head``."""
    out = []
    for position, event in events:
        head = Link(position, head.position, digest(head.digest, event))
        out.append(head)
    return out


def check_follows(head: Link, before: int, first: int) -> None:
    """Refuse to chain events at ``first`` unless the chain ends where the log does before it."""
    if head.position != before:
        raise StoreError(
            f"the log and its chain disagree before position {first} (the log's last event "
            f"is at {before}, the chain's at {head.position}): nothing was stored; run "
            "timeline verify"
        )


def check_unchained(found: int) -> None:
    """Refuse to start a chain where one was begun: its marker or a row of it is there."""
    if found:
        raise StoreError(
            "the log is already chained (or its chain was tampered with): "
            "timeline verify checks it; a chain is never started again"
        )


def verify(
    log: Iterator[Logged], chain: Iterator[Link], anchors: Mapping[int, str] | None = None
) -> tuple[int, Link]:
    """Walk the log and the chain side by side, in position order; the count and the head.

    Raises ``ChainBroken`` at the first position where they part, or where the digest
    differs from an anchor (``position -> hex digest``, kept outside the store).
    """
    anchors = dict(anchors or {})
    _check_anchor(START, anchors)
    count, last = 0, START
    logged, link = next(log, None), next(chain, None)
    while logged is not None or link is not None:
        if link is None or (logged is not None and logged.position < link.position):
            assert logged is not None
            raise ChainBroken(logged.position, "the log holds an event the chain never recorded")
        if logged is None or link.position < logged.position:
            raise ChainBroken(link.position, "the chain recorded an event the log no longer holds")
        if link.previous > last.position:
            raise ChainBroken(link.previous, "an event was deleted, with its chain entry")
        if link.previous < last.position:
            raise ChainBroken(last.position, "an event was inserted, with a chain entry")
        if digest(last.digest, logged) != link.digest:
            raise ChainBroken(
                link.position,
                "the event is not the one the chain recorded there (edited, or moved)",
            )
        _check_anchor(link, anchors)
        count, last = count + 1, link
        logged, link = next(log, None), next(chain, None)
    for position in sorted(anchors):
        if position > last.position:
            raise ChainBroken(
                position,
                f"the log ends at position {last.position}, before this anchor: "
                "events were removed from its end",
            )
        raise ChainBroken(position, "the anchor names an event the log no longer holds")
    return count, last


def _check_anchor(link: Link, anchors: dict[int, str]) -> None:
    expected = anchors.pop(link.position, None)
    if expected is not None and expected.lower() != link.digest.hex():
        raise ChainBroken(
            link.position,
            f"its digest is not the anchor's ({expected[:12]}...): the log up to here was "
            "rewritten, with a chain to match",
        )


def head_digest(head: Link) -> LogDigest:
    return LogDigest(head.position, head.digest.hex())


def pages(read: Callable[[int], Sequence[Row]]) -> Iterator[Row]:
    """Every row ``read(after)`` returns, a page at a time, until a page is empty."""
    after = 0
    while page := read(after):
        yield from page
        after = page[-1].position


def _bytes(state: object) -> bytes:
    if isinstance(state, bytes | bytearray | memoryview):
        return bytes(state)
    return str(state).encode("utf-8", "surrogatepass")  # SQLite keeps whatever was written


def _id_bytes(originator_id: UUID | str) -> bytes:
    if isinstance(originator_id, UUID):
        return originator_id.bytes
    try:
        return UUID(originator_id).bytes
    except ValueError:  # not a stream id this engine wrote: its text, so it cannot match
        return originator_id.encode("utf-8", "surrogatepass")
