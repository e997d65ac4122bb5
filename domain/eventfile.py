"""Event files read into a batch of drafts, every value located.

YAML (``*.yaml``) for people, JSON Lines (``*.jsonl``) for machines: both are
read into the same located nodes, and from there by the same code, so the two
formats cannot drift apart. Both are documented in ``docs/event-files.md``.
"""

from __future__ import annotations

import io
import stat
from collections.abc import Callable, Iterable
from dataclasses import MISSING, Field
from pathlib import Path
from typing import Any, TextIO

from . import jsonlnodes, yamlnodes
from . import parsers as f
from .aggregates import Revision
from .batch import no_cycle_collection
from .documents import read_document
from .drafts import Batch, Draft
from .errors import ErrorList, InputError
from .events import AMENDMENTS, own_fields
from .facttypes import REGISTRY
from .identifiers import read_identifiers
from .yamlnodes import Node

FORMAT = "timeline/1"
COMMON = {"id", "type", "entity", "valid", "reported", "source", "revision", "quote", "note"}
# A batch is checked whole in memory before one transaction stores it, at about ten
# times its files' size: past this, a file is refused before hours of reading end in
# an exhausted machine. The benchmark's largest file is under 100 MB.
MAX_FILE_BYTES = 1 << 30
STDIN = "<stdin>"
READERS = {"yaml": yamlnodes.items, "jsonl": jsonlnodes.items}


def load_files(
    paths: Iterable[str | Path], progress: Callable[[int, int], None] | None = None
) -> Batch:
    """Every file's drafts as one batch; ``progress(bytes read, bytes in all)`` after each.

    Every file is read even after a bad one, so that one run tells every error found
    (up to ``ErrorList.LIMIT``), each located at its file, line and field.
    """
    files = [Path(p) for p in paths]
    sizes = [_size(p) for p in files]
    batch, errors = Batch(), ErrorList()
    for i, path in enumerate(files):
        try:
            batch.extend(load_file(path))
        except InputError as e:
            errors.add(e)
        if progress:
            progress(sum(sizes[: i + 1]), sum(sizes))
    errors.raise_any()
    return batch


def load_file(path: str | Path) -> Batch:
    """One event file's sources, entities and facts, checked field by field."""
    with no_cycle_collection():
        return _load(Path(path))


def load_text(
    text: str, fmt: str | None = None, name: str = STDIN, folder: str | Path = "."
) -> Batch:
    """An event file given as text (``timeline ingest -``): ``fmt`` "yaml" or "jsonl",
    or told by its first character; documents are found from ``folder``."""
    fmt = fmt or ("jsonl" if text.lstrip()[:1] == "{" else "yaml")
    if fmt not in READERS:
        raise InputError(name, 0, "(file)", f"no event file format {fmt!r}: use yaml or jsonl")
    with no_cycle_collection():
        return _read(name, io.StringIO(text), fmt, Path(folder))


