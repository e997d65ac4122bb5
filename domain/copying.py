"""Copying a store into another, event for event, with the times it recorded.

The stored events are copied as the database holds them (stream, version,
topic, state), never decoded: their state keeps eventsourcing's timestamp, so
the copy keeps every recorded time. The target's recorder writes its index in
the same transaction as each batch, as it does for an ingest.

Each batch is committed on its own: a copy that stops half-way leaves the
target holding the start of the source's log, and running the same copy again
goes on from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from eventsourcing.persistence import Notification, PersistenceError, StoredEvent

from .application import TimelineApp
from .errors import StoreError
from .storage import Progress

BATCH = 1000  # events per transaction: big enough to be fast, small enough to resume


class CopyRefused(StoreError):
    """The target is the source itself, or holds events that are not the source's first."""


class CopiesDiffer(StoreError):
    """After a copy, the two stores do not give the same answers."""


@dataclass(frozen=True)
class CopyReport:
    copied: int  # events this copy wrote
    already: int  # events the target held before, the start of the source's log


def copy_store(
    source: TimelineApp,
    target: TimelineApp,
    progress: Progress,
    *,
    accept_unverified: bool = False,
) -> CopyReport:
    """Copy every event of ``source`` that ``target`` lacks, a batch per transaction.

    ``target`` must be empty, or hold exactly the start of the source's log (what an
    interrupted copy leaves); anything else is refused before anything is written.
    So is a source whose log fails verification (unless ``accept_unverified``): the
    target chains what it is given, and would vouch for a log changed behind our back.
    """
    if not accept_unverified:
        source.check_verified("nothing was copied")
    try:
        return _copy(source, target, progress)
    except PersistenceError as e:
        # The batches committed stay: they are the start of the log, so a rerun resumes.
        raise StoreError(
            f"the copy stopped: {_first_line(e)}; what it committed is the start of this "
            "store's log, so the same copy run again goes on from there"
        ) from None


def _copy(source: TimelineApp, target: TimelineApp, progress: Progress) -> CopyReport:
    if source.index.identity() == target.index.identity():
        raise CopyRefused("the target is this very store: copy it to another one")
    start, already = _copied_so_far(source, target)
    _, last, _ = source.index.position()
    after, copied = start, 0
    while page := source.recorder.select_notifications(start=after + 1, limit=BATCH):
        target.recorder.insert_events([_bare(n) for n in page])
        after, copied = page[-1].id, copied + len(page)
        progress(after - start, last - start)
    return CopyReport(copied, already)


def _copied_so_far(source: TimelineApp, target: TimelineApp) -> tuple[int, int]:
    """The source's notification id the target's log reaches, and how many events it holds.

    Notification ids differ between stores (PostgreSQL's may have gaps), so the
    logs are walked side by side, and compared event for event.
    """
    ours = _log(source)
    after = held = 0
    for theirs in _log(target):
        here = next(ours, None)
        if here is None or _bare(here) != _bare(theirs):
            why = "it holds more" if here is None else f"its event {held + 1} differs"
            raise CopyRefused(
                f"the target holds events that are not the start of this store's log ({why}): "
                "copy into an empty store, or into one an interrupted copy of this store left"
            )
        after, held = here.id, held + 1
    return after, held


def _log(app: TimelineApp) -> Iterator[Notification]:
    """Every stored event, as stored, in the order the store recorded them."""
    after = 0
    while page := app.recorder.select_notifications(start=after + 1, limit=BATCH):
        yield from page
        after = page[-1].id


def _bare(notification: Notification) -> StoredEvent:
    """What a store keeps of an event, without its place in this store's log."""
    return StoredEvent(
        notification.originator_id,
        notification.originator_version,
        notification.topic,
        notification.state,
    )


def _first_line(error: Exception) -> str:
    """The driver's message without its DETAIL and HINT lines: the user reads one line."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
