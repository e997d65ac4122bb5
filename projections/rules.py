"""The rules a declared ``Fold`` names, and the order sections fold in.

A declaration names a rule here by its name, or brings its own (any object with
``folds.Rule``'s methods): a type with bespoke rules is still declared in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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


def plan() -> Plan:
    """Read from the registry at each call (cheap), so a type declared later is seen."""
    firsts: dict[str, tuple[Fold, set[str]]] = {}
    for kind in REGISTRY:
        if kind.fold is not None:
            first = firsts.setdefault(kind.fold.section, (kind.fold, set()))
            first[1].add(kind.name)
    order = tuple((fold, frozenset(names)) for fold, names in firsts.values())
    shapes: dict[str, Shape] = {}
    for fold, _ in order:
        shapes.update(rule_of(fold).shapes(fold))
    return Plan(order, shapes)


def fold_sections(happened: Sequence[Effective], plan: Plan) -> Sections:
    """Every declared section, from the facts that happened."""
    types = [REGISTRY.name_of(i.fact) for i in happened]
    sections: Sections = {}
    for fold, names in plan.order:  # each rule sees its items in the order they were reported
        items = [i for i, name in zip(happened, types, strict=True) if name in names]
        sections.update(rule_of(fold).fold(fold, items, dict(sections)))
    return sections


def section_types() -> dict[str, set[str]]:
    """Which fact types can set a section's fields: for facts left out of an answer."""
    out: dict[str, set[str]] = {}
    current = plan()
    for fold, names in current.order:
        for section in rule_of(fold).shapes(fold):
            out.setdefault(section, set()).update(names)
    return out
