"""``--format timelinejs``: TimelineJS3's own JSON, for the timeline newsrooms embed.

One slide per event, as known at the export's knowledge time (corrections
applied, each correction a slide of its own on the day reported): its
``start_date`` and ``end_date`` in parts, as precise as its valid time, with a
``display_date`` in words where that is not a day; its summary as headline,
and its quotes and source as the slide's text (HTML, every value escaped).
Slides are grouped by entity, or by fact type when there is one entity;
facts known only as a span of days (an interval) are also eras. The fields
are TimelineJS3's documented ones (``docs/schemas/timelinejs3.schema.json``).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, TextIO

from pendulum import Date

from company_timeline.domain import ValidTime
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..knowledge import Effective, effective_facts
from ..render import when, word
from .csv_events import placed
from .pipeline import Export, Part

FILES = ("timeline.json",)
UNIT = "events"

Json = dict[str, Any]


def write(export: Export, name: str, out: TextIO) -> int:
    seen: set[str] = set()
    items = [(part, item) for part in export.parts for item in _items(export, part, seen)]
    by_entity = len({part.state.entity.id for part, _ in items}) > 1
    events, eras = [], []
    for i, (part, item) in enumerate(items, 1):
        events.append(_slide(part, item, by_entity))
        v = item.fact.valid
        if v is not None and v.precision == "interval" and v.earliest and v.latest:
            eras.append(
                {
                    "start_date": _parts(v.earliest),
                    "end_date": _parts(v.latest),
                    "text": {"headline": events[-1]["text"]["headline"]},
                }
            )
        export.progress(i, len(items))
    document: Json = {"title": _title(export), "events": events, "scale": "human"}
    if eras:
        document["eras"] = eras
    out.write(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True))
    out.write("\n")
    return len(events)


def _items(export: Export, part: Part, seen: set[str]) -> list[Effective]:
    """The events placed under the entity (``csv_events.placed``) as known at the export's
    knowledge time, amended."""
    r = export.request
    known = {e.original.fact_id: e for e in effective_facts(part.record.facts, r.known, r.recorded)}
    own = placed(export, part, seen)
    return [known.get(f.fact_id) or Effective(f, f) for f in own]


def _title(export: Export) -> Json:
    head = export.head()
    names = ", ".join(p.state.entity.name for p in export.parts) or "nothing on record"
    known = head["arguments"]["as_known_at"] or "everything known"
    about = (
        f"State on {head['valid_at']}, as known at {known}. Exported by "
        f"<code>timeline export --format timelinejs</code> ({head['schema']}) from "
        f"{head['events']} events; log digest {head['log']['digest']} at position "
        f"{head['log']['position']}."
    )
    return {"text": {"headline": escape(f"Timeline of {names}"), "text": escape(about, False)}}


def _slide(part: Part, item: Effective, by_entity: bool) -> Json:
    fact, names = item.fact, part.record.names()
    kind = REGISTRY.name_of(fact)
    v: ValidTime | None = fact.valid
    slide: Json = {
        "unique_id": fact.fact_id,
        "group": part.state.entity.name if by_entity else word(kind),
        "text": {
            "headline": escape(summary(kind, content(fact), names)),
            "text": _text(part, item),
        },
    }
    if v is None:  # a correction or retraction: on the day it was reported
        slide["start_date"] = _parts(fact.reported.date())
        slide["display_date"] = f"reported {fact.reported.date().isoformat()}"
        return slide
    lo, hi = v.earliest, v.latest
    whole = v.precision in ("month", "year") and not v.qualified  # TimelineJS has these units
    slide["start_date"] = _parts(lo or hi, v.precision if whole else "day")  # open: its known end
    if not whole and lo is not None and hi is not None and hi != lo:
        slide["end_date"] = _parts(hi)
    if v.precision != "day" or v.qualified:
        words = when(v)
        slide["display_date"] = words[:1].upper() + words[1:]
    return slide


def _parts(day: Date | None, precision: str = "day") -> Json:
    """A TimelineJS date: the year, then the month and day as far as they are known."""
    assert day is not None
    out: Json = {"year": day.year}
    if precision in ("month", "day"):
        out["month"] = day.month
    if precision == "day":
        out["day"] = day.day
    return out


def _text(part: Part, item: Effective) -> str:
    """The slide's HTML: the verbatim quotes, then the source and the three times."""
    fact = item.fact
    quotes = "".join(f"<blockquote>{escape(q)}</blockquote>" for q in fact.quotes)
    source = part.record.sources.get(fact.source)
    title = escape(source.title) if source else escape(fact.source)
    if source and source.url and source.url.lower().startswith(("https://", "http://")):
        title = f'<a href="{escape(source.url)}">{title}</a>'
    if source and source.publisher:
        title += f", {escape(source.publisher)}"
    revision = f", revision {escape(fact.revision)}" if fact.revision else ""
    lines = [
        f"Source: {title}{revision}.",
        f"Valid {escape(str(fact.valid)) if fact.valid else 'as what it amends'}; reported "
        f"{fact.reported.isoformat()}; recorded {fact.recorded.isoformat()}.",
    ]
    if not fact.verified:
        lines.append("Unverified: its source has no document to check the quote against.")
    lines += [f"Corrected by {escape(c.fact_id)}." for c in item.corrections]
    if item.retraction is not None:
        lines.append(f"Retracted by {escape(item.retraction.fact_id)}: no longer counted.")
    return quotes + "".join(f"<p>{line}</p>" for line in lines)
