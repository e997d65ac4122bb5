"""What every command shares: the store, the error boundary, the output option."""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from company_timeline.domain.errors import TimelineError
from company_timeline.domain.text import printable, printable_lines

if TYPE_CHECKING:
    from company_timeline.domain import TimelineApp


class TimelineGroup(click.Group):
    """Turns the library's errors, and a failing store's, into one line: no traceback.

    The line is made printable: a file name or a stored value in it cannot
    drive the terminal.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as e:
            raise click.ClickException(printable(str(e))) from None
        except click.ClickException as e:  # click's own, naming a value the user gave
            e.message = printable(e.message)
            raise
        except _store_faults() as e:  # evaluated only once something was raised
            from company_timeline.domain.storage import faults
            from company_timeline.domain.store import describe

            store = ctx.obj.location if isinstance(ctx.obj, Store) else "?"
            message = f"store {describe(store)}: {faults.cause(e)}"
            raise click.ClickException(printable(message)) from None


def _store_faults() -> tuple[type[BaseException], ...]:
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
        from company_timeline.projections.exports.documents import dumps

        click.echo(dumps(document()))
    else:
        click.echo(printable_lines(text()), nl=False)  # a stored value must not drive the terminal


Write = Callable[[str], Any]


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
