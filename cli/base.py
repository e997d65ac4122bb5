"""What every command shares: the store, the error boundary, the output option."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from company_timeline.domain.errors import (
    InputErrors,
    TimelineError,
    UnknownField,
    UnknownName,
)
from company_timeline.domain.text import printable, printable_lines

if TYPE_CHECKING:
    from company_timeline.domain import Plan, TimelineApp


class TimelineGroup(click.Group):
    """Turns the library's errors, and a failing store's, into one line: no traceback.

    The line is made printable: a file name or a stored value in it cannot
    drive the terminal.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnknownField as e:  # the question found no such field: a bad argument
            raise click.BadParameter(printable(str(e)), param_hint="'FIELD'") from None
        except UnknownName as e:  # an id the command did not take through ids.StoredId
            raise click.UsageError(printable(str(e))) from None
        except InputErrors as e:  # a line per error, each located
            raise click.ClickException(printable_lines(str(e))) from None
        except TimelineError as e:
            raise click.ClickException(printable(str(e))) from None
        except click.ClickException as e:  # click's own, naming a value the user gave
            e.message = printable(e.message)
            raise
        except store_faults() as e:  # evaluated only once something was raised
            from company_timeline.domain.storage import faults
            from company_timeline.domain.store import describe

            store = ctx.obj.location if isinstance(ctx.obj, Store) else "?"
            message = f"store {describe(store)}: {faults.cause(e)}"
            raise click.ClickException(printable(message)) from None


def default_store() -> str:
    import platformdirs

    return str(platformdirs.user_data_path("timeline") / "timeline.sqlite")


def store_faults() -> tuple[type[BaseException], ...]:
    """A store failing in the middle of a command: the disk filling up, a lock, damage."""
    if "eventsourcing" not in sys.modules:  # no store was opened: nothing of this kind
        return ()
    from company_timeline.domain.storage import faults

    return faults.kinds()


class Store:
    """Opened on first use, so ``--help`` never creates a file.

    ``seed``: load the shipped seed files if the store is new (the default store only).
    """

    def __init__(self, location: str, seed: bool) -> None:
        self.location, self.seed = location, seed
        self._app: TimelineApp | None = None

    def open(self, catch_up: bool = True, filling: bool = False) -> TimelineApp:
        """``filling``: the command adds events, so an empty store needs no word."""
        if self._app is None:
            from company_timeline.domain.store import describe, open_store
            from company_timeline.seeds import seed_if_empty

            self._app = open_store(self.location, catch_up=catch_up)
            if not self.seed and not filling and self._app.is_empty():
                click.echo(
                    f"timeline: the store at {describe(self.location)} is empty: "
                    "'timeline seed' loads the shipped Mistral AI seed, "
                    "'timeline ingest FILE' your own facts",
                    err=True,
                )
            if self.seed:
                seeded = seed_if_empty(self._app)
                if seeded is not None:
                    click.echo(
                        f"timeline: new store at {describe(self.location)}, seeded with "
                        f"{len(seeded.facts)} events from the shipped seed files",
                        err=True,
                    )
        return self._app


def output_formats(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The one way every command chooses between text for people and formats for tools."""
    words = {"json": "versioned JSON", "jsonl": "JSON Lines", "csv": "CSV"}
    tools = [words[c] for c in choices if c != "text"]
    said = ", ".join(tools[:-1]) + (" or " if len(tools) > 1 else "") + tools[-1]

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default="text",
            show_default=True,
            help=f"Text for people, or {said}.",
        )(command)

    return decorate


output_format = output_formats("text", "json")
TABLE_FORMATS = ("text", "json", "jsonl", "csv")


def emit(fmt: str, text: Callable[[], str], document: Callable[[], dict[str, Any]]) -> None:
    if fmt == "json":
        from company_timeline.projections.exports.documents import dumps

        click.echo(dumps(document()))
    else:
        click.echo(printable_lines(text()), nl=False)  # a stored value must not drive the terminal


Write = Callable[[str], Any]


class _Printable:
    """stdout for text to people: a stored value in it cannot drive the terminal."""

    def write(self, chunk: str) -> int:
        return sys.stdout.write(printable_lines(chunk))


def stored(done: Plan, origin: str) -> str:
    """What an ingest stored, in words: one number format, nouns agreeing with it."""
    from company_timeline.domain.words import count

    return (
        f"Stored {count(len(done.facts), 'new event')}, {count(len(done.entities), 'entity')} "
        f"and {count(len(done.sources), 'source')} from {origin}; "
        f"{done.unchanged:,} already stored."
    )


def printable_out(fmt: str) -> Any:
    """Where a command writes ``fmt``: text made printable, formats for tools as they are."""
    return _Printable() if fmt == "text" else sys.stdout


def emit_stream(fmt: str, text: Callable[[Write], None], document: Callable[[Write], None]) -> None:
    """Like ``emit``, for answers written piece by piece as they are read."""
    out = sys.stdout
    if fmt == "json":
        document(out.write)
        out.write("\n")
    else:
        text(lambda chunk: out.write(printable_lines(chunk)))


@contextlib.contextmanager
def progress_bar(
    label: str, quiet: bool = False, after: float = 0.0
) -> Iterator[Callable[[int, int], None]]:
    """A progress callback ``(done, total)`` drawing a bar on stderr once work has gone
    on for ``after`` seconds: a quick step stays silent."""
    bars: list[Any] = []
    start = time.monotonic()

    def update(done: int, total: int) -> None:
        if quiet or (not bars and after and (time.monotonic() - start < after or done >= total)):
            return
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
