"""The first types' rules beyond funding: the founding, products, partnerships and
regulatory attention (``facttypes.py``: "founding", "products", "partnerships",
"regulatory")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from company_timeline.domain import (
    PartnershipSigned,
    ProductLaunched,
    RegulatorStatementMade,
    RegulatoryScrutinyReported,
)
from company_timeline.domain.registry import Fold

from .folds import Line, Sections, Shape, cite
from .knowledge import Effective
from .model import Founding, Partnership, Product, Scrutiny
from .render import Names, called


class Founded:
    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {fold.section: Shape(fold.title, single=True, lines=_founded)}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        if not items:
            return {fold.section: None}
        founders = dict.fromkeys(n for i in items for n in getattr(i.fact, "founders", ()))
        founding = Founding(str(items[0].fact.valid), tuple(founders), cite(items))
        return {fold.section: founding}


class Products:
    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {fold.section: Shape(fold.title, key=lambda p: p.name, skip="name", lines=_products)}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        out = []
        for i in items:
            f = i.fact
            assert isinstance(f, ProductLaunched)
            out.append(Product(f.product, str(f.valid), f.weights, tuple(f.channels), cite([i])))
        return {fold.section: tuple(out)}


class Partnerships:
    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        key = Shape(
            fold.title, key=lambda p: f"{p.partner}:{p.kind}", skip="partner", lines=_partnerships
        )
        return {fold.section: key}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        out = []
        for i in items:
            f = i.fact
            assert isinstance(f, PartnershipSigned)
            out.append(Partnership(f.partner, f.kind, str(f.valid), tuple(f.channels), cite([i])))
        return {fold.section: tuple(out)}


class Regulatory:
    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        key = Shape(fold.title, key=lambda s: s.cited.events[0], skip="", lines=_regulatory)
        return {fold.section: key}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        # Statements before reports of scrutiny, each in report order, as 0.2 listed them.
        ordered = sorted(items, key=lambda i: not isinstance(i.fact, RegulatorStatementMade))
        return {fold.section: tuple(_scrutiny(i) for i in ordered)}


def _scrutiny(item: Effective) -> Scrutiny:
    f = item.fact
    if isinstance(f, RegulatorStatementMade):
        return Scrutiny(
            (f.authority,), f.examines, "statement", str(f.valid), tuple(f.parties), cite([item])
        )
    assert isinstance(f, RegulatoryScrutinyReported)
    return Scrutiny(tuple(f.authorities), f.subject, "scrutiny", str(f.valid), (), cite([item]))


def _founded(f: Founding | None, names: Names, entity: str) -> list[Line]:
    if f is None:
        return []
    by = f" by {', '.join(f.founders)}" if f.founders else ""
    return [Line(f"{f.valid}{by}", f.cited)]


def _products(products: tuple[Product, ...], names: Names, entity: str) -> list[Line]:
    return [
        Line(
            f"{p.name} ({p.valid})"
            + (f", {p.weights} weights" if p.weights else "")
            + (f", via {', '.join(p.channels)}" if p.channels else ""),
            p.cited,
        )
        for p in products
    ]


def _partnerships(items: tuple[Partnership, ...], names: Names, entity: str) -> list[Line]:
    return [
        Line(
            f"{p.kind} with {names(p.partner)} ({p.valid})"
            + (f", via {', '.join(p.channels)}" if p.channels else ""),
            p.cited,
        )
        for p in items
    ]


def _regulatory(items: tuple[Scrutiny, ...], names: Names, entity: str) -> list[Line]:
    return [
        Line(f"{called(names, s.authorities)} ({s.kind}, {s.valid}): {s.subject}", s.cited)
        for s in items
    ]
