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
    rounds = [round_of(name, group) for name, group in by_name.items()]
    first_valid = {name: group[0].fact.valid for name, group in by_name.items()}
    return tuple(sorted(rounds, key=lambda r: (first_valid[r.name].sort_key(), r.name)))  # type: ignore[union-attr]


def round_of(name: str, group: list[Effective]) -> Round:
    """A round from its reports in report order, merged once per version of them."""
    return once(f"round {name}", tuple(group), _merge_reports, name, group)


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
    running = RunningTotals()
    for r in rounds:
        running.add(r)
    return running.totals()


class RunningTotals:
    """The totals of the rounds added so far, in their order: a round added costs itself.

    Sums run left to right, as a sum over the rounds in order would (the same
    Decimal digits); history sweeps valid time adding the rounds as they happen.
    """

    def __init__(self) -> None:
        self.count = 0
        self.by_currency: dict[str, Money] = {}
        self.shared: dict[str, Money] = {}  # currencies every round has a figure in
        self.mixed: set[str] = set()  # of those, the ones some round's own amount is not in
        self.events: dict[str, None] = {}
        self.sources: dict[str, None] = {}

    def add(self, r: Round) -> None:
        if r.amount is not None:
            c = r.amount.currency
            self.by_currency[c] = (
                self.by_currency[c] + r.amount if c in self.by_currency else r.amount
            )
        figures = {m.currency: m for m in ([r.amount] if r.amount else []) + list(r.equivalents)}
        if self.count == 0:
            self.shared = figures
        else:
            self.shared = {c: m + figures[c] for c, m in self.shared.items() if c in figures}
        own = r.amount.currency if r.amount is not None else None
        self.mixed.update(c for c in figures if c != own)
        self.count += 1
        self.events.update(dict.fromkeys(r.cited.events))
        self.sources.update(dict.fromkeys(r.cited.sources))

    def copy(self) -> RunningTotals:
        out = RunningTotals()
        out.count, out.by_currency, out.shared = self.count, {**self.by_currency}, {**self.shared}
        out.mixed, out.events, out.sources = {*self.mixed}, {**self.events}, {**self.sources}
        return out

    def totals(self) -> Totals | None:
        if not self.count:
            return None
        equivalents = tuple(
            Money(self.shared[c].amount, c, approximate=True)
            for c in sorted(self.shared)
            if c in self.mixed
        )
        return Totals(
            tuple(self.by_currency[c] for c in sorted(self.by_currency)),
            equivalents,
            Cited(tuple(self.events), tuple(self.sources)),
        )


def valuation(rounds: tuple[Round, ...]) -> Valuation | None:
    current: Valuation | None = None
    for r in rounds:
        current = valued(current, r)
    return current


def valued(current: Valuation | None, r: Round) -> Valuation | None:
    """The valuation after ``r``, from the one before it."""
    if r.post_money_valuation is not None:
        return Valuation(r.post_money_valuation, r.name, (), r.cited)
    if r.valuation_unchanged and current is not None:
        return Valuation(
            current.value,
            current.round,
            (*current.unchanged_since_by, r.name),
            merge(current.cited, r.cited),
        )
    return current


def investors(rounds: tuple[Round, ...], stakes: list[Effective]) -> tuple[Investor, ...]:
    parts = holdings(rounds, stakes)
    return tuple(investor(slug, *parts[slug]) for slug in sorted(parts))


Holding = tuple[list[Round], list[Effective]]  # a holder's rounds in order, stakes as reported


def holdings(rounds: tuple[Round, ...], stakes: list[Effective]) -> dict[str, Holding]:
    parts: dict[str, Holding] = defaultdict(lambda: ([], []))
    for r in rounds:
        for slug in (*r.lead_investors, *r.investors):
            parts[slug][0].append(r)
    for stake in stakes:
        assert isinstance(stake.fact, StakeReported)
        parts[stake.fact.holder][1].append(stake)
    return parts


def investor(slug: str, rounds: list[Round], stakes: list[Effective]) -> Investor:
    # Made once per holder's rounds and stakes (``once``): a new round changes few holders.
    return once("investor " + slug, (*rounds, *stakes), _investor, slug, rounds, stakes)


def _investor(slug: str, rounds: list[Round], stakes: list[Effective]) -> Investor:
    share: Share | None = None
    vehicle: str | None = None
    for stake in stakes:
        fact = stake.fact
        assert isinstance(fact, StakeReported)
        share = fact.share or share
        vehicle = fact.vehicle or vehicle
    led = tuple(r.name for r in rounds if slug in r.lead_investors)
    cited = merge(*(r.cited for r in rounds), *(cite([s]) for s in stakes))
    return Investor(slug, tuple(r.name for r in rounds), led, share, vehicle, cited)


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
