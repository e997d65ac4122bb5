"""Dates and moments as people ask for them: one reading for the CLI and the Python API.

A day is ISO 8601 text (``2024-02-27``, ``20240227``, ``2024-W09-2``), ``today``,
or a ``date``/``datetime`` (pendulum's too); a moment is an instant, or a day,
meaning that day's end (UTC) so that it includes the day. Anything else is an
``InvalidDate`` saying what is wrong with it, never a bare ``TypeError``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import pendulum
from pendulum import Date, DateTime

from .dates import in_utc
from .errors import InvalidDate

_REDUCED = re.compile(r"[+-]?\d{4}(-\d{2})?")
_CALENDAR = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?")
EXAMPLE = "e.g. 2024-02-27 or today"


def day(value: Any) -> Date:
    """The day asked about."""
    if isinstance(value, dt.datetime):
        return pendulum.instance(value).date()
    if isinstance(value, dt.date):
        return pendulum.date(value.year, value.month, value.day)
    text = _text(value)
    if text.lower() == "today":
        return pendulum.today("UTC").date()
    if _REDUCED.fullmatch(text):
        raise InvalidDate(f"{text!r} is a month or a year; give a day, e.g. {text}-01")
    parsed = _parse(text)
    return parsed.date() if isinstance(parsed, DateTime) else parsed


def moment(value: Any, start: bool = False) -> DateTime:
    """The instant asked about; a bare day means the end of that day, UTC (its start, with
    ``start``: the first end of a range that includes the day)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InvalidDate(f"{value.isoformat()!r} has no time zone: give one, e.g. +00:00")
        return in_utc(pendulum.instance(value), value.isoformat())
    if isinstance(value, dt.date):
        return _edge(day(value), start)
    text = _text(value)
    if text.lower() in ("today", "now"):
        now = pendulum.now("UTC")
        return now if text.lower() == "now" else _edge(now.date(), start)
    parsed = _parse(text)
    if isinstance(parsed, DateTime):
        return in_utc(parsed, text)
    return _edge(parsed, start)


def _edge(d: Date, start: bool = False) -> DateTime:
    midnight = pendulum.datetime(d.year, d.month, d.day, tz="UTC")
    return midnight if start else midnight.end_of("day")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidDate(
            f"{value!r} is not a date: give ISO 8601 text, a date or a datetime ({EXAMPLE})"
        )
    return value.strip()


def _parse(text: str) -> Date | DateTime:
    try:
        parsed = pendulum.parse(text, exact=True)
    except ValueError:
        raise InvalidDate(_why_not(text)) from None
    if not isinstance(parsed, (Date, DateTime)):  # a time or a duration
        raise InvalidDate(f"{text!r} is not a date or a moment ({EXAMPLE})")
    return parsed


def _why_not(text: str) -> str:
    """A calendar date that is not one says which part is wrong."""
    found = _CALENDAR.fullmatch(text)
    if found:
        year, month, number = (int(g) for g in found.groups())
        if not 1 <= month <= 12:
            return f"{text!r} is not a date: there is no month {month}"
        days = calendar.monthrange(year, month)[1]
        if not 1 <= number <= days:
            name = calendar.month_name[month]
            return f"{text!r} is not a date: {name} {year} has {days} days"
    return f"{text!r} is not an ISO 8601 date or time ({EXAMPLE})"
