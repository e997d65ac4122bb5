"""Two wrong answers found on a second company's record, shown on a small one."""

from __future__ import annotations

from decimal import Decimal

from factories import ENTITIES, day, fact, moment

from company_timeline.domain import FundingRoundAnnounced, Money, ProductLaunched, ReportRetracted
from company_timeline.projections.field_paths import fields_of
from company_timeline.projections.state import state_at
from company_timeline.projections.why_and_diff import diff, history

USD_11 = {"amount": "11", "currency": "USD", "approximate": True}


def seed(**fields):
    fields.setdefault("amount", "EUR 10")
    return fact(
        FundingRoundAnnounced,
        "acme-seed",
        round="seed",
        valid="2022-11-15",
        reported="2022-11-16T09:00:00+00:00",
        **fields,
    )


def series_a(**fields):
    return fact(
        FundingRoundAnnounced,
        "acme-series-a",
        round="series_a",
        valid="2022-12-15",
        reported="2022-12-16T09:00:00+00:00",
        amount="EUR 20",
        **fields,
    )


def acme_on(facts, on, known=None):
    return state_at(facts, ENTITIES, day(on), moment(known) if known else None, only="acme")


def test_a_dollar_total_ended_by_a_later_round_without_dollars_is_no_longer_current():
    facts = [seed(equivalents=[Money(Decimal(11), "USD")]), series_a()]
    assert "total_raised.equivalents" not in fields_of(acme_on(facts, "2022-12-15").entities[0])
    (equivalents,) = history(facts, ENTITIES, "acme", "total_raised.equivalents")
    first, now = equivalents.values
    assert (first.value, first.valid_from, first.valid_until) == ([USD_11], day("2022-11-15"), None)
    assert (first.replaced_at, first.replaced_by) == (
        moment("2022-12-16T09:00:00+00:00"),
        ("acme-series-a",),
    )
    assert (now.value, now.valid_from, now.valid_until, now.replaced_at) == (
        [USD_11],
        day("2022-11-15"),
        day("2022-12-14"),
        None,
    )


def test_a_value_that_stops_and_holds_again_later_is_one_value_per_span():
    def launch(n, valid, channels):
        return fact(
            ProductLaunched,
            f"le-chat-{n}",
            product="Le Chat",
            valid=valid,
            reported=f"2024-0{n}-01T09:00:00+00:00",
            channels=channels,
        )

    facts = [launch(1, "2024-01-01", ["api"]), launch(2, "2024-03-01", ["chat"])]
    facts.append(launch(3, "2024-05-01", ["api"]))
    (channels,) = history(facts, ENTITIES, "acme", "products.Le Chat.channels")
    current = [(v.value, v.valid_from, v.valid_until) for v in channels.values if not v.replaced_at]
    assert current == [
        (["api"], day("2024-01-01"), day("2024-02-29")),
        (["chat"], day("2024-03-01"), day("2024-04-30")),
        (["api"], day("2024-05-01"), None),
    ]


def test_diff_credits_the_total_s_change_to_the_series_a_not_the_seed():
    facts = [seed(), series_a()]
    before, after = (acme_on(facts, d).entities[0] for d in ("2022-11-15", "2022-12-15"))
    by_field = {c.field: c for c in diff(before, after)}
    assert by_field["total_raised.by_currency"].events == ("acme-series-a",)


def test_diff_credits_a_total_that_first_appears_to_the_round_that_brought_it():
    facts = [seed(amount=None), series_a()]  # the seed's amount was never told
    before, after = (acme_on(facts, d).entities[0] for d in ("2022-11-15", "2022-12-15"))
    by_field = {c.field: c for c in diff(before, after)}
    assert by_field["total_raised.by_currency"].events == ("acme-series-a",)


def test_diff_credits_a_total_that_fell_to_the_retraction_that_brought_it():
    withdrawn = fact(
        ReportRetracted,
        "acme-series-a-withdrawn",
        valid=None,
        target="acme-series-a",
        reported="2023-01-10T09:00:00+00:00",
    )
    facts = [seed(), series_a(), withdrawn]
    before, after = (
        acme_on(facts, "2023-01-15", known).entities[0]
        for known in ("2023-01-01T00:00:00+00:00", "2023-01-11T00:00:00+00:00")
    )
    by_field = {c.field: c for c in diff(before, after)}
    assert by_field["total_raised.by_currency"].events == ("acme-series-a-withdrawn",)


def test_diff_credits_a_dollar_total_that_came_back_to_the_retraction_that_brought_it():
    withdrawn = fact(
        ReportRetracted,
        "acme-series-a-withdrawn",
        valid=None,
        target="acme-series-a",
        reported="2023-01-10T09:00:00+00:00",
    )
    facts = [seed(equivalents=[Money(Decimal(11), "USD")]), series_a(), withdrawn]
    before, after = (
        acme_on(facts, "2023-01-15", known).entities[0]
        for known in ("2023-01-01T00:00:00+00:00", "2023-01-11T00:00:00+00:00")
    )
    by_field = {c.field: c for c in diff(before, after)}
    back = by_field["total_raised.equivalents"]
    assert (back.before, back.after, back.events) == (None, [USD_11], ("acme-series-a-withdrawn",))


def test_diff_credits_a_value_that_left_to_the_events_that_backed_it():
    facts = [seed(equivalents=[Money(Decimal(11), "USD")]), series_a()]
    before, after = (acme_on(facts, d).entities[0] for d in ("2022-11-15", "2022-12-15"))
    by_field = {c.field: c for c in diff(before, after)}
    left = by_field["total_raised.equivalents"]
    assert (left.before, left.after, left.events) == ([USD_11], None, ("acme-seed",))
