"""``timeline check``: expected values, checked against the store."""

from __future__ import annotations

from pathlib import Path

import click

from .base import Store


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_obj
def check(store: Store, files: tuple[Path, ...]) -> None:
    """Check expected values (YAML: entity, field, at, optional known and recorded,
    and equals VALUE or uncertain: true) against the store; print each failure with
    the events behind the actual value, and exit 1 if any fails.

    \b
    Example:
        timeline check seeds/mistral-ai.expect.yaml
    """
    from company_timeline.domain.errors import ErrorList, InputError
    from company_timeline.domain.text import printable_lines
    from company_timeline.domain.words import count
    from company_timeline.projections.api import Timeline
    from company_timeline.projections.expect import check_all, load

    expectations, errors = [], ErrorList()
    for path in files:
        try:
            expectations += load(path)
        except InputError as e:
            errors.add(e)
    errors.raise_any()
    failures = check_all(Timeline(store.read()), expectations)
    for failure in failures:
        click.echo(printable_lines(str(failure)) + "\n")
    checked = count(len(expectations), "expectation")
    if failures:
        click.echo(f"{checked} checked: {len(failures):,} failed.")
        raise SystemExit(1)
    click.echo(f"{checked} checked: all hold.")
