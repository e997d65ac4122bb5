"""The first types' rules: funding (rounds merged, totals, valuation, investors), the
founding, products, partnerships and regulatory attention.

Several sources may report one round (one in euros, one in dollars). They
merge by round name, in the order they were reported: the first amount given
is the round's own; figures in other currencies become its equivalents; a
later figure in the same currency replaces the earlier one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from company_timeline.domain import (
    FundingRoundAnnounced,
    Money,
    Share,
    StakeReported,
)
from company_timeline.domain.registry import Fold

from .folds import Line, Sections, Shape, cite, once
from .knowledge import Effective
from .model import Cited, Investor, Round, Totals, Valuation
from .render import Names, called, money_text, word


def merge(*cited: Cited) -> Cited:
    return Cited(
        tuple(dict.fromkeys(e for c in cited for e in c.events)),
        tuple(dict.fromkeys(s for c in cited for s in c.sources)),
    )


def merge_rounds(reports: list[Effective]) -> tuple[Round, ...]:
    """``reports`` in report order; rounds come out in valid-time order."""
    by_name: dict[str, list[Effective]] = defaultdict(list)
    for report in reports:
        assert isinstance(report.fact, FundingRoundAnnounced)
        by_name[report.fact.round].append(report)
    # Each round merged once per version of its reports (``once``), not once per fold.
    rounds = [
        once(f"round {name}", tuple(group), _merge_reports, name, group)
        for name, group in by_name.items()
    ]
    first_valid = {name: group[0].fact.valid for name, group in by_name.items()}
    return tuple(sorted(rounds, key=lambda r: (first_valid[r.name].sort_key(), r.name)))  # type: ignore[union-attr]


def _merge_reports(name: str, group: list[Effective]) -> Round:
    amount: Money | None = None
    equivalents: dict[str, Money] = {}
    leads: dict[str, None] = {}
    investors: dict[str, None] = {}
    for report in group:
        fact = report.fact
        assert isinstance(fact, FundingRoundAnnounced)
        for figure in ([fact.amount] if fact.amount else []) + list(fact.equivalents):
            if amount is None or figure.currency == amount.currency:
                amount = figure
            else:
                equivalents[figure.currency] = figure
        leads.update(dict.fromkeys(fact.lead_investors))
        investors.update(dict.fromkeys(fact.investors))

    def latest(name: str) -> Any:
        values = (getattr(r.fact, name) for r in reversed(group))
        return next((v for v in values if v is not None), None)

    return Round(
        name=name,
        valid=str(group[0].fact.valid),
        amount=amount,
        equivalents=tuple(equivalents[c] for c in sorted(equivalents)),
        lead_investors=tuple(leads),
        investors=tuple(i for i in investors if i not in leads),
        instrument=latest("instrument"),
        post_money_valuation=latest("post_money_valuation"),
        valuation_unchanged=latest("valuation_unchanged"),
        conversion=latest("conversion"),
        cited=cite(group),
    )


def totals(rounds: tuple[Round, ...]) -> Totals | None:
    if not rounds:
        return None
    by_currency: dict[str, Money] = {}
    for r in rounds:
        if r.amount is not None:
            c = r.amount.currency
            by_currency[c] = by_currency[c] + r.amount if c in by_currency else r.amount
    figures = [
        {m.currency: m for m in ([r.amount] if r.amount else []) + list(r.equivalents)}
        for r in rounds
    ]
    shared = set.intersection(*(set(f) for f in figures))
    equivalents = []
    for currency in sorted(shared):
        if any(r.amount is None or r.amount.currency != currency for r in rounds):
            total = sum((f[currency] for f in figures[1:]), figures[0][currency])
            equivalents.append(Money(total.amount, currency, approximate=True))
    return Totals(
        tuple(by_currency[c] for c in sorted(by_currency)),
        tuple(equivalents),
        merge(*(r.cited for r in rounds)),
    )


def valuation(rounds: tuple[Round, ...]) -> Valuation | None:
    current: Valuation | None = None
    for r in rounds:
        if r.post_money_valuation is not None:
            current = Valuation(r.post_money_valuation, r.name, (), r.cited)
        elif r.valuation_unchanged and current is not None:
            current = Valuation(
                current.value,
                current.round,
                (*current.unchanged_since_by, r.name),
                merge(current.cited, r.cited),
            )
    return current


@dataclass
class _Holder:
    rounds: list[str] = field(default_factory=list)
    led: list[str] = field(default_factory=list)
    share: Share | None = None
    vehicle: str | None = None
    cited: list[Cited] = field(default_factory=list)
    of: list[Any] = field(default_factory=list)  # the rounds and stakes it is made from


def investors(rounds: tuple[Round, ...], stakes: list[Effective]) -> tuple[Investor, ...]:
    holders: dict[str, _Holder] = defaultdict(_Holder)
    for r in rounds:
        for slug in (*r.lead_investors, *r.investors):
            holder = holders[slug]
            holder.rounds.append(r.name)
            if slug in r.lead_investors:
                holder.led.append(r.name)
            holder.cited.append(r.cited)
            holder.of.append(r)
    for stake in stakes:
        fact = stake.fact
        assert isinstance(fact, StakeReported)
        holder = holders[fact.holder]
        holder.share = fact.share or holder.share
        holder.vehicle = fact.vehicle or holder.vehicle
        holder.cited.append(cite([stake]))
        holder.of.append(stake)
    # Made once per holder's rounds and stakes (``once``): a new round changes few holders.
    return tuple(
        once("investor " + slug, (*h.of,), _investor, slug, h)
        for slug, h in sorted(holders.items())
    )


def _investor(slug: str, h: _Holder) -> Investor:
    return Investor(slug, tuple(h.rounds), tuple(h.led), h.share, h.vehicle, merge(*h.cited))


# ---- the rules the funding types declare (facttypes.py: "rounds", "stakes") ----------


class Rounds:
    """Reports of one round merged; the totals raised and the valuation follow from them."""

    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        return {
            fold.section: Shape(fold.title, key=lambda r: r.name, skip="name", lines=_rounds),
            "total_raised": Shape("Total raised", True, lines=_total, built=True, typed=True),
            "valuation": Shape("Valuation", True, lines=_valuation, built=True, typed=True),
        }

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        rounds = merge_rounds(list(items))
        return {
            fold.section: rounds,
            "total_raised": totals(rounds),
            "valuation": valuation(rounds),
        }


class Stakes:
    """Who holds a part: the rounds' investors, with the stakes reported of them."""

    def shapes(self, fold: Fold) -> Mapping[str, Shape]:
        key = Shape(fold.title, key=lambda i: i.entity, skip="entity", lines=_investors, built=True)
        return {fold.section: key}

    def fold(self, fold: Fold, items: Sequence[Effective], sections: Sections) -> Sections:
        return {fold.section: investors(sections.get("funding_rounds", ()), list(items))}


