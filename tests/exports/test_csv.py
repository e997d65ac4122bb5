"""``--format csv`` as a spreadsheet reads it: sums that match the engine, tables that join."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli

AFTER_CORRECTION = "2024-02-28T12:00:00+01:00"
BEFORE_CORRECTION = "2024-02-27T20:00:00+01:00"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return seeded(str(tmp_path_factory.mktemp("csv") / "store.sqlite"))


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result


def table(store, name, *args):
    text = run(store, "export", "--format", "csv", "--table", name, *args).stdout
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_summing_one_currency_over_current_counted_rows_gives_each_entitys_total_raised(store):
    rows = table(store, "events")
    totals = {
        e["entity"]["id"]: e.get("total_raised")
        for e in json.loads(run(store, "export", "--format", "json").stdout)["entities"]
    }
    assert totals["mistral-ai"] is not None
    for entity, total in totals.items():
        sums: dict[str, Decimal] = {}
        for r in rows:
            if (r["entity"], r["status"], r["in_total_raised"]) == (entity, "current", "true"):
                sums[r["currency"]] = sums.get(r["currency"], Decimal(0)) + Decimal(r["amount"])
        figures = (total or {}).get("by_currency", [])
        expected = {m["currency"]: Decimal(m["amount"]) for m in figures}
        assert sums == expected, entity
    # The seed round's USD report is the same round as its EUR one: one key, counted once.
    seed = [r for r in rows if r["round_key"] == "mistral-ai/seed"]
    assert sorted((r["currency"], r["in_total_raised"]) for r in seed) == [
        ("EUR", "true"),
        ("USD", "false"),
    ]


def test_a_corrected_event_reads_as_corrected_and_its_first_report_says_by_what(store):
    rows = [r for r in table(store, "events") if r["id"] == "microsoft-series-a-extension"]
    by_status = {r["status"]: r for r in rows}
    assert set(by_status) == {"corrected", "current"}
    assert "convertible note" in by_status["corrected"]["summary"]
    assert "equity" in by_status["current"]["summary"]
    for r in rows:
        assert r["corrected_by"] == "microsoft-investment-not-a-convertible-note"
        assert r["entity_name"] == "Mistral AI" and r["investors"] == "Microsoft"
        assert r["round"] == "series_a_extension" and r["verified"] == "true"
    # As known before the correction, the first report is the current one.
    (before,) = [
        r
        for r in table(store, "events", "--as-known-at", BEFORE_CORRECTION)
        if r["id"] == "microsoft-series-a-extension"
    ]
    assert before["status"] == "current" and before["corrected_by"] == ""


def test_every_event_row_joins_a_source_row(store):
    sources = {s["id"]: s for s in table(store, "sources")}
    for r in table(store, "events"):
        source = sources[r["source"]]
        assert r["source_title"] == source["title"] and r["source_url"] == source["url"]
    assert sources["tnw-2023-06-14"]["url"].startswith("https://thenextweb.com/")


def test_state_wide_has_one_row_per_entity_with_names_not_ids(store):
    rows = {r["entity"]: r for r in table(store, "state-wide", "--at", "2024-02-27")}
    mistral = rows["mistral-ai"]
    assert mistral["name"] == "Mistral AI"
    assert mistral["total_raised.by_currency[0]"] == "505000000"
    assert mistral["total_raised.by_currency[0] currency"] == "EUR"
    assert mistral["funding_rounds.series_a.lead_investors"] == "Andreessen Horowitz (a16z)"
    assert rows["google"]["acquisitions.motorola-mobility.acquirer"] == "Google"


def test_bom_puts_a_byte_order_mark_first_for_excel(store):
    result = run(store, "export", "--format", "csv", "--table", "sources", "--bom")
    assert result.stdout_bytes.startswith("\ufeffid,title".encode())
    plain = run(store, "export", "--format", "csv", "--table", "sources")
    assert plain.stdout_bytes.startswith(b"id,title")


def test_bom_with_another_format_is_refused_in_one_line(store):
    result = CliRunner().invoke(cli, ["--store", store, "export", "--format", "json", "--bom"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: --bom applies to --format csv only (a byte order mark for Excel)"
    )


def test_the_export_ends_with_a_line_saying_what_it_wrote(store, tmp_path):
    result = run(store, "export", "--format", "csv", "-o", str(tmp_path / "tables"))
    assert f"Wrote 25 rows to {tmp_path / 'tables' / 'events.csv'}" in result.stderr
    assert "Wrote 3 rows to " in result.stderr
    to_stdout = run(store, "export", "--format", "csv", "--table", "events")
    assert to_stdout.stderr == ""  # stdout speaks for itself, and stays a clean pipe
