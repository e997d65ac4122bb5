"""What every command shares: the store, the error boundary, the output option."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from timeline.domain import TimelineApp, TimelineError, open_store, seed_if_empty
from timeline.domain.store import describe
from timeline.projections.export_json import dumps


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
        self.location, self.seed = location, seed
        self._app: TimelineApp | None = None

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

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Text for people, or versioned JSON.",
    )
    @functools.wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapped


def emit(fmt: str, text: Callable[[], str], document: Callable[[], dict[str, Any]]) -> None:
    if fmt == "json":
        click.echo(dumps(document()))
    else:
        click.echo(text(), nl=False)
