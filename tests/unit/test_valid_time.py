import pendulum
import pytest

from company_timeline.domain import InvalidDate, Status, ValidTime, parse_instant


def day(text: str) -> pendulum.Date:
    return pendulum.parse(text, exact=True)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2024-02-26", "2024-02-26", "2024-02-26", "day"),
        ("2023-12", "2023-12-01", "2023-12-31", "month"),
        ("2023", "2023-01-01", "2023-12-31", "year"),
        ("2023-05~", "2023-04-01", "2023-06-30", "month"),
        ("2023?", "2022-01-01", "2024-12-31", "year"),
        ("2023-04/2023-06", "2023-04-01", "2023-06-30", "interval"),
    ],
)
def test_edtf_dates_keep_their_text_and_imply_day_bounds(text, earliest, latest, precision):
    valid = ValidTime.parse(text)
    assert (valid.text, valid.precision) == (text, precision)
    assert (valid.earliest, valid.latest) == (day(earliest), day(latest))


def test_an_open_start_has_no_earliest_day():
    valid = ValidTime.parse("../2024-02-27")
    assert valid.earliest is None
    assert valid.latest == day("2024-02-27")


def test_a_month_straddling_the_date_is_uncertain_neither_in_nor_out():
    december = ValidTime.parse("2023-12")
    assert december.status(day("2023-11-30")) is Status.NOT_YET
    assert december.status(day("2023-12-15")) is Status.UNCERTAIN
    assert december.status(day("2023-12-31")) is Status.HAPPENED


@pytest.mark.parametrize(
    "text", ["2023-13", "2023-02-30", "Dec 2023", "2023-12-1", "2024/2023", "../..", ""]
)
def test_dates_that_are_not_edtf_are_refused_with_the_text_in_the_message(text):
    with pytest.raises(InvalidDate) as err:
        ValidTime.parse(text)
    assert repr(text.strip()) in str(err.value)


def test_a_reported_time_needs_its_hour_and_utc_offset():
    assert parse_instant("2024-02-27T09:00:00+01:00") == pendulum.datetime(2024, 2, 27, 8, tz="UTC")
    for text in ["2024-02-27", "2024-02-27T09:00:00", "yesterday"]:
        with pytest.raises(InvalidDate):
            parse_instant(text)
