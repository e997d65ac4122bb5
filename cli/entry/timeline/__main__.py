"""``python -m timeline``: the ``timeline`` command.

Installed as a namespace portion (no ``__init__.py``), so it sits beside the
unrelated ``timeline`` package rather than replacing it; the command itself
lives in ``company_timeline`` and never imports ``timeline``.
"""

from company_timeline.cli.main import cli

cli(prog_name="timeline")
