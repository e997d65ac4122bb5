"""``--format csv``: ``events.csv`` (one row per event, see ``csv_events``),
``sources.csv``, ``state.csv`` (one row per entity and field at the date) and
``state-wide.csv`` (one row per entity, a column per field). RFC 4180: UTF-8
(``--bom`` for Excel), a header row, CRLF line ends, fields quoted where they
hold a comma, a quote or a line break. ``docs/csv.md`` says every column.
Formula-safe: a cell beginning with =, +, -, @, TAB or CR gets a leading ' (``cells.py``),
unless --csv-raw; control characters are written as escapes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from company_timeline.domain import Fact

from ..field_paths import fields_of
from ..render import Names
from .cells import SafeRows
from .csv_events import EVENT_COLUMNS, SOURCE_COLUMNS, event_rows, fact_row, flag, source_rows
from .pipeline import Export, Part

FILES = ("events.csv", "sources.csv", "state.csv", "state-wide.csv")
UNIT = "rows"

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


def write(export: Export, name: str, out: TextIO) -> int:
    """One table; returns its rows, the header not counted."""
    if export.request.bom:
        out.write("\ufeff")  # Excel reads UTF-8 only after a byte order mark
    table = SafeRows(csv.writer(out, lineterminator="\r\n"), export.request.csv_raw)
    if name == "state-wide.csv":
        return _wide(export, table)
    header, rows = {
        "events.csv": (EVENT_COLUMNS, event_rows),
        "sources.csv": (SOURCE_COLUMNS, source_rows),
        "state.csv": (STATE_COLUMNS, _state_table),
    }[name]
    table.writerow(header)
    count = 0
    for row in rows(export):
        table.writerow(row)
        count += 1
    return count


def write_events(facts: Iterable[Fact], names: Names, out: TextIO) -> None:
    """The events table alone, as stored (``timeline events --format csv``): no moment is
    asked, so no status; sources by id."""
    table = csv.writer(out, lineterminator="\r\n")
    table.writerow(EVENT_COLUMNS)
    table.writerows(fact_row(f, names, None, "", [], False) for f in facts)


def _state_table(export: Export) -> Iterator[list[str]]:
    return (row for part in export.parts for row in _state_rows(part))


def _wide(export: Export, table: Any) -> int:
    """One row per entity, a column per field; entity ids in values become names."""
    rows: list[dict[str, str]] = []
    columns: dict[str, None] = {}
    for part in export.parts:
        names, ids = part.record.names(), set(part.record.entities)
        row = {"entity": part.state.entity.id, "name": part.state.entity.name}
        for path, field in fields_of(part.state).items():
            for suffix, value, currency, _ in _cells(_named(field.value, ids, names)):
                row[path + suffix] = value
                if currency:
                    row[f"{path}{suffix} currency"] = currency
        columns.update(dict.fromkeys(row))
        rows.append(row)
    header = ["entity", "name", *sorted(c for c in columns if c not in ("entity", "name"))]
    table.writerow(header)
    table.writerows([row.get(c, "") for c in header] for row in rows)
    return len(rows)


def _named(value: Any, ids: set[str], names: Any) -> Any:
    if isinstance(value, str) and value in ids:
        return names(value)
    if isinstance(value, list):
        return [_named(v, ids, names) for v in value]
    return value


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
        return [("", value["amount"], value["currency"], flag(value["approximate"]))]
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
        return [("", flag(value), "", "")]
    return [("", str(value), "", "")]
