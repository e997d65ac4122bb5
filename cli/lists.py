"""What a store holds: its entities, its sources, an entity's fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from company_timeline.domain.errors import UnknownName

from .base import TABLE_FORMATS, Store, output_formats, printable_out
from .ids import ENTITY, SOURCE
from .params import MOMENT, VALID_DATE

if TYPE_CHECKING:
    from pendulum import Date, DateTime

list_format = output_formats(*TABLE_FORMATS)


@click.command()
@click.option("--kind", help="Only entities of this kind (company, investor, regulator...).")
@list_format
@click.pass_obj
def entities(store: Store, kind: str | None, fmt: str) -> None:
    """Every entity in the store: id, name, kind, the first and last day its facts
    reach, and how many facts it has.

    \b
    Example:
        timeline entities --kind company
    """
    from company_timeline.projections.exports import list_answers as lists
    from company_timeline.projections.listing import entity_rows

    try:
        rows = list(entity_rows(store.read(), kind))
    except UnknownName as e:
        raise click.BadParameter(str(e), param_hint="'--kind'") from None
    lists.entities(rows, fmt, printable_out(fmt))


@click.command()
@click.argument("ids", nargs=-1, type=SOURCE, metavar="[ID]...")
@list_format
@click.pass_obj
def sources(store: Store, ids: tuple[str, ...], fmt: str) -> None:
    """The sources in the store (or those named): id, publication time, title and revisions.

    \b
    Example:
        timeline sources article-2024-02-27
    """
    from company_timeline.projections.exports import list_answers as lists
    from company_timeline.projections.listing import source_rows

    lists.sources(list(source_rows(store.read(), ids)), fmt, printable_out(fmt))


@click.command()
@click.argument("entity", type=ENTITY)
@click.option(
    "--at", "valid", type=VALID_DATE, help="The valid date (default: the last day on record)."
)
@click.option("--as-known-at", "known", type=MOMENT, help="Use only what was reported by TIME.")
@list_format
@click.pass_obj
def fields(store: Store, entity: str, valid: Date | None, known: DateTime | None, fmt: str) -> None:
    """Every field path of ENTITY with its value, for history, why and check.

    \b
    Example:
        timeline fields mistral-ai
    """
    from company_timeline.projections.exports import list_answers as lists
    from company_timeline.projections.listing import entity_fields

    day, found = entity_fields(store.read(), entity, valid, known)
    shown = day.isoformat() if day else None
    lists.fields(entity, shown, list(found.values()), fmt, printable_out(fmt))
