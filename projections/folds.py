"""How facts become the sections of an entity's state: one interface for every type.

Each declared type's ``Fold`` (``domain/facttypes.py``) names a rule here, or brings
its own. A rule folds the facts of every type that shares its section, seeing
the sections folded before it (the investors section sees the rounds), and says
for each section it sets how its items are named (field paths) and said (words).
Rules are pure: no I/O, no cache that outlives a call, no words in the fold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from company_timeline.domain.events import content, own_fields, valid_order_key
from company_timeline.domain.facttypes import REGISTRY, summary
from company_timeline.domain.registry import Fold

from .knowledge import Effective
from .model import Cited, Item
from .render import Names

Sections = dict[str, Any]


@dataclass(frozen=True)
class Line:
    """A line in words of a section, with the events and sources behind it."""

    text: str
    cited: Cited | None = None  # the events and sources behind it, where it has any
    events: tuple[str, ...] = ()  # events it is about, where it is not backed by them


@dataclass(frozen=True)
class Shape:
    """How a section's items are named and said.

    ``single``: one item or None; else a tuple of items, each named by ``key`` in
    field paths (``funding_rounds.series_a``), its ``skip`` attribute left out there.
    ``built``: made from several items at once (a total, the investors), so history does
    not join the facts of its items into one group. ``typed``: any fact of its types may
    change it without making an item alone (a ``remove`` ends one; a total), so history
    folds it with every fact of its types.
    """

    title: str
    single: bool = False
    key: Callable[[Any], str] = lambda item: str(item.key)
    skip: str = "key"
    lines: Callable[[Any, Names, str], list[Line]] = lambda v, n, e: item_lines(v, n, e)
    built: bool = False
    typed: bool = False


class Rule(Protocol):
    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        """Each section the rule sets, its own (``fold.section``) first."""
        ...

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        """The sections it sets, from the happened facts of its section's types; ``sections``
        (those folded before it) is to read, not to change."""
        ...


def cite(items: Sequence[Effective]) -> Cited:
    events = tuple(dict.fromkeys(e for item in items for e in item.events))
    sources = tuple(dict.fromkeys(s for item in items for s in item.sources))
    return Cited(events, sources)


def item(effective: Effective, key: str | None, **more: Any) -> Item:
    """A section's item: the values of the fact that set it."""
    fact = effective.fact
    values = content(fact)
    own = {name: values[name] for name in own_fields(type(fact))}
    return Item(key, REGISTRY.name_of(fact), str(fact.valid), {**own, **more}, cite([effective]))


def item_lines(value: Any, names: Names, entity: str) -> list[Line]:
    items = value if isinstance(value, tuple) else (value,) if value else ()
    out = []
    for i in items:
        words = summary(i.type, {"entity": entity, **i.values}, names)
        out.append(Line(f"{words} ({i.valid})", i.cited))
    return out


@dataclass(frozen=True)
class Listed:
    """An item per ``key``: a later fact of the same key replaces it; a ``remove`` ends it."""

    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {fold.section: Shape(fold.title, typed=True)}  # a fact may end an item

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        kept: dict[str, Item] = {}
        for i in sorted(items, key=lambda i: valid_order_key(i.fact)):
            own = REGISTRY.of(i.fact).fold
            assert own is not None
            key = ":".join(str(getattr(i.fact, k)) for k in own.key)
            if own.rule == "remove":
                kept.pop(key, None)
            else:
                kept[key] = item(i, key)
        return {fold.section: tuple(kept.values())}


@dataclass(frozen=True)
class Latest:
    """The last fact by valid time."""

    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {fold.section: Shape(fold.title, single=True, typed=True)}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        ordered = sorted(items, key=lambda i: valid_order_key(i.fact))
        return {fold.section: item(ordered[-1], None) if ordered else None}
