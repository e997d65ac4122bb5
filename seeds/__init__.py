"""The event files shipped with the engine, and the documents they quote."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from company_timeline.domain import Plan, TimelineApp


def seed_files() -> list[Path]:
    """The shipped ``*.yaml`` event files, in name order (not the ``*.expect.yaml``)."""
    folder = Path(str(files(__name__)))
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".expect.yaml"))


def expectation_files() -> list[Path]:
    """The values the seed must give, for ``timeline check``."""
    return sorted(Path(str(files(__name__))).glob("*.expect.yaml"))


def seed_if_empty(app: TimelineApp) -> Plan | None:
    """Load the shipped seed files into a store that holds nothing yet."""
    if not app.is_empty():
        return None
    return app.ingest_files(seed_files())
