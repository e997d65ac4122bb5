"""``timeline export``: projections handed to other tools and to people."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from company_timeline.projections.exports import FORMATS

from .base import Store, progress_bar
from .ids import ENTITY
from .params import MOMENT, VALID_DATE, OutputPath

if TYPE_CHECKING:
    from pendulum import Date, DateTime


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="json or jsonl for programs, csv for spreadsheets, md and html for people, "
    "events for an event file that ingests into another store, timelinejs for "
    "TimelineJS3, prov for W3C PROV-JSON, sqlite for SQL tools (with -o).",
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
    "--entity",
    "entities",
    type=ENTITY,
    multiple=True,
    metavar="ID",
    help="Only these entities (repeatable).",
)
@click.option(
    "-o",
    "--output",
    type=OutputPath(path_type=Path),
    help="Write to PATH (a folder for csv's two tables) instead of stdout; a file is "
    "written whole or not at all, a FIFO or a device written into, never replaced.",
)
@click.option(
    "--table",
    type=click.Choice(["events", "sources", "state", "state-wide"]),
    help="csv: the one table to write (state-wide: one row per entity, a column per field).",
)
@click.option("--bom", is_flag=True, help="csv: begin with a UTF-8 byte order mark, for Excel.")
@click.option(
    "--csv-raw",
    is_flag=True,
    help="csv: cells as stored, for programs; by default a cell beginning with =, +, -, @, "
    "TAB or CR gets a leading ' so a spreadsheet shows it as text, not a formula.",
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
    bom: bool,
    csv_raw: bool,
) -> None:
    """Export the state on a date, or the stored events, for other tools and people.

    Every export is deterministic (the same store and arguments give the same
    bytes) and carries its schema, its arguments and the number of events it
    was made from. A step longer than a second draws a progress bar on stderr,
    and the end says what was written.

    \b
    Example:
        timeline export --format html -o mistral-ai.html
        timeline export --format csv --at 2024-02-27 -o tables/
        timeline export --format sqlite -o facts.db
    """
    from company_timeline.projections.exports.files import BadRequest, NeedsAFile
    from company_timeline.projections.exports.pipeline import Request
    from company_timeline.projections.exports.pipeline import export as write_export

    request = Request(fmt, valid, known, recorded, entities, bom, csv_raw)
    with contextlib.ExitStack() as bars, _terminated_as_an_exit():  # temp files go on SIGTERM

        def progress(label: str) -> Callable[[int, int], None]:
            return bars.enter_context(progress_bar(label, after=1.0))

        try:
            written = write_export(store.read(), request, sys.stdout, output, table, progress)
        except NeedsAFile as e:
            raise click.BadParameter(str(e), param_hint="'-o' / '--output'") from None
        except BadRequest as e:  # arguments that cannot go together
            raise click.UsageError(str(e)) from None
    for what in written:  # what went to a file: stdout speaks for itself
        if what.path is not None:
            click.echo(str(what), err=True)


@contextlib.contextmanager
def _terminated_as_an_exit() -> Iterator[None]:
    """SIGTERM raises SystemExit (status 143) while an export writes: the files it was
    writing are removed on the way out, as on any failure."""

    def exit_now(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, exit_now)
    except ValueError:  # not the main thread: the default stands
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
