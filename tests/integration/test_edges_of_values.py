"""Values at their edges, through the CLI: exact totals, the first and last days of the calendar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

HUGE = """\
sources:
  - {id: wire, title: A wire story, published: "2024-01-10T09:00:00+00:00"}
entities:
  - {id: acme, name: Acme, kind: company}
events:
  - {id: seed, type: funding_round, entity: acme, round: seed, valid: 2020-03, source: wire,
     amount: EUR 12345678901234567890123456789, equivalents: [USD 1], quote: x}
  - {id: a, type: funding_round, entity: acme, round: series_a, valid: 2021-03, source: wire,
     amount: EUR 1, equivalents: [USD 0.0000001], quote: y}
"""
EDGES = """\
sources:
  - {id: wire, title: A wire story, published: "2024-01-10T09:00:00+00:00"}
entities:
  - {id: acme, name: Acme, kind: company}
events:
  - {id: first, type: funding_round, entity: acme, round: seed, valid: "0001-01-01",
     source: wire, amount: EUR 5, quote: x}
  - {id: last, type: funding_round, entity: acme, round: series_a, valid: "9999-12-31",
     source: wire, amount: EUR 7, quote: y}
  - {id: span, type: product_launched, entity: acme, product: P, valid: "0001-01/9999-12",
     source: wire, quote: z}
  - {id: fix, type: report_corrected, entity: acme, target: last, changes: {valid: "9999"},
     source: wire, quote: w}
"""


def run(store: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, ["--store", str(store), "--no-seed", *args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def store(tmp_path: Path):
    def holding(text: str) -> Path:
        (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
        run(tmp_path / "store.sqlite", "ingest", str(tmp_path / "facts.yaml"))
        return tmp_path / "store.sqlite"

    return holding


def test_a_29_digit_amount_plus_one_euro_totals_exactly(store):
    location = store(HUGE)
    text = run(location, "at", "2024-01-01", "--entity", "acme").stdout
    assert "Total raised: EUR 12,345,678,901,234,567,890,123,456,790" in text
    document = json.loads(run(location, "at", "2024-01-01", "--format", "json").stdout)
    totals = document["entities"][0]["total_raised"]
    assert totals["by_currency"][0]["amount"] == "12345678901234567890123456790"
    assert totals["equivalents"][0]["amount"] == "1.0000001"


@pytest.mark.parametrize(
    "command",
    [
        ["at", "0001-01-01"],
        ["at", "9999-12-31"],
        ["history", "acme"],
        ["why", "acme", "funding_rounds.series_a", "--at", "9999-12-31"],
        ["diff", "acme", "0001-01-01", "9999-12-31"],
        ["diff", "acme", "--as-known-at", "0001-01-01", "9999-12-31"],
        ["events"],
        ["at", "9999-12-31", "--as-known-at", "9999-12-31T23:59:59+00:00"],
    ],
)
def test_facts_on_the_first_and_last_days_answer_every_question(store, command):
    assert run(store(EDGES), *command).stdout


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["at", "2024-01-01", "--as-known-at", "9999-12-31T23:00:00-05:00"], "--as-known-at"),
        (["at", "2024-01-01", "--as-known-at", "0001-01-01T00:30:00+01:00"], "--as-known-at"),
        (["at", "2024-01-01", "--as-recorded-at", "0001-01-01T00:00:00+01:00"], "--as-recorded-at"),
        (
            ["diff", "acme", "--as-known-at", "2024-01-01", "9999-12-31T20:00-05:00"],
            "--as-known-at",
        ),
        (["why", "acme", "funding_rounds", "--at", "0000-12-31"], "--at"),
        (["at", "10000-01-01"], "DATE"),
    ],
)
def test_a_moment_outside_the_years_is_a_usage_error_naming_the_option(tmp_path, args, option):
    result = run(tmp_path / "store.sqlite", *args, code=2)
    assert f"Invalid value for '{option}'" in result.stderr
    assert "Traceback" not in result.output
