"""Finding your way: lists of what the store holds, ids suggested and completed."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.ids import FieldPath, StoredId
from company_timeline.cli.main import cli
from company_timeline.domain.finding import closest


@pytest.fixture
def run(seeded_store):
    def invoke(*args):
        return CliRunner().invoke(cli, ["--store", seeded_store, *args])

    return invoke


def complete(store, *words):
    """What the shell is offered for the last word, through click's completion protocol."""
    env = {
        "_TIMELINE_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(["timeline", "--store", store, *words]),
        "COMP_CWORD": str(len(words) + 2),
    }
    result = CliRunner().invoke(cli, [], prog_name="timeline", env=env)
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


# ---- lists -----------------------------------------------------------------


def test_entities_lists_each_with_name_kind_valid_span_and_number_of_facts(run):
    result = run("entities")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("mistral-ai "))
    assert line.split() == ["mistral-ai", "Mistral", "AI", "company"] + [
        "2023-04-01",
        "/",
        "2024-02-27",
        "11",
        "facts",
    ]
    assert "meta  " in result.stdout and "1 fact\n" in result.stdout
    assert result.stdout.endswith("14 entities\n")


def test_entities_of_one_kind_in_json_jsonl_and_csv(run):
    document = json.loads(run("entities", "--kind", "company", "--format", "json").stdout)
    assert document["schema"] == "timeline.entities/1"
    ids = [e["id"] for e in document["entities"]]
    assert ids == ["google", "meta", "microsoft", "mistral-ai", "motorola-mobility", "openai"]
    lines = run("entities", "--kind", "company", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["id"] for x in lines] == ids
    rows = list(csv.DictReader(io.StringIO(run("entities", "--format", "csv").stdout)))
    motorola = next(r for r in rows if r["id"] == "motorola-mobility")
    assert motorola == {
        "id": "motorola-mobility",
        "name": "Motorola Mobility",
        "kind": "company",
        "first": "2011-08-01",
        "last": "2012-05-22",
        "facts": "10",
    }


def test_an_unknown_kind_exits_2_naming_the_kinds(run):
    result = run("entities", "--kind", "compnay")
    assert result.exit_code == 2
    assert "did you mean 'company'? Kinds are: company, investor, regulator" in result.stderr


def test_sources_lists_each_with_its_time_title_and_revisions(run):
    out = run("sources").stdout
    assert "article-2024-02-27       2024-02-27T08:00:00+00:00  [no headline" in out
    assert "(revisions: ec-update, correction)" in out and out.endswith("3 sources\n")
    one = json.loads(run("sources", "tnw-2023-06-14", "--format", "json").stdout)
    assert [s["id"] for s in one["sources"]] == ["tnw-2023-06-14"]
    assert one["sources"][0]["publisher"] == "The Next Web"


def test_fields_lists_every_path_with_its_value_on_the_last_day(run):
    out = run("fields", "mistral-ai").stdout
    assert any(
        line.split() == ["funding_rounds.series_a.amount", "EUR", "385,000,000"]
        for line in out.splitlines()
    )
    assert "products.Mistral Large.weights" in out
    assert out.endswith("fields of mistral-ai on 2024-02-27\n")
    rows = list(csv.DictReader(io.StringIO(run("fields", "mistral-ai", "--format", "csv").stdout)))
    instrument = next(r for r in rows if r["field"].endswith("extension.instrument"))
    assert instrument["value"] == "equity" and instrument["valid_at"] == "2024-02-27"


def test_fields_at_a_date_as_known_at_a_moment(run):
    out = run(
        "fields", "mistral-ai", "--at", "2024-02-27", "--as-known-at", "2024-02-27T10:00+01:00"
    ).stdout
    line = next(
        x for x in out.splitlines() if x.startswith("funding_rounds.series_a_extension.ins")
    )
    assert line.split()[-1] == "convertible_note"


def test_lists_of_an_empty_store_say_there_is_nothing(tmp_path):
    from company_timeline.domain import open_store

    open_store(tmp_path / "s.sqlite").close()  # made empty: a read never makes one
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s.sqlite"), "entities"])
    assert result.exit_code == 0 and result.stdout == "0 entities\n"


