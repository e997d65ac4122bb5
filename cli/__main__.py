"""``python -m company_timeline.cli``: the ``timeline`` command."""

from company_timeline.cli.main import cli

cli(prog_name="timeline")