def round_text(r: Round, names: Names) -> str:
    figures = money_text(r.amount) if r.amount else "amount not reported"
    if r.equivalents:
        figures += f" ({', '.join(money_text(m) for m in r.equivalents)})"
    parts = [f"{r.name} ({r.valid}): {figures}"]
    if r.lead_investors:
        parts.append(f"led by {called(names, r.lead_investors)}")
    if r.investors:
        parts.append(f"with {called(names, r.investors)}")
    if r.instrument:
        parts.append(word(r.instrument))
    if r.post_money_valuation:
        parts.append(f"post-money {money_text(r.post_money_valuation)}")
    if r.valuation_unchanged:
        parts.append("valuation unchanged")
    if r.conversion:
        parts.append(f"conversion: {r.conversion}")
    return "; ".join(parts)


def _rounds(rounds: tuple[Round, ...], names: Names, entity: str) -> list[Line]:
    return [Line(round_text(r, names), r.cited) for r in rounds]


def _total(t: Totals | None, names: Names, entity: str) -> list[Line]:
    if t is None:
        return []
    total = " + ".join(money_text(m) for m in t.by_currency) or "no amount reported"
    if t.equivalents:
        total += "; in reported equivalents " + ", ".join(money_text(m) for m in t.equivalents)
    return [Line(total, t.cited)]


def _valuation(v: Valuation | None, names: Names, entity: str) -> list[Line]:
    if v is None:
        return []
    kept = f", unchanged by {', '.join(v.unchanged_since_by)}" if v.unchanged_since_by else ""
    return [Line(f"{money_text(v.value)} post-money ({v.round}{kept})", v.cited)]


def investor_text(i: Investor, names: Names) -> str:
    text = names(i.entity) + (f": in {', '.join(i.rounds)}" if i.rounds else "")
    text += f", led {', '.join(i.led)}" if i.led else ""
    text += f", holds {i.share}" if i.share else ""
    return text + (f", through {i.vehicle}" if i.vehicle else "")


def _investors(investors: tuple[Investor, ...], names: Names, entity: str) -> list[Line]:
    return [Line(investor_text(i, names), i.cited) for i in investors]
