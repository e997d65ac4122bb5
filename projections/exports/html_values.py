"""Small values the HTML page shows: a time axis, funding steps, a date's span, a source."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from company_timeline.domain import Money, ValidTime

from ..model import Round
from ..render import money

if TYPE_CHECKING:
    from company_timeline.domain import Source

Json = dict[str, Any]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUALIFIERS = {"%": "approximate and uncertain", "~": "approximate", "?": "uncertain"}


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def axis(lo: date, hi: date) -> Json:
    """Whole months around ``lo``..``hi``; ticks named in English, not in the reader's locale.

    Months are named on one row and their years above them, where a year starts.
    """
    # Kept inside the calendar: a fact may be dated to year 1 or 9999.
    start = (max(lo, date(1, 1, 11)) - timedelta(days=10)).replace(day=1)
    end = _next_month(min(hi, date(9999, 11, 20)) + timedelta(days=10))
    months = (end.year - start.year) * 12 + end.month - start.month
    ticks: list[Json] = []
    if months <= 36:
        day = start
        while day <= end:
            # the first month names its year, unless January comes too soon after it
            opening = day == start and day.month <= 10
            named = str(day.year) if day.month == 1 or opening else None
            label = MONTHS[day.month - 1]
            ticks.append(
                {"day": day.isoformat(), "label": label, "year": named, "major": day.month == 1}
            )
            day = _next_month(day)
    else:
        every = -(-(end.year - start.year) // 12)  # at most a dozen labels
        for year in range(start.year + 1, end.year + 1):
            if year % every == 0:
                first = date(year, 1, 1).isoformat()
                ticks.append({"day": first, "label": str(year), "year": None, "major": True})
    return {"start": start.isoformat(), "end": end.isoformat(), "ticks": ticks}


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def span_words(v: ValidTime) -> str:
    """Where a valid time lies, in words: what the page's spans draw."""
    lo, hi = v.earliest, v.latest
    if v.precision == "interval":
        if lo is None:
            return f"some day on or before {hi} (an interval open at its start)"
        if hi is None:
            return f"some day on or after {lo} (an interval open at its end)"
        return f"some day from {lo} to {hi} (an interval)"
    if lo == hi:
        return "that very day"
    how = next((words for q, words in QUALIFIERS.items() if q in v.text), None)
    known = f"known to the {v.unit}"  # 201X: the decade; 2001-21: the season
    known += f", {how}: one {v.unit} either side" if how else ""
    return f"some day from {lo} to {hi} ({known})"


def funding(rounds: Iterable[Round]) -> list[Json]:
    """Cumulative funding per currency, in valid-time order, never summed across currencies.

    Each round adds its own amount (not its equivalents) to its currency's total;
    the amounts stay decimal strings, and their words come from ``render.money``.
    """
    totals: dict[str, Money] = {}
    steps: dict[str, list[Json]] = {}
    for r in rounds:
        if r.amount is None:
            continue
        c = r.amount.currency
        totals[c] = totals[c] + r.amount if c in totals else r.amount
        v = ValidTime.parse(r.valid)
        steps.setdefault(c, []).append(
            {
                "round": r.name,
                "valid": r.valid,
                "span": [d.isoformat() if d else None for d in (v.earliest, v.latest)],
                "amount": str(r.amount.amount),
                "amount_text": money(r.amount),
                "total": str(totals[c].amount),
                "total_text": money(totals[c]),
                "events": list(r.cited.events),
            }
        )
    return [
        {"currency": c, "steps": steps[c], "total_text": money(totals[c])} for c in sorted(steps)
    ]


def source_document(source: Source.Registered) -> Json:
    """A source as the page's panel cites it; only a web address becomes a link."""
    url = (
        source.url
        if source.url and source.url.lower().startswith(("https://", "http://"))
        else None
    )
    return {
        "title": source.title,
        "publisher": source.publisher,
        "language": source.language,
        "link": url,
        "url": source.url,
        "published": utc(source.published),
        "document": source.document,
        "note": source.note,
        "revisions": {
            r.id: {"published": utc(r.published), "note": r.note} for r in source.revisions
        },
    }
