"""Click parameter types for dates and moments: one reading (domain.asked), one error."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click
from pendulum import Date, DateTime

from company_timeline.domain import asked
from company_timeline.domain.errors import InvalidDate

if TYPE_CHECKING:  # click 8.5 types ParamType by the value it converts to; 8.1 does not
    ParamType = click.ParamType[Any]
else:
    ParamType = click.ParamType


class ValidDate(ParamType):
    """A day in any ISO 8601 form pendulum reads (2024-02-27, 20240227, 2024-W09-2), or today."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Date:
        try:
            return asked.day(value)
        except InvalidDate as e:
            self.fail(str(e), param, ctx)


class Moment(ParamType):
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


_ANCHOR = re.compile(r"(\d{1,18}):(?:sha256:)?([0-9A-Fa-f]{64})")


def parse_anchor(text: str) -> tuple[int, str] | None:
    """``POSITION:DIGEST``, the digest as verify and every export's head print it."""
    found = _ANCHOR.fullmatch(text.strip())
    return (int(found.group(1)), found.group(2).lower()) if found else None


class Anchor(ParamType):
    """A position of the log and the digest it had there, kept outside the store."""

    name = "POSITION:DIGEST"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, str]:
        if isinstance(value, tuple):
            return value
        anchor = parse_anchor(str(value))
        if anchor is None:
            self.fail(
                f"{str(value)[:80]!r} is not POSITION:DIGEST (e.g. 41:f4e8...: a position and "
                "the 64 hex digits verify or an export's head prints)",
                param,
                ctx,
            )
        return anchor


ANCHOR = Anchor()


class OutputPath(click.Path):
    """A path to write to; an empty one is refused (it would be the current folder)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("the path is empty", param, ctx)
        return super().convert(value, param, ctx)
