"""What every export shares: the request, the data read once, atomic files."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from pendulum import Date, DateTime

from company_timeline.domain import TimelineApp

from ..knowledge import visible
from ..model import EntityState
from ..queries import Record, read_record
from ..state import state_at
from . import FORMATS
from .files import BadRequest, ExportError, NeedsAFile, atomic, atomic_path, is_dir

EXPORT_SCHEMA = "timeline.export/1"


@dataclass(frozen=True)
class Request:
    """What the user asked for; ``valid`` None means the last day the record speaks of."""

    format: str
    valid: Date | None = None
    known: DateTime | None = None
    recorded: DateTime | None = None
    entities: tuple[str, ...] = ()
    bom: bool = False  # csv: a UTF-8 byte order mark first, so Excel reads accents right
    csv_raw: bool = False  # csv cells as stored, not formula-safe (cells.py)


Progress = Callable[[int, int], None]


def _quiet(done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Written:
    """What one export wrote: the file (None: stdout), and how many of what."""

    path: Path | None
    count: int | None = None  # None: a file beside the export (its head, a document)
    unit: str = "rows"

    def __str__(self) -> str:
        if self.count is None:
            return f"Wrote {self.path}"
        unit = _ONE.get(self.unit, self.unit.removesuffix("s")) if self.count == 1 else self.unit
        return f"Wrote {self.count:,} {unit} to {self.path or 'stdout'}"


_ONE = {"entities": "entity"}


@dataclass(frozen=True)
class Part:
    """One entity's state at the date, with the record it was folded from."""

    state: EntityState
    record: Record


@dataclass
class Export:
    """Everything a format writes from, read once; states are folded on first use."""

    app: TimelineApp
    request: Request
    records: dict[str, Record] = field(default_factory=dict)
    # Called as ``progress(done, total)`` by slow steps; the command draws it on stderr.
    progress: Progress = _quiet
    to_stdout: bool = False  # a format that names companion files carries them inside

    @cached_property
    def facts(self) -> int:
        """The events the export is made from: every fact visible under the cut-offs."""
        r = self.request
        seen = {  # a fact shown on two entities (an acquisition) is one event
            f.fact_id
            for rec in self.records.values()
            for f in rec.facts
            if visible(f, r.known, r.recorded)
        }
        return len(seen)

    @cached_property
    def last_day(self) -> Date | None:
        """The last day any chosen fact's valid time reaches, or None with no facts."""
        r = self.request
        days = [
            f.valid.latest or f.valid.earliest
            for rec in self.records.values()
            for f in rec.facts
            if f.valid is not None and visible(f, r.known, r.recorded)
        ]
        return max((d for d in days if d is not None), default=None)

    @property
    def valid(self) -> Date:
        """The date the state is taken on; never today's date, so exports repeat."""
        day = self.request.valid or self.last_day
        if day is None:
            raise ExportError("nothing on record to take the date from: give --at DATE")
        return day

    @cached_property
    def parts(self) -> list[Part]:
        """The entities shown: those asked for, or every one on record by the date."""
        r, out = self.request, []
        for i, (slug, record) in enumerate(self.records.items(), 1):
            snap = state_at(record.facts, record.entities, self.valid, r.known, r.recorded, slug)
            (state,) = snap.entities
            if r.entities or state.exists or state.uncertain:
                out.append(Part(state, record))
            if i % 50 == 0 or i == len(self.records):
                self.progress(i, len(self.records))
        return out

    def head(self) -> dict[str, Any]:
        """What every export carries: its schema, the arguments and the events behind it."""
        return head_of(self.app, self.request, self.facts, self.last_day)


def head_of(app: TimelineApp, r: Request, events: int, last_day: Date | None) -> dict[str, Any]:
    """An export's head, for ``events`` facts whose valid times reach ``last_day``."""
    day = r.valid or last_day
    log = app.log_digest()
    return {
        "schema": EXPORT_SCHEMA,
        "format": r.format,
        "arguments": {
            "at": r.valid.isoformat() if r.valid else None,
            "as_known_at": r.known.isoformat() if r.known else None,
            "as_recorded_at": r.recorded.isoformat() if r.recorded else None,
            "entities": list(r.entities),
        },
        "valid_at": day.isoformat() if day else None,
        "events": events,
        # The log it was read from: `timeline verify` prints the same digest.
        "log": {"position": log.position, "digest": log.digest},
        **({"cells": "raw" if r.csv_raw else "formula-safe"} if r.format == "csv" else {}),
    }


