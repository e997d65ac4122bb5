"""A fact type declared here, and nowhere else, appears in every output.

This is what a user adding a type does (docs/adding-a-fact-type.md): one
declaration, no other file changed.
"""

from __future__ import annotations

import json

import pytest
from walk import walk

from company_timeline.domain import Fact, TimelineError
from company_timeline.domain import parsers as p
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.registry import FactType, Field, Fold


class OfficeOpened(Fact):
    city: str


OFFICE_OPENED = FactType(
    "office_opened",
    OfficeOpened,
    "tests.OfficeOpened",
    lambda v, names: f"{names(v['entity'])} opened an office in {v['city']}",
    "the company opened an office",
    fields=(Field("city", p.text, "Lyon", required=True, doc="where"),),
    fold=Fold("offices", "list", "Offices", ("city",)),
)


@pytest.fixture
def office_opened():
    with REGISTRY.scoped(OFFICE_OPENED) as (kind,):
        yield kind


def test_a_type_declared_in_a_test_module_reaches_every_output(office_opened, tmp_path):
    out = walk(office_opened, tmp_path)
    assert "Acme opened an office in Lyon" in out["at"]
    assert "Offices" in out["at"]
    (state,) = json.loads(out["at json"])["entities"]
    assert [o["city"] for o in state["declared"]["offices"]] == ["Lyon"]
    history = json.loads(out["history"])
    assert [f["path"] for f in history["fields"]] == ["offices.Lyon.valid", "offices.Lyon.city"]
    assert "Acme opened an office in Lyon" in out["export html"]
    assert "offices.Lyon.city,Lyon" in out["export csv"]


def test_the_type_is_gone_after_its_scope_and_the_seed_still_ingests(tmp_path):
    before = (REGISTRY.names(), dict(REGISTRY.parsers()), dict(REGISTRY.roles()))
    with REGISTRY.scoped(OFFICE_OPENED):
        assert "office_opened" in REGISTRY.names()
    assert (REGISTRY.names(), dict(REGISTRY.parsers()), dict(REGISTRY.roles())) == before
    assert "tests.OfficeOpened" not in REGISTRY.stored_names()
    from click.testing import CliRunner

    from company_timeline.cli.main import cli

    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.sqlite"), "seed"])
    assert result.exit_code == 0, result.output


def test_a_failed_declaration_changes_nothing():
    before = (REGISTRY.names(), REGISTRY.generation)
    twice = FactType(
        "office_moved", OfficeOpened, OFFICE_OPENED.stored_name, OFFICE_OPENED.words, "moved"
    )
    with pytest.raises(TimelineError, match="cannot be declared"):
        REGISTRY.declare(twice)  # no fields declared for the event's own `city`
    assert (REGISTRY.names(), REGISTRY.generation) == before


def test_without_its_declaration_the_type_is_refused(tmp_path):
    from click.testing import CliRunner
    from walk import event_file

    from company_timeline.cli.main import cli

    path = event_file(OFFICE_OPENED, tmp_path)
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.sqlite"), "ingest", str(path)])
    assert result.exit_code == 1 and "'office_opened' is not one of" in result.output
