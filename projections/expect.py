"""Expected values, checked against a store: for ``timeline check`` and the pytest plugin.

An expectation names an entity, a field, a valid date and optionally a knowledge
and a recorded time, and either the value the field ``equals`` there or that
it is ``uncertain`` (a fact straddles the date). A failure tells the entity,
field, expected and actual values, and the events behind the actual value, so
that a changed fact can be found without another command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from company_timeline.domain import Fact, Money, Share, asked
from company_timeline.domain import parsers as f
from company_timeline.domain.errors import InputError, TimelineError, UnknownName
from company_timeline.domain.words import money_text

from .api import Timeline
from .exports.answers import show
from .queries import read_record

UNSET: Any = object()  # no ``equals`` given: ``None`` may be expected (no value)


@dataclass(frozen=True)
class Expectation:
    entity: str
    field: str
    at: Any
    known: Any = None
    recorded: Any = None
    equals: Any = UNSET
    uncertain: bool = False
    where: str = ""  # FILE:LINE, for expectations read from a file


@dataclass(frozen=True)
class Failure:
    expectation: Expectation
    actual: Any
    events: tuple[Fact, ...] = ()
    problem: str = ""  # the expectation could not be asked (an unknown entity or field)
    uncertain: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        e = self.expectation
        when = f"on {e.at}" + (f", as known at {e.known}" if e.known else "")
        when += f", as recorded at {e.recorded}" if e.recorded else ""
        head = f"{e.where}: " if e.where else ""
        if self.problem:
            return f"{head}{e.entity} {e.field} {when}: {self.problem}"
        wanted = "uncertain" if e.uncertain else words(e.equals)
        lines = [
            f"{head}{e.entity} {e.field} {when}",
            f"  expected: {wanted}",
            f"  actual:   {words(self.actual)}",
        ]
        if self.uncertain:
            lines.append(f"  uncertain on that date: {', '.join(self.uncertain)}")
        lines.append("  events behind the actual value:" if self.events else "  no event sets it")
        lines += [f"    {_event(fact)}" for fact in self.events]
        return "\n".join(lines)


def check(timeline: Timeline, expectation: Expectation) -> Failure | None:
    """None if the store holds what is expected; else what it holds, and why."""
    e = expectation
    try:
        cited = timeline.cited(e.entity, e.field, e.at, e.known, e.recorded)
        left_out: tuple[str, ...] = ()
        if cited is None or e.uncertain:
            why = timeline.why(e.entity, e.field, e.at, e.known)
            left_out = tuple(u.event for u in why.left_out_uncertain)
    except UnknownName as problem:
        return Failure(e, None, problem=str(problem))
    actual = timeline.value(e.entity, e.field, e.at, e.known, e.recorded) if cited else None
    held = (cited is None and bool(left_out)) if e.uncertain else same(actual, e.equals)
    if held:
        return None
    ids = set(cited.cited.events) if cited else set(left_out)
    facts = read_record(timeline.app, timeline.entity(e.entity)).facts
    events = tuple(x for x in facts if x.fact_id in ids)
    return Failure(e, actual, events, uncertain=left_out)


def same(actual: Any, expected: Any) -> bool:
    """Whether a typed value is the one expected, written as text (``EUR 2500000``,
    ``true``, ``2024-02-26``) or as a value; a list of one is its one item."""
    if isinstance(expected, (dt.date, dt.datetime)):
        expected = expected.isoformat()
    if isinstance(actual, list):
        if not isinstance(expected, (list, tuple)):
            return len(actual) == 1 and same(actual[0], expected)
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(actual, (Money, Share)) and isinstance(expected, str):
        try:
            expected = type(actual).parse(expected)
        except TimelineError:
            return False
    if isinstance(actual, bool) and isinstance(expected, str):
        return expected.strip().lower() == str(actual).lower()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return str(actual) == str(expected)
    return bool(actual == expected)


def words(value: Any) -> str:
    if value is UNSET or value is None:
        return "no value"
    if isinstance(value, Money):
        return money_text(value)
    if isinstance(value, list):
        return "[" + ", ".join(words(v) for v in value) + "]"
    return show("", value) if not isinstance(value, Share) else str(value)


def _event(fact: Fact) -> str:
    quote = fact.quotes[0] if fact.quotes else ""
    quote = quote if len(quote) <= 100 else quote[:97] + "..."
    return (
        f"{fact.fact_id} (valid {fact.valid or 'as amended'}, reported "
        f"{fact.reported.isoformat()}, source {fact.source}): {quote!r}"
    )


def load(path: str | Path) -> list[Expectation]:
    """An expectations file: YAML, ``expectations:`` a list of mappings, each checked
    and located at its file and line."""
    from company_timeline.domain.yamlnodes import read

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(name, 0, "(file)", "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(name, 0, "(file)", f"cannot read: {e}") from None
    root = read(name, text)
    root.check_keys({"expectations"})
    out = []
    for node in root.children("expectations"):
        node.check_keys({"entity", "field", "at", "known", "recorded", "equals", "uncertain"})
        uncertain = node.take("uncertain", f.boolean) or False
        if uncertain == ("equals" in node.values):
            raise node.error("equals", "give either equals: VALUE or uncertain: true")
        out.append(
            Expectation(
                entity=node.need("entity", f.slug),
                field=node.need("field", f.text),
                at=node.need("at", _day).isoformat(),
                known=node.take("known", _moment),
                recorded=node.take("recorded", _moment),
                equals=node.values.get("equals", UNSET),
                uncertain=uncertain,
                where=f"{name}:{node.line}",
            )
        )
    return out


def _day(value: Any) -> Any:
    return asked.day(value)


def _moment(value: Any) -> Any:
    asked.moment(value)  # checked here, to be located at its line; kept as written
    return value


def check_all(timeline: Timeline, expectations: Sequence[Expectation]) -> list[Failure]:
    return [x for x in (check(timeline, e) for e in expectations) if x is not None]
