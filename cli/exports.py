"""``timeline export``: projections handed to other tools and to people."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from company_timeline.projections.exports import FORMATS

from .base import Store
from .params import MOMENT, VALID_DATE

if TYPE_CHECKING:
    from pendulum import Date, DateTime


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="json or jsonl for programs, csv for spreadsheets, md and html for people, "
    "events for an event file that ingests into another store, sqlite for SQL tools "
    "(with -o).",
)
@click.option(
    "--at", "valid", type=VALID_DATE, help="The valid date (default: the last day on record)."
)
@click.option("--as-known-at", "known", type=MOMENT, help="Use only what was reported by TIME.")
@click.option(
    "--as-recorded-at",
    "recorded",
    type=MOMENT,
    help="Use only what this store had recorded by TIME.",
)
@click.option(
    "--entity", "entities", multiple=True, metavar="ID", help="Only these entities (repeatable)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to PATH (a folder for csv's two tables) instead of stdout; "
    "written whole or not at all.",
)
@click.option(
    "--table", type=click.Choice(["events", "state"]), help="csv: the one table to write."
)
@click.pass_obj
def export(
    store: Store,
    fmt: str,
    valid: Date | None,
    known: DateTime | None,
    recorded: DateTime | None,
    entities: tuple[str, ...],
    output: Path | None,
    table: str | None,
) -> None:
    """Export the state on a date, or the stored events, for other tools and people.

    Every export is deterministic (the same store and arguments give the same
    bytes) and carries its schema, its arguments and the number of events it
    was made from.

    Example:

        timeline export --format html -o mistral-ai.html

        timeline export --format csv --at 2024-02-27 -o tables/

        timeline export --format sqlite -o facts.db
    """
    from company_timeline.projections.exports.base import NeedsAFile, Request
    from company_timeline.projections.exports.base import export as write_export

    request = Request(fmt, valid, known, recorded, entities)
    try:
        written = write_export(store.open(), request, sys.stdout, output, table)
    except NeedsAFile as e:
        raise click.BadParameter(str(e), param_hint="'-o' / '--output'") from None
    for path in written:
        click.echo(f"Wrote {path}", err=True)
