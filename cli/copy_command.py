"""The copy command: every stored event into another store, then a check of both."""

from __future__ import annotations

import click

from .base import Store, accept_unverified, progress_bar, unverified_said


@click.command()
@click.option(
    "--to",
    "to",
    required=True,
    metavar="PATH_OR_URL",
    help="The store to copy into: an empty one, or what an interrupted copy left.",
)
@accept_unverified
@click.pass_obj
def copy(store: Store, to: str, accept: bool) -> None:
    """Copy every stored event, with the time it was recorded, into another store
    (SQLite or PostgreSQL), then check that both give identical exports.

    The target is never seeded. It must be empty, or hold the start of this
    store's log: each batch is committed on its own, so a copy that was
    interrupted goes on where it stopped when run again. Copying a store into
    itself, or into a store holding other events, is refused, and so is copying
    a log that fails timeline verify: the copy's new chain would vouch for it.

    \b
    Example:
        timeline copy --to postgresql://me@localhost:5432/timeline
    """
    from company_timeline.domain.copying import copy_store
    from company_timeline.domain.store import describe, open_store
    from company_timeline.projections.copy_check import check_identical_exports

    app = store.read()
    if not accept:
        app.check_verified("nothing was copied")  # before the target is made
    unverified_said(app, accept, "copying")
    target = open_store(to)
    try:
        with progress_bar("Copying events") as progress:
            done = copy_store(app, target, progress, accept_unverified=True)  # checked above
        check_identical_exports(app, target)
    finally:
        target.close()
    click.echo(
        f"Copied {done.copied} events to {describe(to)} ({done.already} were already there); "
        "both stores give identical exports."
    )
