"""The JSON Schemas in docs/schemas/ hold for what the commands print and what event files hold.

The commands' documents are taken from a temporary SQLite store seeded as a
user's first run seeds it; event files are read as ``timeline`` reads them,
every scalar as text (``yaml.BaseLoader``), never typed by YAML.
"""

import copy
import json
import re
import subprocess
import sys
from dataclasses import MISSING
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import seeded
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource

from company_timeline.cli.main import cli
from company_timeline.domain import Fact, parsers
from company_timeline.domain.events import AMENDMENTS, own_fields
from company_timeline.domain.facttypes import REGISTRY as TYPES
from company_timeline.domain.facttypes import ROLE_SECTIONS
from company_timeline.domain.parsers import INSTRUMENTS
from company_timeline.domain.registry import FactType, Field, Fold
from company_timeline.projections.plain import AT_SECTIONS

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {
    path.name: json.loads(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "docs" / "schemas").glob("*.schema.json"))
}
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in SCHEMAS.values()
)
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
SEED = ROOT / "seeds" / "mistral-ai.yaml"
DOCUMENTED = [
    "at.schema.json",
    "events.schema.json",
    "history.schema.json",
    "why.schema.json",
    "diff.schema.json",
    "export.schema.json",
    "at-lines.schema.json",
    "event-file.schema.json",
    "event-file-line.schema.json",
    "changes.schema.json",
]


