from timeline.cli.main import cli

cli(prog_name="timeline")
