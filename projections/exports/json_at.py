"""``--format json``: the ``timeline.at/1`` document for every entity, with the export's head."""

from __future__ import annotations

from typing import TextIO

from ..model import Snapshot
from .json_documents import write_snapshot_document
from .pipeline import Export

FILES = ("timeline.json",)
UNIT = "entities"


def write(export: Export, name: str, out: TextIO) -> int:
    r = export.request
    head = Snapshot(export.valid, r.known, r.recorded, ())
    states = ((p.state, p.record) for p in export.parts)
    write_snapshot_document(head, states, out.write, extra={"export": export.head()})
    out.write("\n")
    return len(export.parts)
