"""The fold from facts to state, on facts built in memory: no store involved."""

from decimal import Decimal

from factories import ENTITIES, day, fact, moment

from company_timeline.domain import (
    CompanyFounded,
    FundingRoundAnnounced,
    Money,
    ReportCorrected,
    ReportRetracted,
)
from company_timeline.projections.state import state_at


def acme(facts, on, **kwargs):
    return state_at(facts, ENTITIES, day(on), only="acme", **kwargs).entities[0]


SERIES_A = fact(FundingRoundAnnounced, "acme-a", round="series_a", valid="2020-12", amount="EUR 10")


def test_a_round_dated_to_a_month_is_uncertain_inside_that_month():
    state = acme([SERIES_A], "2020-12-15")
    assert state.funding_rounds == ()
    assert [u.event for u in state.uncertain] == ["acme-a"]
    assert acme([SERIES_A], "2021-01-01").funding_rounds[0].name == "series_a"


def test_before_its_first_fact_an_entity_does_not_exist():
    founded = fact(CompanyFounded, "acme-founded", valid="2020-01-15")
    assert not acme([founded], "2020-01-14").exists
    assert acme([founded], "2020-01-15").exists


def test_a_correction_changes_the_field_and_is_cited_with_the_fact():
    fix = fact(
        ReportCorrected,
        "acme-a-fix",
        valid=None,
        reported="2021-02-01T00:00:00+00:00",
        target="acme-a",
        changes={"amount": Money(Decimal("12"), "EUR")},
    )
    state = acme([SERIES_A, fix], "2021-06-01")
    assert str(state.funding_rounds[0].amount) == "EUR 12"
    assert state.funding_rounds[0].cited.events == ("acme-a", "acme-a-fix")
    assert state.corrections[0].corrected_by == ("acme-a-fix",)


def test_a_correction_of_a_correction_wins_over_the_first():
    fix = fact(
        ReportCorrected,
        "fix-1",
        valid=None,
        reported="2021-02-01T00:00:00+00:00",
        target="acme-a",
        changes={"amount": Money(Decimal("12"), "EUR")},
    )
    fix_fix = fact(
        ReportCorrected,
        "fix-2",
        valid=None,
        reported="2021-03-01T00:00:00+00:00",
        target="fix-1",
        changes={"amount": Money(Decimal("13"), "EUR")},
    )
    assert str(acme([fix_fix, SERIES_A, fix], "2021-06-01").funding_rounds[0].amount) == "EUR 13"


def test_a_retracted_report_leaves_the_state_but_stays_on_the_record():
    retraction = fact(
        ReportRetracted,
        "acme-a-retracted",
        valid=None,
        target="acme-a",
        reported="2021-02-01T00:00:00+00:00",
        reason="wrong company",
    )
    state = acme([SERIES_A, retraction], "2021-06-01")
    assert state.funding_rounds == ()
    assert state.retracted[0].retracted_by == "acme-a-retracted"
    before = acme([SERIES_A, retraction], "2021-06-01", known=moment("2021-01-15T00:00:00Z"))
    assert before.funding_rounds[0].name == "series_a"


def test_two_reports_of_one_round_merge_into_amount_and_equivalent():
    euros = fact(
        FundingRoundAnnounced, "seed-eur", round="seed", valid="2020-06-13", amount="EUR 105"
    )
    dollars = fact(
        FundingRoundAnnounced,
        "seed-usd",
        round="seed",
        valid="2020-06",
        amount="USD 113",
        reported="2021-01-01T00:00:00+00:00",
    )
    state = acme([dollars, euros, SERIES_A], "2021-01-31")
    seed = state.funding_rounds[0]
    assert (str(seed.amount), [str(m) for m in seed.equivalents]) == ("EUR 105", ["USD 113"])
    assert [str(m) for m in state.total_raised.by_currency] == ["EUR 115"]
    assert state.total_raised.equivalents == ()  # the Series A has no dollar figure


def test_facts_known_only_later_are_not_known_before_they_are_reported():
    state = acme([SERIES_A], "2021-06-01", known=moment("2020-03-31T23:59:59Z"))
    assert not state.exists
