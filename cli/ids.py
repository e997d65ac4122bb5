"""Ids and field paths as arguments: found whatever their case, suggested when
mistyped (exit 2), and completed from the store by the shell."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

from company_timeline.domain.errors import TimelineError, UnknownName

from .base import Store, default_store, store_faults
from .params import ParamType

if TYPE_CHECKING:
    from company_timeline.domain import TimelineApp

COMPLETED = 200  # ids offered at most: a shell shows no more usefully


class StoredId(ParamType):
    """The id of a stored entity or source; ``Mistral-AI`` finds ``mistral-ai``, saying so."""

    def __init__(self, kind: str) -> None:
        self.kind, self.name = kind, "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        store = ctx.find_object(Store) if ctx else None
        if store is None or not isinstance(value, str):
            return str(value)
        from company_timeline.domain.finding import find_id

        try:
            found, recased = find_id(store.read(), self.kind, value)
        except UnknownName as e:
            self.fail(str(e), param, ctx)
        if recased:
            click.echo(f"timeline: {self.kind} {value!r} taken as {found!r}", err=True)
        return found

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        app = _store_for_completion(ctx)
        if app is None:
            return []
        start = incomplete.lower()
        # Ids are ASCII below "\x7f": those in (start minus its last letter's successor...)
        # are read from the index's range for the prefix, no more than a shell shows.
        after = start[:-1] + chr(ord(start[-1]) - 1) + "\x7f" if start else ""
        found = itertools.islice(app.ids(self.kind, after, start + "\x7f"), COMPLETED)
        return [CompletionItem(i) for i in found]


class FieldPath(ParamType):
    """A field path of the entity given before it (``funding_rounds.series_a.amount``)."""

    name = "FIELD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return str(value)  # checked by the question asked, which knows the entity's fields

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        entity = ctx.params.get("entity")
        app = _store_for_completion(ctx)
        if app is None or not isinstance(entity, str):
            return []
        from company_timeline.projections.queries import entity_history

        try:
            paths = {h.path for h in entity_history(app, entity)}
        except TimelineError:
            return []
        items = {".".join(p.split(".")[:2]) for p in paths}
        return [CompletionItem(p) for p in sorted(paths | items) if p.startswith(incomplete)]


def _store_for_completion(ctx: click.Context) -> TimelineApp | None:
    """The store named on the command line so far, opened only if it exists: completing
    must neither create a store nor print an error into the user's prompt."""
    location = ctx.find_root().params.get("store") or os.environ.get("TIMELINE_STORE")
    location = location or default_store()
    if "://" not in location and not Path(location).is_file():
        return None
    from company_timeline.domain.store import open_store

    expected: tuple[type[BaseException], ...] = (TimelineError, *store_faults())
    try:
        return open_store(location, write=False)
    except expected:
        return None


ENTITY = StoredId("entity")
SOURCE = StoredId("source")
FIELD = FieldPath()