def _size(path: Path) -> int:
    """For progress only: 0 for what reading will refuse in one line (no file, no access)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        return 0


def _load(path: Path) -> Batch:
    name = str(path)
    _check_file(path, name)
    try:
        # Drafts are made as the file is read, so a file is never held whole beside them.
        with path.open(encoding="utf-8") as stream:
            # By its extension, in any case (FILE.JSONL); anything else is read as YAML.
            fmt = "jsonl" if path.suffix.lower() == ".jsonl" else "yaml"
            return _read(name, stream, fmt, path.parent)
    except OSError as e:
        raise InputError(name, 0, "(file)", f"cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        line, message = _undecodable(path)
        raise InputError(name, line, "(file)", message) from None


def _read(name: str, stream: TextIO, fmt: str, folder: Path) -> Batch:
    """The drafts of each source, entity and event; an item in error is told and skipped,
    so the items after it are checked too."""
    batch, errors = Batch(), ErrorList()
    try:
        for kind, node in READERS[fmt](name, stream):
            try:
                if kind == "format":
                    if node.take("format", f.text) not in (None, FORMAT):
                        raise node.error("format", f"this version reads {FORMAT!r} files")
                elif kind == "sources":
                    batch.sources.append(_source(node, folder))
                elif kind == "entities":
                    batch.entities.append(_entity(node))
                else:
                    batch.facts.append(_fact(node))
            except InputError as e:
                errors.add(e)
    except InputError as e:  # the file cannot be read further (its syntax): what was found
        errors.add(e)
    errors.raise_any()
    return batch


def _check_file(path: Path, name: str) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(name, 0, "(file)", "no such file") from None
    except (OSError, ValueError) as e:  # ValueError: a name the system cannot hold
        reason = e.strerror if isinstance(e, OSError) and e.strerror else e
        raise InputError(name, 0, "(file)", f"cannot read: {reason}") from None
    if not stat.S_ISREG(info.st_mode):  # a folder, a device such as /dev/zero, a pipe
        raise InputError(name, 0, "(file)", "cannot read: not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(
            name,
            0,
            "(file)",
            f"{info.st_size / (1 << 30):.1f} GiB is over the limit of "
            f"{MAX_FILE_BYTES >> 30} GiB per event file: split it, and ingest the parts "
            "one after another",
        )


def _undecodable(path: Path) -> tuple[int, str]:
    """The first line that is not UTF-8, found again a line at a time (an error's path)."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                byte = line[e.start]
                return (
                    number,
                    f"cannot read: not UTF-8 text (byte 0x{byte:02x}, column {e.start + 1})",
                )
    return 0, "cannot read: not UTF-8 text"


def _source(node: Node, folder: Path) -> Draft:
    node.check_keys(
        {
            "id",
            "title",
            "publisher",
            "language",
            "published",
            "url",
            "document",
            "document_text",
            "note",
            "revisions",
        }
    )
    revisions: dict[str, Revision] = {}
    for rev in node.children("revisions"):
        rev.check_keys({"id", "published", "note"})
        rev_id = rev.need("id", f.slug)
        if rev_id in revisions:
            raise rev.error("id", f"revision {rev_id!r} is given twice in this source")
        revisions[rev_id] = Revision(
            rev_id, rev.need("published", f.instant), rev.take("note", f.text)
        )
    document, text = read_document(node, folder)
    values = {
        "slug": node.need("id", f.slug),
        "title": node.need("title", f.text),
        "publisher": node.take("publisher", f.text),
        "language": node.take("language", f.text),
        "published": node.need("published", f.instant),
        "url": node.take("url", f.text),
        "document": document,
        "note": node.take("note", f.text),
        "revisions": list(revisions.values()),
    }
    return Draft("source", values, node.where(), text)


def _entity(node: Node) -> Draft:
    node.check_keys({"id", "name", "kind", "city", "country", "note", "identifiers"})
    values = {
        "slug": node.need("id", f.slug),
        "name": node.need("name", f.text),
        "kind": node.need("kind", f.slug),
        "city": node.take("city", f.text),
        "country": node.take("country", f.text),
        "note": node.take("note", f.text),
    }
    identifiers, where = read_identifiers(node)
    return Draft("entity", values, node.where(), identifiers=identifiers, identifiers_at=where)


def _fact(node: Node) -> Draft:
    kind = node.need("type", f.choice(*REGISTRY.names()))
    cls = REGISTRY.classes()[kind]
    own = own_fields(cls)
    node.check_keys(COMMON | set(own) | ({"changes"} if kind == "report_corrected" else set()))
    is_amendment = issubclass(cls, AMENDMENTS)
    if is_amendment and "valid" in node.values:
        raise node.error("valid", "an amendment takes the valid time of the fact it amends")
    values = {
        "fact_id": node.need("id", f.slug),
        "entity": node.need("entity", f.slug),
        "valid": None if is_amendment else node.need("valid", f.valid_time),
        "reported": node.take("reported", f.instant),  # None: the source's date, see batch
        "source": node.need("source", f.slug),
        "revision": node.take("revision", f.slug),
        "quotes": node.need("quote", f.quotes),
        "note": node.take("note", f.text),
    }
    for name, spec in own.items():
        if name == "changes":
            values[name] = _changes(node)
            continue
        required = spec.default is MISSING and spec.default_factory is MISSING
        parsed = node.take(name, REGISTRY.parsers()[name], required=required)
        # Absent fields take the type's default, so a file and the stored event
        # it became compare equal field for field.
        values[name] = parsed if parsed is not None or required else _default(spec)
    return Draft(cls, values, node.where())


def _default(spec: Field[Any]) -> Any:
    return spec.default_factory() if spec.default_factory is not MISSING else spec.default


def _changes(node: Node) -> dict[str, object]:
    changes = node.values.get("changes")
    if not isinstance(changes, Node) or not changes.values:
        raise node.error("changes", "expected a mapping of field names to their corrected values")
    parsers = {"valid": f.valid_time, **REGISTRY.parsers()}
    correctable = set(parsers) - {"target", "reason"}
    changes.check_keys(correctable)
    return {key: changes.need(key, parsers[key]) for key in changes.values}
