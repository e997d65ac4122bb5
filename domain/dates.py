"""Valid time as EDTF (ISO 8601-2 level 1) and the instants of reports.

Valid time says when something happened in the world and how precisely we
know it. A fact dated ``2023-12`` happened some day in December 2023; on
2023-12-15 it is neither known to have happened nor known not to have.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

import pendulum
from pendulum import Date, DateTime

from .errors import InvalidDate

_POINT = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?")
# The years Python's dates hold; an answer can only be given inside them.
YEARS = "the supported years 1 to 9999"


class Status(StrEnum):
    """Where a fact stands relative to a valid date D."""

    HAPPENED = "happened"  # its whole span is on or before D
    UNCERTAIN = "uncertain"  # its span straddles D
    NOT_YET = "not_yet"  # its whole span is after D


@dataclass(frozen=True)
class ValidTime:
    """An EDTF date or interval, kept as written, with the day bounds it implies.

    A qualified date (``~`` approximate, ``?`` uncertain, ``%`` both) is taken to
    lie within one unit of its precision either side: ``2023-05~`` spans April
    to June 2023. An interval ``A/B`` means "at some point between A and B";
    ``..`` leaves an end open.
    """

    text: str
    earliest: Date | None
    latest: Date | None
    precision: str

    @classmethod
    def parse(cls, text: str) -> ValidTime:
        return _valid_time(text.strip())

    @classmethod
    def _parse(cls, text: str) -> ValidTime:
        if "/" in text:
            start, _, end = text.partition("/")
            lo = None if start in ("..", "") else _point(start, text)[0]
            hi = None if end in ("..", "") else _point(end, text)[1]
            if lo is None and hi is None:
                raise InvalidDate(f"{text!r}: an interval needs at least one known end")
            if lo is not None and hi is not None and lo > hi:
                raise InvalidDate(f"{text!r}: the interval ends before it starts")
            return cls(text, lo, hi, "interval")
        lo, hi, precision = _point(text, text)
        return cls(text, lo, hi, precision)

    @property
    def qualified(self) -> bool:
        return any(q in self.text for q in "~?%") or self.precision == "interval"

    def status(self, day: Date) -> Status:
        if self.latest is not None and self.latest <= day:
            return Status.HAPPENED
        if self.earliest is None or self.earliest <= day:
            return Status.UNCERTAIN
        return Status.NOT_YET

    def sort_key(self) -> tuple[Date, Date]:
        lo = self.earliest or pendulum.Date(1, 1, 1)
        return (lo, self.latest or lo)

    def __str__(self) -> str:
        return self.text


def _point(part: str, whole: str) -> tuple[Date, Date, str]:
    m = _POINT.fullmatch(part)
    if not m:
        raise InvalidDate(
            f"{whole!r} is not an EDTF date: write 2024-02-26, 2023-12, 2023, "
            "2023-06~ (approximate) or 2023-04/2023-06 (interval)"
        )
    year, month, day, qualifier = int(m["y"]), m["m"], m["d"], m["q"]
    if not 1 <= year <= 9999:
        raise InvalidDate(f"{whole!r} is outside {YEARS}")
    try:
        if day:
            lo = hi = pendulum.date(year, int(month), int(day))
            precision, unit = "day", "days"
        elif month:
            lo = pendulum.date(year, int(month), 1)
            hi = lo.end_of("month")
            precision, unit = "month", "months"
        else:
            lo = pendulum.date(year, 1, 1)
            hi = lo.end_of("year")
            precision, unit = "year", "years"
    except ValueError as e:
        raise InvalidDate(f"{whole!r} is not a calendar date: {e}") from None
    if qualifier:
        try:
            lo = lo.subtract(**{unit: 1})
            hi = hi.add(**{unit: 1})
        except (ValueError, OverflowError):  # one unit either side leaves the calendar
            raise InvalidDate(f"{whole!r} reaches outside {YEARS}") from None
        if unit != "days":
            hi = hi.end_of(unit[:-1])
    return lo, hi, precision


@functools.lru_cache(maxsize=8192)
def _valid_time(text: str) -> ValidTime:
    # Values are immutable, and a store's facts share few distinct dates: one each
    # saves parsing them again and holding the same span once per fact.
    return ValidTime._parse(text)


def parse_instant(text: str) -> DateTime:
    """A report's moment: a full ISO 8601 timestamp with its UTC offset."""
    return _instant(text.strip())


@functools.lru_cache(maxsize=8192)  # moments are immutable, and facts share their sources'
def _instant(text: str) -> DateTime:
    if not re.search(r"T\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$", text):
        raise InvalidDate(
            f"{text!r} needs a time and a UTC offset, e.g. 2024-02-27T09:00:00+01:00 "
            "(estimate the hour if the source gives none, and say so in a note)"
        )
    try:
        parsed = pendulum.parse(text, exact=True)
    except ValueError as e:  # pendulum's ParserError is a ValueError
        raise InvalidDate(f"{text!r} is not an ISO 8601 timestamp: {e}") from None
    if not isinstance(parsed, DateTime):  # an interval or a duration, say
        raise InvalidDate(f"{text!r} is not one moment: give a single timestamp")
    return in_utc(parsed, text)


def in_utc(moment: DateTime, text: str) -> DateTime:
    """The moment in UTC, which must fall within the years a date can hold."""
    try:
        return moment.in_timezone("UTC")
    except (ValueError, OverflowError):
        raise InvalidDate(f"{text!r} is outside {YEARS} once converted to UTC") from None
