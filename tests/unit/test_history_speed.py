"""History over a busy company's record: a thousand facts, reported over a hundred moments.

Only that it returns is asserted here; how fast is for benchmarks (see
``busy_entity``'s use in the report of the change that made history fast).
"""

from __future__ import annotations

import random
from decimal import Decimal

import pendulum
from factories import ENTITIES, fact

from company_timeline.domain import (
    Fact,
    FundingRoundAnnounced,
    Money,
    PartnershipSigned,
    ProductLaunched,
    RegulatorStatementMade,
    RegulatoryScrutinyReported,
    ReportCorrected,
    ReportRetracted,
    Share,
    StakeReported,
    ValidTime,
)
from company_timeline.projections.history import history

FIRST = pendulum.date(2015, 1, 1)
SPAN = 3650  # days of the company's life the facts fall in


def busy_entity(n: int, seed: int = 0, moments: int = 100, backfill: float = 0.1) -> list[Fact]:
    """``n`` facts about acme: ~5% funding round reports, 35% products, 30% partnerships,
    10% regulatory, 10% stakes, 10% corrections and retractions.

    Most news is reported at the first moment after it happened; a share
    ``backfill`` of the facts is told first by a later source, and amendments
    come up to a year after the report they amend (that share of them up to
    three years). A round is told by three or four sources, in euros or
    dollars, some without a figure.
    """
    rnd = random.Random(seed)
    stamps = sorted({FIRST.add(days=rnd.randrange(SPAN + 60)) for _ in range(moments * 2)})
    stamps = sorted(rnd.sample(stamps, moments))
    funds = [f"fund-{i}" for i in range(40)]
    facts: list[Fact] = []

    def reported(day: pendulum.Date) -> str:
        later = [s for s in stamps if s >= day] or stamps[-1:]
        when = rnd.choice(later) if rnd.random() < backfill else later[0]
        return f"{when.isoformat()}T09:00:00+00:00"

    def valid(day: pendulum.Date) -> str:
        form = rnd.random()
        if form < 0.6:
            return day.isoformat()
        if form < 0.8:
            return day.format("YYYY-MM")
        if form < 0.85:
            return day.format("YYYY-MM") + "~"
        if form < 0.9:
            return str(day.year)
        return f"{day.format('YYYY-MM')}/{day.add(months=2).format('YYYY-MM')}"

    def money(currency: str) -> Money:
        return Money(Decimal(rnd.randrange(1, 500) * 100_000), currency)

    def common(day: pendulum.Date | None = None) -> dict[str, str]:
        day = day or FIRST.add(days=rnd.randrange(SPAN))
        return dict(valid=valid(day), reported=reported(day), source=rnd.choice(["wire", "blog"]))

    counts = {"round": n * 5 // 100, "stake": n // 10, "amend": n // 10, "rule": n // 10}
    counts["partner"] = n * 30 // 100
    counts["product"] = n - sum(counts.values())
    rounds = max(1, counts["round"] * 3 // 10)
    for number in range(counts["round"]):
        r = number % rounds  # round r is told again and again by several sources
        day = FIRST.add(days=SPAN * r // rounds + rnd.randrange(20))
        currency = rnd.choice(["EUR", "EUR", "USD"])
        facts.append(
            fact(
                FundingRoundAnnounced,
                f"round-{number}",
                round=f"round_{r}",
                amount=money(currency) if rnd.random() < 0.85 else None,
                equivalents=[money("USD")] if currency == "EUR" and rnd.random() < 0.4 else [],
                lead_investors=[funds[(3 * r) % 40]],
                investors=rnd.sample(funds[: 4 + 3 * r], 3),
                post_money_valuation=money(currency) if rnd.random() < 0.3 else None,
                **common(day),
            )
        )
    holders = ["founder-1", "founder-2", *funds[:20]]
    for i in range(counts["stake"]):
        share = Share(Decimal(rnd.randrange(1, 40)), rnd.choice(["=", "<", "~"]))
        facts.append(
            fact(StakeReported, f"stake-{i}", holder=rnd.choice(holders), share=share, **common())
        )
    for i in range(counts["product"]):
        name = f"Product {rnd.randrange(counts['product'] * 4 // 5)}"
        channels = rnd.sample(["api", "chat", "cloud"], rnd.randrange(3))
        facts.append(
            fact(ProductLaunched, f"product-{i}", product=name, channels=channels, **common())
        )
    for i in range(counts["partner"]):
        partner = f"partner-{rnd.randrange(counts['partner'] * 4 // 5)}"
        kind = rnd.choice(["distribution", "cloud", "research"])
        facts.append(
            fact(PartnershipSigned, f"partner-{i}", partner=partner, kind=kind, **common())
        )
    for i in range(counts["rule"]):
        if i % 2:
            facts.append(
                fact(
                    RegulatorStatementMade,
                    f"rule-{i}",
                    authority="cnil",
                    examines=f"case {i}",
                    **common(),
                )
            )
        else:
            facts.append(
                fact(
                    RegulatoryScrutinyReported,
                    f"rule-{i}",
                    authorities=["ec"],
                    subject=f"matter {i}",
                    **common(),
                )
            )
    for i in range(counts["amend"]):
        target = rnd.choice(facts)
        lag = rnd.randrange(1, 1000 if rnd.random() < backfill else 365)
        when = reported(target.reported.date().add(days=lag))
        if rnd.random() < 0.3:
            facts.append(
                fact(
                    ReportRetracted,
                    f"retract-{i}",
                    valid=None,
                    target=target.fact_id,
                    reported=when,
                )
            )
            continue
        changes = _changes(rnd, target, money)
        if rnd.random() < 0.2:
            changes["valid"] = ValidTime.parse(valid(FIRST.add(days=rnd.randrange(SPAN))))
        facts.append(
            fact(
                ReportCorrected,
                f"correct-{i}",
                valid=None,
                target=target.fact_id,
                reported=when,
                changes=changes,
            )
        )
    rnd.shuffle(facts)  # the order facts are read in must not matter
    return facts


def _changes(rnd: random.Random, target: Fact, money) -> dict[str, object]:
    if isinstance(target, FundingRoundAnnounced):
        return {"amount": money(rnd.choice(["EUR", "USD"]))}
    if isinstance(target, ProductLaunched):
        return {"weights": rnd.choice(["open", "closed"])}
    if isinstance(target, StakeReported):
        return {"share": Share(Decimal(rnd.randrange(1, 40)))}
    if isinstance(target, PartnershipSigned):
        return {"channels": ["api"]}
    return {}


def test_history_of_an_entity_with_a_thousand_facts_returns():
    facts = busy_entity(1000)
    assert len({f.reported for f in facts}) >= 90  # about a hundred moments
    found = history(facts, ENTITIES, "acme")
    assert {h.path.split(".")[0] for h in found} >= {"funding_rounds", "products", "total_raised"}
