"""Laws of the fold, for generated event sets (hypothesis)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pendulum
from factories import ENTITIES, fact
from hypothesis import given, settings
from hypothesis import strategies as st

from company_timeline.domain import (
    FundingRoundAnnounced,
    Money,
    ReportCorrected,
    ReportRetracted,
    Status,
)
from company_timeline.projections.state import state_at

START = pendulum.datetime(2020, 1, 1, tz="UTC")
valid_texts = st.builds(
    lambda m, d, form: [f"2020-{m:02d}-{d:02d}", f"2020-{m:02d}", f"2020-{m:02d}~", "2020"][form],
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 3),
)
hours = st.integers(0, 24 * 500)


@st.composite
def event_sets(draw):
    facts = []
    for i in range(draw(st.integers(1, 8))):
        facts.append(
            fact(
                FundingRoundAnnounced,
                f"r{i}",
                entity=draw(st.sampled_from(["acme", "globex"])),
                round=draw(st.sampled_from(["seed", "series_a", "series_b"])),
                valid=draw(valid_texts),
                reported=START.add(hours=draw(hours)).isoformat(),
                amount=Money(
                    Decimal(draw(st.integers(1, 999))), draw(st.sampled_from(["EUR", "USD"]))
                ),
            )
        )
    for j in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(facts))
        common = dict(
            entity=target.entity,
            valid=None,
            target=target.fact_id,
            reported=START.add(hours=draw(hours)).isoformat(),
        )
        if draw(st.booleans()):
            amount = Money(Decimal(draw(st.integers(1, 999))), "EUR")
            facts.append(fact(ReportCorrected, f"c{j}", changes={"amount": amount}, **common))
        else:
            facts.append(fact(ReportRetracted, f"x{j}", **common))
    return facts


days = st.dates(datetime(2019, 12, 1).date(), datetime(2021, 3, 1).date()).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)
moments = hours.map(lambda h: START.add(hours=h))


def settled(snapshot, happened):
    """What happened by the date, without the facts left uncertain at it."""
    ids = {f.fact_id for f in happened}
    return {
        s.entity.id: (s.funding_rounds, s.total_raised, [r for r in s.retracted if r.event in ids])
        for s in snapshot.entities
        if s.exists
    }


@settings(max_examples=150, deadline=None)
@given(event_sets(), days, moments, st.randoms())
def test_ingest_order_never_changes_an_answer(facts, on, known, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert state_at(shuffled, ENTITIES, on, known) == state_at(facts, ENTITIES, on, known)


@settings(max_examples=150, deadline=None)
@given(event_sets(), days, moments)
def test_state_at_d_and_t_is_the_fold_of_only_what_happened_by_d_and_was_reported_by_t(
    facts, on, known
):
    reported = [f for f in facts if f.reported <= known]
    happened = [f for f in reported if f.valid is None or f.valid.status(on) is Status.HAPPENED]
    expected = settled(state_at(happened, ENTITIES, on), happened)
    assert settled(state_at(facts, ENTITIES, on, known), happened) == expected


@settings(max_examples=50, deadline=None)
@given(event_sets(), days)
def test_recorded_time_cuts_like_reported_time_on_its_own_axis(facts, on):
    later = datetime.now(UTC) + timedelta(days=1)
    assert (
        state_at(facts, ENTITIES, on, recorded=later).entities
        == state_at(facts, ENTITIES, on).entities
    )
    before = datetime(2000, 1, 1, tzinfo=UTC)
    assert state_at(facts, ENTITIES, on, recorded=pendulum.instance(before)).entities == ()
