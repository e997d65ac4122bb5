"""What did we know, and when: the history, why and diff commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from company_timeline.domain.errors import TimelineError

from .base import Store, emit, output_format
from .ids import ENTITY, FIELD
from .params import MOMENT, VALID_DATE

if TYPE_CHECKING:
    from pendulum import Date, DateTime


@click.command()
@click.argument("entity", type=ENTITY)
@click.argument("field", type=FIELD, required=False)
@output_format
@click.pass_obj
def history(store: Store, entity: str, field: str | None, fmt: str) -> None:
    """Every value ENTITY's fields have taken: when each held, when it became known,
    which event set it and which report replaced or retracted it.

    FIELD is a path such as funding_rounds.series_a_extension.instrument, or a
    prefix of one (funding_rounds.series_a_extension); default: every field.

    \b
    Example:
        timeline history mistral-ai funding_rounds.series_a_extension.instrument
    """
    from company_timeline.projections.exports.answers import history_document, history_text
    from company_timeline.projections.queries import entity_history, store_names

    app = store.read()
    found = entity_history(app, entity, field)
    emit(
        fmt,
        lambda: history_text(entity, found, store_names(app)),
        lambda: history_document(entity, found),
    )


@click.command()
@click.argument("entity", type=ENTITY)
@click.argument("field", type=FIELD)
@click.option(
    "--at",
    "valid",
    type=VALID_DATE,
    help="The valid date asked about (default: the last day on record).",
)
@click.option("--as-known-at", "known", type=MOMENT, help="Use only what was reported by TIME.")
@output_format
@click.pass_obj
def why(
    store: Store, entity: str, field: str, valid: Date | None, known: DateTime | None, fmt: str
) -> None:
    """The events, sources and verbatim quotes behind FIELD of ENTITY on a date,
    with the corrections applied and the facts left out as uncertain.

    \b
    Example:
        timeline why mistral-ai funding_rounds.series_a --at 2023-12-15
    """
    from company_timeline.projections.exports.answers import why_document, why_text
    from company_timeline.projections.queries import explain, store_names

    app = store.read()
    if valid is None:
        from company_timeline.projections.listing import entity_last_day

        valid = entity_last_day(app, entity, known)
        if valid is None:
            raise TimelineError(
                f"nothing on record about {entity!r} to take the date from: give --at"
            )
    answer = explain(app, entity, field, valid, known)
    emit(fmt, lambda: why_text(answer, store_names(app)), lambda: why_document(answer))


@click.command()
@click.argument("entity", type=ENTITY)
@click.argument("dates", nargs=-1, type=VALID_DATE, metavar="[D1 D2]")
@click.option(
    "--as-known-at",
    "known",
    type=MOMENT,
    nargs=2,
    metavar="T1 T2",
    help="Compare two knowledge times instead of two valid dates.",
)
@click.option(
    "--at",
    "valid",
    type=VALID_DATE,
    help="With --as-known-at: the valid date to compare at (default: T2's day).",
)
@output_format
@click.pass_obj
def diff(
    store: Store,
    entity: str,
    dates: tuple[Date, ...],
    known: tuple[DateTime, DateTime] | None,
    valid: Date | None,
    fmt: str,
) -> None:
    """What changed for ENTITY, field by field, with the events responsible:
    between valid dates D1 and D2, or between knowledge times T1 and T2.

    \b
    Example:
        timeline diff mistral-ai 2024-01-15 2024-02-27
        timeline diff mistral-ai --as-known-at 2024-02-27T10:00+01:00 2024-02-28T12:00+01:00
    """
    if bool(dates) == bool(known) or (dates and len(dates) != 2):
        raise click.UsageError("give either two valid dates D1 D2, or --as-known-at T1 T2")
    points: tuple[tuple[Date, DateTime | None], tuple[Date, DateTime | None]]
    if known:
        first, second = known
        on = valid or second.date()
        points = ((on, first), (on, second))
        labels = (f"{on} as known at {first.isoformat()}", f"{on} as known at {second.isoformat()}")
        backwards = first > second
    else:
        points = ((dates[0], None), (dates[1], None))
        labels = (f"{dates[0]} as known now", f"{dates[1]} as known now")
        backwards = dates[0] > dates[1]
    if backwards:
        raise click.UsageError(f"{labels[0]} comes after {labels[1]}: give the earlier one first")
    from company_timeline.projections.exports.answers import diff_document, diff_text
    from company_timeline.projections.queries import compare, store_names

    app = store.read()
    changes = compare(app, entity, points[0], points[1])
    emit(
        fmt,
        lambda: diff_text(entity, labels, changes, store_names(app)),
        lambda: diff_document(entity, labels, changes),
    )
