"""The ``timeline`` command: parse arguments, call the library, print.

Each command imports the library inside its body, so ``--help``, ``--version``
and every command load only what they use (start-up time is user-visible).
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

import click

from .across import make_search, search_options
from .base import (
    TABLE_FORMATS,
    Store,
    TimelineGroup,
    accept_unverified,
    default_store,
    emit,
    emit_stream,
    escape_what_cannot_be_shown,
    output_formats,
    progress_bar,
    unverified_said,
)
from .commands import Commands
from .ids import ENTITY
from .params import MOMENT, VALID_DATE

if TYPE_CHECKING:
    from pendulum import Date, DateTime

    from company_timeline.domain import TimelineApp


# The version as written, not read from the installed metadata: importlib.metadata
# alone costs --version a fifth of its start-up. A test holds it equal to the metadata.
VERSION = "0.2.0"  # pyproject.toml's [project] version


@click.group(cls=TimelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="timeline")
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

    The default store is seeded with the shipped seed files (Mistral AI, 2024;
    Motorola Mobility, 2012) when it is new; any other store starts empty
    (timeline seed fills it on request).

    \b
    Example:
        timeline at 2024-02-27 --entity mistral-ai
    """
    escape_what_cannot_be_shown()
    if store is None and os.environ.get("TIMELINE_STORE") is not None:
        # click takes an empty variable for an unset one: that would be the home store.
        raise click.BadParameter("TIMELINE_STORE is set but empty", param_hint="'--store'")
    ctx.obj = Store(default_store() if store is None else store, seed=store is None and not no_seed)


# The other commands, each loaded when asked for (``at``, ``events``, ``rebuild`` are below).
cli.commands = Commands(
    {
        "changes": ".across:changes",
        "check": ".checking:check",
        "copy": ".copy_command:copy",
        "export": ".exports:export",
        "ingest": ".ingesting:ingest",
        "entities": ".lists:entities",
        "sources": ".lists:sources",
        "fields": ".lists:fields",
        "history": ".questions:history",
        "why": ".questions:why",
        "diff": ".questions:diff",
        "seed": ".store_commands:seed",
        "verify": ".store_commands:verify",
        "chain": ".store_commands:chain",
    }
)


@cli.command()
@click.argument("date", type=VALID_DATE)
@click.option(
    "--entity", type=ENTITY, metavar="ID", help="One entity (e.g. mistral-ai); default: all."
)
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
@output_formats(*TABLE_FORMATS)
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

    \b
    Example:
        timeline at 2024-02-27 --entity mistral-ai --as-known-at 2024-02-27T10:00:00+01:00
    """
    from company_timeline.projections.queries import entity_states, snapshot

    app = store.read()
    if fmt in ("jsonl", "csv"):  # export's own renderers, its state table for csv
        _export(app, fmt, date, known, recorded, (entity,) if entity else (), "state")
        return
    # Only the renderer of the format asked is imported: start-up is user-visible.
    if entity is not None:
        snap, record = snapshot(app, date, known, recorded, entity)
        emit(
            fmt,
            lambda: _answers().snapshot_text(snap, record.names()),
            lambda: _documents().snapshot_document(snap, record),
        )
        return
    from company_timeline.projections.model import Snapshot

    # The whole store: an entity at a time, so memory stays flat however large it is.
    head = Snapshot(date, known, recorded, ())
    states = entity_states(app, date, known, recorded)
    emit_stream(
        fmt,
        lambda write: _answers().write_snapshot_text(
            head, ((s, r.names()) for s, r in states), write
        ),
        lambda write: _documents().write_snapshot_document(head, states, write),
    )


@cli.command()
@click.option("--entity", type=ENTITY, metavar="ID", help="One entity's own events; default: all.")
@search_options
@output_formats(*TABLE_FORMATS)
@click.pass_obj
def events(store: Store, /, entity: str | None, fmt: str, **filters: Any) -> None:
    """The stored events in valid-time order, with valid, reported and recorded times.

    The filters combine: --involving finds the facts an entity took part in, in any
    role (or --role's), its own included; --valid-between keeps facts whose valid
    time overlaps the span, those that straddle an end marked uncertain.

    \b
    Example:
        timeline events --involving microsoft --type funding_round --as-known-at 2024-02-28
    """
    from company_timeline.projections.event_search import search
    from company_timeline.projections.exports.search_answers import (
        write_found_document,
        write_found_text,
    )
    from company_timeline.projections.queries import store_names

    app = store.read()
    query = make_search(entity=entity, **filters)
    filtered = any(v for v in filters.values())
    if fmt in ("csv", "jsonl"):  # the export's tables and lines, of the facts found
        facts = (found.fact for found in search(app, query))
        if fmt == "csv":
            from company_timeline.projections.exports.csv_tables import write_events

            write_events(facts, store_names(app), sys.stdout)
        else:
            from company_timeline.projections.exports.jsonl_at import write_events as lines

            lines(facts, sys.stdout)
        return
    emit_stream(
        fmt,
        lambda write: write_found_text(search(app, query), write, store_names(app), filtered),
        lambda write: write_found_document(search(app, query), write),
    )


@cli.command()
@accept_unverified
@click.pass_obj
def rebuild(store: Store, accept: bool) -> None:
    """Drop the store's index and build it again from the log, all or nothing.

    The index (ids, entities, valid-time order) is kept by every ingest in the
    same transaction as the events; rebuilding it changes no answer. Refused
    where the log fails timeline verify.

    \b
    Example:
        timeline rebuild
    """
    app = store.write()
    unverified_said(app, accept, "rebuilding the index")
    with progress_bar("Rebuilding the index") as progress:
        count = app.rebuild(progress, accept_unverified=accept)
    from company_timeline.domain.words import count as counted

    click.echo(f"Rebuilt the index from {counted(count, 'event')}.")


def _export(
    app: TimelineApp,
    fmt: str,
    valid: Date,
    known: DateTime | None,
    recorded: DateTime | None,
    entities: tuple[str, ...],
    table: str,
) -> None:
    from company_timeline.projections.exports.pipeline import Request, export

    table_of = {"csv": table}
    export(app, Request(fmt, valid, known, recorded, entities), sys.stdout, None, table_of.get(fmt))


def _answers() -> ModuleType:
    from company_timeline.projections.exports import text_answers

    return text_answers


def _documents() -> ModuleType:
    from company_timeline.projections.exports import json_documents

    return json_documents
