"""The ``timeline`` command: parse arguments, call the library, print."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import click
import platformdirs
from pendulum import Date, DateTime

from timeline.projections.export_json import events_document, snapshot_document
from timeline.projections.export_text import events_text, snapshot_text
from timeline.projections.knowledge import in_valid_order
from timeline.projections.replay import snapshot

from .base import Store, TimelineGroup, emit, output_format
from .params import MOMENT, VALID_DATE
from .questions import diff, history, why


def default_store() -> str:
    return str(platformdirs.user_data_path("timeline") / "timeline.sqlite")


@click.group(cls=TimelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("company-timeline"), prog_name="timeline")
@click.option(
    "--store",
    envvar="TIMELINE_STORE",
    default=default_store,
    show_default="a SQLite file in your data folder",
    metavar="PATH_OR_URL",
    help="SQLite file path, or postgresql://user:password@host:port/dbname (env TIMELINE_STORE).",
)
@click.option(
    "--no-seed",
    is_flag=True,
    envvar="TIMELINE_NO_SEED",
    help="Do not load the shipped seed files into a new, empty store.",
)
@click.pass_context
def cli(ctx: click.Context, store: str, no_seed: bool) -> None:
    """An event-sourced timeline of company facts: what happened, and when it was known.

    Example:

        timeline at 2024-02-27 --entity mistral-ai
    """
    ctx.obj = Store(store, seed=not no_seed)


@cli.command()
@click.argument("date", type=VALID_DATE)
@click.option("--entity", metavar="ID", help="One entity (e.g. mistral-ai); default: all.")
@click.option(
    "--as-known-at",
    "known",
    type=MOMENT,
    help="Use only what was reported by TIME (a bare day means its end, UTC).",
)
@click.option(
    "--as-recorded-at",
    "recorded",
    type=MOMENT,
    help="Use only what this store had recorded by TIME (for audits).",
)
@output_format
@click.pass_obj
def at(
    store: Store,
    date: Date,
    entity: str | None,
    known: DateTime | None,
    recorded: DateTime | None,
    fmt: str,
) -> None:
    """The state of entities on DATE, every figure with its events and sources.

    A fact dated only to a month, a year or an interval that straddles DATE is
    listed as uncertain, neither in nor out.

    Example:

        timeline at 2024-02-27 --entity mistral-ai --as-known-at 2024-02-27T10:00:00+01:00
    """
    snap, record = snapshot(store.open(), date, known, recorded, entity)
    names = {slug: info.name for slug, info in record.entities.items()}
    emit(fmt, lambda: snapshot_text(snap, names), lambda: snapshot_document(snap, record))


@cli.command()
@click.option("--entity", metavar="ID", help="One entity's events; default: all.")
@output_format
@click.pass_obj
def events(store: Store, entity: str | None, fmt: str) -> None:
    """The stored events in valid-time order, with valid, reported and recorded times.

    Example:

        timeline events --entity mistral-ai
    """
    facts = in_valid_order(store.open().facts(entity))
    emit(fmt, lambda: events_text(facts), lambda: events_document(facts))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def ingest(store: Store, files: tuple[Path, ...]) -> None:
    """Check event files (YAML) and append what is new, all or nothing.

    Loading the same file again stores nothing new; an id that comes back with
    other content is refused (record a correction instead).

    Example:

        timeline ingest seeds/mistral-ai.yaml
    """
    done = store.open().ingest_files(files)
    click.echo(
        f"Stored {len(done.facts)} new events, {len(done.entities)} entities and "
        f"{len(done.sources)} sources from {len(files)} file(s); {done.unchanged} already stored."
    )


for command in (history, why, diff):
    cli.add_command(command)
