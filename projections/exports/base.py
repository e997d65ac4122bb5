"""What every export shares: the request, the data read once, atomic files."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from pendulum import Date, DateTime

from company_timeline.domain import TimelineApp
from company_timeline.domain.errors import TimelineError

from ..knowledge import visible
from ..model import EntityState
from ..replay import Record, read_record
from ..state import state_at
from . import FORMATS

EXPORT_SCHEMA = "timeline.export/1"


class ExportError(TimelineError):
    pass


class NeedsAFile(ExportError):
    """A format that cannot go to stdout (a database) was asked for there."""


@dataclass(frozen=True)
class Request:
    """What the user asked for; ``valid`` None means the last day the record speaks of."""

    format: str
    valid: Date | None = None
    known: DateTime | None = None
    recorded: DateTime | None = None
    entities: tuple[str, ...] = ()


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
        for slug, record in self.records.items():
            snap = state_at(record.facts, record.entities, self.valid, r.known, r.recorded, slug)
            (state,) = snap.entities
            if r.entities or state.exists or state.uncertain:
                out.append(Part(state, record))
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
    }


def gather(app: TimelineApp, request: Request) -> Export:
    slugs = request.entities or tuple(app.entity_slugs())
    return Export(app, request, {slug: read_record(app, slug) for slug in sorted(set(slugs))})


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
) -> list[Path]:
    """Write the export to ``out``, or to ``target`` (a file, or a folder for
    several tables); files are written whole or not at all. Returns the files."""
    module = format_module(request.format)
    if hasattr(module, "write_database"):
        return _database(module, app, request, target)
    files: tuple[str, ...] = module.FILES
    if table is not None:
        chosen = [n for n in files if n.split(".")[0] == table]
        if not chosen:
            tables = ", ".join(n.split(".")[0] for n in files)
            raise ExportError(f"--table {table!r}: {request.format} has the tables {tables}")
        files = tuple(chosen)
    if target is None and len(files) > 1:
        tables = "|".join(n.split(".")[0] for n in files)
        raise ExportError(
            f"{request.format} has {len(files)} tables: pick one with --table {tables}, "
            "or give -o FOLDER for all of them"
        )
    data = gather(app, request)
    if target is None:
        module.write(data, files[0], out)
        return []
    if len(files) == 1:
        target = target / files[0] if target.is_dir() else target
        with atomic(target) as stream:
            module.write(data, files[0], stream)
        return [target, *_companions(module, data, target.parent)]
    return _folder(module, data, target, files)


def _database(
    module: ModuleType, app: TimelineApp, request: Request, target: Path | None
) -> list[Path]:
    """A format written as a database file (sqlite), through its own library, which
    writes a path: made beside the target and renamed over it once complete."""
    if target is None:
        raise NeedsAFile(f"{request.format}: a database needs a file: give -o PATH, not stdout")
    target = target / module.FILES[0] if target.is_dir() else target
    with atomic_path(target) as temporary:
        head = module.write_database(app, request, temporary)
    written = [target]
    for name, text in module.companions(head, target).items():
        with atomic(target.parent / name) as stream:
            stream.write(text)
        written.append(target.parent / name)
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


def _folder(module: ModuleType, data: Export, folder: Path, files: tuple[str, ...]) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot make the folder {folder}: {e.strerror}") from None
    written = []
    for name in files:
        with atomic(folder / name) as stream:
            module.write(data, name, stream)
        written.append(folder / name)
    with atomic(folder / "export.json") as stream:  # the head, for tables that cannot hold it
        stream.write(json.dumps({**data.head(), "files": list(files)}, indent=2, sort_keys=True))
        stream.write("\n")
    return [*written, folder / "export.json"]


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[TextIO]:
    """A file written beside ``path`` and renamed over it once complete."""
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as f:
        yield f  # closed, then made durable and renamed by atomic_path


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """An empty file's path beside ``path``, renamed over it once the block ends well."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror}") from None
    os.close(fd)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are not
        yield Path(temporary)
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
