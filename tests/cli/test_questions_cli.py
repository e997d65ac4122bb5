"""history, why, diff and --as-known-at from the command line, text and JSON."""

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli


@pytest.fixture
def run(seeded_store):
    store = seeded_store

    def invoke(*args):
        return CliRunner().invoke(cli, ["--store", store, *args])

    return invoke


def test_at_as_known_at_the_first_publication_shows_a_convertible_note_and_no_commission(run):
    first = run(
        "at", "2024-02-27", "--entity", "mistral-ai", "--as-known-at", "2024-02-27T10:00+01:00"
    )
    assert "as known at 2024-02-27T09:00:00+00:00" in first.stdout
    assert "convertible note" in first.stdout and "European Commission" not in first.stdout
    later = run(
        "at", "2024-02-27", "--entity", "mistral-ai", "--as-known-at", "2024-02-28T12:00+01:00"
    )
    assert "; equity;" in later.stdout and "European Commission (statement" in later.stdout


def test_at_in_json_records_both_cut_offs(run):
    document = json.loads(
        run(
            "at",
            "2024-02-27",
            "--as-known-at",
            "2024-02-27",
            "--as-recorded-at",
            "2100-01-01",
            "--format",
            "json",
        ).stdout
    )
    assert document["as_known_at"] == "2024-02-27T23:59:59.999999+00:00"
    assert document["as_recorded_at"] == "2100-01-01T23:59:59.999999+00:00"


def test_known_before_every_report_says_nothing_is_known(run):
    out = run("at", "2024-02-27", "--as-known-at", "2011-01-01").stdout
    assert "Nothing on record on or before 2024-02-27, as known at 2011-01-01" in out


def test_history_in_text_and_json(run):
    field = "funding_rounds.series_a_extension.instrument"
    text = run("history", "mistral-ai", field).stdout
    assert (
        "replaced 2024-02-28T09:00:00+00:00 by microsoft-investment-not-a-convertible-note" in text
    )
    document = json.loads(run("history", "mistral-ai", field, "--format", "json").stdout)
    assert document["schema"] == "timeline.history/1"
    values = document["fields"][0]["values"]
    assert [v["value"] for v in values] == ["convertible_note", "equity"]
    assert values[0]["known_from"] == "2024-02-27T08:00:00+00:00"


def test_why_in_text_and_json(run):
    text = run("why", "mistral-ai", "funding_rounds.series_a", "--at", "2023-12-15").stdout
    assert "Left out, valid time uncertain on 2023-12-15" in text
    assert "« À l’époque, la société avait levé 385 millions d’euros" in text
    document = json.loads(
        run("why", "mistral-ai", "total_raised", "--at", "2024-02-27", "--format", "json").stdout
    )
    assert document["schema"] == "timeline.why/1"
    assert document["values"][0]["value"] == [
        {"amount": "505000000", "approximate": False, "currency": "EUR"}
    ]
    assert {e["event"] for e in document["evidence"]} >= {
        "mistral-ai-series-a",
        "microsoft-series-a-extension",
    }


def test_diff_between_valid_dates_and_between_knowledge_times(run):
    text = run("diff", "mistral-ai", "2023-12-15", "2024-01-15").stdout
    assert "+ funding_rounds.series_a.amount: EUR 385,000,000" in text
    document = json.loads(
        run(
            "diff",
            "mistral-ai",
            "--as-known-at",
            "2024-02-27T10:00+01:00",
            "2024-02-28T12:00+01:00",
            "--format",
            "json",
        ).stdout
    )
    assert document["schema"] == "timeline.diff/1"
    instrument = next(c for c in document["changes"] if c["field"].endswith(".instrument"))
    assert (instrument["before"], instrument["after"]) == ("convertible_note", "equity")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (
            ["at", "2024-02-27", "--as-known-at", "yesterday"],
            2,
            "Invalid value for '--as-known-at'",
        ),
        (
            ["why", "mistral-ai", "funding_rounds", "--at", "2024-02-30"],
            2,
            "Invalid value for '--at'",
        ),
        (["history", "nobody"], 2, "no entity 'nobody'"),
        (
            ["history", "mistral-ai", "funding_rounds.series_z"],
            2,
            "no field 'funding_rounds.series_z'",
        ),
        (["why", "mistral-ai", "nonsense", "--at", "2024-02-27"], 2, "fields are: founded"),
        (["diff", "mistral-ai", "2024-02-27", "2024-01-15"], 2, "give the earlier one first"),
        (
            ["diff", "mistral-ai", "--as-known-at", "2024-02-28", "2024-02-27"],
            2,
            "give the earlier one first",
        ),
        (["diff", "mistral-ai"], 2, "give either two valid dates"),
        (["diff", "mistral-ai", "2024-01-15"], 2, "give either two valid dates"),
    ],
)
def test_bad_questions_are_clear_errors(run, args, code, words):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert words in result.stderr and "Traceback" not in result.output


def test_why_without_at_asks_about_the_last_day_on_record(run):
    result = run("why", "mistral-ai", "funding_rounds.series_a_extension.instrument")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "funding_rounds.series_a_extension.instrument of Mistral AI on 2024-02-27, as known now"
    )
