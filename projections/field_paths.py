"""The state as named fields (``funding_rounds.series_a.amount``), for history, why and diff.

A field's path is its section, the item's natural key where the section is a
list (a round's name, an investor's id, a product's name), and the attribute.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Collection, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from company_timeline.domain.facttypes import REGISTRY, ROLE_SECTIONS

from .folds import Shape, once
from .model import Cited, EntityState, Item
from .plain import plain
from .roles import shapes as role_shapes
from .rules import plan, rule_of, section_types

_memo: dict[str, Any] = {}


def _shapes() -> dict[str, Shape]:
    # Derived once per change of the declarations: history reads these for every state.
    if _memo.get("generation") != REGISTRY.generation:
        _memo.clear()
        _memo["generation"] = REGISTRY.generation
        made = _memo["shapes"] = {**plan().shapes, **role_shapes()}
        _memo["types"] = _types()
        _memo["single"] = tuple(name for name, shape in made.items() if shape.single)
        _memo["lists"] = {n: (s.skip, s.key) for n, s in made.items() if not s.single}
        foreign = {
            section
            for kind in REGISTRY
            if kind.fold is not None
            for section in kind.sets
            if section not in rule_of(kind.fold).shapes(kind.fold)
        }
        _memo["typed"] = {n for n, s in made.items() if s.typed} | foreign
    shapes: dict[str, Shape] = _memo["shapes"]
    return shapes


def _types() -> dict[str, set[str]]:
    out = section_types()
    for kind in REGISTRY:
        for f in kind.fields:
            if f.role is not None:
                section = ROLE_SECTIONS.get(f.role, (f"as_{f.role}", ""))[0]
                out.setdefault(section, set()).add(kind.name)
    out["invested"] = set(out.get("investments", ()))  # summed from the investments
    return out


class _Single(Sequence[str]):
    """The single-item sections, read from the declarations (a type declared later counts)."""

    def _all(self) -> tuple[str, ...]:
        _shapes()
        single: tuple[str, ...] = _memo["single"]
        return single

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, name: object) -> bool:
        shape = _shapes().get(str(name))
        return shape is not None and shape.single


class _Lists(Mapping[str, tuple[str, Callable[[Any], str]]]):
    """The list sections: the attribute their items are named by, and how."""

    def _all(self) -> dict[str, tuple[str, Callable[[Any], str]]]:
        _shapes()
        lists: dict[str, tuple[str, Callable[[Any], str]]] = _memo["lists"]
        return lists

    def __getitem__(self, name: str) -> tuple[str, Callable[[Any], str]]:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _SectionTypes(Mapping[str, set[str]]):
    """Which fact types can set a section's fields: for facts left out of an answer."""

    def _all(self) -> dict[str, set[str]]:
        _shapes()
        types: dict[str, set[str]] = _memo["types"]
        return types

    def __getitem__(self, name: str) -> set[str]:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _Built(Container[str]):
    """Sections made from several items at once (``folds.Shape.built``)."""

    def __contains__(self, name: object) -> bool:
        shape = _shapes().get(str(name))
        return shape is not None and shape.built


class _Typed(Container[str]):
    """Sections any fact of their types may change (``folds.Shape.typed``), and those a
    type's rule changes though another type's rule makes them (``FactType.sets``)."""

    def __contains__(self, name: object) -> bool:
        _shapes()
        typed: set[str] = _memo["typed"]
        return name in typed


BUILT: Container[str] = _Built()
TYPED: Container[str] = _Typed()
SINGLE: Sequence[str] = _Single()
LISTS: Mapping[str, tuple[str, Callable[[Any], str]]] = _Lists()
SECTION_TYPES: Mapping[str, set[str]] = _SectionTypes()


def section_value(state: EntityState, section: str) -> Any:
    """A section of the state, empty where the state has none of that name."""
    value = state.sections.get(section)
    return value if value is not None or section in SINGLE else ()


@dataclass(frozen=True)
class FieldValue:
    path: str
    value: Any  # plain JSON
    valid: str | None  # the valid time of the item it belongs to, where it has one
    cited: Cited

    @cached_property  # history compares keys across many states
    def key(self) -> str:
        return value_key(self.value)


def value_key(value: Any) -> str:
    """One spelling per value, to tell values apart across states."""
    return json.dumps(value, sort_keys=True)


def fields_of(state: EntityState, only: Collection[str] | None = None) -> dict[str, FieldValue]:
    """Every field of the state; with ``only``, those of the items named there."""
    out: dict[str, FieldValue] = {}
    sections = None if only is None else {section_of(i) for i in only}
    found = items_of(state, sections)
    lists: dict[str, tuple[str, Callable[[Any], str]]] = _memo["lists"]  # items_of read them
    for name, item in found:
        if only is None or name in only:
            section = section_of(name)
            skip = lists[section][0] if section in lists else ""
            # The same item (a round, an investor) yields the same fields: made once a call.
            out.update(once("fields " + name, (item,), _fields, name, item, skip))
    return out


def _fields(name: str, item: Any, skip: str) -> dict[str, FieldValue]:
    out: dict[str, FieldValue] = {}
    _put(out, name, item, skip)
    return out


def items_of(state: EntityState, sections: Container[str] | None = None) -> list[tuple[str, Any]]:
    """The state's items, named as their fields' prefix (``total_raised``, ``products.Le Chat``);
    with ``sections``, those of the sections named there.

    Items with no field set are here too (a stake reported without a share);
    two reports of one product are two items of one name.
    """
    _shapes()  # history asks this of thousands of states: the declarations read once here
    single: tuple[str, ...] = _memo["single"]
    lists: dict[str, tuple[str, Callable[[Any], str]]] = _memo["lists"]
    held = state.sections
    out = [
        (s, held[s])
        for s in single
        if (sections is None or s in sections) and held.get(s) is not None
    ]
    for section, (_, key) in lists.items():
        if (sections is None or section in sections) and held.get(section):
            out += [(f"{section}.{key(item)}", item) for item in held[section]]
    return out


def matching(fields: dict[str, FieldValue], field: str) -> list[FieldValue]:
    """The field itself, or every field below it (``funding_rounds.seed``)."""
    return [v for p, v in fields.items() if p == field or p.startswith(field + ".")]


def section_of(path: str) -> str:
    return path.split(".", 1)[0]


def _put(out: dict[str, FieldValue], prefix: str, item: Any, skip: str) -> None:
    valid = getattr(item, "valid", None)
    if isinstance(item, Item):  # a declared type's: its fact's values, and when it held
        named = [("valid", item.valid), *item.values.items()]
    else:
        named = [(f.name, getattr(item, f.name)) for f in dataclasses.fields(item)]
    for name, value in named:
        if name in ("cited", skip):
            continue
        if value is None or value == () or value == []:
            continue
        path = f"{prefix}.{name}"
        out[path] = FieldValue(path, plain(value), valid, item.cited)
