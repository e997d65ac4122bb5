"""Questions across entities: the filters of ``timeline events``, and ``timeline changes``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .base import Store, emit_stream, output_format
from .params import MOMENT, MOMENT_FROM, VALID_DATE

if TYPE_CHECKING:
    from datetime import datetime

    from company_timeline.projections.event_search import Search


def search_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters ``events`` combines."""
    options = [
        click.option(
            "--involving", metavar="ID", help="Facts an entity took part in, in any role."
        ),
        click.option(
            "--role",
            metavar="ROLE",
            help="With --involving: only this role (investor, lead_investor, holder...).",
        ),
        click.option(
            "--type", "types", multiple=True, metavar="TYPE", help="Only facts of TYPE (repeat)."
        ),
        click.option(
            "--valid-between",
            type=(VALID_DATE, VALID_DATE),
            metavar="D1 D2",
            help="Valid time overlapping D1..D2; straddling an end is marked uncertain.",
        ),
        click.option(
            "--reported-between",
            type=(MOMENT_FROM, MOMENT),
            metavar="T1 T2",
            help="Made public from T1 to T2 (bare days: from the first's start to the last's end).",
        ),
        click.option("--as-known-at", "known", type=MOMENT, help="Only what was reported by TIME."),
        click.option(
            "--as-recorded-at", "recorded", type=MOMENT, help="Only what this store had by TIME."
        ),
    ]
    return functools.reduce(lambda c, option: option(c), reversed(options), command)


def make_search(**given: Any) -> Search:
    from company_timeline.domain.facttypes import REGISTRY
    from company_timeline.projections.event_search import Search

    types = frozenset(given.pop("types") or ())
    unknown = sorted(types - set(REGISTRY.names()))
    if unknown:
        raise click.BadParameter(
            f"{', '.join(map(repr, unknown))}: not a fact type ({', '.join(REGISTRY.names())})",
            param_hint="'--type'",
        )
    if given["role"] is not None and given["involving"] is None:
        raise click.BadParameter("--role needs --involving, the entity playing it")
    roles = {kind.role for kind in REGISTRY} | {r for r in REGISTRY.roles().values() if r}
    if given["role"] is not None and given["role"] not in roles:
        raise click.BadParameter(
            f"{given['role']!r} is not a role ({', '.join(sorted(roles))})", param_hint="'--role'"
        )
    for name in ("valid_between", "reported_between"):
        span = given[name]
        if span is not None and span[0] > span[1]:
            flag = "--" + name.replace("_", "-")
            raise click.BadParameter(f"{span[0]} comes after {span[1]}", param_hint=f"'{flag}'")
    return Search(types=types, **given)


@click.command()
@click.argument("since", type=MOMENT)
@click.argument("until", type=MOMENT)
@output_format
@click.pass_obj
def changes(store: Store, since: datetime, until: datetime, fmt: str) -> None:
    """What the store learned after SINCE and by UNTIL (knowledge times), across all
    entities: new facts, corrections and retractions, each with its entity, source
    and quote, in the order they were made public.

    A bare day means its end: `changes 2024-02-26 2024-02-27` is what was reported on
    the 27th.

    \b
    Example:
        timeline changes 2024-02-26 2024-02-28
    """
    from company_timeline.projections.event_search import changes as learned
    from company_timeline.projections.exports.search_answers import (
        write_changes_document,
        write_changes_text,
    )
    from company_timeline.projections.queries import store_names

    if since > until:
        raise click.BadParameter(
            f"{since.isoformat()} comes after {until.isoformat()}", param_hint="'SINCE'"
        )
    app = store.read()
    found = learned(app, since, until)
    emit_stream(
        fmt,
        lambda write: write_changes_text(found, write, store_names(app)),
        lambda write: write_changes_document(since, until, found, write),
    )
