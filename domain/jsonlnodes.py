"""JSON Lines event files read as the same located nodes as YAML ones.

Machine-made data is easier to write, and much faster to read, as one JSON
object per line: ``{"event": {...}}``. Each line becomes the node a YAML file
gives for the same source, entity or event, located at that line and named by
its place among its kind (``events[12]``), so that the code after the reader,
and every error message, is the same for both formats. JSON's own types are
undone: ``true`` becomes the text ``true`` as YAML would give it, and numbers
are refused, since an amount or a date is exact only as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import InputError
from .yamlnodes import MAX_DEPTH, Node, shown

KINDS = {"source": "sources", "entity": "entities", "event": "events"}
# Where a YAML file's sources, entities and events sit: under the file's
# mapping, in a list. The same depth here keeps the same limit for both.
_ITEM_DEPTH = 3
_SHAPES = '{"source": {...}}, {"entity": {...}}, {"event": {...}} or, first, {"format": ...}'


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its pairs, so that a key given twice is noticed, not dropped."""


class _Number(str):
    """A JSON number as written, kept only to be refused with its place."""


def read(file: str, lines: Iterable[str]) -> Node:
    """The file as the mapping a YAML file would be, with the line of every value."""
    root = Node(file, "", 1)
    for kind, node in items(file, lines):
        if kind == "format":
            root.values.update(node.values)
            root.lines.update(node.lines)
        else:
            root.values.setdefault(kind, []).append(node)
    return root


def items(file: str, lines: Iterable[str]) -> Iterator[tuple[str, Node]]:
    """Each line's node as it is read, with its kind (``format``, ``sources``...).

    A line at a time, so a large file is never held whole: its drafts are.
    """
    counts = dict.fromkeys(KINDS.values(), 0)
    first = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        key, value = _wrapper(file, number, line)
        if key == "format":
            if not first:
                raise InputError(file, number, "format", "give the format on the first line only")
            node = Node(file, "", number)
            node.values[key] = _value(file, number, value, key, 1)
            node.lines[key] = number
            yield key, node
        else:
            plural = KINDS[key]
            path = f"{plural}[{counts[plural]}]"
            counts[plural] += 1
            if not isinstance(value, _Pairs):
                raise InputError(file, number, path, f"expected an object with the {key}'s fields")
            yield plural, _node(file, number, value, path, _ITEM_DEPTH)
        first = False
    if first:
        raise InputError(file, 1, "(file)", "the file is empty")


# One decoder for every line: json.loads with hooks would build a new one per line.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_Pairs, parse_int=_Number, parse_float=_Number, parse_constant=_Number
)


def _wrapper(file: str, number: int, line: str) -> tuple[str, Any]:
    try:
        found = _DECODER.decode(line)
    except json.JSONDecodeError as e:
        message = f"not valid JSON: {e.msg} (column {e.colno})"
        raise InputError(file, number, "(file)", message) from None
    except RecursionError:
        raise InputError(file, number, "(file)", f"nested deeper than {MAX_DEPTH} levels") from None
    if isinstance(found, _Pairs) and len(found) == 1 and found[0][0] in {*KINDS, "format"}:
        return found[0]
    raise InputError(file, number, "(file)", f"expected {_SHAPES}; found {_describe(found)}")


def _describe(found: Any) -> str:
    if isinstance(found, _Pairs):
        return f"an object with {', '.join(repr(k) for k, _ in found) or 'no keys'}"
    if isinstance(found, list):
        return "a list"
    return "a number" if isinstance(found, _Number) else f"{json.dumps(found)[:40]}"


def _node(file: str, line: int, pairs: _Pairs, path: str, depth: int) -> Node:
    # Every key of a line is on that line: no map of lines to keep (errors fall back to it).
    node = Node(file, path, line)
    values = node.values
    for key, value in pairs:
        name = f"{path}.{shown(key)}"
        if key in values:
            raise InputError(file, line, name, "field given twice")
        values[key] = _value(file, line, value, name, depth + 1)
    return node


def _value(file: str, line: int, value: Any, path: str, depth: int) -> Any:
    if type(value) is str or value is None:
        return value
    if isinstance(value, _Number):
        message = f'{value} is a JSON number: write it as text, as in "EUR 100" for an amount'
        raise InputError(file, line, path, message)
    if isinstance(value, bool):
        return "true" if value else "false"
    if depth > MAX_DEPTH:
        raise InputError(file, line, path, f"nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, _Pairs):
        return _node(file, line, value, path, depth)
    return [_value(file, line, item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
