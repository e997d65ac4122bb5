"""What event files are made of, in shares: to hold the generator to the shipped seeds.

    python bench/shares.py seeds/*.yaml            # the seeds
    python bench/shares.py /tmp/bench/events-*.jsonl

Counted per event (amendments included): quotes and their characters, whether its
source ships a document (so its quotes are checked word for word on ingest), the
corrections and retractions, the valid times that are not one certain day (a month,
a year, an interval, an approximate or open date), and the entities it names in a
role (investors, holders, partners, regulators, parties, acquirers). Standard library
and PyYAML only (the seeds are YAML), so it reads any checkout's files.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# The fields whose values are entity ids, by docs/event-files.md's "role" column.
ROLE_FIELDS = ("lead_investors", "investors", "holder", "partner", "authority", "authorities",
               "parties", "acquirer")  # fmt: skip
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHOWN = {
    "quotes_per_event": "quotes an event",
    "quote_chars_per_event": "quote characters an event",
    "documented": "events citing a source that ships a document",
    "document_kb": "KB a shipped document",
    "corrections": "corrections",
    "retractions": "retractions",
    "uncertain_dates": "valid times not one certain day",
    "with_roles": "events naming an entity in a role",
    "role_refs_per_event": "entities named in roles, an event",
    "notes": "events with a note",
}


def read(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, item) of one event file: kind is ``source``, ``entity`` or ``event``."""
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    for kind, item in json.loads(line).items():
                        if kind != "format":
                            yield kind, item
        return
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar as text
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506
    for kind, key in (("source", "sources"), ("entity", "entities"), ("event", "events")):
        for item in data.get(key) or []:
            yield kind, item


def shares(paths: Iterable[Path]) -> dict[str, float]:
    """The shares above, over every event of ``paths`` (documents read beside them)."""
    documented: set[str] = set()
    doc_bytes = 0
    n = quotes = chars = cited_doc = corrections = retractions = 0
    dated = uncertain = with_roles = refs = notes = 0
    events: list[dict[str, Any]] = []
    for path in paths:
        for kind, item in read(path):
            if kind == "source" and item.get("document"):
                if item["id"] not in documented:
                    documented.add(item["id"])
                    doc_bytes += (path.parent / item["document"]).stat().st_size
            elif kind == "event":
                events.append(_light(item))
    for e in events:
        n += 1
        said = e["quote"] if isinstance(e["quote"], list) else [e["quote"]]
        quotes += len(said)
        chars += sum(map(len, said))
        cited_doc += e["source"] in documented
        corrections += e["type"] == "report_corrected"
        retractions += e["type"] == "report_retracted"
        if e["valid"] is not None:
            dated += 1
            uncertain += not DAY.match(e["valid"])
        with_roles += e["refs"] > 0
        refs += e["refs"]
        notes += e["note"]
    n = max(n, 1)
    return {
        "events": float(len(events)),
        "quotes_per_event": quotes / n,
        "quote_chars_per_event": chars / n,
        "documented": cited_doc / n,
        "document_kb": doc_bytes / 1000 / max(1, len(documented)),
        "corrections": corrections / n,
        "retractions": retractions / n,
        "uncertain_dates": uncertain / max(1, dated),
        "with_roles": with_roles / n,
        "role_refs_per_event": refs / n,
        "notes": notes / n,
    }


def _light(e: dict[str, Any]) -> dict[str, Any]:
    """What the shares need of an event, so a million of them fit in memory."""
    refs = 0
    for field in ROLE_FIELDS:
        value = e.get(field)
        refs += len(value) if isinstance(value, list) else value is not None
    return {"quote": e.get("quote", ""), "source": e.get("source"), "type": e.get("type"),
            "valid": e.get("valid"), "refs": refs, "note": bool(e.get("note"))}  # fmt: skip


def table(columns: dict[str, dict[str, float]]) -> str:
    """A Markdown table: a row per share, a column per set of files."""
    head = "| share | " + " | ".join(columns) + " |\n|---|" + "---|" * len(columns) + "\n"
    rows = []
    for key, words in {"events": "events", **SHOWN}.items():
        cells = [_cell(key, c[key]) for c in columns.values()]
        rows.append(f"| {words} | " + " | ".join(cells) + " |")
    return head + "\n".join(rows)


def _cell(key: str, value: float) -> str:
    if key == "events":
        return f"{value:,.0f}"
    if key in ("quotes_per_event", "quote_chars_per_event", "document_kb", "role_refs_per_event"):
        return f"{value:.1f}"
    return f"{value:.1%}"


def seed_shares() -> dict[str, float]:
    root = Path(__file__).resolve().parents[1] / "seeds"
    return shares(p for p in sorted(root.glob("*.yaml")) if not p.name.endswith(".expect.yaml"))


if __name__ == "__main__":
    given = [Path(p) for p in sys.argv[1:]]
    print(table({"seeds": seed_shares(), **({"files": shares(given)} if given else {})}))
