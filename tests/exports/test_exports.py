"""``timeline export``, read back as the tools and people it is for would read it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.projections.exports import FORMATS

SEEDS = Path(__file__).parents[2] / "seeds"
TRICKY = """\
sources:
  - id: wire
    title: A wire story
    published: 2024-03-01T09:00:00+00:00
entities:
  - id: acme
    name: "Acme <b>|*_[x]</b>"
    kind: company
events:
  - id: acme-seed
    type: funding_round
    entity: acme
    round: seed
    valid: 2024-02
    source: wire
    amount: EUR 1000000.50
    quote:
      - 'She said "yes, and no", then <script>alert(1)</script>'
      - "a second, | quoted [^line]"
"""


@pytest.fixture
def store(tmp_path):
    return seeded(str(tmp_path / "source.sqlite"))


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result


def export(store, fmt, *args):
    return run(store, "export", "--format", fmt, *args).stdout


@pytest.fixture
def tricky(store, tmp_path):
    (tmp_path / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    run(store, "ingest", str(tmp_path / "tricky.yaml"))
    return store


def test_the_command_offers_every_registered_format():
    from company_timeline.cli.exports import export as command

    (option,) = (p for p in command.params if p.name == "fmt")
    assert list(option.type.choices) == list(FORMATS)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "md", "events", "html"])
def test_every_format_gives_the_same_bytes_twice_and_says_what_made_it(store, fmt):
    first = export(store, fmt, "--entity", "mistral-ai")
    assert first == export(store, fmt, "--entity", "mistral-ai")
    assert "timeline.export/1" in first
    assert "11 events" in first or '"events": 11' in first or '"events":11' in first


EVERY_NAMED = [
    "andreessen-horowitz",
    "chinese-authorities",
    "eu-regulators",
    "european-commission",
    "european-regulators",
    "google",
    "lightspeed-venture-partners",
    "meta",
    "microsoft",
    "mistral-ai",
    "motorola-mobility",
    "openai",
    "uk-regulators",
    "us-regulators",
]


def test_json_is_the_at_document_for_every_entity_with_the_head(store):
    document = json.loads(export(store, "json", "--at", "2024-02-27"))
    assert document["schema"] == "timeline.at/1"
    assert document["export"]["events"] == 24
    assert document["export"]["arguments"]["at"] == "2024-02-27"
    ids = [e["entity"]["id"] for e in document["entities"]]
    # Every entity a fact names shows: investors, regulators, the buyer of Motorola Mobility.
    assert ids == EVERY_NAMED
    same = json.loads(run(store, "at", "2024-02-27", "--format", "json").stdout)
    assert document["entities"] == same["entities"] and document["sources"] == same["sources"]


def test_json_lines_give_one_entity_per_line_after_the_head(store):
    lines = [json.loads(line) for line in export(store, "jsonl").splitlines()]
    assert lines[0]["record"] == "export" and lines[0]["valid_at"] == "2024-02-27"
    entities = [line for line in lines if line["record"] == "entity"]
    assert [e["entity"]["id"] for e in entities] == EVERY_NAMED
    (mistral,) = (e for e in entities if e["entity"]["id"] == "mistral-ai")
    assert mistral["funding_rounds"][1]["amount"]["amount"] == "385000000"
    assert {line["id"] for line in lines if line["record"] == "source"} == {
        "article-2024-02-27",
        "tnw-2023-06-14",
        "tnw-2012-05-22-motorola",
    }


def test_csv_tables_read_back_row_by_row(store, tmp_path):
    run(store, "export", "--format", "csv", "--at", "2024-02-27", "-o", str(tmp_path / "out"))
    with open(tmp_path / "out" / "events.csv", encoding="utf-8", newline="") as f:
        events = list(csv.DictReader(f))
    assert len(events) == 25  # the corrected extension: as first reported, and as corrected
    series_a = next(e for e in events if e["id"] == "mistral-ai-series-a")
    assert (series_a["amount"], series_a["currency"], series_a["approximate"]) == (
        "385000000",
        "EUR",
        "false",
    )
    assert (series_a["valid"], series_a["valid_earliest"], series_a["valid_latest"]) == (
        "2023-12",
        "2023-12-01",
        "2023-12-31",
    )
    assert series_a["quote"].split("\n")[0].startswith("Mistral AI a atteint une valorisation")
    with open(tmp_path / "out" / "state.csv", encoding="utf-8", newline="") as f:
        state = {(r["entity"], r["field"]): r for r in csv.DictReader(f)}
    total = state[("mistral-ai", "total_raised.by_currency[0]")]
    assert (total["value"], total["currency"]) == ("505000000", "EUR")
    instrument = state[("mistral-ai", "funding_rounds.series_a_extension.instrument")]
    assert instrument["value"] == "equity"
    assert "microsoft-investment-not-a-convertible-note" in instrument["events"].split()
    head = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    assert head["files"] == ["events.csv", "sources.csv", "state.csv", "state-wide.csv"]
    assert head["events"] == 24


def test_csv_keeps_every_quote_comma_and_line_break_exactly(tricky):
    result = run(tricky, "export", "--format", "csv", "--table", "events", "--entity", "acme")
    text = result.stdout_bytes.decode("utf-8")
    assert text.count("\r\n") == 2  # the header's end and the row's; the quote keeps its \n
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["quote"] == (
        'She said "yes, and no", then <script>alert(1)</script>\na second, | quoted [^line]'
    )
    assert (row["amount"], row["currency"]) == ("1000000.50", "EUR")


def test_csv_to_stdout_needs_one_table(store):
    result = CliRunner().invoke(cli, ["--store", store, "export", "--format", "csv"])
    assert result.exit_code == 2  # a bad argument
    assert "pick one with --table events|sources|state|state-wide" in result.output


def test_markdown_lists_each_source_once_and_every_event_links_to_one(store):
    text = export(store, "md")
    assert "[^" not in text and "|---" not in text  # no footnotes, no tables: core only
    defined = re.findall(r"^\[(S\d+)\]: ", text, re.M)
    listed = re.findall(r"^- \*\*(S\d+)\*\* \(`([^`]+)`\)", text, re.M)
    assert len(defined) == len(set(defined)) == len(listed) == 3
    assert {slug for _, slug in listed} == {
        "article-2024-02-27",
        "tnw-2023-06-14",
        "tnw-2012-05-22-motorola",
    }
    events = re.findall(r"^- `([^`]+)` ", text, re.M)
    cites = re.findall(r"^  - source \[(S\d+)\]", text, re.M)
    assert len(events) == len(cites) >= 24 and set(cites) == set(defined)
    assert "thenextweb.com/news/mistral-ai-secures" not in text.split("## Sources")[0]
    assert "as convertible note *Corrected by microsoft-investment-not-a-convertible-note" in text
    assert "- **Funding rounds**: series\\_a (2023-12): EUR 385,000,000" in text
    assert "**Around May 2023 (April 2023 to June 2023)**: Mistral AI founded" in text


def test_markdown_renders_its_links_and_lists_with_commonmark_alone(store):
    from markdown_it import MarkdownIt

    text = export(store, "md", "--entity", "mistral-ai")
    html = MarkdownIt("commonmark").render(text)  # the spec, no extension
    assert "[S1]" not in html and "[^" not in html
    assert html.count('<a href="https://thenextweb.com/news/mistral-ai-secures') >= 3
    assert '<a href="#sources">S2</a>' in html
    assert "<li><code>microsoft-series-a-extension</code> <strong>On 26 February 2024" in html


def test_markdown_says_uncertain_facts_in_words(store):
    text = export(store, "md", "--entity", "mistral-ai", "--at", "2023-12-15")
    assert "*Uncertain on 2023-12-15: its date straddles the day asked about" in text


def test_markdown_says_which_quotes_could_not_be_checked(store):
    text = export(store, "md", "--entity", "mistral-ai")
    items = {m[0]: m[1] for m in re.findall(r"^- `([^`]+)` (.*?)(?=^- |^$)", text, re.M | re.S)}
    unverified = "*(unverified: its source has no document"
    assert unverified not in items["mistral-ai-series-a"]  # the shipped article: checked
    assert unverified in items["mistral-ai-founded"]  # The Next Web, not shipped


def test_markdown_escapes_what_events_say(tricky):
    text = export(tricky, "md", "--entity", "acme")
    assert "<script>" not in text and "<b>" not in text
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "## Acme \\<b\\>\\|\\*\\_\\[x\\]\\</b\\>" in text
    assert "[^line]" not in text.replace("\\[^line\\]", "")


def test_events_round_trip_through_an_empty_store(store, store_location, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    run(store, "export", "--format", "events", "-o", str(first / "events.yaml"))
    document = "000_d6d79f6ff8926371.txt"  # written beside it, as the store keeps it
    assert (first / document).read_bytes() == (SEEDS / document).read_bytes()
    again = run(store_location, "--no-seed", "ingest", str(first / "events.yaml"))
    assert "Stored 24 new events, 14 entities and 3 sources" in again.stdout
    # The same file again, but for the head's log digest: that store's log has its own times.
    run(store_location, "export", "--format", "events", "-o", str(tmp_path / "again.yaml"))
    again_text = (tmp_path / "again.yaml").read_text()
    first_text = (first / "events.yaml").read_text()
    assert _body(again_text) == _body(first_text) and _head(again_text) != _head(first_text)
    for args in (
        ("--at", "2023-12-15"),
        ("--at", "2024-02-27", "--as-known-at", "2024-02-27T12:00:00+01:00"),
        ("--at", "2024-02-28"),
    ):
        ours, theirs = (json.loads(export(s, "json", *args)) for s in (store, store_location))
        assert ours["export"].pop("log") != theirs["export"].pop("log")  # other recorded times
        assert _without_recorded(ours) == _without_recorded(theirs)
    # and into the store it came from, it is nothing new
    assert "Stored 0 new events" in run(store, "ingest", str(first / "events.yaml")).stdout


def test_every_export_names_the_log_it_was_read_from(store):
    verified = run(store, "verify").stdout
    head = json.loads(export(store, "json"))["export"]
    assert head["log"]["position"] > 0 and head["log"]["digest"] in verified


def test_an_export_that_fails_leaves_no_file_and_keeps_the_old_one(store, tmp_path):
    target = tmp_path / "events.yaml"
    target.write_text("the old file\n", encoding="utf-8")
    args = ["--store", store, "export", "--format", "events", "--at", "2024-02-27"]
    result = CliRunner().invoke(cli, [*args, "-o", str(target)])
    assert result.exit_code == 2  # a bad argument
    assert "--at does not apply to --format events" in result.output
    assert target.read_text(encoding="utf-8") == "the old file\n"
    assert [p.name for p in tmp_path.iterdir() if "sqlite" not in p.name] == ["events.yaml"]


def test_an_unknown_entity_is_one_clear_line(store):
    result = CliRunner().invoke(
        cli, ["--store", store, "export", "--format", "json", "--entity", "nobody"]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--entity': no entity 'nobody' in the store"
    )


def _head(event_file):
    return [line for line in event_file.splitlines() if line.startswith("#")]


def _body(event_file):
    return [line for line in event_file.splitlines() if not line.startswith("#")]


def _without_recorded(value):
    if isinstance(value, dict):
        return {k: _without_recorded(v) for k, v in value.items() if k != "recorded"}
    if isinstance(value, list):
        return [_without_recorded(v) for v in value]
    return value


def test_facts_at_the_ends_of_the_calendar_export_in_every_format(tmp_path):
    (tmp_path / "edges.yaml").write_text(
        "sources: [{id: far, title: Far, published: '2024-03-01T09:00:00+00:00'}]\n"
        "entities: [{id: acme, name: Acme, kind: company}]\n"
        "events:\n"
        "  - {id: late, type: product_launched, entity: acme, product: Late,"
        " valid: '9999-12-31', source: far, quote: late}\n"
        "  - {id: early, type: product_launched, entity: acme, product: Early,"
        " valid: '0001-01-01', source: far, quote: early}\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "edges.sqlite")
    run(store, "ingest", str(tmp_path / "edges.yaml"))
    for fmt in FORMATS:
        target = tmp_path / f"out-{fmt}"
        run(store, "export", "--format", fmt, "-o", str(target))
