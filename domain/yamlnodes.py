"""YAML read as located text: every value keeps its line, nothing is typed by YAML.

YAML's own typing turns ``2023-12`` into a string but ``2024-02-26`` into a
date and ``1.5`` into a float; amounts and dates here must stay exact, so
every scalar is kept as the text the user wrote, and parsed by this package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import yaml

from .errors import InputError, TimelineError

T = TypeVar("T")
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class Node:
    """A mapping from a YAML file, with the line of each key."""

    file: str
    path: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def error(
        self, key: str | None, message: str, kind: type[InputError] = InputError
    ) -> InputError:
        name = ".".join(p for p in (self.path, key) if p) or "(file)"
        return kind(self.file, self.lines.get(key or "", self.line), name, message)

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


def read(file: str, text: str) -> Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise InputError(file, line, "(file)", f"not valid YAML: {e}") from None
    if root is None:
        raise InputError(file, 1, "(file)", "the file is empty")
    value = _plain(file, root, "")
    if not isinstance(value, Node):
        raise InputError(file, 1, "(file)", "expected a mapping with sources, entities, events")
    return value


def _plain(file: str, node: yaml.Node, path: str) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == NULL_TAG and node.style is None else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(file, item, f"{path}[{i}]") for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    out = Node(file, path, node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key in out.values:
            raise InputError(file, line, f"{path}.{key}".lstrip("."), "field given twice")
        out.values[key] = _plain(file, value_node, f"{path}.{key}".lstrip("."))
        out.lines[key] = line
    return out