def gather(app: TimelineApp, request: Request, progress: Progress = _quiet) -> Export:
    slugs = sorted(set(request.entities or tuple(app.entity_slugs())))
    records = {}
    for i, slug in enumerate(slugs, 1):
        records[slug] = read_record(app, slug)
        if i % 50 == 0 or i == len(slugs):
            progress(i, len(slugs))
    return Export(app, request, records)


def format_module(name: str) -> ModuleType:
    if name not in FORMATS:
        raise ExportError(f"no export format {name!r}: use one of {', '.join(FORMATS)}")
    return importlib.import_module(f"{__package__}.{FORMATS[name]}")


def export(
    app: TimelineApp,
    request: Request,
    out: TextIO,
    target: Path | None = None,
    table: str | None = None,
    progress: Callable[[str], Progress] = lambda _: _quiet,
) -> list[Written]:
    """Write the export to ``out``, or to ``target`` (a file, or a folder for
    several tables); files are written whole or not at all. Returns what was written.
    ``progress(label)`` gives a callback for each slow step (reading, then writing)."""
    module = format_module(request.format)
    if request.bom and request.format != "csv":
        raise BadRequest("--bom applies to --format csv only (a byte order mark for Excel)")
    if hasattr(module, "write_database"):
        return _database(module, app, request, target)
    files: tuple[str, ...] = module.FILES
    if table is not None:
        chosen = [n for n in files if n.split(".")[0] == table]
        if not chosen:
            tables = ", ".join(n.split(".")[0] for n in files)
            raise BadRequest(f"--table {table!r}: {request.format} has the tables {tables}")
        files = tuple(chosen)
    if target is None and len(files) > 1:
        tables = "|".join(n.split(".")[0] for n in files)
        raise BadRequest(
            f"{request.format} has {len(files)} tables: pick one with --table {tables}, "
            "or give -o FOLDER for all of them"
        )
    data = gather(app, request, progress("Reading the store"))
    data.progress = progress(f"Writing {request.format}")
    unit: str = getattr(module, "UNIT", "rows")
    if target is None:
        data.to_stdout = True
        return [Written(None, module.write(data, files[0], out), unit)]
    if len(files) == 1:
        target = target / files[0] if is_dir(target) else target
        with atomic(target) as stream:
            count = module.write(data, files[0], stream)
        documents = _companions(module, data, target.parent)
        return [Written(target, count, unit), *(Written(p) for p in documents)]
    return _folder(module, data, target, files, unit)


def _database(
    module: ModuleType, app: TimelineApp, request: Request, target: Path | None
) -> list[Written]:
    """A format written as a database file (sqlite), through its own library, which
    writes a path: made beside the target and renamed over it once complete."""
    if target is None:
        raise NeedsAFile(f"{request.format}: a database needs a file: give -o PATH, not stdout")
    target = target / module.FILES[0] if is_dir(target) else target
    with atomic_path(target) as temporary:
        head = module.write_database(app, request, temporary)
    written = [Written(target)]
    for name, text in module.companions(head, target).items():
        with atomic(target.parent / name) as stream:
            stream.write(text)
        written.append(Written(target.parent / name))
    return written


def _companions(module: ModuleType, data: Export, folder: Path) -> list[Path]:
    """Files a format needs beside its own (an event file's documents)."""
    written = []
    for name, text in getattr(module, "companions", lambda _: {})(data).items():
        if Path(name).name != name or name in ("", ".", ".."):  # a store may be hostile
            raise ExportError(f"the store names a document {name!r} that is not a file name")
        with atomic(folder / name) as stream:
            stream.write(text)
        written.append(folder / name)
    return written


def _folder(
    module: ModuleType, data: Export, folder: Path, files: tuple[str, ...], unit: str
) -> list[Written]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot make the folder {folder}: {e.strerror}") from None
    written = []
    for name in files:
        with atomic(folder / name) as stream:
            written.append(Written(folder / name, module.write(data, name, stream), unit))
    with atomic(folder / "export.json") as stream:  # the head, for tables that cannot hold it
        stream.write(json.dumps({**data.head(), "files": list(files)}, indent=2, sort_keys=True))
        stream.write("\n")
    return [*written, Written(folder / "export.json")]
