"""The rules a declared ``Fold`` names, and the order sections fold in.

A declaration names a rule here by its name, or brings its own (any object with
``folds.Rule``'s methods): a type with bespoke rules is still declared in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.registry import Fold

from .company_facts import Founded, Partnerships, Products, Regulatory
from .folds import Latest, Listed, Rule, Sections, Shape
from .funding import Rounds, Stakes
from .knowledge import Effective

# The rules a declaration can name.
RULES: dict[str, Rule] = {
    "list": Listed(),
    "remove": Listed(),  # folded with the list it ends, by that list's rule
    "latest": Latest(),
    "founding": Founded(),
    "rounds": Rounds(),
    "stakes": Stakes(),
    "products": Products(),
    "partnerships": Partnerships(),
    "regulatory": Regulatory(),
}


def rule_of(fold: Fold) -> Rule:
    if isinstance(fold.rule, str):
        return RULES[fold.rule]
    return fold.rule  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Plan:
    """The sections in fold order, each with the types it folds and its rule."""

    order: tuple[tuple[Fold, frozenset[str]], ...]
    shapes: dict[str, Shape] = field(default_factory=dict)
    section_of: dict[type[Any], str] = field(default_factory=dict)  # by event class


def plan() -> Plan:
    """The sections in fold order, made once per state of the registry (a type declared
    later, or in a test's scope, is seen: the registry's generation moves)."""
    made = _planned.get(REGISTRY.generation)
    if made is None:
        _planned.clear()
        made = _planned[REGISTRY.generation] = _plan()
    return made


_planned: dict[int, Plan] = {}  # by the registry's generation: one entry


def _plan() -> Plan:
    firsts: dict[str, tuple[Fold, set[str]]] = {}
    for kind in REGISTRY:
        if kind.fold is not None:
            first = firsts.setdefault(kind.fold.section, (kind.fold, set()))
            first[1].add(kind.name)
    order = tuple((fold, frozenset(names)) for fold, names in firsts.values())
    shapes: dict[str, Shape] = {}
    for fold, _ in order:
        shapes.update(rule_of(fold).shapes(fold))
    section_of = {k.event: k.fold.section for k in REGISTRY if k.fold is not None}
    return Plan(order, shapes, section_of)


def fold_sections(happened: Sequence[Effective], plan: Plan) -> Sections:
    """Every declared section, from the facts that happened."""
    by_section: dict[str, list[Effective]] = {}
    for i in happened:  # each rule sees its items in the order they were reported
        section = plan.section_of.get(type(i.fact))
        if section is not None:
            by_section.setdefault(section, []).append(i)
    sections: Sections = {}
    for fold, _ in plan.order:
        items = by_section.get(fold.section, [])
        sections.update(rule_of(fold).fold(fold, items, sections))
    return sections


def section_types() -> dict[str, set[str]]:
    """Which fact types can set a section's fields: for facts left out of an answer."""
    out: dict[str, set[str]] = {}
    current = plan()
    for fold, names in current.order:
        for section in rule_of(fold).shapes(fold):
            out.setdefault(section, set()).update(names)
    for kind in REGISTRY:  # and the sections a type's rule changes that another's defines
        for section in kind.sections:
            out.setdefault(section, set()).add(kind.name)
    return out
