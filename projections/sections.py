"""An entity's state as titled sections of lines in words, each with its provenance.

Text, Markdown and HTML lay these out each in their own way; the words are
chosen once, by each section's rule (``folds.Shape.lines``), and here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date

from company_timeline.domain.facttypes import summary

from .folds import Line, Shape
from .model import EntityState, Uncertain
from .render import Names
from .roles import shapes as role_shapes
from .rules import plan

__all__ = ["Line", "Part", "heading", "parts", "shapes"]


@dataclass(frozen=True)
class Part:
    """A titled part of an entity's state in words."""

    title: str
    lines: tuple[Line, ...]


def heading(state: EntityState) -> str:
    e = state.entity
    where = ", ".join(x for x in (e.kind, e.city, e.country) if x)
    ids = "".join(f"; {scheme} {value}" for scheme, value in e.identifiers.items())
    return f"{e.name} ({e.id}), {where}{ids}"


def shapes() -> dict[str, Shape]:
    """Every section's shape: the declared types' in fold order, then the roles'."""
    return {**plan().shapes, **role_shapes()}


def parts(state: EntityState, day: Date, names: Names) -> list[Part]:
    out: list[Part] = []

    def add(title: str, lines: list[Line]) -> None:
        if lines:
            out.append(Part(title, tuple(lines)))

    if not state.exists:
        nothing = (
            f"Nothing on record on or before {day.isoformat()}: "
            f"{state.entity.name} does not exist yet in this timeline."
        )
        add("Not yet", [Line(nothing)])
    for section, shape in shapes().items():
        add(shape.title, shape.lines(state.sections.get(section), names, state.entity.id))
    add(
        f"Uncertain on {day.isoformat()} (valid time straddles the date)",
        [
            Line(f"{u.event} ({u.valid}): {_said(u, names)}", events=(u.event,))
            for u in state.uncertain
        ],
    )
    add(
        "Corrections applied",
        [
            Line(f"{c.event} corrected by {', '.join(c.corrected_by)}", events=(c.event,))
            for c in state.corrections
        ],
    )
    add(
        "Retracted reports",
        [
            Line(
                f"{r.event} retracted by {r.retracted_by}" + (f": {r.reason}" if r.reason else ""),
                events=(r.event, r.retracted_by),
            )
            for r in state.retracted
        ],
    )
    return out


def _said(u: Uncertain, names: Names) -> str:
    return summary(u.type, {"entity": u.entity, **u.fields}, names)
