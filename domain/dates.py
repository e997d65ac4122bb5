"""Valid time as EDTF (ISO 8601-2) level 1, and the instants of reports.

Valid time says when something happened in the world and how precisely we
know it. A fact dated ``2023-12`` happened some day in December 2023; on
2023-12-15 it is neither known to have happened nor known not to have.

Supported: level 0 dates and intervals, and level 1 (qualified dates and
interval ends, unspecified digits, seasons, open and unknown interval ends)
within the years 1 to 9999. Refused, each naming the feature: times of day,
extended and negative years, qualifying a season or unspecified digits, and
level 2. docs/event-files.md lists each with its span.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import pendulum
from pendulum import Date, DateTime

from .errors import InvalidDate

# A level 1 date: X only as a year's last one or two digits, or a whole month or day.
_POINT = re.compile(
    r"(?P<y>\d{4}|\d{3}X|\d{2}XX)(?:-(?P<m>\d{2}|XX)(?:-(?P<d>\d{2}|XX))?)?(?P<q>[~?%])?"
)
# Seasons 21 to 24, the Northern Hemisphere's meteorological ones: the month each starts.
SEASONS = {21: 3, 22: 6, 23: 9, 24: 12}  # spring, summer, autumn, winter (to February)
# The years Python's dates hold; an answer can only be given inside them.
YEARS = "the supported years 1 to 9999"
ONLY_YEARS = "dates here run from year 1 to 9999"
LEVEL_1_X = (
    "level 1 takes X only as a year's last one or two digits (201X, 20XX) "
    "or as a whole month or day (2004-XX, 1985-04-XX, 1985-XX-XX)"
)


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
    ``..`` (open) or nothing (unknown) leaves an end unbounded. Precision is
    ``day``, ``month``, ``season``, ``year``, ``unspecified`` (``201X``,
    ``2004-XX``: see :attr:`unit`) or ``interval``.
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
        if "/" not in text:
            point = _point(text, text)
            return cls(text, *_widened(point, text), point.precision)
        start, _, end = text.partition("/")
        first = None if start in ("..", "") else _point(start, text)
        last = None if end in ("..", "") else _point(end, text)
        if first is None and last is None:
            raise InvalidDate(f"{text!r}: an interval needs at least one known end")
        if any(p and p.precision == "unspecified" for p in (first, last)):
            raise InvalidDate(
                f"{text!r}: EDTF level 2 unspecified digits in an interval end are not "
                "supported: write the end without X, e.g. 2004-06 for 2004-06-XX"
            )
        if first and last and first.lo > last.hi:  # as written, before any widening
            raise InvalidDate(f"{text!r}: the interval ends before it starts")
        lo = _widened(first, text)[0] if first else None
        hi = _widened(last, text)[1] if last else None
        return cls(text, lo, hi, "interval")

    @property
    def qualified(self) -> bool:
        return any(q in self.text for q in "~?%") or self.precision == "interval"

    @property
    def unit(self) -> str | None:
        """The unit a date is known to: day, month, season, year, decade or century.

        ``201X`` is known to the decade, ``20XX`` to the century, ``2004-XX`` and
        ``1985-XX-XX`` to the year, ``1985-04-XX`` to the month; an interval to none.
        """
        if self.precision == "interval":
            return None
        if self.precision != "unspecified":
            return self.precision
        if "X" in self.text[:4]:
            return "decade" if self.text.count("X") == 1 else "century"
        return "month" if self.text[5:7] != "XX" else "year"

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


class _Point(NamedTuple):
    """One date's span as written, before a qualifier widens it."""

    lo: Date
    hi: Date
    precision: str
    qualifier: str | None = None


def _point(part: str, whole: str) -> _Point:
    m = _POINT.fullmatch(part)
    if not m:
        raise InvalidDate(_unsupported(part, whole))
    month, day, qualifier = m["m"], m["d"], m["q"]
    if "X" in part:
        return _unspecified(m["y"], month, day, qualifier, whole)
    year = _year(m["y"], whole)
    if month and not day and 21 <= int(month) <= 41:
        return _season(year, int(month), qualifier, whole)
    try:
        if day:
            lo = hi = pendulum.date(year, int(month), int(day))
            return _Point(lo, hi, "day", qualifier)
        if month:
            lo = pendulum.date(year, int(month), 1)
            return _Point(lo, lo.end_of("month"), "month", qualifier)
    except ValueError as e:
        raise InvalidDate(f"{whole!r} is not a calendar date: {e}") from None
    return _Point(pendulum.date(year, 1, 1), pendulum.date(year, 12, 31), "year", qualifier)


def _year(digits: str, whole: str) -> int:
    year = int(digits)
    if not 1 <= year <= 9999:
        raise InvalidDate(f"{whole!r} is outside {YEARS}")
    return year


