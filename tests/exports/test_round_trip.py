"""``export --format events`` always ingests back: to stdout it carries its documents."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.domain.eventfile import load_file

MOMENTS = (
    ("--at", "2023-12-15"),
    ("--at", "2024-02-27", "--as-known-at", "2024-02-27T10:00:00+01:00"),
    ("--at", "2024-02-28"),
)


def run(store, *args, stdin=None):
    result = CliRunner().invoke(cli, ["--store", store, *args], input=stdin)
    assert result.exit_code == 0, result.output
    return result


def answers(store):
    """Every `at` answer as JSON, but for the times only that store has (recorded)."""
    out = []
    for moment in MOMENTS:
        args = ["at", moment[1], *moment[2:], "--format", "json"]
        out.append(_without_recorded(json.loads(run(store, *args).stdout)))
    return out


def ingest_stdout_export(source, target, folder):
    """``export --format events | timeline --store target ingest -``, with `ingest -`
    where the command has it, else through a file written from stdout alone."""
    text = run(source, "export", "--format", "events").stdout
    piped = CliRunner().invoke(cli, ["--store", target, "ingest", "-"], input=text)
    if piped.exit_code == 0:
        return piped
    (folder / "piped.yaml").write_text(text, encoding="utf-8")  # nothing else beside it
    return run(target, "ingest", str(folder / "piped.yaml"))


def test_the_events_export_piped_to_stdout_ingests_into_an_empty_store_with_the_same_answers(
    store_location, tmp_path
):
    source = seeded(str(tmp_path / "source.sqlite"))
    folder = tmp_path / "alone"
    folder.mkdir()
    done = ingest_stdout_export(source, store_location, folder)
    assert "Stored 24 new events, 14 entities and 3 sources" in done.stdout
    assert answers(store_location) == answers(source)
    # verified quotes stay verified: the document's text came inside the file
    at = json.loads(run(store_location, "at", "2024-02-28", "--format", "json").stdout)
    evidence = {e["event"]: e for ent in at["entities"] for e in ent["evidence"]}
    assert evidence["microsoft-series-a-extension"]["verified"] is True


def test_the_round_trip_goes_both_ways_stdout_then_file_and_file_then_stdout(tmp_path):
    source = seeded(str(tmp_path / "source.sqlite"))
    one, two = str(tmp_path / "one.sqlite"), str(tmp_path / "two.sqlite")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ingest_stdout_export(source, one, tmp_path / "a")
    run(one, "export", "--format", "events", "-o", str(tmp_path / "b"))  # documents beside
    run(two, "ingest", str(tmp_path / "b" / "events.yaml"))
    assert answers(two) == answers(one) == answers(source)
    bodies = [_body(run(s, "export", "--format", "events").stdout) for s in (source, one, two)]
    assert bodies[0] == bodies[1] == bodies[2]


def test_a_document_text_without_its_name_is_refused_naming_the_field(tmp_path):
    path = tmp_path / "carried.yaml"
    path.write_text(
        "sources:\n"
        "  - id: wire\n"
        "    title: A wire\n"
        "    published: 2024-03-01T09:00:00+00:00\n"
        '    document_text: "The text."\n',
        encoding="utf-8",
    )
    needs = r"carried.yaml:5: sources\[0\].document_text: needs `document`"
    with pytest.raises(Exception, match=needs):
        load_file(path)


def test_a_carried_text_that_does_not_hold_a_quote_refuses_it(tmp_path):
    store = str(tmp_path / "store.sqlite")
    path = tmp_path / "carried.yaml"
    path.write_text(
        "sources:\n"
        "  - id: wire\n"
        "    title: A wire\n"
        "    published: 2024-03-01T09:00:00+00:00\n"
        "    document: wire.txt\n"
        '    document_text: "Acme was founded in March."\n'
        "entities: [{id: acme, name: Acme, kind: company}]\n"
        "events:\n"
        "  - {id: f, type: company_founded, entity: acme, valid: 2020-03, source: wire,"
        " quote: Acme was founded in May.}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--store", store, "ingest", str(path)])
    assert result.exit_code == 1
    assert "quote: not found word for word in the source" in result.stderr


def _body(event_file):
    return [line for line in event_file.splitlines() if not line.startswith("#")]


def _without_recorded(value):
    if isinstance(value, dict):
        return {k: _without_recorded(v) for k, v in value.items() if k != "recorded"}
    if isinstance(value, list):
        return [_without_recorded(v) for v in value]
    return value
