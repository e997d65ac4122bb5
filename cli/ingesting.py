"""``timeline ingest``: event files (or one from stdin) checked and appended, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .base import Store, accept_unverified, progress_bar, stored, unverified_said

if TYPE_CHECKING:
    from company_timeline.domain.drafts import Batch

BIG_INGEST = 5_000_000  # bytes of event files from which ingest shows its progress


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--stdin-format",
    type=click.Choice(["yaml", "jsonl"]),
    help="The format of the file read from stdin (-); default: told by its first character.",
)
@accept_unverified
@click.pass_obj
def ingest(store: Store, files: tuple[Path, ...], stdin_format: str | None, accept: bool) -> None:
    """Check event files (YAML, or JSON Lines for machine-made data) and append
    what is new, all or nothing. FILE - reads one from stdin.

    Loading the same file again stores nothing new; an id that comes back with
    other content is refused (record a correction instead). A bad file stores
    nothing, and every error found in it is told, each on its line. Refused where
    the log fails timeline verify.

    \b
    Example:
        timeline ingest seeds/mistral-ai.yaml
        generate-facts | timeline ingest - --stdin-format jsonl
    """
    from company_timeline.domain.drafts import Batch
    from company_timeline.domain.errors import ErrorList, InputError
    from company_timeline.domain.eventfile import load_files
    from company_timeline.domain.words import count

    if sum(str(p) == "-" for p in files) > 1:
        raise click.BadParameter("stdin (-) can be read once", param_hint="'FILES...'")
    paths = [p for p in files if str(p) != "-"]
    large = sum(_size(p) for p in paths) >= BIG_INGEST
    batch, errors = Batch(), ErrorList()
    if len(paths) < len(files):
        try:
            batch.extend(_from_stdin(stdin_format))
        except InputError as e:
            errors.add(e)
    with progress_bar("Reading event files", quiet=not large) as progress:
        try:
            batch.extend(load_files(paths, progress))
        except InputError as e:
            errors.add(e)
    errors.raise_any()  # first: a bad file makes no store
    app = store.write()
    unverified_said(app, accept, "ingesting")
    if large:
        click.echo(f"Checking and storing {len(batch.facts):,} events, all or nothing.", err=True)
    done = app.ingest(batch, accept_unverified=accept)
    click.echo(stored(done, count(len(files), "file")))


def _size(path: Path) -> int:
    """Its size, or 0 for what the reader will refuse in one line (no file, a bad name)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except (OSError, ValueError):
        return 0


def _from_stdin(fmt: str | None) -> Batch:
    from company_timeline.domain.errors import InputError
    from company_timeline.domain.eventfile import STDIN, load_text

    data = sys.stdin.buffer.read()  # bytes: an error names the line of a byte not UTF-8
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        byte = data[e.start]
        message = f"cannot read: not UTF-8 text (byte 0x{byte:02x})"
        raise InputError(STDIN, line, "(file)", message) from None
    return load_text(text, fmt)
