"""How facts become the sections of an entity's state: one interface for every type.

Each declared type's ``Fold`` (``domain/facttypes.py``) names a rule here, or brings
its own. A rule folds the facts of every type that shares its section, seeing
the sections folded before it (the investors section sees the rounds), and says
for each section it sets how its items are named (field paths) and said (words).
Rules are pure: no I/O, no cache that outlives a call, no words in the fold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from company_timeline.domain.events import content, own_fields
from company_timeline.domain.facttypes import REGISTRY, summary
from company_timeline.domain.registry import Fold

from .knowledge import Effective
from .model import Cited, Item
from .render import Names

Sections = dict[str, Any]
T = TypeVar("T")

# What folds made from the same facts, within one ``remembered()`` call: history folds
# one entity's facts thousands of times, and the same objects each time.
_made: ContextVar[dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] | None] = ContextVar(
    "made", default=None
)


@contextmanager
def remembered() -> Iterator[None]:
    """Within it, what a fold makes from the same objects is made once (``once``)."""
    token = _made.set({})
    try:
        yield
    finally:
        _made.reset(token)


def once(kind: str, of: tuple[Any, ...], make: Callable[..., T], *args: Any) -> T:
    """``make(*args)``, or what it made before from these same objects within ``remembered()``.

    Keyed by the objects' identities, which hold for the call: the memo keeps them.
    Folds are pure, so what they make from the same objects is the same.
    """
    made = _made.get()
    if made is None:
        return make(*args)
    key = (kind, *map(id, of))
    found = made.get(key)
    if found is None:
        found = made[key] = (of, make(*args))
    value: T = found[1]
    return value


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
    if more:
        return _item(effective, key, **more)
    return once(f"item {key}", (effective,), _item, effective, key)


def _item(effective: Effective, key: str | None, **more: Any) -> Item:
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
        for i in sorted(items, key=_order):
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
        last = max(items, key=_order, default=None)  # keys are unique: ids end them
        return {fold.section: item(last, None) if last is not None else None}


def _order(item: Effective) -> str:
    return item.order_key
