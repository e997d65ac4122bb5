"""The ``timeline`` command: parse arguments, call the library, print."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
import platformdirs
from pendulum import Date

from timeline.domain import TimelineApp, TimelineError, open_store, seed_if_empty
from timeline.domain.store import describe
from timeline.projections.export_json import dumps, events_document, snapshot_document
from timeline.projections.export_text import events_text, snapshot_text
from timeline.projections.knowledge import in_valid_order
from timeline.projections.replay import snapshot

from .params import VALID_DATE


def default_store() -> str:
    return str(platformdirs.user_data_path("timeline") / "timeline.sqlite")


class TimelineGroup(click.Group):
    """Turns the library's errors into messages: no traceback for a user's mistake."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as e:
            raise click.ClickException(str(e)) from None


class Store:
    """Opened on first use, so ``--help`` never creates a file."""

    def __init__(self, location: str, seed: bool) -> None:
        self.location, self.seed, self._app = location, seed, None

    def open(self) -> TimelineApp:
        if self._app is None:
            self._app = open_store(self.location)
            if self.seed:
                seeded = seed_if_empty(self._app)
                if seeded is not None:
                    click.echo(
                        f"timeline: new store at {describe(self.location)}, seeded with "
                        f"{len(seeded.facts)} events from the shipped seed files",
                        err=True,
                    )
        return self._app


def output_format(command: Callable[..., Any]) -> Callable[..., Any]:
    """The one way every command chooses between text for people and JSON."""

    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                  show_default=True, help="Text for people, or versioned JSON.")  # fmt: skip
    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapped


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
@output_format
@click.pass_obj
def at(store: Store, date: Date, entity: str | None, fmt: str) -> None:
    """The state of entities on DATE, every figure with its events and sources.

    A fact dated only to a month, a year or an interval that straddles DATE is
    listed as uncertain, neither in nor out.

    Example:

        timeline at 2024-02-27 --entity mistral-ai --format json
    """
    snap, record = snapshot(store.open(), date, entity=entity)
    click.echo(
        dumps(snapshot_document(snap, record)) if fmt == "json" else snapshot_text(snap),
        nl=fmt == "json",
    )


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
    click.echo(
        dumps(events_document(facts)) if fmt == "json" else events_text(facts), nl=fmt == "json"
    )


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
