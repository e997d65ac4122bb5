"""``--format csv``: ``events.csv`` (one row per event) and ``state.csv`` (one row per
entity and field at the date). RFC 4180: UTF-8, a header row, CRLF line ends,
fields quoted where they hold a comma, a quote or a line break.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from company_timeline.domain import Fact, Money
from company_timeline.domain.events import content, valid_order_key
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..field_paths import fields_of
from .base import Export, Part

FILES = ("events.csv", "state.csv")

EVENT_COLUMNS = (
    "id",
    "type",
    "entity",
    "valid",
    "valid_earliest",
    "valid_latest",
    "reported",
    "recorded",
    "amount",
    "currency",
    "approximate",
    "source",
    "revision",
    "quote",
    "summary",
    "target",
    "note",
)
STATE_COLUMNS = (
    "entity",
    "field",
    "value",
    "currency",
    "approximate",
    "valid",
    "events",
    "sources",
)


def write(export: Export, name: str, out: TextIO) -> None:
    table = csv.writer(out, lineterminator="\r\n")
    if name == "events.csv":
        table.writerow(EVENT_COLUMNS)
        # Each event once, under its own entity (an acquisition shows on its acquirer too).
        rows = (
            _event_row(p, f)
            for p in export.parts
            for f in shown(p)
            if f.entity == p.state.entity.id
        )
        table.writerows(rows)
    else:
        table.writerow(STATE_COLUMNS)
        table.writerows(row for part in export.parts for row in _state_rows(part))


def shown(part: Part) -> list[Fact]:
    """The stored events behind an entity's state (amendments included), in valid-time order."""
    wanted = {e.event for e in part.state.evidence}
    return sorted((f for f in part.record.facts if f.fact_id in wanted), key=valid_order_key)


def _event_row(part: Part, fact: Fact) -> list[str]:
    amount: Money | None = getattr(fact, "amount", None)
    span = fact.valid
    values = content(fact)
    return [
        fact.fact_id,
        REGISTRY.name_of(fact),
        fact.entity,
        str(span) if span else "",
        _day(span.earliest if span else None),
        _day(span.latest if span else None),
        fact.reported.isoformat(),
        fact.recorded.isoformat(),
        str(amount.amount) if amount else "",
        amount.currency if amount else "",
        _flag(amount.approximate) if amount else "",
        fact.source,
        fact.revision or "",
        "\n".join(fact.quotes),
        summary(REGISTRY.name_of(fact), values, part.record.names()),
        str(values.get("target") or ""),
        fact.note or "",
    ]


def _state_rows(part: Part) -> Iterator[list[str]]:
    entity = part.state.entity.id
    for scheme, value in part.state.entity.identifiers.items():  # to join other data on
        yield [entity, f"identifiers.{scheme}", value, "", "", "", "", ""]
    for path, field in fields_of(part.state).items():
        for suffix, value, currency, approximate in _cells(field.value):
            yield [
                entity,
                path + suffix,
                value,
                currency,
                approximate,
                field.valid or "",
                " ".join(field.cited.events),
                " ".join(field.cited.sources),
            ]


def _cells(value: Any) -> list[tuple[str, str, str, str]]:
    """A plain JSON value as (path suffix, value, currency, approximate) cells:
    amounts as decimal text beside their currency; a list of amounts one row each."""
    if isinstance(value, dict) and "currency" in value:
        return [("", value["amount"], value["currency"], _flag(value["approximate"]))]
    if isinstance(value, dict) and "text" in value:
        return [("", value["text"], "", "")]
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return [
            (f"[{i}]{suffix}", text, currency, approximate)
            for i, v in enumerate(value)
            for suffix, text, currency, approximate in _cells(v)
        ]
    if isinstance(value, list):
        return [("", "; ".join(str(v) for v in value), "", "")]
    if isinstance(value, bool):
        return [("", _flag(value), "", "")]
    return [("", str(value), "", "")]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _day(day: Any) -> str:
    return day.isoformat() if day else ""
