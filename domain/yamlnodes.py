"""YAML read as located text: every value keeps its line, nothing is typed by YAML.

YAML's own typing turns ``2023-12`` into a string but ``2024-02-26`` into a
date and ``1.5`` into a float; amounts and dates here must stay exact, so
every scalar is kept as the text the user wrote, and parsed by this package.

The tree is built straight from the parser's event stream (libyaml's, when
PyYAML has it): composing YAML nodes first would hold the file's tree twice
and, in pure Python, take minutes on a large file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

import yaml
from yaml.composer import ComposerError
from yaml.error import MarkedYAMLError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.reader import ReaderError

from .errors import InputError, TimelineError

T = TypeVar("T")
NULL_TAG = "tag:yaml.org,2002:null"
# Deeper than any event file needs (a source's revision is at depth 5), and
# shallow enough that reading never meets Python's recursion limit.
MAX_DEPTH = 64
LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
# What YAML 1.1 resolves to null when written plain, untagged: the one typing kept.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_ALIASES = "YAML aliases are not supported"


@dataclass
class Where:
    """Where a mapping was written: enough to locate an error at its file, line and field."""

    file: str
    path: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    def error(
        self, key: str | None, message: str, kind: type[InputError] = InputError
    ) -> InputError:
        name = ".".join(p for p in (self.path, key and shown(key)) if p) or "(file)"
        return kind(self.file, self.lines.get(key or "", self.line), name, message)


def shown(key: str) -> str:
    """A key as an error names it: as written, or quoted where it could break the line."""
    return key if key.isprintable() and key else repr(key)


@dataclass
class Node(Where):
    """A mapping from an event file, with the line of each key."""

    values: dict[str, Any] = field(default_factory=dict)

    def where(self) -> Where:
        """Its place without its text, for what outlives the reading of the file."""
        return Where(self.file, self.path, self.line, self.lines)

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.values:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown field (expected one of: {hint})")

    def take(self, key: str, parse: Callable[[Any], T], required: bool = False) -> T | None:
        """The field parsed, with any parse error located at its line."""
        if key not in self.values:
            if required:
                raise self.error(key, "required field is missing")
            return None
        try:
            return parse(self.values[key])
        except TimelineError as e:
            raise self.error(key, str(e)) from None

    def need(self, key: str, parse: Callable[[Any], T]) -> T:
        value = self.take(key, parse, required=True)
        assert value is not None
        return value

    def children(self, key: str) -> Iterator[Node]:
        items = self.values.get(key) or []
        if not isinstance(items, list):
            raise self.error(key, "expected a list")
        for item in items:
            if not isinstance(item, Node):
                raise self.error(key, "expected a list of mappings")
            yield item


def read(file: str, stream: str | TextIO) -> Node:
    """The file's one document, a mapping; YAML errors are told before any other."""
    events: Iterator[Event] = yaml.parse(stream, Loader=LOADER)
    try:
        next(events)  # the stream's start
        start = next(events)
        if isinstance(start, StreamEndEvent):
            raise InputError(file, 1, "(file)", "the file is empty")
        try:
            root = _Tree(file, events).value(next(events), "", 1)
        finally:
            # Read to the end even past a bad value: a syntax error further on,
            # or a second document, is the one to tell, as when YAML was composed
            # whole before anything was checked.
            _single_document(start, events)
    except yaml.YAMLError as e:
        line, problem = _problem(e, stream)
        raise InputError(file, line, "(file)", f"not valid YAML: {problem}") from None
    if not isinstance(root, Node):
        raise InputError(file, 1, "(file)", "expected a mapping with sources, entities, events")
    return root


def _single_document(first: Event, events: Iterator[Event]) -> None:
    for event in events:
        if isinstance(event, DocumentStartEvent):
            marks: Any = (first.start_mark, event.start_mark)  # libyaml's or PyYAML's
            raise ComposerError(
                "expected a single document in the stream",
                marks[0],
                "but found another document",
                marks[1],
            )


