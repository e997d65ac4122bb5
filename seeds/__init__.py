"""The event files shipped with the engine, and the documents they quote."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def seed_files() -> list[Path]:
    """The shipped ``*.yaml`` event files, in name order."""
    folder = Path(str(files(__name__)))
    return sorted(folder.glob("*.yaml"))
