"""The state as named fields (``funding_rounds.series_a.amount``), for history, why and diff.

A field's path is its section, the item's natural key where the section is a
list (a round's name, an investor's id, a product's name), and the attribute.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from company_timeline.domain.facttypes import DECLARED, GENERATION

from .declared import also_sections, folds
from .model import Cited, EntityState, Item
from .plain import plain

# The sections of the first nine types' own rules (projections/state.py).
BESPOKE_SINGLE = ("founded", "total_raised", "valuation")
BESPOKE_LISTS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "funding_rounds": ("name", lambda r: r.name),
    "investors": ("entity", lambda i: i.entity),
    "products": ("name", lambda p: p.name),
    "partnerships": ("partner", lambda p: f"{p.partner}:{p.kind}"),
    "regulatory": ("", lambda s: s.cited.events[0]),
}


class _Single(Sequence[str]):
    """The single-item sections: the first types', then each declared ``latest`` fold.

    Read from the declarations each time, so a type declared later (in a test) is seen.
    """

    def _all(self) -> tuple[str, ...]:
        return _single(GENERATION[0])

    def __getitem__(self, i: Any) -> Any:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._all())


class _Lists(Mapping[str, tuple[str, Callable[[Any], str]]]):
    """The list sections and how their items are named, declared ones by their key."""

    def _all(self) -> dict[str, tuple[str, Callable[[Any], str]]]:
        return _lists(GENERATION[0])

    def __getitem__(self, name: str) -> tuple[str, Callable[[Any], str]]:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _SectionTypes(Mapping[str, set[str]]):
    """Which fact types can set a section's fields: for facts left out of an answer."""

    def _all(self) -> dict[str, set[str]]:
        return _section_types(GENERATION[0])

    def __getitem__(self, name: str) -> set[str]:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


# Derived from the declarations once per change of them: history reads these often.
@functools.lru_cache(maxsize=4)
def _single(generation: int) -> tuple[str, ...]:
    return BESPOKE_SINGLE + tuple(f.section for _, f in folds() if f.kind == "latest")


@functools.lru_cache(maxsize=4)
def _lists(generation: int) -> dict[str, tuple[str, Callable[[Any], str]]]:
    declared = {f.section: ("key", _key) for _, f in folds() if f.kind == "list"}
    declared |= {section: ("key", _key) for section, _, _ in also_sections()}
    return {**BESPOKE_LISTS, **declared}


@functools.lru_cache(maxsize=4)
def _section_types(generation: int) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for kind in DECLARED.values():
        for section in [*kind.sections, *([kind.fold.section] if kind.fold else [])]:
            out.setdefault(section, set()).add(kind.name)
    for section, _, name in also_sections():
        out.setdefault(section, set()).add(name)
    return out


def _key(item: Item) -> str:
    return str(item.key)


SINGLE: Sequence[str] = _Single()
LISTS: Mapping[str, tuple[str, Callable[[Any], str]]] = _Lists()
SECTION_TYPES: Mapping[str, set[str]] = _SectionTypes()


def section_value(state: EntityState, section: str) -> Any:
    """A section of the state: one of its own fields, or a declared type's (``extra``)."""
    return state.extra.get(section) if section in state.extra else getattr(state, section)


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


def fields_of(state: EntityState, only: Container[str] | None = None) -> dict[str, FieldValue]:
    """Every field of the state; with ``only``, those of the items named there."""
    out: dict[str, FieldValue] = {}
    for name, item in items_of(state):
        if only is None or name in only:
            section = section_of(name)
            _put(out, name, item, skip=LISTS[section][0] if section in LISTS else "")
    return out


def items_of(state: EntityState) -> list[tuple[str, Any]]:
    """The state's items, named as their fields' prefix (``total_raised``, ``products.Le Chat``).

    Items with no field set are here too (a stake reported without a share);
    two reports of one product are two items of one name.
    """
    out = [(s, section_value(state, s)) for s in SINGLE if section_value(state, s) is not None]
    for section, (_, key) in LISTS.items():
        out += [(f"{section}.{key(item)}", item) for item in section_value(state, section)]
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
