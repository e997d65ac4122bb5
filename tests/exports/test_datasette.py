"""The SQL export as Datasette serves it, with the metadata.json written beside it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli

datasette = pytest.importorskip("datasette.app")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The seed's export, read by Datasette's own test client."""
    folder = tmp_path_factory.mktemp("datasette")
    store = seeded(str(folder / "store.sqlite"))
    database = folder / "facts.db"
    result = CliRunner().invoke(
        cli, ["--store", store, "export", "--format", "sqlite", "-o", str(database)]
    )
    assert result.exit_code == 0, result.output
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    return datasette.Datasette([str(database)], metadata=metadata)


def get(ds, path):
    async def fetch():
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response

    return asyncio.run(fetch())


def test_the_facts_table_page_shows_its_description_and_rows(served):
    page = get(served, "/facts/facts").text
    assert "One row per version of a fact" in page
    assert "microsoft-series-a-extension" in page


def test_the_facts_table_is_faceted_by_type(served):
    data = get(served, "/facts/facts.json?_extra=facet_results").json()
    facets = data["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 puts them one level down
    by_type = {f["value"]: f["count"] for f in facets["type"]["results"]}
    with sqlite3.connect(served.files[0]) as db:
        counted = dict(db.execute("SELECT type, count(*) FROM facts GROUP BY type"))
    assert by_type == counted
    assert by_type["funding_round"] >= 4  # the extension twice: before and after its correction
    assert {"type", "status", "currency"} <= set(facets)


def test_a_documented_question_is_a_canned_query(served):
    path = (
        "/facts/portfolio.json?_shape=objects&investor=microsoft&day=2024-02-27"
        "&known=2024-02-27T10:00%2B01:00"
    )
    rows = get(served, path).json()["rows"]
    (extension,) = (r for r in rows if r["round"] == "series_a_extension")
    assert extension["instrument"] == "convertible_note"
    assert {r["fact"] for r in rows} == {
        "microsoft-series-a-extension",
        "microsoft-stake-in-mistral-ai",
        "microsoft-stake-in-openai",
    }
    assert "An investor" in get(served, "/facts/portfolio").text


def test_the_metadata_describes_every_column_of_the_export(served):
    data = get(served, "/-/metadata.json").json()
    tables = data["databases"]["facts"]["tables"]
    assert tables["facts"]["columns"]["known_until"].startswith("when a correction")
    assert Path(served.files[0]).name == "facts.db"