def _problem(e: yaml.YAMLError, stream: str | TextIO) -> tuple[int, str]:
    """The line and one line of words for a YAML error, whose own text spans several
    lines, names no file and may quote the bad character raw."""
    if isinstance(e, ReaderError) and isinstance(e.character, int):
        # A character YAML does not allow: the parser tells its offset, not its line.
        return _line_of(chr(e.character), stream), str(e).splitlines()[0]
    if not isinstance(e, MarkedYAMLError):
        return 1, " ".join(str(e).split())
    words, mark = [], e.problem_mark
    if e.context:
        at = e.context_mark
        where = f" (line {at.line + 1}, column {at.column + 1})" if at else ""
        words.append(f"{e.context}{where}")
    words.append(f"{e.problem} (column {mark.column + 1})" if mark else str(e.problem))
    return (mark.line + 1 if mark else 1), ": ".join(words)


def _line_of(character: str, stream: str | TextIO) -> int:
    """The line where ``character`` first appears, read again a chunk at a time."""
    try:
        if not isinstance(stream, str):
            stream.seek(0)
        chunks = [stream] if isinstance(stream, str) else iter(lambda: stream.read(1 << 20), "")
        lines = 1
        for chunk in chunks:
            at = chunk.find(character)
            if at >= 0:
                return lines + chunk.count("\n", 0, at)
            lines += chunk.count("\n")
    except OSError:  # a stream that cannot be read again: the file as a whole
        pass
    return 1


def _text(event: ScalarEvent) -> str | None:
    """The scalar as written; None only for a plain null, exactly as composed YAML had it."""
    tag = event.tag
    null = tag == NULL_TAG or (tag in (None, "!") and event.implicit[0] and event.value in _NULLS)
    # A plain scalar's style is None from the Python parser, "" from libyaml.
    return None if null and not event.style else event.value


def _line(event: Event) -> int:
    mark = event.start_mark  # every parser sets it; only the type allows None
    return mark.line + 1 if mark else 1


class _Tree:
    """Nodes, lists and texts from the events of one document."""

    def __init__(self, file: str, events: Iterator[Event]) -> None:
        self.file, self.events = file, events

    def error(self, event: Event, path: str, message: str) -> InputError:
        return InputError(self.file, _line(event), path or "(file)", message)

    @staticmethod
    def child(path: str, key: str) -> str:
        return f"{path}.{shown(key)}" if path else shown(key)

    def value(self, event: Event, path: str, depth: int) -> Any:
        self.refuse_aliases(event, path)
        if isinstance(event, ScalarEvent):
            return _text(event)
        if depth > MAX_DEPTH:
            raise self.error(event, path, f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(event, MappingStartEvent):
            return self.mapping(event, path, depth)
        return self.sequence(path, depth)

    def refuse_aliases(self, event: Event, path: str) -> None:
        """Aliases are never needed here, and they are how a small file expands to gigabytes."""
        if isinstance(event, AliasEvent):
            raise self.error(
                event, path, f"{_ALIASES}: write the value out (found *{event.anchor})"
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self.error(event, path, f"{_ALIASES}: remove the anchor &{anchor}")

    def sequence(self, path: str, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in self.events:
            if isinstance(event, SequenceEndEvent):
                return items
            if type(event) is ScalarEvent and event.anchor is None:  # the common case, fast
                items.append(_text(event))
            else:
                items.append(self.value(event, f"{path}[{len(items)}]", depth + 1))
        raise AssertionError("the parser ends every sequence it starts")

    def mapping(self, start: Event, path: str, depth: int) -> Node:
        node = Node(self.file, path, _line(start))
        values, lines = node.values, node.lines
        for event in self.events:
            if isinstance(event, MappingEndEvent):
                return node
            if type(event) is not ScalarEvent or event.anchor is not None:
                self.refuse_aliases(event, path)
                raise self.error(event, path, "a key must be text, not a list or a mapping")
            key, line = event.value, _line(event)
            if key in values:
                raise InputError(self.file, line, self.child(path, key), "field given twice")
            event = next(self.events)
            if type(event) is ScalarEvent and event.anchor is None:  # the common case, fast
                values[key] = _text(event)
            else:
                values[key] = self.value(event, self.child(path, key), depth + 1)
            lines[key] = line
        raise AssertionError("the parser ends every mapping it starts")


def items(file: str, stream: str | TextIO) -> Iterator[tuple[str, Node]]:
    """The file's nodes with their kind (``format``, ``sources``...), as JSON Lines gives them."""
    root = read(file, stream)
    root.check_keys({"format", "sources", "entities", "events"})
    yield "format", root
    for kind in ("sources", "entities", "events"):
        for node in root.children(kind):
            yield kind, node
