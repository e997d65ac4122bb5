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
        return pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC").end_of("day")


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


_ANCHOR = re.compile(r"(\d{1,18}):(?:sha256:)?([0-9A-Fa-f]{64})")


def parse_anchor(text: str) -> tuple[int, str] | None:
    """``POSITION:DIGEST``, the digest as verify and every export's head print it."""
    found = _ANCHOR.fullmatch(text.strip())
    return (int(found.group(1)), found.group(2).lower()) if found else None


class Anchor(click.ParamType):
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