def errors(schema: str, document: object) -> list[str]:
    validator = Draft202012Validator(SCHEMAS[schema], registry=REGISTRY)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def text_scalars(path: Path) -> object:
    """An event file as timeline reads it: every scalar the text that was written."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def with_recorded(document: dict) -> dict:
    """A golden file with the recorded times its test strips put back (they differ by store)."""
    document = copy.deepcopy(document)
    for state in document["entities"]:
        for evidence in state["evidence"]:
            evidence["recorded"] = "2024-03-01T12:00:00.123456+00:00"
    return document


# ---- the schemas themselves --------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_a_draft_2020_12_schema_with_its_id_and_title(name):
    schema = SCHEMAS[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + name) and schema["title"]


def test_every_document_has_its_schema():
    assert set(DOCUMENTED) <= set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_reference_resolves(name):
    def refs(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    resolver = REGISTRY.resolver(base_uri=SCHEMAS[name]["$id"])
    for ref in refs(SCHEMAS[name]):
        resolver.lookup(ref)  # raises on a reference to nothing


# ---- every fact type, field and format is described ---------------------------


def test_every_fact_type_has_its_branch_in_the_event_file_schema():
    defs = SCHEMAS["event-file.schema.json"]["$defs"]
    assert defs["event"]["properties"]["type"]["enum"] == list(TYPES.names())
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in defs["event"]["allOf"]}
    assert set(branches) == set(TYPES.names())
    common = set(defs["event"]["properties"])
    for name, cls in TYPES.classes().items():
        assert branches[name] == {"$ref": f"#/$defs/types/{name}"}
        branch, own = defs["types"][name], own_fields(cls)
        # An amendment takes the valid time of the fact it amends: it may not give one.
        mine = common - {"valid"} if issubclass(cls, AMENDMENTS) else common
        assert set(branch["properties"]) == mine | set(own), name
        required = {n for n, f in own.items() if _no_default(f)}
        required |= {"changes"} & set(own)  # an empty correction is refused on ingest
        required |= {"id", "type", "entity", "source", "quote"} | ({"valid"} & mine)
        assert set(branch["required"]) == required, name
        assert branch["additionalProperties"] is False


def _no_default(spec) -> bool:
    return spec.default is MISSING and spec.default_factory is MISSING


def test_every_fact_type_has_its_own_fields_in_the_documents():
    defs = SCHEMAS["common.schema.json"]["$defs"]
    assert defs["fact_type"]["enum"] == list(TYPES.names())
    assert set(defs["fact_fields"]) == set(TYPES.names())
    for name, cls in TYPES.classes().items():
        assert set(defs["fact_fields"][name]["properties"]) == set(own_fields(cls)), name
        assert set(defs["fact_fields"][name]["required"]) == set(own_fields(cls)), name


@pytest.mark.parametrize("schema", ["event-file.schema.json", "common.schema.json"])
def test_every_field_of_an_event_file_has_its_shape(schema):
    fields = SCHEMAS[schema]["$defs"]["field"]
    assert set(fields) == set(TYPES.parsers()) | {"valid", "changes"}
    correctable = (set(TYPES.parsers()) | {"valid"}) - {"target", "reason"}
    assert set(fields["changes"]["propertyNames"]["enum"]) == correctable
    assert [i for i in fields["instrument"]["enum"] if i] == list(INSTRUMENTS)


def test_the_schemas_and_the_table_of_types_follow_the_declarations():
    check = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "fact_types.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_shipped_section_is_a_required_key_of_the_entity_state():
    state = SCHEMAS["at.schema.json"]["$defs"]["entity_state"]
    sections = {s for kind in TYPES for s in kind.sections}
    sections |= {section for section, _ in ROLE_SECTIONS.values()} | {"invested"}
    assert sections <= AT_SECTIONS
    assert set(state["properties"]) >= AT_SECTIONS and set(state["required"]) >= AT_SECTIONS


def test_the_entity_state_names_no_section_beyond_the_fixed_set_but_declared():
    state = SCHEMAS["at.schema.json"]["$defs"]["entity_state"]
    keys = {"entity", "exists", "uncertain", "retracted", "corrections", "sources", "evidence"}
    assert set(state["properties"]) == AT_SECTIONS | keys | {"declared"}
    assert "declared" not in state["required"]


def test_the_export_head_names_every_export_format():
    from company_timeline.projections.exports import FORMATS

    head = SCHEMAS["export.schema.json"]["properties"]
    assert head["format"]["enum"] == list(FORMATS)


# ---- documents -----------------------------------------------------------------


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_the_golden_files_are_timeline_at_documents(golden):
    document = json.loads(golden.read_text(encoding="utf-8"))
    assert errors("at.schema.json", with_recorded(document)) == []


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    store = seeded(str(tmp_path_factory.mktemp("schemas") / "store.sqlite"))

    def invoke(*args):
        return CliRunner().invoke(cli, ["--store", store, *args])

    return invoke


def output(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


COMMANDS = {
    "at": (["at", "2024-02-27", "--format", "json"], "at.schema.json"),
    "at-uncertain": (["at", "2023-12-15", "--format", "json"], "at.schema.json"),
    "events": (["events", "--format", "json"], "events.schema.json"),
    "events-involving": (
        ["events", "--involving", "microsoft", "--valid-between", "2023-12-01", "2024-02-26"]
        + ["--format", "json"],
        "events.schema.json",
    ),
    "changes": (["changes", "2024-02-26", "2024-03-01", "--format", "json"], "changes.schema.json"),
    "history": (["history", "mistral-ai", "--format", "json"], "history.schema.json"),
    "why": (
        ["why", "mistral-ai", "funding_rounds", "--at", "2023-12-15", "--format", "json"],
        "why.schema.json",
    ),
    "why-corrected": (
        ["why", "mistral-ai", "funding_rounds.series_a_extension", "--at", "2024-02-27"]
        + ["--as-known-at", "2024-02-28T12:00+01:00", "--format", "json"],
        "why.schema.json",
    ),
    "diff": (
        ["diff", "mistral-ai", "2024-01-15", "2024-02-27", "--format", "json"],
        "diff.schema.json",
    ),
    "export": (["export", "--format", "json"], "at.schema.json"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_prints_the_document_its_schema_describes(run, command):
    args, schema = COMMANDS[command]
    document = json.loads(output(run, *args))
    assert errors(schema, document) == []


def test_the_json_export_carries_its_head(run):
    document = json.loads(output(run, "export", "--format", "json", "--at", "2024-02-27"))
    assert errors("export.schema.json", document["export"]) == []
    assert document["export"]["arguments"]["at"] == "2024-02-27"


def test_each_line_of_the_jsonl_export_is_a_record_its_schema_describes(run):
    lines = output(run, "export", "--format", "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["record"] for r in records[:2]] == ["export", "entity"]
    assert records[-1]["record"] == "source"
    for number, record in enumerate(records, 1):
        assert errors("at-lines.schema.json", record) == [], f"line {number}"


def test_the_csv_export_s_export_json_is_its_head(run, tmp_path):
    result = run("export", "--format", "csv", "-o", str(tmp_path / "tables"))
    if result.exit_code != 0 and "csv_tables" in f"{result.output}{result.exception}":
        pytest.skip("the csv export is not there yet")
    assert result.exit_code == 0, result.output
    head = json.loads((tmp_path / "tables" / "export.json").read_text(encoding="utf-8"))
    assert errors("export.schema.json", head) == []
    assert head["format"] == "csv" and head["files"]


def test_an_entity_s_role_sections_follow_the_schema_and_a_spoilt_one_is_refused(run):
    args = ["at", "2024-02-27", "--entity", "microsoft", "--format", "json"]
    document = json.loads(output(run, *args))
    assert errors("at.schema.json", document) == []
    [state] = document["entities"]
    assert [i["entity"] for i in state["investments"]] == ["mistral-ai"]
    state["investments"][0]["own_amount"] = "EUR 15000000"  # money is an object
    state["stakes_held"][0]["valuation"] = "2B"  # a field of another type
    del state["party_to"][0]["entity"]  # the company the fact is about
    assert len(errors("at.schema.json", document)) == 3


# ---- a fact of every declared type ---------------------------------------------------


@pytest.fixture(scope="module")
def every_type(tmp_path_factory):
    """A file with a fact of each declared type but amendments, a year apart, and its store."""
    kinds = [k for k in TYPES if not k.amends]
    data = {
        "format": "timeline/1",
        "sources": [{"id": "wire", "title": "A wire story", "published": "2021-01-01T09:00Z"}],
        "entities": [
            {"id": "acme", "name": "Acme", "kind": "company"},
            {"id": "fund", "name": "A Fund", "kind": "investor"},
        ],
        "events": [
            {"id": f"fact-{year}", "type": kind.name, "entity": "acme"}
            | {"valid": str(year), "source": "wire", "quote": "as the wire says"}
            | copy.deepcopy(kind.example())  # no YAML aliases where types share an example
            for year, kind in enumerate(kinds, 2001)
        ],
    }
    folder = tmp_path_factory.mktemp("every-type")
    path = folder / "every-type.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    store = str(folder / "store.sqlite")

    def invoke(*args):
        result = CliRunner().invoke(cli, ["--store", store, *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    invoke("ingest", str(path))
    return path, invoke, kinds


def test_a_fact_of_every_declared_type_follows_the_event_file_schema(every_type):
    path, _, _ = every_type
    assert errors("event-file.schema.json", text_scalars(path)) == []
    draft_7 = Draft7Validator(SCHEMAS["event-file.schema.json"])
    assert [e.message for e in draft_7.iter_errors(text_scalars(path))] == []


def test_a_fact_of_every_declared_type_is_a_stored_event_its_schema_describes(every_type):
    _, invoke, kinds = every_type
    document = json.loads(invoke("events", "--format", "json"))
    assert [e["type"] for e in document["events"]] == [k.name for k in kinds]
    assert errors("events.schema.json", document) == []


def test_the_state_shows_each_declared_fact_as_its_schema_says(every_type):
    """In its year a fact is uncertain (its own fields in `uncertain`); after it, in its section."""
    _, invoke, kinds = every_type
    for year, kind in enumerate(kinds, 2001):
        during = json.loads(invoke("at", f"{year}-06-30", "--format", "json"))
        assert errors("at.schema.json", during) == [], kind.name
        [state] = [e for e in during["entities"] if e["entity"]["id"] == "acme"]
        assert [u["type"] for u in state["uncertain"]] == [kind.name]
        after = json.loads(invoke("at", f"{year}-12-31", "--format", "json"))
        assert errors("at.schema.json", after) == [], kind.name
        [state] = [e for e in after["entities"] if e["entity"]["id"] == "acme"]
        if kind.fold and kind.fold.rule != "remove":
            assert state[kind.fold.section], kind.name  # an item, which the schema checked


def test_a_spoilt_item_of_a_declared_section_is_refused(every_type):
    _, invoke, _ = every_type
    document = json.loads(invoke("at", "2030-01-01", "--format", "json"))
    [state] = [e for e in document["entities"] if e["entity"]["id"] == "acme"]
    assert errors("at.schema.json", document) == []
    state["headcount"]["headcount"] = 600  # a number, where the file's text is kept
    state["acquired_by"][0]["valuation"] = "2B"  # a field of another type
    assert len(errors("at.schema.json", document)) == 2


# ---- event files -----------------------------------------------------------------


def test_the_seed_follows_the_event_file_schema():
    assert errors("event-file.schema.json", text_scalars(SEED)) == []


def test_the_event_file_schema_needs_no_more_than_draft_7_editors_know():
    """YAML editors check with draft 7: there too the seed passes and a stray field is told."""
    validator = Draft7Validator(SCHEMAS["event-file.schema.json"])
    seed = text_scalars(SEED)
    assert list(validator.iter_errors(seed)) == []
    seed["events"][0]["amount"] = "EUR 1"
    assert [e.message for e in validator.iter_errors(seed)] == [
        "Additional properties are not allowed ('amount' was unexpected)"
    ]


def test_the_json_lines_example_in_the_docs_follows_the_line_schema():
    docs = (ROOT / "docs" / "event-files.md").read_text(encoding="utf-8")
    example = re.search(r"## JSON Lines.*?```json\n(.*?)```", docs, re.S).group(1)
    lines = [line for line in example.splitlines() if line.strip()]
    assert len(lines) >= 4
    for line in lines:
        assert errors("event-file-line.schema.json", json.loads(line)) == [], line


def test_the_readme_s_short_event_file_follows_the_event_file_schema(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"### Event files.*?```yaml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "short.yaml").write_text(example, encoding="utf-8")
    assert errors("event-file.schema.json", text_scalars(tmp_path / "short.yaml")) == []


# ---- what the schemas refuse -------------------------------------------------------


def _golden() -> dict:
    return with_recorded(json.loads(GOLDEN[-1].read_text(encoding="utf-8")))


def _float_amount(document: dict) -> dict:
    document["entities"][0]["funding_rounds"][0]["amount"]["amount"] = 105000000.0
    return document


def _no_schema(document: dict) -> dict:
    del document["schema"]
    return document


def _stray_key_in_an_item(document: dict) -> dict:
    document["entities"][0]["funding_rounds"][0]["valuation"] = "2B"
    return document


def _unknown_type(data: dict) -> dict:
    data["events"][0]["type"] = "company_acquired"
    return data


def _float_in_a_file(data: dict) -> dict:
    data["events"][1]["amount"] = 105000000.0
    return data


def _amount_without_currency(data: dict) -> dict:
    data["events"][1]["amount"] = "105000000"
    return data


def _valid_on_an_amendment(data: dict) -> dict:
    next(e for e in data["events"] if e["type"] == "report_corrected")["valid"] = "2024-02-28"
    return data


@pytest.mark.parametrize("spoil", [_float_amount, _no_schema, _stray_key_in_an_item])
def test_a_spoilt_at_document_is_refused(spoil):
    assert errors("at.schema.json", _golden()) == []
    assert errors("at.schema.json", spoil(_golden())) != []


@pytest.mark.parametrize(
    "spoil", [_unknown_type, _float_in_a_file, _amount_without_currency, _valid_on_an_amendment]
)
def test_a_spoilt_event_file_is_refused(spoil):
    assert errors("event-file.schema.json", spoil(text_scalars(SEED))) != []


@pytest.mark.parametrize(
    "line",
    [
        {"event": {"id": "x", "type": "company_founded", "entity": "acme"}},  # no valid, source...
        {"source": {"id": "wire", "title": "A wire story", "published": 20240110}},
        {"entity": {"id": "acme", "name": "Acme", "kind": "company"}, "format": "timeline/1"},
        {"format": "timeline/2"},
    ],
)
def test_a_spoilt_json_lines_line_is_refused(line):
    assert errors("event-file-line.schema.json", line) != []


def test_a_line_of_the_jsonl_export_must_say_what_it_records():
    assert errors("at-lines.schema.json", {"record": "table"}) != []


# ---- a type the release does not ship ------------------------------------------------


class AwardWon(Fact):
    award: str


AWARD_WON = FactType(
    "award_won",
    AwardWon,
    "tests.schemas.AwardWon",
    lambda v, names: f"{names(v['entity'])} won {v['award']}",
    "the company won an award",
    fields=(Field("award", parsers.text, "Best Startup", required=True, doc="which"),),
    fold=Fold("awards", "list", "Awards", ("award",)),
)


def test_a_type_a_user_declares_adds_no_key_but_declared_and_keeps_to_the_schema(tmp_path):
    """Within /1 keys are only added: a user's section goes under `declared`, never beside."""
    data = {
        "sources": [{"id": "wire", "title": "A wire story", "published": "2021-01-01T09:00Z"}],
        "entities": [{"id": "acme", "name": "Acme", "kind": "company"}],
        "events": [
            {"id": "award", "type": "award_won", "entity": "acme", "valid": "2021"}
            | {"source": "wire", "quote": "as the wire says", "award": "Best Startup"}
        ],
    }
    path = tmp_path / "award.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")
    store = str(tmp_path / "store.sqlite")

    def invoke(*args):
        result = CliRunner().invoke(cli, ["--store", store, *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout) if "json" in args else result.stdout

    with TYPES.scoped(AWARD_WON):
        invoke("ingest", str(path))
        during = invoke("at", "2021-06-30", "--format", "json")
        after = invoke("at", "2022-01-01", "--format", "json")
    assert errors("at.schema.json", during) == []
    assert [u["type"] for u in during["entities"][0]["uncertain"]] == ["award_won"]
    assert errors("at.schema.json", after) == []
    [state] = after["entities"]
    assert "awards" not in state
    assert [i["award"] for i in state["declared"]["awards"]] == ["Best Startup"]
