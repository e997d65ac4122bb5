"""Facts built in memory, for testing the projection without a store."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pendulum

from company_timeline.domain import Fact, Money, ValidTime, parse_instant
from company_timeline.projections.model import EntityInfo

ROOT = Path(__file__).parents[1]

ENTITIES = {
    slug: EntityInfo(slug, slug.title(), kind)
    for slug, kind in [("acme", "company"), ("fund", "investor"), ("globex", "company")]
}


def fact(
    cls: type[Fact],
    fact_id: str,
    *,
    entity: str = "acme",
    valid: str | None = "2020-03",
    reported: str = "2020-04-01T00:00:00+00:00",
    recorded: datetime | None = None,
    source: str = "wire",
    **fields: Any,
) -> Fact:
    for key, value in fields.items():
        if key in ("amount", "post_money_valuation") and isinstance(value, str):
            fields[key] = Money.parse(value)
    return cls(  # type: ignore[call-arg]
        originator_id=uuid4(),
        originator_version=1,
        timestamp=recorded or datetime.now(UTC),
        fact_id=fact_id,
        entity=entity,
        valid=ValidTime.parse(valid) if valid else None,
        reported=parse_instant(reported),
        source=source,
        revision=None,
        quotes=["..."],
        note=None,
        **fields,
    )


def day(text: str) -> pendulum.Date:
    return pendulum.parse(text, exact=True)  # type: ignore[return-value]


def moment(text: str) -> pendulum.DateTime:
    return parse_instant(text)


def strip_recorded(document: Any) -> Any:
    """Recorded times differ between two stores by nature; all else must match."""
    if isinstance(document, dict):
        return {k: strip_recorded(v) for k, v in document.items() if k != "recorded"}
    if isinstance(document, list):
        return [strip_recorded(v) for v in document]
    return document


WIRE = "Acme raised a seed round. Then it grew."  # the document the test files' quotes cite


def write_event_file(folder: Path, text: str, name: str = "facts.yaml") -> Path:
    """An event file beside the document its source names (``wire.txt``)."""
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def generated(folder: Path, events: int, seed: int = 7, files: int = 3) -> list[Path]:
    """Realistic event files from the benchmark's generator."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench/generate.py"), "--events", str(events), "--seed",
         str(seed), "--files", str(files), "--out", str(folder)],
        check=True, capture_output=True,
    )  # fmt: skip
    return sorted(folder.glob("events-*.yaml"))
