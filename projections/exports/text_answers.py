"""Text for people: the state of each entity, every line followed by its provenance."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from company_timeline.domain import Fact
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..model import Cited, EntityState, Snapshot
from ..render import Names, ids
from ..sections import heading, parts


def cited(c: Cited) -> str:
    return f"      from {', '.join(c.events)} ({', '.join(c.sources)})"


def snapshot_text(snap: Snapshot, names: Names = ids) -> str:
    out: list[str] = []
    write_snapshot_text(snap, ((s, names) for s in snap.entities), out.append)
    return "".join(out)


def write_snapshot_text(
    head: Snapshot,
    states: Iterable[tuple[EntityState, Names]],
    write: Callable[[str], None],
) -> None:
    """The text of a snapshot, written an entity at a time (``head`` holds no entities)."""
    known = f"as known at {head.known.isoformat()}" if head.known else "as known now"
    if head.recorded:
        known += f", as recorded by {head.recorded.isoformat()}"
    write(f"State on {head.valid.isoformat()}, {known}.\n")
    empty = True
    for state, names in states:
        write("\n" + entity_text(state, head, names))
        empty = False
    if empty:
        write(f"Nothing on record on or before {head.valid.isoformat()}, {known}.\n")


INLINE = ("Founded", "Total raised", "Valuation")  # one line each, titled in place


def entity_text(state: EntityState, snap: Snapshot, names: Names) -> str:
    lines = [heading(state)]
    for section in parts(state, snap.valid, names):
        if section.title == "Not yet":
            lines.append(f"  {section.lines[0].text}")
            continue
        body = section.lines
        if section.title in INLINE:
            lines.append(f"  {section.title}: {body[0].text}")
        else:
            lines.append(f"  {section.title}")
        for line in body:
            if section.title not in INLINE:
                lines.append(f"    {line.text}")
            if line.cited:
                lines.append(cited(line.cited))
    if state.sources:
        lines.append(f"  Sources: {', '.join(state.sources)}")
    return "\n".join(lines) + "\n"


def events_text(facts: Iterable[Fact], names: Names = ids) -> str:
    out: list[str] = []
    write_events_text(facts, out.append, names)
    return "".join(out)


def write_events_text(facts: Iterable[Fact], write: Callable[[str], None], names: Names) -> None:
    empty = True
    for f in facts:
        write(event_text(f, names))
        empty = False
    if empty:
        write("No events stored.\n")


def event_text(f: Fact, names: Names, more: str = "") -> str:
    """A fact in two lines: what it says, then its three times and its source."""
    return (
        f"{f.fact_id}  [{names(f.entity)}] {summary(REGISTRY.name_of(f), content(f), names)}\n"
        f"    valid {f.valid or '(that of its target)'}  reported {_stamp(f.reported)}"
        f"  recorded {_stamp(f.recorded)}  source {f.source}"
        f"{'/' + f.revision if f.revision else ''}"
        f"{'' if f.verified else '  unverified quote'}{more}\n"
    )


def _stamp(t: datetime) -> str:
    return t.isoformat(timespec="seconds")
