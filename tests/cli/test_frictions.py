"""Small frictions met at the prompt, each fixed and kept fixed."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli


@pytest.fixture
def run(seeded_store):
    def invoke(*args):
        return CliRunner().invoke(cli, ["--store", seeded_store, *args])

    return invoke


def test_at_in_jsonl_and_csv_is_what_export_gives_for_that_date(run):
    for fmt, table in [("jsonl", []), ("csv", ["--table", "state"])]:
        mine = run("at", "2024-02-27", "--entity", "mistral-ai", "--format", fmt)
        export = run(
            "export", "--format", fmt, "--at", "2024-02-27", "--entity", "mistral-ai", *table
        )
        assert mine.exit_code == 0, mine.output
        assert mine.stdout == export.stdout


def test_events_in_jsonl_and_csv_give_one_row_per_event(run):
    lines = run("events", "--entity", "mistral-ai", "--format", "jsonl").stdout.splitlines()
    first = json.loads(lines[0])
    assert (first["record"], first["id"], first["valid"]) == (
        "event",
        "mistral-ai-founded",
        "2023-05~",
    )
    rows = list(csv.DictReader(io.StringIO(run("events", "--format", "csv").stdout)))
    assert len(rows) == 24 and len(lines) == 11
    series_a = next(r for r in rows if r["id"] == "mistral-ai-series-a")
    assert (series_a["amount"], series_a["currency"]) == ("385000000", "EUR")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_help_examples_are_kept_on_one_line_each(name):
    """A narrow terminal must not wrap an example: it would break copy and paste."""
    command = cli.commands[name]
    text = command.help.split("Example:", 1)[1]
    examples = [line.strip() for line in text.strip().splitlines()]
    result = CliRunner().invoke(cli, [name, "--help"], terminal_width=40)
    shown = result.stdout.split("Example:", 1)[1]
    for example in examples:
        assert f"    {example}\n" in shown, example


def test_help_says_the_default_store_holds_both_shipped_seeds():
    text = CliRunner().invoke(cli, ["--help"]).stdout
    assert "Mistral AI, 2024;" in text and "Motorola Mobility, 2012" in text
