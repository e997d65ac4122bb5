"""Commands about the store itself: load the shipped seed, verify the log's chain."""

from __future__ import annotations

import click

from .base import Store, progress_bar, stored

BIG_LOG = 200_000  # positions in the log from which verify shows its progress


@click.command()
@click.pass_obj
def seed(store: Store) -> None:
    """Load the shipped seed files (Mistral AI, 2024; Motorola Mobility, 2012) into the store.

    Only the default store is seeded by itself, when new; any other store
    starts empty. Seeding again stores nothing new.

    \b
    Example:
        timeline --store mine.sqlite seed
    """
    from company_timeline.seeds import seed_files

    done = store.open(filling=True).ingest_files(seed_files())
    click.echo(stored(done, "the shipped seed files"))


@click.command()
@click.pass_obj
def verify(store: Store) -> None:
    """Check that the log is what was appended: no event edited, deleted, inserted or moved.

    Every appended event is chained to the one before it by a SHA-256 digest,
    written in the same transaction. verify recomputes the chain from the log
    and names the first position where they differ (exit status 1). On success
    it prints the number of events and the head digest: keep that digest
    elsewhere to detect a log and chain rewritten together.

    \b
    Example:
        timeline verify
    """
    with progress_bar("Verifying the log") as bar:

        def progress(done: int, total: int) -> None:
            if total >= BIG_LOG:  # a small log is verified before a bar would be read
                bar(done, total)

        # As found: opening a store otherwise first brings its index up to the log.
        count, head = store.open(catch_up=False).verify(progress)
    from company_timeline.domain.words import count as counted

    click.echo(f"Verified {counted(count, 'event')}: the log is as appended.")
    click.echo(f"Head digest (SHA-256) at position {head.position}: {head.digest}")
