"""``--format md``: a report a journalist can paste.

Per company: its state at the date, then a dated list of its events, each
with its three times and verbatim quotes, linking to its source; the sources
are listed once, at the end. Only CommonMark's core (headings, lists,
emphasis, code spans, reference links): no footnotes, tables or raw HTML, so
it renders the same in GitHub, Pandoc and markdown-it without extensions.
Uncertain dates and corrections are said in words. Every text taken from
events is escaped, so it reads as written and never as Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from company_timeline.domain import Fact, Status
from company_timeline.domain.events import AMENDMENTS, content
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.text import printable

from ..describe import summary
from ..render import when
from ..sections import heading, parts
from .csv_events import shown
from .pipeline import Export, Part

FILES = ("timeline.md",)
UNIT = "entities"

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&^$])")


def md(text: str) -> str:
    """Text shown as written: Markdown's and HTML's special characters escaped, one line."""
    return _SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def write(export: Export, name: str, out: TextIO) -> int:
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
    labels: dict[str, str] = {}  # source id -> its label, S1, S2, ... in the order cited
    for part in export.parts:
        out.write("\n" + _entity(part, export, labels))
    out.write(_sources(export, labels))
    return len(export.parts)


def _entities(ids: Iterable[str]) -> str:
    chosen = list(ids)
    return f"; entities {', '.join(md(i) for i in chosen)}" if chosen else ""


def _entity(part: Part, export: Export, labels: dict[str, str]) -> str:
    state, names = part.state, part.record.names()
    lines = [f"## {md(state.entity.name)}", "", f"*{md(heading(state))}*", ""]
    rows = [
        (section.title, line.text, line.cited.events if line.cited else line.events)
        for section in parts(state, export.valid, names)
        for line in section.lines
    ]
    if rows:
        lines += [f"### On {export.valid.isoformat()}", ""]
        lines += [f"- **{md(t)}**: {md(text)} ({_refs(events)})" for t, text, events in rows]
        lines.append("")
    facts = shown(part)
    if facts:
        lines += ["### Events", ""]
        for fact in facts:
            label = labels.setdefault(fact.source, f"S{len(labels) + 1}")
            lines.append(f"- {_event(fact, part, export)}")
            lines += [f"  - {detail}" for detail in _details(fact, label)]
        lines.append("")
    return "\n".join(lines) + "\n"


def _event(fact: Fact, part: Part, export: Export) -> str:
    words = summary(REGISTRY.name_of(fact), content(fact), part.record.names())
    if isinstance(fact, AMENDMENTS):
        what = "Correction" if REGISTRY.name_of(fact) == "report_corrected" else "Retraction"
        text = f"**{what}, reported {fact.reported.date().isoformat()}**: {md(words)}"
        return f"{_refs([fact.fact_id])} {text}"
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
    return f"{_refs([fact.fact_id])} {text}"


def _details(fact: Fact, label: str) -> list[str]:
    """An event's source, three times and quotes, as the items of a nested list."""
    cited = f"source [{label}]" + (f", revision {md(fact.revision)}" if fact.revision else "")
    times = (
        f"valid {md(str(fact.valid)) if fact.valid else 'as its target'}; "
        f"reported {fact.reported.isoformat()}; recorded {fact.recorded.isoformat()}"
    )
    quotes = [f"« {md(q)} »" for q in fact.quotes]
    if not fact.verified:
        quotes[-1] += " *(unverified: its source has no document to check the quote against)*"
    note = [f"Note: {md(fact.note)}"] if fact.note else []
    return [f"{cited}; {times}", *quotes, *note]


def _sources(export: Export, labels: dict[str, str]) -> str:
    """Every cited source once, each with a reference link the events use."""
    if not labels:
        return ""
    known = {s: r.sources[s] for r in export.records.values() for s in labels if s in r.sources}
    lines, links = ["", "## Sources", ""], [""]
    for slug, label in labels.items():
        source = known.get(slug)
        cited = f"*{md(source.title)}*" if source else md(slug)
        if source and source.publisher:
            cited += f", {md(source.publisher)}"
        if source:
            cited += f", published {source.published.isoformat()}"
        url = source.url if source and source.url and _safe_url(source.url) else None
        if source and source.url:
            cited += f", <{url}>" if url else f", {md(source.url)}"
        lines.append(f"- **{label}** (`{slug}`): {cited}")
        # A reference link is CommonMark's core; one without an address goes to this list.
        links.append(f"[{label}]: {'<' + url + '>' if url else '#sources'}")
    return "\n".join(lines + links) + "\n"


def _refs(events: Iterable[str]) -> str:
    return " ".join(f"`{e}`" for e in events)  # ids are slugs: safe in a code span


def _safe_url(url: str) -> bool:
    return re.fullmatch(r"https?://[^\s<>]+", url) is not None
