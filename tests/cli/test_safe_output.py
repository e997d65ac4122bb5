"""Stored text never drives the terminal: control characters are shown, not obeyed."""

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli

HOSTILE = """\
sources:
  - id: wire
    title: "A wire story\\x07"
    published: 2024-03-01T09:00:00+00:00
entities:
  - id: acme
    name: "Acme\\e[2J\\e]8;;http://evil\\e\\\\link\\u202eevil"
    kind: company
events:
  - id: acme-product
    type: product_launched
    entity: acme
    product: "Rocket\\rOverwritten\\x9b31m"
    valid: 2024-02-26
    source: wire
    quote: "It launched\\u2028a rocket."
"""
RAW = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2028")


@pytest.fixture
def store(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    location = str(tmp_path / "store.sqlite")
    result = CliRunner().invoke(
        cli, ["--store", location, "ingest", str(tmp_path / "hostile.yaml")]
    )
    assert result.exit_code == 0, result.output
    return location


def output(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("at", "2024-02-27"),
        ("events",),
        ("why", "acme", "products", "--at", "2024-02-27"),
        ("history", "acme"),
        ("export", "--format", "md"),
        ("export", "--format", "json"),
        ("export", "--format", "jsonl"),
        ("export", "--format", "events"),
        ("export", "--format", "csv", "--table", "events"),
        ("export", "--format", "csv", "--table", "state"),
        ("export", "--format", "csv", "--table", "events", "--csv-raw"),
        ("export", "--format", "html"),
        ("at", "2024-02-27", "--format", "json"),
    ],
)
def test_no_output_carries_a_raw_control_character(store, args):
    out = output(store, *args)
    assert not [c for c in RAW if c in out]


def test_text_shows_the_escapes_for_people_to_see(store):
    out = output(store, "at", "2024-02-27")
    assert "Acme\\x1b[2J\\x1b]8;;http://evil\\x1b\\link\\u202eevil (acme)" in out
    assert "Rocket\\x0dOverwritten\\x9b31m" in out


def test_json_keeps_the_value_exactly(store):
    document = json.loads(output(store, "at", "2024-02-27", "--format", "json"))
    (acme,) = document["entities"]
    assert acme["entity"]["name"] == "Acme\x1b[2J\x1b]8;;http://evil\x1b\\link\u202eevil"
    assert acme["evidence"][0]["quotes"] == ["It launched\u2028a rocket."]


def test_the_html_page_s_title_and_heading_show_the_escapes(store):
    page = output(store, "export", "--format", "html")
    title = "Timeline of Acme\\x1b[2J\\x1b]8;;http://evil\\x1b\\link\\u202eevil, on 2024-02-26"
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