# ---- suggestions -----------------------------------------------------------


def test_closest_prefers_what_the_given_text_begins_whatever_the_case():
    ids = ["mistral-ai", "microsoft", "meta", "motorola-mobility", "openai"]
    assert closest("mistral", ids)[0] == "mistral-ai"
    assert closest("MISTRL", ids)[0] == "mistral-ai"
    assert closest("motorla", ids) == ["motorola-mobility"]
    assert closest("zzzz", ids) == []


def test_an_unknown_entity_exits_2_naming_the_closest(run):
    result = run("at", "2024-02-27", "--entity", "mistral")
    assert result.exit_code == 2
    assert "Invalid value for '--entity': no entity 'mistral' in the store" in result.stderr
    assert "did you mean 'mistral-ai'?" in result.stderr and "Traceback" not in result.output


def test_an_id_in_other_case_is_found_saying_so(run):
    result = run("at", "2024-02-27", "--entity", "Mistral-AI")
    assert result.exit_code == 0, result.output
    assert "Mistral AI (mistral-ai)" in result.stdout
    assert result.stderr == "timeline: entity 'Mistral-AI' taken as 'mistral-ai'\n"


def test_an_unknown_field_exits_2_naming_the_closest(run):
    result = run("history", "mistral-ai", "funding_rounds.series_a.amont")
    assert result.exit_code == 2
    assert "Invalid value for 'FIELD': no field 'funding_rounds.series_a.amont'" in result.stderr
    assert "did you mean 'funding_rounds.series_a.amount'" in result.stderr


BAD_IDS = {
    "at": ["at", "2024-02-27", "--entity", "mistrl"],
    "events": ["events", "--entity", "mistrl"],
    "history": ["history", "mistrl"],
    "why": ["why", "mistrl", "funding_rounds.series_a"],
    "diff": ["diff", "mistrl", "2024-01-01", "2024-02-01"],
    "export": ["export", "--format", "json", "--entity", "mistrl"],
    "fields": ["fields", "mistrl"],
    "sources": ["sources", "artcle"],
    "entities": ["entities", "--kind", "compny"],
}
BAD_FIELDS = {
    "history": ["history", "mistral-ai", "funding_rounds.seriesa"],
    "why": ["why", "mistral-ai", "funding_rounds.seriesa"],
}


def test_every_command_taking_an_id_is_walked_below():
    takes_ids = {
        name
        for name, command in cli.commands.items()
        for p in command.params
        if isinstance(p.type, (StoredId, FieldPath)) or p.name == "kind"
    }
    assert takes_ids == set(BAD_IDS)


@pytest.mark.parametrize("args", [*BAD_IDS.values(), *BAD_FIELDS.values()], ids=str)
def test_every_command_exits_2_on_a_bad_id_naming_the_closest(run, args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "did you mean '" in result.stderr and "Traceback" not in result.output


# ---- completion ------------------------------------------------------------


def test_entity_ids_complete_from_the_store(seeded_store):
    assert complete(seeded_store, "at", "today", "--entity", "m") == [
        "meta",
        "microsoft",
        "mistral-ai",
        "motorola-mobility",
    ]
    assert complete(seeded_store, "history", "mis") == ["mistral-ai"]
    assert complete(seeded_store, "sources", "tnw-2") == [
        "tnw-2012-05-22-motorola",
        "tnw-2023-06-14",
    ]


def test_field_paths_complete_for_the_entity_given_before_them(seeded_store):
    offered = complete(seeded_store, "why", "mistral-ai", "products.M")
    assert offered[0] == "products.Mistral Large"  # a path holding a space, offered whole
    assert "products.Mistral Large.weights" in offered
    assert "funding_rounds.series_a.amount" in complete(
        seeded_store, "history", "mistral-ai", "funding"
    )


def test_completing_against_a_missing_store_offers_nothing_and_creates_nothing(tmp_path):
    missing = tmp_path / "nmaed.sqlite"
    assert complete(str(missing), "history", "m") == []
    assert not missing.exists()
