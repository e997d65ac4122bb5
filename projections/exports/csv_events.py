"""``events.csv`` and ``sources.csv`` of ``--format csv``: rows a spreadsheet sums right.

A corrected event has two rows: as first reported (``corrected``) and as it reads
with its corrections (``current``); a retracted one a single ``retracted`` row.
Of a round's reports in several currencies, only the row the engine counts in
``total_raised`` says ``in_total_raised``: summing that column's amounts per
currency over ``current`` rows gives the engine's total. ``docs/csv.md`` says
every column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from company_timeline.domain import Fact, Money
from company_timeline.domain.events import content, valid_order_key
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..knowledge import Effective, effective_facts
from ..render import Names
from .pipeline import Export, Part

EVENT_COLUMNS = (
    "id",
    "status",
    "corrected_by",
    "type",
    "entity",
    "entity_name",
    "valid",
    "valid_earliest",
    "valid_latest",
    "reported",
    "recorded",
    "round",
    "round_key",
    "amount",
    "currency",
    "approximate",
    "in_total_raised",
    "equivalents",
    "investors",
    "source",
    "source_title",
    "source_url",
    "revision",
    "verified",
    "quote",
    "summary",
    "target",
    "note",
)
SOURCE_COLUMNS = (
    "id",
    "title",
    "publisher",
    "url",
    "language",
    "published",
    "revisions",
    "document",
    "note",
)


def shown(part: Part) -> list[Fact]:
    """The stored events behind an entity's state (amendments included), in valid-time order."""
    wanted = {e.event for e in part.state.evidence}
    return sorted((f for f in part.record.facts if f.fact_id in wanted), key=valid_order_key)


def placed(export: Export, part: Part, seen: set[str]) -> list[Fact]:
    """The events listed under ``part``: each event once, under its own entity, or under
    the first exported entity it names where its own is not exported (``--entity fund``)."""
    exported = {p.state.entity.id for p in export.parts}
    out = []
    for fact in shown(part):
        mine = fact.entity == part.state.entity.id or fact.entity not in exported
        if mine and fact.fact_id not in seen:
            seen.add(fact.fact_id)
            out.append(fact)
    return out


def event_rows(export: Export) -> Iterator[list[str]]:
    """Each event once (``placed``), as known at the export's moment."""
    r = export.request
    seen: set[str] = set()
    for part in export.parts:
        items = effective_facts(part.record.facts, r.known, r.recorded)
        effective = {e.original.fact_id: e for e in items}
        counted = _counted(part)
        for fact in placed(export, part, seen):
            item = effective.get(fact.fact_id) or Effective(fact, fact)
            if item.retraction is not None:
                yield _row(part, fact, "retracted", [item.retraction.fact_id], False)
                continue
            later = [c.fact_id for c in item.corrections]
            if later:
                yield _row(part, fact, "corrected", later, False)
            yield _row(part, item.fact, "current", later, fact.fact_id in counted)


def source_rows(export: Export) -> Iterator[list[str]]:
    """The sources the events cite, once each: ``events.source`` joins ``id``."""
    cited: dict[str, Any] = {}
    for part in export.parts:
        for fact in shown(part):
            if fact.source in part.record.sources:
                cited[fact.source] = part.record.sources[fact.source]
    for slug in sorted(cited):
        s = cited[slug]
        yield [
            slug,
            s.title,
            s.publisher or "",
            s.url or "",
            s.language or "",
            s.published.isoformat(),
            " ".join(r.id for r in s.revisions),
            s.document or "",
            s.note or "",
        ]


def _counted(part: Part) -> set[str]:
    """The report whose amount each round counts in ``total_raised``: the latest in
    the round's own currency (as ``rounds`` merges them)."""
    by_id = {f.fact_id: f for f in part.record.facts}
    out = set()
    for r in part.state.funding_rounds:
        if r.amount is None:
            continue
        own = [
            by_id[e]
            for e in r.cited.events
            if e in by_id and _money(by_id[e]) and _money(by_id[e]).currency == r.amount.currency  # type: ignore[union-attr]
        ]
        if own:
            out.add(max(own, key=lambda f: (f.reported, f.fact_id)).fact_id)
    return out


def _money(fact: Fact) -> Money | None:
    amount = getattr(fact, "amount", None)
    return amount if isinstance(amount, Money) else None


def _row(part: Part, fact: Fact, status: str, by: list[str], counted: bool) -> list[str]:
    names, sources = part.record.names(), part.record.sources
    return fact_row(fact, names, sources.get(fact.source), status, by, counted)


def fact_row(
    fact: Fact, names: Names, source: Any, status: str, by: list[str], counted: bool
) -> list[str]:
    """A fact's row; ``status`` as known at the export's moment ("" where none was asked)."""
    amount, span, values = _money(fact), fact.valid, content(fact)
    round_name = values.get("round") if REGISTRY.name_of(fact) == "funding_round" else None
    investors = [*values.get("lead_investors", ()), *values.get("investors", ())]
    return [
        fact.fact_id,
        status,
        " ".join(by),
        REGISTRY.name_of(fact),
        fact.entity,
        names(fact.entity),
        str(span) if span else "",
        _day(span.earliest if span else None),
        _day(span.latest if span else None),
        fact.reported.isoformat(),
        fact.recorded.isoformat(),
        str(round_name or ""),
        f"{fact.entity}/{round_name}" if round_name else "",
        str(amount.amount) if amount else "",
        amount.currency if amount else "",
        flag(amount.approximate) if amount else "",
        flag(counted) if amount else "",
        "; ".join(str(m) for m in values.get("equivalents", ()) or ()),
        "; ".join(names(i) for i in investors),
        fact.source,
        source.title if source else "",
        source.url or "" if source else "",
        fact.revision or "",
        flag(fact.verified),
        "\n".join(fact.quotes),
        summary(REGISTRY.name_of(fact), values, names),
        str(values.get("target") or ""),
        fact.note or "",
    ]


def flag(value: bool) -> str:
    return "true" if value else "false"


def _day(day: Any) -> str:
    return day.isoformat() if day else ""
