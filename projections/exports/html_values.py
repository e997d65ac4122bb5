"""Small values the HTML page shows: funding steps, a date's span, a source."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from company_timeline.domain import Money, ValidTime

from ..model import Round
from ..render import money_text

if TYPE_CHECKING:
    from company_timeline.domain import Source

Json = dict[str, Any]
QUALIFIERS = {"%": "approximate and uncertain", "~": "approximate", "?": "uncertain"}


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


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
    the amounts stay decimal strings, and their words come from ``render.money_text``.
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
                "amount_text": money_text(r.amount),
                "total": str(totals[c].amount),
                "total_text": money_text(totals[c]),
                "events": list(r.cited.events),
            }
        )
    return [
        {"currency": c, "steps": steps[c], "total_text": money_text(totals[c])}
        for c in sorted(steps)
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


class Kept:
    """Distinct documents, each kept once, keyed by name and the order first met."""

    def __init__(self) -> None:
        self.items: dict[str, Json] = {}
        self._keys: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        # What was already made, by what it was made from: an event reads the same at
        # every step until an amendment of it is known, so it is worded once.
        self.made: dict[tuple[Any, ...], str] = {}

    def key(self, name: str, document: Json) -> str:
        text = json.dumps([name, document], sort_keys=True)
        if text not in self._keys:
            self._counts[name] = self._counts.get(name, 0) + 1
            self._keys[text] = f"{name}@{self._counts[name]}"
            self.items[self._keys[text]] = document
        return self._keys[text]
