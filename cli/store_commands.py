"""Commands about the store itself: load the shipped seed, verify the log's chain, start it."""

from __future__ import annotations

from pathlib import Path

import click

from .base import Store, accept_unverified, progress_bar, stored, unverified_said
from .params import ANCHOR, parse_anchor

BIG_LOG = 200_000  # positions in the log from which verify shows its progress


@click.command()
@accept_unverified
@click.pass_obj
def seed(store: Store, accept: bool) -> None:
    """Load the shipped seed files (Mistral AI, 2024; Motorola Mobility, 2012) into the store.

    Only the default store is seeded by itself, when new; any other store
    starts empty. Seeding again stores nothing new.

    \b
    Example:
        timeline --store mine.sqlite seed
    """
    from company_timeline.seeds import seed_files

    app = store.write()
    unverified_said(app, accept, "seeding")
    done = app.ingest_files(seed_files(), accept_unverified=accept)
    click.echo(stored(done, "the shipped seed files"))


@click.command()
@click.option(
    "--expect",
    "expected",
    type=ANCHOR,
    multiple=True,
    help="Check that the log still had DIGEST at POSITION, as verify or an export's head "
    "printed it then (repeatable).",
)
@click.option(
    "--expect-from",
    "expect_from",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check every POSITION:DIGEST line of FILE (as --witness writes it).",
)
@click.option(
    "--witness",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Once verified, append the position, digest and time to FILE, one line: "
    "keep it where the store's writers cannot reach.",
)
@click.pass_obj
def verify(
    store: Store,
    expected: tuple[tuple[int, str], ...],
    expect_from: Path | None,
    witness: Path | None,
) -> None:
    """Check that the log is what was appended: no event edited, deleted, inserted or moved.

    Every appended event is chained to the one before it by a SHA-256 digest,
    written in the same transaction. verify recomputes the chain from the log
    and names the first position where they differ (exit status 1); a log with
    no chain fails too. It only reads: a read-only store verifies.

    The chain cannot show a log and chain rewritten together, nor events removed
    from the end: anchors kept elsewhere can. --expect POSITION:DIGEST (or every
    line of --expect-from FILE) checks that the log still had that digest at
    that position; --witness FILE appends today's to FILE.

    \b
    \b
    Example:
        timeline verify --expect-from ~/timeline-witness.txt --witness ~/timeline-witness.txt
    """
    import pendulum

    anchors = dict(expected)
    if expect_from is not None:
        anchors.update(_anchors_in(expect_from))
    with progress_bar("Verifying the log") as bar:

        def progress(done: int, total: int) -> None:
            if total >= BIG_LOG:  # a small log is verified before a bar would be read
                bar(done, total)

        count, head = store.read(index=False).verify(progress, anchors)
    from company_timeline.domain.words import count as counted

    click.echo(f"Verified {counted(count, 'event')}: the log is as appended.")
    if anchors:
        click.echo(f"Each of {len(anchors)} anchors matches the log.")
    click.echo(f"Head digest (SHA-256) at position {head.position}: {head.digest}")
    if witness is not None:
        now = pendulum.now("UTC").format("YYYY-MM-DDTHH:mm:ss[Z]")
        try:
            with witness.open("a", encoding="ascii") as out:
                out.write(f"{head.position}:{head.digest} {now}\n")
        except OSError as e:
            message = f"cannot write the witness {witness}: {e.strerror}"
            raise click.ClickException(message) from None
        click.echo(f"Witnessed in {witness}.")


def _anchors_in(path: Path) -> dict[int, str]:
    """Every anchor line of a witness file: POSITION:DIGEST, then anything (its time)."""
    found: dict[int, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) else "not UTF-8 text"
        message = f"cannot read {path}: {reason}"
        raise click.BadParameter(message, param_hint="--expect-from") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        anchor = parse_anchor(line.split()[0])
        if anchor is None:
            raise click.BadParameter(
                f"{path}:{number}: not a POSITION:DIGEST line", param_hint="--expect-from"
            )
        if found.setdefault(anchor[0], anchor[1]) != anchor[1]:
            raise click.BadParameter(
                f"{path}:{number}: position {anchor[0]} has another digest on an earlier line",
                param_hint="--expect-from",
            )
    return found


@click.command()
@click.option(
    "--start",
    is_flag=True,
    required=True,
    help="Chain the log as it is now (required: it says what the command does).",
)
@click.pass_obj
def chain(store: Store, start: bool) -> None:
    """Start the hash chain of a log written before the chain existed (version 0.1).

    Every store made since is chained as it is appended to, and a log without
    a chain fails timeline verify; this chains such a log as it is now, so
    verify can vouch for it from now on, not for what happened to it before.
    Refused where the log has or had a chain: a chain is never made again.

    \b
    Example:
        timeline --store old.sqlite chain --start
    """
    app = store.write()
    with progress_bar("Chaining the log") as progress:
        count = app.start_chain(progress)
    head = app.log_digest()
    click.echo(
        f"Chained {count} events as they are now: verify vouches for the log from here on, "
        "not for what was done to it before."
    )
    click.echo(f"Head digest (SHA-256) at position {head.position}: {head.digest}")