def _season(year: int, number: int, qualifier: str | None, whole: str) -> _Point:
    if number not in SEASONS:
        raise InvalidDate(
            f"{whole!r}: EDTF level 2 sub-year groupings (25 to 41: seasons by hemisphere, "
            "quarters, quadrimesters, semesters) are not supported: write a season as "
            "21 to 24 (spring to winter) or the months as an interval, e.g. 2001-04/2001-06"
        )
    if qualifier:
        raise InvalidDate(
            f"{whole!r}: qualified EDTF seasons are not supported: write how far it "
            "may reach as an interval, e.g. 2001-02/2001-06"
        )
    lo = pendulum.date(year, SEASONS[number], 1)
    try:
        return _Point(lo, lo.add(months=2).end_of("month"), "season")
    except (ValueError, OverflowError):  # winter 9999 ends in February 10000
        raise InvalidDate(f"{whole!r} reaches outside {YEARS}") from None


def _unspecified(
    year: str, month: str | None, day: str | None, qualifier: str | None, whole: str
) -> _Point:
    if ("X" in year and month) or (month == "XX" and day not in (None, "XX")):
        raise InvalidDate(
            f"{whole!r}: EDTF level 2 unspecified digits are not supported: {LEVEL_1_X}"
        )
    if qualifier:
        raise InvalidDate(
            f"{whole!r}: qualified EDTF unspecified digits are not supported: write how far "
            "it may reach as an interval, e.g. 2008/2021"
        )
    if "X" in year:
        first, last = int(year.replace("X", "0")), int(year.replace("X", "9"))
        if first < 1:  # 000X and 00XX take in year 0
            raise InvalidDate(f"{whole!r} reaches outside {YEARS}")
        return _Point(pendulum.date(first, 1, 1), pendulum.date(last, 12, 31), "unspecified")
    number = _year(year, whole)
    if month == "XX":
        return _Point(pendulum.date(number, 1, 1), pendulum.date(number, 12, 31), "unspecified")
    try:
        lo = pendulum.date(number, int(month or 0), 1)
    except ValueError as e:
        raise InvalidDate(f"{whole!r} is not a calendar date: {e}") from None
    return _Point(lo, lo.end_of("month"), "unspecified")


def _widened(point: _Point, whole: str) -> tuple[Date, Date]:
    """The span, one unit of its precision wider either side if the date is qualified."""
    lo, hi, unit, qualifier = point
    if not qualifier:
        return lo, hi
    try:
        lo = lo.subtract(**{f"{unit}s": 1})
        hi = hi.add(**{f"{unit}s": 1})
    except (ValueError, OverflowError):  # one unit either side leaves the calendar
        raise InvalidDate(f"{whole!r} reaches outside {YEARS}") from None
    return lo, hi if unit == "day" else hi.end_of(unit)


# What a text that is no level 1 date uses, first match wins: (pattern, refusal).
_REFUSALS = [
    (
        r"\d{4}-\d{2}-\d{2}T.+",
        "EDTF times of day are not supported: a valid time is a day or longer",
    ),
    (r"[\[{].*", "EDTF level 2 sets ([a, b] one of them, {a, b} all of them) are not supported"),
    (r"Y-?\d+E\d+(S\d+)?", f"EDTF level 2 exponential years are not supported: {ONLY_YEARS}"),
    (
        r"(Y-?\d+|\d{4})S\d+",
        "EDTF level 2 significant digits are not supported: write an interval (1900/1999)",
    ),
    (
        r"Y-?[1-9]\d{4,}|-[\dX]{4}.*",
        f"EDTF extended and negative years are not supported: {ONLY_YEARS}",
    ),
    (  # a qualifier before the end: 2004?-06-11, 2004-06-~11
        r"(?=.*[~?%][^~?%])[~?%]?[\dX]{4}[~?%]?(-[~?%]?[\dX]{2}[~?%]?){0,2}",
        "EDTF level 2 qualification of part of a date is not supported: qualify the whole "
        "date at its end, e.g. 2004-06-11?",
    ),
    (
        r"(?=.*X)[\dX]{4}(-[\dX]{2}){0,2}[~?%]?",
        f"EDTF level 2 unspecified digits are not supported: {LEVEL_1_X}",
    ),
]
_REFUSED = [(re.compile(pattern), words) for pattern, words in _REFUSALS]


def _unsupported(part: str, whole: str) -> str:
    """Why ``part`` of ``whole`` is refused: the EDTF feature it uses, or that it is no EDTF."""
    for pattern, words in _REFUSED:
        if pattern.fullmatch(part):
            return f"{whole!r}: {words}"
    return (
        f"{whole!r} is not an EDTF date: write 2024-02-26, 2023-12, 2023, "
        "2023-06~ (approximate) or 2023-04/2023-06 (interval)"
    )


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
