"""``timeline ingest -``: an event file from stdin; every error of a bad file told at once."""

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

ACME = """\
sources:
  - id: acme-wire
    title: Acme is born
    published: 2020-04-01T09:00:00+00:00
entities:
  - id: acme
    name: Acme
    kind: company
events:
  - id: acme-founded
    type: company_founded
    entity: acme
    valid: 2020-03
    source: acme-wire
    quote: Acme was founded in March.
"""
ACME_LINES = "\n".join(
    json.dumps(line)
    for line in [
        {"source": {"id": "acme-wire", "title": "Acme", "published": "2020-04-01T09:00:00Z"}},
        {"entity": {"id": "acme", "name": "Acme", "kind": "company"}},
        {
            "event": {
                "id": "acme-founded",
                "type": "company_founded",
                "entity": "acme",
                "valid": "2020-03",
                "source": "acme-wire",
                "quote": "Acme was founded in March.",
            }
        },
    ]
)


@pytest.fixture
def run(tmp_path):
    store = str(tmp_path / "store.sqlite")

    def invoke(*args, input=None):
        return CliRunner().invoke(cli, ["--store", store, *args], input=input)

    return invoke


@pytest.mark.parametrize("text", [ACME, ACME_LINES], ids=["yaml", "jsonl"])
def test_ingest_dash_reads_one_event_file_from_stdin_telling_its_format(run, text):
    result = run("ingest", "-", input=text)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Stored 1 new event, 1 entity and 1 source from 1 file; 0 already stored.\n"
    )
    assert "acme-founded" in run("events").stdout


def test_the_stdin_format_can_be_given(run):
    result = run("ingest", "-", "--stdin-format", "jsonl", input=ACME)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <stdin>:1: (file): not valid JSON")


def test_errors_in_stdin_are_located_at_its_lines(run):
    result = run("ingest", "-", input=ACME.replace("valid: 2020-03", "valid: 2020-3"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <stdin>:13: events[0].valid: ")


def test_stdin_with_other_files_is_one_batch(run, tmp_path):
    other = tmp_path / "more.yaml"
    other.write_text(ACME.replace("acme-founded", "acme-founded-again"), encoding="utf-8")
    result = run("ingest", "-", str(other), input=ACME)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Stored 2 new events, 1 entity and 1 source from 2 files")


def test_a_missing_file_says_no_such_file(run, tmp_path):
    result = run("ingest", str(tmp_path / "nope.yaml"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path / 'nope.yaml'}: no such file\n",
    )


def test_a_bad_file_tells_every_error_found_and_stores_nothing(run, tmp_path):
    bad = ACME.replace("valid: 2020-03", "valid: 2020-3") + (
        "  - id: acme-again\n"
        "    type: company_founded\n"
        "    entity: acme\n"
        "    vlid: 2020-03\n"
        "    source: acme-wire\n"
        "    quote: Acme was founded in March.\n"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    result = run("ingest", str(path), str(missing))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}:13: events[0].valid: '2020-3' is not an EDTF date: write 2024-02-26, "
        "2023-12, 2023, 2023-06~ (approximate) or 2023-04/2023-06 (interval)",
        f"{path}:19: events[1].vlid: unknown field (expected one of: entity, founders, id, "
        "note, quote, reported, revision, source, type, valid)",
        f"{missing}: no such file",
    ]
    assert not (tmp_path / "store.sqlite").exists() or run("entities").stdout == "0 entities\n"


def test_references_to_what_is_not_declared_are_all_told(run):
    bad = ACME.replace("source: acme-wire\n    quote", "source: nowhere\n    quote") + (
        "  - id: other\n"
        "    type: company_founded\n"
        "    entity: globex\n"
        "    valid: 2020-03\n"
        "    source: acme-wire\n"
        "    quote: Globex too.\n"
    )
    lines = run("ingest", "-", input=bad).stderr.splitlines()
    assert lines[0].startswith("Error: <stdin>:14: events[0].source: no source 'nowhere'")
    assert lines[1].startswith("<stdin>:18: events[1].entity: no entity 'globex'")


def test_a_file_with_very_many_errors_stops_at_twenty(run):
    event = "  - id: e{n}\n    type: company_founded\n    entity: acme\n    valid: soon\n"
    bad = ACME + "".join(event.format(n=n) for n in range(30))
    lines = run("ingest", "-", input=bad).stderr.splitlines()
    assert len(lines) == 21
    assert lines[-1] == "(stopped after 20 errors; nothing was stored)"


def test_counts_share_one_number_format(run):
    event = {
        "type": "company_founded",
        "entity": "acme",
        "valid": "2020-03",
        "source": "acme-wire",
        "quote": "Acme was founded in March.",
    }
    many = [json.dumps({"event": {**event, "id": f"acme-{n}"}}) for n in range(1200)]
    result = run("ingest", "-", input="\n".join([*ACME_LINES.splitlines()[:2], *many]))
    assert result.stdout.startswith("Stored 1,200 new events, 1 entity and 1 source")
    assert run("rebuild").stdout == "Rebuilt the index from 1,202 events.\n"
