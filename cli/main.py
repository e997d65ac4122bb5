"""The ``timeline`` command: parse arguments, call the library, print.

Each command imports the library inside its body, so ``--help``, ``--version``
and every command load only what they use (start-up time is user-visible).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import (
    Store,
    TimelineGroup,
    accept_unverified,
    emit,
    emit_stream,
    escape_what_cannot_be_shown,
    output_format,
    progress_bar,
    unverified_said,
)
from .copying import copy
from .exports import export
from .params import MOMENT, VALID_DATE
from .questions import diff, history, why
from .store_commands import chain, seed, verify

if TYPE_CHECKING:
    from pendulum import Date, DateTime


BIG_INGEST = 5_000_000  # bytes of event files from which ingest shows its progress


def default_store() -> str:
    import platformdirs

    return str(platformdirs.user_data_path("timeline") / "timeline.sqlite")


@click.group(cls=TimelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="company-timeline", prog_name="timeline")
@click.option(
    "--store",
    envvar="TIMELINE_STORE",
    show_default="a SQLite file in your data folder",
    metavar="PATH_OR_URL",
    help="SQLite file path, or postgresql://user:password@host:port/dbname (env TIMELINE_STORE).",
)
@click.option(
    "--no-seed",
    is_flag=True,
    envvar="TIMELINE_NO_SEED",
    help="Do not load the shipped seed files into the default store when it is new.",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None, no_seed: bool) -> None:
    """An event-sourced timeline of company facts: what happened, and when it was known.

    The default store is seeded with the shipped Mistral AI facts when it is
    new; any other store starts empty (timeline seed fills it on request).

    Example:

        timeline at 2024-02-27 --entity mistral-ai
    """
    escape_what_cannot_be_shown()
    if store is None and os.environ.get("TIMELINE_STORE") is not None:
        # click takes an empty variable for an unset one: that would be the home store.
        raise click.BadParameter("TIMELINE_STORE is set but empty", param_hint="'--store'")
    ctx.obj = Store(default_store() if store is None else store, seed=store is None and not no_seed)


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
    from company_timeline.projections.exports.documents import (
        snapshot_document,
        write_snapshot_document,
    )
    from company_timeline.projections.exports.text import snapshot_text, write_snapshot_text
    from company_timeline.projections.model import Snapshot
    from company_timeline.projections.replay import entity_states, snapshot

    app = store.read()
    if entity is not None:
        snap, record = snapshot(app, date, known, recorded, entity)
        emit(
            fmt,
            lambda: snapshot_text(snap, record.names()),
            lambda: snapshot_document(snap, record),
        )
        return
    # The whole store: an entity at a time, so memory stays flat however large it is.
    head = Snapshot(date, known, recorded, ())
    states = entity_states(app, date, known, recorded)
    emit_stream(
        fmt,
        lambda write: write_snapshot_text(head, ((s, r.names()) for s, r in states), write),
        lambda write: write_snapshot_document(head, states, write),
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
    from company_timeline.projections.exports.documents import write_events_document
    from company_timeline.projections.exports.text import write_events_text
    from company_timeline.projections.knowledge import in_valid_order
    from company_timeline.projections.replay import store_names

    app = store.read()
    facts = app.facts_in_valid_order() if entity is None else in_valid_order(app.facts(entity))
    emit_stream(
        fmt,
        lambda write: write_events_text(facts, write, store_names(app)),
        lambda write: write_events_document(facts, write),
    )


@cli.command()
@accept_unverified
@click.pass_obj
def rebuild(store: Store, accept: bool) -> None:
    """Drop the store's index and build it again from the log, all or nothing.

    The index (ids, entities, valid-time order) is kept by every ingest in the
    same transaction as the events; rebuilding it changes no answer. Refused
    where the log fails timeline verify.

    Example:

        timeline rebuild
    """
    app = store.write()
    unverified_said(app, accept, "rebuilding the index")
    with progress_bar("Rebuilding the index") as progress:
        count = app.rebuild(progress, accept_unverified=accept)
    click.echo(f"Rebuilt the index from {count} events.")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@accept_unverified
@click.pass_obj
def ingest(store: Store, files: tuple[Path, ...], accept: bool) -> None:
    """Check event files (YAML, or JSON Lines for machine-made data) and append
    what is new, all or nothing.

    Loading the same file again stores nothing new; an id that comes back with
    other content is refused (record a correction instead). Refused where the
    log fails timeline verify.

    Example:

        timeline ingest seeds/mistral-ai.yaml
    """
    from company_timeline.domain.eventfile import load_files

    large = sum(_size(p) for p in files) >= BIG_INGEST
    with progress_bar("Reading event files", quiet=not large) as progress:
        batch = load_files(files, progress)  # first: a bad file makes no store
    app = store.write()
    unverified_said(app, accept, "ingesting")
    if large:
        click.echo(f"Checking and storing {len(batch.facts):,} events, all or nothing.", err=True)
    done = app.ingest(batch, accept_unverified=accept)
    click.echo(
        f"Stored {len(done.facts)} new events, {len(done.entities)} entities and "
        f"{len(done.sources)} sources from {len(files)} file(s); {done.unchanged} already stored."
    )


def _size(path: Path) -> int:
    """Its size, or 0 for what the reader will refuse in one line (no file, a bad name)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        return 0


for command in (history, why, diff, export, copy, seed, verify, chain):
    cli.add_command(command)
