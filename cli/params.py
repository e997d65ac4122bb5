"""Click parameter types for dates and moments: one reading (domain.asked), one error."""

from __future__ import annotations

from typing import Any

import click
from pendulum import Date, DateTime

from company_timeline.domain import asked
from company_timeline.domain.errors import InvalidDate


class ValidDate(click.ParamType):
    """A day in any ISO 8601 form pendulum reads (2024-02-27, 20240227, 2024-W09-2), or today."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Date:
        try:
            return asked.day(value)
        except InvalidDate as e:
            self.fail(str(e), param, ctx)


class Moment(click.ParamType):
    """An instant; a bare day means the end of that day (UTC), so it includes the day."""

    name = "TIME"

    def __init__(self, start: bool = False) -> None:
        self.start = start  # a bare day means its start: the first end of a range

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> DateTime:
        try:
            return asked.moment(value, self.start)
        except InvalidDate as e:
            self.fail(str(e), param, ctx)


VALID_DATE = ValidDate()
MOMENT = Moment()
MOMENT_FROM = Moment(start=True)
