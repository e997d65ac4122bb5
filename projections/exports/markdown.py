"""``--format md``: a report a journalist can paste.

Per company: a table of its state at the date, then a dated list of its
events; every event is a footnote citing its source, revision and verbatim
quotes. Uncertain dates and corrections are said in words. Every text taken
from events is escaped, so it reads as written and never as Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from company_timeline.domain import Fact, Status
from company_timeline.domain.events import AMENDMENTS, TYPE_NAMES, content
from company_timeline.domain.text import printable

from ..describe import summary
from ..render import when
from ..sections import heading, sections
from .base import Export, Part
from .csv_events import shown

FILES = ("timeline.md",)

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&^$])")


def md(text: str) -> str:
    """Text shown as written: Markdown's and HTML's special characters escaped, one line."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def write(export: Export, name: str, out: TextIO) -> None:
    r = export.request
    known = f"as known at {r.known.isoformat()}" if r.known else "as known now"
    if r.recorded:
        known += f", as recorded by {r.recorded.isoformat()}"
    head = export.head()
    out.write(f"# Company timeline: state on {export.valid.isoformat()}, {known}\n\n")
    out.write(
        f"*Exported by `timeline export --format md` from {head['events']} events "
        f"(schema `{head['schema']}`; at {head['arguments']['at'] or 'the last day on record'}"
        f"{_entities(r.entities)}; log digest `{head['log']['digest']}` at position "
        f"{head['log']['position']}).*\n"
    )
    if not export.parts:
        out.write(f"\nNothing on record on or before {export.valid.isoformat()}.\n")
    for part in export.parts:
        out.write("\n" + _entity(part, export))


def _entities(ids: Iterable[str]) -> str:
    chosen = list(ids)
    return f"; entities {', '.join(md(i) for i in chosen)}" if chosen else ""


def _entity(part: Part, export: Export) -> str:
    state, names = part.state, part.record.names()
    lines = [f"## {md(state.entity.name)}", "", f"*{md(heading(state))}*", ""]
    rows = [
        (section.title, line.text, line.cited.events if line.cited else line.events)
        for section in sections(state, export.valid, names)
        for line in section.lines
    ]
    if rows:
        lines += [f"| | On {export.valid.isoformat()} | Evidence |", "|---|---|---|"]
        lines += [f"| {md(t)} | {md(text)} | {_refs(events)} |" for t, text, events in rows]
        lines.append("")
    facts = shown(part)
    if facts:
        lines += ["### Events", ""]
        lines += [f"- {_event(fact, part, export)}" for fact in facts]
        lines.append("")
        lines += [_footnote(fact, part) for fact in facts]
    return "\n".join(lines) + "\n"


def _event(fact: Fact, part: Part, export: Export) -> str:
    words = summary(TYPE_NAMES[type(fact)], content(fact), part.record.names())
    if isinstance(fact, AMENDMENTS):
        what = "Correction" if TYPE_NAMES[type(fact)] == "report_corrected" else "Retraction"
        text = f"**{what}, reported {fact.reported.date().isoformat()}**: {md(words)}"
        return f"{text} {_refs([fact.fact_id])}"
    day = when(fact.valid)
    text = f"**{day[0].upper()}{day[1:]}**: {md(words)}"
    assert fact.valid is not None
    if fact.valid.status(export.valid) is Status.UNCERTAIN:
        text += (
            f" *Uncertain on {export.valid.isoformat()}: its date straddles the day asked "
            "about, so the state above leaves it out.*"
        )
    by_id = {f.fact_id: f for f in part.record.facts}
    for c in part.state.corrections:
        if c.event == fact.fact_id:
            later = ", ".join(
                f"{i} (reported {by_id[i].reported.date().isoformat()})" for i in c.corrected_by
            )
            text += f" *Corrected by {later}; the state shows it as corrected.*"
    for r in part.state.retracted:
        if r.event == fact.fact_id:
            text += f" *Retracted by {r.retracted_by}; the state leaves it out.*"
    return f"{text} {_refs([fact.fact_id])}"


def _footnote(fact: Fact, part: Part) -> str:
    source = part.record.sources.get(fact.source)
    cited = f"*{md(source.title)}*" if source else md(fact.source)
    if source and source.publisher:
        cited += f", {md(source.publisher)}"
    if source and source.url:
        cited += f", <{source.url}>" if _safe_url(source.url) else f", {md(source.url)}"
    if fact.revision:
        cited += f", revision {md(fact.revision)}"
    times = (
        f"valid {md(str(fact.valid)) if fact.valid else 'as its target'}; "
        f"reported {fact.reported.isoformat()}; recorded {fact.recorded.isoformat()}"
    )
    quotes = " ".join(f"« {md(q)} »" for q in fact.quotes)
    if not fact.verified:
        quotes += " *(unverified: its source has no document to check the quote against)*"
    note = f" Note: {md(fact.note)}" if fact.note else ""
    return f"[^{fact.fact_id}]: {cited} ({times}): {quotes}{note}"


def _refs(events: Iterable[str]) -> str:
    return " ".join(f"[^{e}]" for e in events)


def _safe_url(url: str) -> bool:
    return re.fullmatch(r"https?://[^\s<>]+", url) is not None
