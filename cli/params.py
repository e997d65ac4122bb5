"""Click parameter types for dates and moments: one parser, one kind of error."""

from __future__ import annotations

import re
from typing import Any

import click
import pendulum
from pendulum import Date, DateTime

from company_timeline.domain.dates import in_utc
from company_timeline.domain.errors import InvalidDate

_REDUCED = re.compile(r"\d{4}(-\d{2})?")


class ValidDate(click.ParamType):
    """A day in any ISO 8601 form pendulum reads: 2024-02-27, 20240227, 2024-W09-2."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Date:
        if isinstance(value, Date):  # a DateTime is a Date too
            return value.date() if isinstance(value, DateTime) else value
        text = str(value).strip()
        if _REDUCED.fullmatch(text):
            self.fail(
                f"{text!r} is a month or a year; give a day, e.g. {text}-01 or the last day",
                param,
                ctx,
            )
        parsed = _parse(self, text, param, ctx)
        return parsed.date() if isinstance(parsed, DateTime) else parsed


class Moment(click.ParamType):
    """An instant; a bare day means the end of that day (UTC), so it includes the day."""

    name = "TIME"

    def __init__(self, start: bool = False) -> None:
        self.start = start  # a bare day means its start (the first end of a range)

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> DateTime:
        if isinstance(value, DateTime):
            return value
        text = str(value).strip()
        parsed = _parse(self, text, param, ctx)
        if isinstance(parsed, DateTime):
            try:
                return in_utc(parsed, text)
            except InvalidDate as e:
                self.fail(str(e), param, ctx)
        day = pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC")
        return day if self.start else day.end_of("day")


def _parse(
    kind: click.ParamType, text: str, param: click.Parameter | None, ctx: click.Context | None
) -> Any:
    try:
        parsed = pendulum.parse(text, exact=True)
    except ValueError:
        kind.fail(f"{text!r} is not an ISO 8601 date or time (e.g. 2024-02-27)", param, ctx)
    if not isinstance(parsed, (Date, DateTime)):
        kind.fail(f"{text!r} is not a date or a moment", param, ctx)
    return parsed


VALID_DATE = ValidDate()
MOMENT = Moment()
MOMENT_FROM = Moment(start=True)
