"""``--format jsonl``: one JSON object per line, for pandas, DuckDB or jq.

The first line is the export's head (``"record": "export"``), then one line
per entity (``"record": "entity"``, shaped as an item of ``timeline.at/1``'s
``entities``), then one per source they cite (``"record": "source"``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from company_timeline.domain import Fact
from company_timeline.domain.text import json_escaped

from ..plain import plain
from .json_documents import fact_document, source_document
from .pipeline import Export

FILES = ("timeline.jsonl",)
UNIT = "lines"


def write(export: Export, name: str, out: TextIO) -> int:
    _line(out, {"record": "export", **export.head()})
    cited: dict[str, Any] = {}
    for part in export.parts:
        _line(out, {"record": "entity", "valid_at": export.valid.isoformat(), **plain(part.state)})
        sources = part.record.sources
        cited.update({s: sources[s] for s in part.state.sources if s in sources})
    for slug in sorted(cited):
        _line(out, {"record": "source", **source_document(cited[slug])})
    return 1 + len(export.parts) + len(cited)


def write_events(facts: Iterable[Fact], out: TextIO) -> None:
    """One stored event a line, as ``timeline.events/1`` gives each (``events --format jsonl``)."""
    for fact in facts:
        _line(out, {"record": "event", **fact_document(fact)})


def _line(out: TextIO, document: dict[str, Any]) -> None:
    line = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    out.write(json_escaped(line))
    out.write("\n")
