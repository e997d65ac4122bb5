"""Funding: reports of the same round merged, totals, the latest valuation, investors.

Several sources may report one round (one in euros, one in dollars). They
merge by round name, in the order they were reported: the first amount given
is the round's own; figures in other currencies become its equivalents; a
later figure in the same currency replaces the earlier one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from company_timeline.domain import FundingRoundAnnounced, Money, Share, StakeReported

from .knowledge import Effective
from .model import Cited, Investor, Round, Totals, Valuation


def cite(items: list[Effective]) -> Cited:
    events = tuple(dict.fromkeys(e for item in items for e in item.events))
    sources = tuple(dict.fromkeys(s for item in items for s in item.sources))
    return Cited(events, sources)


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
    rounds = [_merge(name, group) for name, group in by_name.items()]
    first_valid = {name: group[0].fact.valid for name, group in by_name.items()}
    return tuple(sorted(rounds, key=lambda r: (first_valid[r.name].sort_key(), r.name)))  # type: ignore[union-attr]


def _merge(name: str, group: list[Effective]) -> Round:
    # history folds the same reports of a round at many days: merging them once is
    # enough. Keyed by identity, kept with the reports themselves so an id can't be reused.
    key = (name, *map(id, group))
    kept = _MERGED.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], group, strict=True)):
        return kept[1]
    merged = _merge_reports(name, group)
    _MERGED[key] = (list(group), merged)
    if len(_MERGED) > 4096:
        _MERGED.pop(next(iter(_MERGED)))
    return merged


_MERGED: dict[tuple[Any, ...], tuple[list[Effective], Round]] = {}


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


def investors(rounds: tuple[Round, ...], stakes: list[Effective]) -> tuple[Investor, ...]:
    holders: dict[str, _Holder] = defaultdict(_Holder)
    for r in rounds:
        for slug in (*r.lead_investors, *r.investors):
            holder = holders[slug]
            holder.rounds.append(r.name)
            if slug in r.lead_investors:
                holder.led.append(r.name)
            holder.cited.append(r.cited)
    for stake in stakes:
        fact = stake.fact
        assert isinstance(fact, StakeReported)
        holder = holders[fact.holder]
        holder.share = fact.share or holder.share
        holder.vehicle = fact.vehicle or holder.vehicle
        holder.cited.append(cite([stake]))
    return tuple(
        Investor(slug, tuple(h.rounds), tuple(h.led), h.share, h.vehicle, merge(*h.cited))
        for slug, h in sorted(holders.items())
    )
