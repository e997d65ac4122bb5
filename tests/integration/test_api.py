"""``from company_timeline import Timeline``: the library's door for scripts and tests."""

import datetime
from pathlib import Path

import pendulum
import pytest

from company_timeline import Money, Timeline, TimelineError
from company_timeline.seeds import seed_files


@pytest.fixture(scope="module")
def seeded():
    with Timeline.temporary() as timeline:
        timeline.ingest(*seed_files())
        yield timeline


@pytest.mark.parametrize(
    "day",
    ["2024-02-27", datetime.date(2024, 2, 27), pendulum.date(2024, 2, 27), "20240227"],
    ids=str,
)
def test_dates_are_taken_as_iso_text_date_or_pendulum_values(seeded, day):
    assert seeded.value("mistral-ai", "total_raised.by_currency", day) == [
        Money.parse("EUR 505000000")
    ]


def test_money_is_money_in_every_answer(seeded):
    extension = "funding_rounds.series_a_extension.amount"
    assert seeded.state("mistral-ai", "2024-02-27").funding_rounds[-1].amount == Money.parse(
        "EUR 15000000"
    )
    (history,) = seeded.history("mistral-ai", extension)
    assert history.values[0].value == Money.parse("EUR 15000000")
    changes = seeded.diff("mistral-ai", "2024-01-15", "2024-02-27")
    assert next(c for c in changes if c.field == extension).after == Money.parse("EUR 15000000")
    assert seeded.fields("mistral-ai")[extension] == Money.parse("EUR 15000000")


def test_a_bad_date_is_a_timeline_error_saying_so(seeded):
    with pytest.raises(TimelineError, match="not a date"):
        seeded.at(20211231)
    with pytest.raises(TimelineError, match="February 2024 has 29 days"):
        seeded.at("2024-02-30")
    with pytest.raises(TimelineError, match="has no time zone"):
        seeded.at("2024-02-27", known=datetime.datetime(2024, 2, 27, 10))


def test_an_unknown_entity_names_the_closest(seeded):
    with pytest.raises(TimelineError, match="did you mean 'mistral-ai'"):
        seeded.at("2024-02-27", entity="mistral")


def test_what_a_reader_knew_before_the_correction(seeded):
    field = "funding_rounds.series_a_extension.instrument"
    first_read = pendulum.parse("2024-02-27T10:00:00+01:00")
    assert seeded.value("mistral-ai", field, "2024-02-27", known=first_read) == "convertible_note"
    assert seeded.value("mistral-ai", field, "2024-02-27") == "equity"
    changes = seeded.diff("mistral-ai", known=(first_read, "2024-02-28T12:00+01:00"))
    assert field in [c.field for c in changes]
    why = seeded.why("mistral-ai", "funding_rounds.series_a", "2023-12-15")
    assert [u.event for u in why.left_out_uncertain] == ["mistral-ai-series-a"]


def test_records_as_python_data_ingest_with_the_checks_of_a_file():
    with Timeline.temporary() as timeline:
        done = timeline.ingest_records(
            {
                "sources": [
                    {"id": "wire", "title": "Wire", "published": pendulum.datetime(2020, 4, 1)}
                ],
                "entities": [{"id": "acme", "name": "Acme", "kind": "company"}],
                "events": [
                    {
                        "id": "acme-seed",
                        "type": "funding_round",
                        "entity": "acme",
                        "valid": "2020-03",
                        "source": "wire",
                        "quote": "Acme raised a seed round.",
                        "round": "seed",
                        "amount": Money.parse("EUR 2500000"),
                    }
                ],
            }
        )
        assert len(done.facts) == 1
        assert timeline.value("acme", "total_raised", "2020-12-31") == [Money.parse("EUR 2500000")]
        assert [e.fact_id for e in timeline.events("acme")] == ["acme-seed"]


def test_bad_records_are_located_by_their_index():
    with Timeline.temporary() as timeline, pytest.raises(TimelineError) as error:
        timeline.ingest_records(
            [
                {"entity": {"id": "acme", "name": "Acme", "kind": "company"}},
                {"event": {"id": "x", "type": "company_founded", "entity": "acme", "valid": 1.5}},
            ]
        )
    assert str(error.value).startswith("<records>:2: (record): a float cannot be stored")


def test_a_temporary_timeline_leaves_nothing_behind():
    timeline = Timeline.temporary()
    folder = timeline._folder
    timeline.close()
    assert not Path(folder).exists()
