"""An entity's state as titled sections of lines in words, each with its provenance.

Text, Markdown and HTML lay these out each in their own way; the words are
chosen once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date

from .declared import also_sections, folds
from .describe import summary
from .model import Cited, EntityState, Investor, Round
from .render import Names, called, money, word


@dataclass(frozen=True)
class Line:
    text: str
    cited: Cited | None = None  # the events and sources behind it, where it has any
    events: tuple[str, ...] = ()  # events it is about, where it is not backed by them


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]


def heading(state: EntityState) -> str:
    e = state.entity
    where = ", ".join(x for x in (e.kind, e.city, e.country) if x)
    return f"{e.name} ({e.id}), {where}"


def sections(state: EntityState, day: Date, names: Names) -> list[Section]:
    out: list[Section] = []

    def add(title: str, lines: list[Line]) -> None:
        if lines:
            out.append(Section(title, tuple(lines)))

    if not state.exists:
        add(
            "Not yet",
            [
                Line(
                    f"Nothing on record on or before {day.isoformat()}: "
                    f"{state.entity.name} does not exist yet in this timeline."
                )
            ],
        )
    if state.founded:
        f = state.founded
        by = f" by {', '.join(f.founders)}" if f.founders else ""
        add("Founded", [Line(f"{f.valid}{by}", f.cited)])
    add("Funding rounds", [Line(round_text(r, names), r.cited) for r in state.funding_rounds])
    if state.total_raised:
        t = state.total_raised
        total = " + ".join(money(m) for m in t.by_currency) or "no amount reported"
        if t.equivalents:
            total += "; in reported equivalents " + ", ".join(money(m) for m in t.equivalents)
        add("Total raised", [Line(total, t.cited)])
    if state.valuation:
        v = state.valuation
        kept = f", unchanged by {', '.join(v.unchanged_since_by)}"
        kept = kept if v.unchanged_since_by else ""
        text = f"{money(v.value)} post-money ({v.round}{kept})"
        add("Valuation", [Line(text, v.cited)])
    add("Investors", [Line(investor_text(i, names), i.cited) for i in state.investors])
    add(
        "Products",
        [
            Line(
                f"{p.name} ({p.valid})"
                + (f", {p.weights} weights" if p.weights else "")
                + (f", via {', '.join(p.channels)}" if p.channels else ""),
                p.cited,
            )
            for p in state.products
        ],
    )
    add(
        "Partnerships",
        [
            Line(
                f"{p.kind} with {names(p.partner)} ({p.valid})"
                + (f", via {', '.join(p.channels)}" if p.channels else ""),
                p.cited,
            )
            for p in state.partnerships
        ],
    )
    add(
        "Regulatory attention",
        [
            Line(f"{called(names, s.authorities)} ({s.kind}, {s.valid}): {s.subject}", s.cited)
            for s in state.regulatory
        ],
    )
    own = [(f.section, f.title, False) for _, f in folds()]
    shown_here = [(section, title, True) for section, title, _ in also_sections()]
    for section, title, theirs in own + shown_here:
        value = state.extra.get(section)
        items = value if isinstance(value, tuple) else (value,) if value else ()
        # An item of another entity's fact shown here is keyed by that entity: it is about it.
        lines = []
        for i in items:
            about = i.key if theirs else state.entity.id
            words = summary(i.type, {"entity": about, **i.values}, names)
            lines.append(Line(f"{words} ({i.valid})", i.cited))
        add(title, lines)
    add(
        f"Uncertain on {day.isoformat()} (valid time straddles the date)",
        [
            Line(
                f"{u.event} ({u.valid}): "
                f"{summary(u.type, {'entity': state.entity.id, **u.fields}, names)}",
                events=(u.event,),
            )
            for u in state.uncertain
        ],
    )
    add(
        "Corrections applied",
        [
            Line(f"{c.event} corrected by {', '.join(c.corrected_by)}", events=(c.event,))
            for c in state.corrections
        ],
    )
    add(
        "Retracted reports",
        [
            Line(
                f"{r.event} retracted by {r.retracted_by}" + (f": {r.reason}" if r.reason else ""),
                events=(r.event, r.retracted_by),
            )
            for r in state.retracted
        ],
    )
    return out


def round_text(r: Round, names: Names) -> str:
    figures = money(r.amount) if r.amount else "amount not reported"
    if r.equivalents:
        figures += f" ({', '.join(money(m) for m in r.equivalents)})"
    parts = [f"{r.name} ({r.valid}): {figures}"]
    if r.lead_investors:
        parts.append(f"led by {called(names, r.lead_investors)}")
    if r.investors:
        parts.append(f"with {called(names, r.investors)}")
    if r.instrument:
        parts.append(word(r.instrument))
    if r.post_money_valuation:
        parts.append(f"post-money {money(r.post_money_valuation)}")
    if r.valuation_unchanged:
        parts.append("valuation unchanged")
    if r.conversion:
        parts.append(f"conversion: {r.conversion}")
    return "; ".join(parts)


def investor_text(i: Investor, names: Names) -> str:
    text = names(i.entity) + (f": in {', '.join(i.rounds)}" if i.rounds else "")
    text += f", led {', '.join(i.led)}" if i.led else ""
    text += f", holds {i.share}" if i.share else ""
    return text + (f", through {i.vehicle}" if i.vehicle else "")
