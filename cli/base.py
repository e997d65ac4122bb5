"""What every command shares: the store, the error boundary, the output option."""

from __future__ import annotations

import codecs
import contextlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import click

from company_timeline.domain.errors import (
    InputErrors,
    NoStore,
    SettingError,
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

    _args: list[str] = []

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        self._args = list(args)  # as given, to name one that is not UTF-8
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UnknownField as e:  # the question found no such field: a bad argument
            raise click.BadParameter(printable(str(e)), param_hint="'FIELD'") from None
        except UnknownName as e:  # an id the command did not take through ids.StoredId
            raise click.UsageError(printable(str(e))) from None
        except InputErrors as e:  # a line per error, each located
            raise click.ClickException(printable_lines(str(e))) from None
        except (NoStore, SettingError) as e:  # as a bad argument: the user named it wrong
            raise BadUse(printable(str(e))) from None
        except UnicodeEncodeError as e:  # output is escaped: only an argument can be at fault
            undecodable = next((a for a in self._args if _SURROGATE.search(a)), e.object)
            shown = printable(undecodable.encode("utf-8", "backslashreplace").decode("ascii"))
            raise BadUse(f"an argument is not UTF-8 text: {shown[:100]}") from None
        except TimelineError as e:
            raise click.ClickException(printable(str(e))) from None
        except click.ClickException as e:  # click's own, naming a value the user gave
            shown = printable(e.message)
            if shown != e.message:
                e.args = (shown,)
                object.__setattr__(
                    e, "message", shown
                )  # click marks it Final; a copy would lose its kind
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


ESCAPE = "timeline-escape"


def _escape(error: UnicodeError) -> tuple[str, int]:
    """What an output cannot encode, as JSON's own escapes (``\\u00e9``): the text stays
    readable, and a JSON document stays valid, on an ASCII terminal or pipe."""
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start : error.end]
    units = text.encode("utf-16-be", "surrogatepass")
    escaped = "".join(
        f"\\u{int.from_bytes(units[i : i + 2], 'big'):04x}" for i in range(0, len(units), 2)
    )
    return escaped, error.end


def escape_what_cannot_be_shown() -> None:
    """Let stdout and stderr escape what their encoding cannot show (LC_ALL=C,
    PYTHONIOENCODING=ascii, an undecodable argument echoed) instead of failing."""
    codecs.register_error(ESCAPE, _escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ESCAPE)


class BadUse(click.ClickException):
    """One line, exit status 2: what the user asked for cannot be (no store there)."""

    exit_code = 2


_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, as Python keeps it


def store_faults() -> tuple[type[BaseException], ...]:
    """A store failing in the middle of a command: the disk filling up, a lock, damage."""
    if "eventsourcing" not in sys.modules:  # no store was opened: nothing of this kind
        return ()
    from company_timeline.domain.storage import faults

    return faults.kinds()


class Store:
    """Opened on first use, so ``--help`` never creates a file.

    ``seed``: load the shipped seed files if the store is new (the default store only).
    Commands that only read open it with ``read``, which never creates nor writes a
    store; those that add events, with ``write``.
    """

    def __init__(self, location: str, seed: bool) -> None:
        self.location, self.seed = location, seed
        self._app: TimelineApp | None = None

    def read(self, index: bool = True) -> TimelineApp:
        """The store, to answer from; ``index=False`` for verify, which reads the log only."""
        if self._app is None:
            from company_timeline.domain.store import describe, open_store

            try:
                self._app = open_store(self.location, catch_up=index, write=False)
            except NoStore:
                if not self.seed:
                    raise NoStore(
                        f"no store at {describe(self.location)}; `timeline ingest` or "
                        "`timeline seed` creates one"
                    ) from None
                return self.write()  # the default store, on first use: made and seeded
            if self.seed and self._app.is_empty():
                self._app.close()
                self._app = None
                return self.write()
            if self._app.is_empty():
                click.echo(
                    f"timeline: the store at {describe(self.location)} is empty: "
                    "'timeline seed' loads the shipped Mistral AI seed, "
                    "'timeline ingest FILE' your own facts",
                    err=True,
                )
        return self._app

    def write(self) -> TimelineApp:
        """The store, made if new (and seeded, for the default store), to add to."""
        if self._app is None:
            from company_timeline.domain.store import describe, open_store
            from company_timeline.seeds import seed_if_empty

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
        from company_timeline.projections.exports.json_documents import dumps

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


def accept_unverified(command: Callable[..., Any]) -> Callable[..., Any]:
    """The one way a writing command is told to go on from a log that fails verification."""
    return click.option(
        "--accept-unverified",
        "accept",
        is_flag=True,
        help="Go on even if the log fails timeline verify (said on stderr); "
        "by default the command refuses, naming the first changed position.",
    )(command)


def unverified_said(app: TimelineApp, accept: bool, doing: str) -> None:
    """With --accept-unverified, say on stderr whether the log failed verification."""
    if accept:
        failure = app.unverified()
        if failure is not None:
            click.echo(
                printable(f"timeline: {doing} although the log fails verification: {failure}"),
                err=True,
            )
