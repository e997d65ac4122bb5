"""Lists of what a store holds (entities, sources, an entity's fields), in every
format a list takes: aligned text for people, JSON, JSON Lines and CSV for tools."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from company_timeline.domain.text import json_escaped
from company_timeline.domain.words import count

from ..field_paths import FieldValue
from ..listing import EntityRow, SourceRow
from ..plain import plain
from .answers import show
from .json_documents import dumps

ENTITY_COLUMNS = ("id", "name", "kind", "first", "last", "facts")
SOURCE_COLUMNS = ("id", "title", "publisher", "published", "url", "revisions")
FIELD_COLUMNS = ("field", "value", "valid", "events", "sources")


def entities(rows: Iterable[EntityRow], fmt: str, out: TextIO) -> None:
    def text(r: dict[str, Any]) -> list[str]:
        span = f"{r['first'] or '..'} / {r['last'] or '..'}" if r["facts"] else ""
        return [r["id"], r["name"], r["kind"], span, count(r["facts"], "fact")]

    write("entities", "entity", [plain(r) for r in rows], ENTITY_COLUMNS, text, fmt, out)


def sources(rows: Iterable[SourceRow], fmt: str, out: TextIO) -> None:
    def text(r: dict[str, Any]) -> list[str]:
        revised = f" (revisions: {', '.join(r['revisions'])})" if r["revisions"] else ""
        return [r["id"], r["published"], f"{r['title']}{revised}"]

    write("sources", "source", [plain(r) for r in rows], SOURCE_COLUMNS, text, fmt, out)


def fields(
    entity: str, day: str | None, found: Sequence[FieldValue], fmt: str, out: TextIO
) -> None:
    rows = [
        {
            "field": f.path,
            "value": f.value,
            "valid": f.valid,
            "events": list(f.cited.events),
            "sources": list(f.cited.sources),
        }
        for f in found
    ]
    head = {"entity": entity, "valid_at": day}

    def text(r: dict[str, Any]) -> list[str]:
        return [r["field"], show(r["field"], r["value"])]

    write("fields", "field", rows, FIELD_COLUMNS, text, fmt, out, head)


def write(
    name: str,
    noun: str,
    rows: list[dict[str, Any]],
    columns: Sequence[str],
    text: Any,
    fmt: str,
    out: TextIO,
    head: dict[str, Any] | None = None,
) -> None:
    """``rows`` (plain JSON) in ``fmt``; ``text`` makes a row's cells for people."""
    head = head or {}
    if fmt == "json":
        out.write(dumps({"schema": f"timeline.{name}/1", **head, name: rows}) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            line = json.dumps({**head, **row}, sort_keys=True, ensure_ascii=False)
            out.write(json_escaped(line) + "\n")
    elif fmt == "csv":
        table = csv.writer(out, lineterminator="\r\n")
        table.writerow([*head, *columns])
        table.writerows([*head.values(), *(_cell(row[c]) for c in columns)] for row in rows)
    else:
        cells = [text(row) for row in rows]
        widths = (
            [max((len(c[i]) for c in cells), default=0) for i in range(len(cells[0]))]
            if cells
            else []
        )
        for line in cells:
            padded = [c.ljust(w) for c, w in zip(line[:-1], widths, strict=False)]
            out.write("  ".join([*padded, line[-1]]).rstrip() + "\n")
        about = " of " + head["entity"] + f" on {head['valid_at']}" if head.get("entity") else ""
        out.write(f"{count(len(rows), noun)}{about}\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)
