"""The fact-type registry: one object every part of the engine reads its types from.

A ``Registry`` holds ``FactType`` declarations and nothing derived: the tables the
reader, the store and the projections need (parsers by field, roles by field,
classes by stored name) are computed from the declarations, and cached against the
registry's ``generation``, which moves with every change. Declaring checks
everything before it changes anything; ``scoped`` restores exactly what was there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import TimelineError
from .events import AMENDMENTS, Fact, own_fields
from .parsers import Parser

Words = Callable[[Mapping[str, Any], Callable[[str], str]], str]
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Field:
    """A field of a type's own: how it is read from a file, and an example for docs and tests.

    ``role``: its values are ids of entities, which take part in the fact in that role
    (``investor``, ``acquirer``...); such an entity sees the fact from its own side.
    """

    name: str
    parse: Parser
    example: Any  # as an event file writes it
    required: bool = False
    role: str | None = None
    doc: str = ""
    shape: str = "text"  # for the JSON schemas: text, id, ids, amount, count, choice...
    options: tuple[str, ...] = ()

    @property
    def entity(self) -> bool:
        return self.role is not None


@dataclass(frozen=True)
class Fold:
    """How facts of a type become a section of an entity's state.

    ``rule`` names a rule of ``projections/folds.py`` (``list``, ``latest``, ``remove``
    and the first types' own: ``rounds``, ``stakes``...), or is a rule itself, for a
    type that brings its own (an object with the ``projections.folds.Rule`` methods).
    Every type folding into one section is folded together, by the rule of the first
    type declared for it; sections fold in the order they were first declared, each
    seeing the sections before it.
    """

    section: str
    rule: Any
    title: str
    key: tuple[str, ...] = ()  # for ``list`` and ``remove``: the fields naming an item


@dataclass(frozen=True)
class FactType:
    name: str  # as event files write it: never changes
    event: type[Fact]
    stored_name: str  # as the store keeps it: never changes
    words: Words  # one line for people
    doc: str
    fields: tuple[Field, ...] = ()  # every field of its own but ``changes``
    fold: Fold | None = None  # None: it amends other facts, or only shows
    sets: tuple[str, ...] = ()  # sections its fold sets besides its own (rounds: totals...)
    role: str = "subject"  # the role of the entity the fact is about
    examples: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def amends(self) -> bool:
        return issubclass(self.event, AMENDMENTS)

    @property
    def sections(self) -> tuple[str, ...]:
        own = (self.fold.section,) if self.fold else ()
        return own + tuple(s for s in self.sets if s not in own)

    def example(self) -> dict[str, Any]:
        """One valid fact's own fields, as an event file writes them."""
        return {**{f.name: f.example for f in self.fields}, **self.examples}


class Registry:
    """The declared fact types, in declaration order."""

    def __init__(self) -> None:
        self._types: dict[str, FactType] = {}
        self.generation = 0
        self._tables: tuple[int, _Tables] | None = None

    # ---- declaring ---------------------------------------------------------------

    def declare(self, kind: FactType) -> FactType:
        """Make a type known to every part of the engine, or refuse and change nothing."""
        self.check(kind)
        self._types[kind.name] = kind
        self.generation += 1
        return kind

    def check(self, kind: FactType) -> None:
        def refuse(why: str) -> TimelineError:
            return TimelineError(f"fact type {kind.name!r} cannot be declared: {why}")

        if not _NAME.fullmatch(kind.name):
            raise refuse("its name must be lower-case letters, digits and '_'")
        if kind.name in self._types:
            raise refuse("a type of that name is declared already")
        if kind.stored_name in self.stored_names() or kind.event in self.by_event():
            raise refuse("its stored name or event class belongs to another type")
        own = set(own_fields(kind.event)) - {"changes"}
        declared = {f.name for f in kind.fields}
        if own != declared:
            raise refuse(f"its fields {sorted(declared)} are not its event's {sorted(own)}")
        parsers = self.parsers()
        for f in kind.fields:
            if f.name in parsers and parsers[f.name] is not f.parse:
                raise refuse(f"field {f.name!r} is read by another parser in another type")
            if f.name in self.roles() and self.roles()[f.name] != f.role:
                raise refuse(f"field {f.name!r} plays another role in another type")

    @contextlib.contextmanager
    def scoped(self, *kinds: FactType) -> Iterator[tuple[FactType, ...]]:
        """Types known only inside the block (for tests), each replacing a type of its
        name if there is one (a later version of it); afterwards exactly what was."""
        before = dict(self._types)
        try:
            for k in kinds:
                self._types.pop(k.name, None)
            self.generation += 1
            yield tuple(self.declare(k) for k in kinds)
        finally:
            self._types = before
            self.generation += 1

    # ---- reading -------------------------------------------------------------------

    def __getitem__(self, name: str) -> FactType:
        return self._types[name]

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def __iter__(self) -> Iterator[FactType]:
        return iter(tuple(self._types.values()))

    def get(self, name: str) -> FactType | None:
        return self._types.get(name)

    def names(self) -> tuple[str, ...]:
        return tuple(self._types)

    def of(self, fact: Fact | type[Fact]) -> FactType:
        """The type of a fact (or of an event class)."""
        return self.by_event()[fact if isinstance(fact, type) else type(fact)]

    def name_of(self, fact: Fact | type[Fact]) -> str:
        return self.of(fact).name

    def by_event(self) -> Mapping[type[Fact], FactType]:
        return self._derived().by_event

    def classes(self) -> Mapping[str, type[Fact]]:
        """Each type's event class, by the type's name."""
        return self._derived().classes

    def stored_names(self) -> Mapping[str, type[Fact]]:
        return self._derived().stored

    def parsers(self) -> Mapping[str, Parser]:
        """Every own field's parser, one per name whatever the type: a correction's new
        values parse as the field they correct does."""
        return self._derived().parsers

    def roles(self) -> Mapping[str, str | None]:
        """Each own field's role, where its values name entities; None where they do not."""
        return self._derived().roles

    def _derived(self) -> _Tables:
        # Derived once per generation: the reader and the folds ask for these often.
        if self._tables is None or self._tables[0] != self.generation:
            self._tables = (self.generation, _tables(list(self._types.values())))
        return self._tables[1]

    def refs(self, kind: str, values: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
        """Each (field, entity id, role) a fact of ``kind`` names: its own entity first."""
        yield "entity", values["entity"], self._types[kind].role if kind in self else "subject"
        for f in self._types[kind].fields if kind in self else ():
            if f.role is None or not values.get(f.name):
                continue
            value = values[f.name]
            for ref in [value] if isinstance(value, str) else value:
                yield f.name, ref, f.role


@dataclass(frozen=True)
class _Tables:
    by_event: Mapping[type[Fact], FactType]
    classes: Mapping[str, type[Fact]]
    stored: Mapping[str, type[Fact]]
    parsers: Mapping[str, Parser]
    roles: Mapping[str, str | None]


def _tables(kinds: list[FactType]) -> _Tables:
    parsers: dict[str, Parser] = {}
    roles: dict[str, str | None] = {}
    for kind in kinds:
        for f in kind.fields:
            parsers.setdefault(f.name, f.parse)
            roles.setdefault(f.name, f.role)
    return _Tables(
        {k.event: k for k in kinds},
        {k.name: k.event for k in kinds},
        {k.stored_name: k.event for k in kinds},
        parsers,
        roles,
    )
