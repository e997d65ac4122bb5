"""Text for people: the state of each entity, every line followed by its provenance."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from timeline.domain import Fact, Money

from .describe import summary
from .model import Cited, EntityState, Investor, Round, Snapshot


def money(m: Money) -> str:
    return f"{'~' if m.approximate else ''}{m.currency} {m.amount:,}"


def cited(c: Cited) -> str:
    return f"      from {', '.join(c.events)} ({', '.join(c.sources)})"


def snapshot_text(snap: Snapshot, names: Mapping[str, str] | None = None) -> str:
    """``names`` maps entity ids to names, for the entities the state refers to."""
    out: list[str] = []
    write_snapshot_text(snap, ((s, names or {}) for s in snap.entities), out.append)
    return "".join(out)


def write_snapshot_text(
    head: Snapshot,
    states: Iterable[tuple[EntityState, Mapping[str, str]]],
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


def entity_text(state: EntityState, snap: Snapshot, names: Mapping[str, str]) -> str:
    def called(ids: Iterable[str]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    e = state.entity
    where = ", ".join(x for x in (e.kind, e.city, e.country) if x)
    lines = [f"{e.name} ({e.id}), {where}"]
    if not state.exists:
        lines.append(
            f"  Nothing on record on or before {snap.valid.isoformat()}: "
            f"{e.name} does not exist yet in this timeline."
        )
    if state.founded:
        f = state.founded
        by = f" by {', '.join(f.founders)}" if f.founders else ""
        lines += [f"  Founded {f.valid}{by}", cited(f.cited)]
    if state.funding_rounds:
        lines.append("  Funding rounds")
        for r in state.funding_rounds:
            lines += [f"    {_round(r, called)}", cited(r.cited)]
    if state.total_raised:
        t = state.total_raised
        total = " + ".join(money(m) for m in t.by_currency) or "no amount reported"
        if t.equivalents:
            total += "; in reported equivalents " + ", ".join(money(m) for m in t.equivalents)
        lines.append(f"  Total raised: {total}")
    if state.valuation:
        v = state.valuation
        kept = f", unchanged by {', '.join(v.unchanged_since_by)}" if v.unchanged_since_by else ""
        lines += [f"  Valuation: {money(v.value)} post-money ({v.round}{kept})", cited(v.cited)]
    _section(lines, "Investors", [(_investor(i, called), i.cited) for i in state.investors])
    _section(
        lines,
        "Products",
        [
            (
                f"{p.name} ({p.valid}){_opt(' weights', p.weights)}{_list(' via', p.channels)}",
                p.cited,
            )
            for p in state.products
        ],
    )
    _section(
        lines,
        "Partnerships",
        [
            (f"{p.kind} with {called([p.partner])} ({p.valid}){_list(' via', p.channels)}", p.cited)
            for p in state.partnerships
        ],
    )
    _section(
        lines,
        "Regulatory attention",
        [
            (f"{called(s.authorities)} ({s.kind}, {s.valid}): {s.subject}", s.cited)
            for s in state.regulatory
        ],
    )
    if state.uncertain:
        lines.append(f"  Uncertain on {snap.valid.isoformat()} (valid time straddles the date)")
        lines += [f"    {u.event} ({u.valid}): {u.summary}" for u in state.uncertain]
    if state.corrections:
        lines.append("  Corrections applied")
        lines += [
            f"    {c.event} corrected by {', '.join(c.corrected_by)}" for c in state.corrections
        ]
    if state.retracted:
        lines.append("  Retracted reports")
        lines += [f"    {r.event} retracted by {r.retracted_by}" for r in state.retracted]
    if state.sources:
        lines.append(f"  Sources: {', '.join(state.sources)}")
    return "\n".join(lines) + "\n"


def events_text(facts: Iterable[Fact]) -> str:
    out: list[str] = []
    write_events_text(facts, out.append)
    return "".join(out)


def write_events_text(facts: Iterable[Fact], write: Callable[[str], None]) -> None:
    empty = True
    for f in facts:
        write(
            f"{f.fact_id}  [{f.entity}] {summary(f)}\n"
            f"    valid {f.valid or '(that of its target)'}  reported {_stamp(f.reported)}"
            f"  recorded {_stamp(f.recorded)}  source {f.source}"
            f"{'/' + f.revision if f.revision else ''}\n"
        )
        empty = False
    if empty:
        write("No events stored.\n")


def _round(r: Round, called: Callable[[Iterable[str]], str]) -> str:
    figures = money(r.amount) if r.amount else "amount not reported"
    if r.equivalents:
        figures += f" ({', '.join(money(m) for m in r.equivalents)})"
    parts = [f"{r.name} ({r.valid}): {figures}"]
    if r.lead_investors:
        parts.append(f"led by {called(r.lead_investors)}")
    if r.investors:
        parts.append(f"with {called(r.investors)}")
    if r.instrument:
        parts.append(r.instrument.replace("_", " "))
    if r.post_money_valuation:
        parts.append(f"post-money {money(r.post_money_valuation)}")
    if r.valuation_unchanged:
        parts.append("valuation unchanged")
    if r.conversion:
        parts.append(f"conversion: {r.conversion}")
    return "; ".join(parts)


def _investor(i: Investor, called: Callable[[Iterable[str]], str]) -> str:
    text = called([i.entity]) + (f": in {', '.join(i.rounds)}" if i.rounds else "")
    text += f", led {', '.join(i.led)}" if i.led else ""
    text += f", holds {i.share}" if i.share else ""
    return text + (f", through {i.vehicle}" if i.vehicle else "")


def _section(lines: list[str], title: str, items: list[tuple[str, Cited]]) -> None:
    if items:
        lines.append(f"  {title}")
        for text, c in items:
            lines += [f"    {text}", cited(c)]


def _opt(label: str, value: str | None) -> str:
    return f",{label} {value}" if value else ""


def _list(label: str, values: tuple[str, ...]) -> str:
    return f",{label} {', '.join(values)}" if values else ""


def _stamp(t: datetime) -> str:
    return t.isoformat(timespec="seconds")
