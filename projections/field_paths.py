"""The state as named fields (``funding_rounds.series_a.amount``), for history, why and diff.

A field's path is its section, the item's natural key where the section is a
list (a round's name, an investor's id, a product's name), and the attribute.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .model import Cited, EntityState
from .plain import plain

SINGLE = ("founded", "total_raised", "valuation")
LISTS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "funding_rounds": ("name", lambda r: r.name),
    "investors": ("entity", lambda i: i.entity),
    "products": ("name", lambda p: p.name),
    "partnerships": ("partner", lambda p: f"{p.partner}:{p.kind}"),
    "regulatory": ("", lambda s: s.cited.events[0]),
}
# Which fact types can set a section's fields: for facts left out of an answer.
SECTION_TYPES = {
    "founded": {"company_founded"},
    "funding_rounds": {"funding_round"},
    "total_raised": {"funding_round"},
    "valuation": {"funding_round"},
    "investors": {"funding_round", "stake_reported"},
    "products": {"product_launched"},
    "partnerships": {"partnership_signed"},
    "regulatory": {"regulator_statement", "regulatory_scrutiny"},
}


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
    out = [(s, getattr(state, s)) for s in SINGLE if getattr(state, s) is not None]
    for section, (_, key) in LISTS.items():
        out += [(f"{section}.{key(item)}", item) for item in getattr(state, section)]
    return out


def matching(fields: dict[str, FieldValue], field: str) -> list[FieldValue]:
    """The field itself, or every field below it (``funding_rounds.seed``)."""
    return [v for p, v in fields.items() if p == field or p.startswith(field + ".")]


def section_of(path: str) -> str:
    return path.split(".", 1)[0]


def _put(out: dict[str, FieldValue], prefix: str, item: Any, skip: str) -> None:
    valid = getattr(item, "valid", None)
    for f in dataclasses.fields(item):
        if f.name in ("cited", skip):
            continue
        value = getattr(item, f.name)
        if value is None or value == ():
            continue
        path = f"{prefix}.{f.name}"
        out[path] = FieldValue(path, plain(value), valid, item.cited)
