"""JSON Lines event files read as YAML ones do, with the same located errors."""

import json
import random
import shutil
from pathlib import Path

import pytest
import yaml
from factories import write_event_file

from company_timeline.domain import InputError, jsonlnodes, load_file
from company_timeline.domain.batch import plan
from company_timeline.domain.drafts import Catalog
from company_timeline.domain.yamlnodes import MAX_DEPTH, Node, read

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SOURCE = {
    "id": "wire",
    "title": "A wire story",
    "published": "2024-01-10T09:00:00+00:00",
    "document": "wire.txt",
    "revisions": [{"id": "update", "published": "2024-01-11T09:00:00+00:00"}],
}
EVENT = {
    "id": "acme-seed",
    "type": "funding_round",
    "entity": "acme",
    "round": "seed",
    "valid": "2020-03",
    "source": "wire",
    "amount": "EUR 1000000",
    "lead_investors": ["fund"],
    "valuation_unchanged": False,
    "quote": "Acme raised a seed round.",
}
LINES = [
    {"format": "timeline/1"},
    {"source": SOURCE},
    None,  # a blank line
    {"entity": {"id": "acme", "name": "Acme", "kind": "company"}},
    {"entity": {"id": "fund", "name": "Fund", "kind": "investor"}},
    {"event": EVENT},
]
GOOD = "\n".join("" if line is None else json.dumps(line) for line in LINES) + "\n"


def write(folder: Path, text: str, name: str = "facts.jsonl") -> Path:
    return write_event_file(folder, text, name)


def drafts(batch):
    return [(d.kind, d.values, d.document) for d in batch.sources + batch.entities + batch.facts]


def as_json(value):
    """A YAML file's value as a machine would write it: true and false as JSON's."""
    if isinstance(value, Node):
        return {k: as_json(v) for k, v in value.values.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return {"true": True, "false": False}.get(value, value) if value else value


def seed_as_jsonl(folder: Path) -> Path:
    root = read("seed", (SEEDS / "mistral-ai.yaml").read_text(encoding="utf-8"))
    lines = [{"format": root.values["format"]}]
    for plural, kind in [("events", "event"), ("sources", "source"), ("entities", "entity")]:
        lines += [{kind: as_json(node)} for node in root.values[plural]]
    for document in SEEDS.glob("*.txt"):
        shutil.copy(document, folder)
    path = folder / "mistral-ai.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    return path


def test_the_seed_as_json_lines_reads_into_the_same_drafts(tmp_path):
    from_yaml = load_file(SEEDS / "mistral-ai.yaml")
    from_jsonl = load_file(seed_as_jsonl(tmp_path))
    assert drafts(from_jsonl) == drafts(from_yaml)
    assert [d.fingerprint() for d in from_jsonl.facts] == [d.fingerprint() for d in from_yaml.facts]
    assert len(plan(from_jsonl, Catalog()).facts) == len(from_yaml.facts)


def test_a_json_lines_file_and_a_yaml_file_of_the_same_content_give_the_same_drafts(tmp_path):
    content = {
        "sources": [SOURCE],
        "entities": [x["entity"] for x in LINES[3:5]],
        "events": [EVENT],
    }
    from_yaml = load_file(write(tmp_path, yaml.safe_dump(content), "facts.yaml"))
    from_jsonl = load_file(write(tmp_path, GOOD))
    assert drafts(from_jsonl) == drafts(from_yaml)
    assert from_jsonl.facts[0].values["valuation_unchanged"] is False
    assert (from_jsonl.facts[0].node.path, from_jsonl.facts[0].node.line) == ("events[0]", 6)


def test_the_format_line_is_optional(tmp_path):
    batch = load_file(write(tmp_path, GOOD.replace('{"format": "timeline/1"}\n', "")))
    assert batch.facts[0].node.line == 5


def test_lines_come_in_any_order_and_the_batch_is_checked_whole(tmp_path):
    lines = GOOD.splitlines()[1:]
    random.Random(4).shuffle(lines)
    batch = load_file(write(tmp_path, "\n".join(lines)))
    assert len(plan(batch, Catalog()).facts) == 1


def test_events_are_counted_among_events_only(tmp_path):
    second = json.dumps({"event": {**EVENT, "id": "acme-a", "valid": "2020-13"}})
    path = write(tmp_path, GOOD.replace('{"entity"', second + '\n{"entity"', 1))
    with pytest.raises(InputError) as err:
        load_file(path)
    assert str(err.value).startswith(f"{path}:4: events[0].valid: '2020-13' is not a calendar")


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ('"valid": "2020-03"', '"valid": "March 2020"', 6, "events[0].valid", "not an EDTF date"),
        (
            '"amount": "EUR 1000000"',
            '"amount": 1000000',
            6,
            "events[0].amount",
            "1000000 is a JSON number: write it as text",
        ),
        (
            '"amount": "EUR 1000000"',
            '"amount": 1.5e3',
            6,
            "events[0].amount",
            '1.5e3 is a JSON number: write it as text, as in "EUR 100"',
        ),
        ('"amount": "EUR 1000000"', '"amount": NaN', 6, "events[0].amount", "NaN is a JSON number"),
        (
            '"amount": "EUR 1000000"',
            '"amount": ["EUR 1"]',
            6,
            "events[0].amount",
            "expected an amount",
        ),
        ('["fund"]', '["fund", 7]', 6, "events[0].lead_investors[1]", "7 is a JSON number"),
        ('"amount": "EUR 1000000"', '"amount": null', 6, "events[0].amount", "expected an amount"),
        ("false", '"no"', 6, "events[0].valuation_unchanged", "'no' is not true or false"),
        ('"round": "seed", ', "", 6, "events[0].round", "required field is missing"),
        (
            '"round": "seed"',
            '"round": "seed", "rounds": "seed"',
            6,
            "events[0].rounds",
            "unknown field",
        ),
        (
            '"round": "seed"',
            '"round": "seed", "round": "a"',
            6,
            "events[0].round",
            "field given twice",
        ),
        ('"type": "funding_round"', '"type": "funding"', 6, "events[0].type", "not one of"),
        ('["fund"]', '["nobody"]', 6, "events[0].lead_investors", "no entity 'nobody'"),
        (
            '"source": "wire", "amount"',
            '"source": "wired", "amount"',
            6,
            "events[0].source",
            "no source 'wired'",
        ),
        (
            '"source": "wire", "amount"',
            '"source": "wire", "revision": "fix", "amount"',
            6,
            "events[0].revision",
            "no revision 'fix'",
        ),
        ("a seed round.", "millions.", 6, "events[0].quote", "word for word"),
        ("2024-01-10T09:00:00+00:00", "2024-01-10", 2, "sources[0].published", "UTC offset"),
        (
            "2024-01-11T09:00:00+00:00",
            "2024-01-11",
            2,
            "sources[0].revisions[0].published",
            "UTC offset",
        ),
        ("wire.txt", "missing.txt", 2, "sources[0].document", "is not a file"),
        ('"id": "fund"', '"id": "Fund Inc"', 5, "entities[1].id", "is not an id"),
        ('"timeline/1"', '"timeline/2"', 1, "format", "this version reads 'timeline/1' files"),
        # Not one of the wrappers, or not JSON at all: the line as a whole.
        (
            '{"event": {"id"',
            '{"event": {"id": "x"}, "note": "y"}, {"x',
            6,
            "(file)",
            "not valid JSON: Extra data (column 36)",
        ),
        (
            '{"event": {"id"',
            '{"event" {"id"',
            6,
            "(file)",
            "not valid JSON: Expecting ':' delimiter (column 10)",
        ),
        (
            '{"entity": {"id": "fund"',
            '{"entities": {"id": "fund"',
            5,
            "(file)",
            "found an object with 'entities'",
        ),
        (
            '{"entity": {"id": "fund"',
            '{"entity": {}, "event": {"id": "fund"',
            5,
            "(file)",
            "found an object with 'entity', 'event'",
        ),
        ('{"format": "timeline/1"}', "[1]", 1, "(file)", 'expected {"source": {...}}, {"entity"'),
        ('{"format": "timeline/1"}', "{}", 1, "(file)", "found an object with no keys"),
        ('{"format": "timeline/1"}', "7", 1, "(file)", "found a number"),
        (
            '{"event": {"id"',
            '{"event": "x"}\n{"event": {"id"',
            6,
            "events[0]",
            "expected an object with the event's fields",
        ),
        (
            '{"source"',
            '{"entity": {"id": "x", "name": "X", "kind": "company"}}\n'
            '{"format": "timeline/1"}\n{"source"',
            3,
            "format",
            "first line only",
        ),
    ],
)
def test_a_bad_field_is_named_with_its_file_and_line(tmp_path, old, new, line, field, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError) as err:
        plan(load_file(path), Catalog())
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)
    assert words in err.value.message
    assert str(err.value).startswith(f"{path}:{line}: {field}: ")


@pytest.mark.parametrize("text", ["", "\n  \n\n"])
def test_a_file_without_lines_is_empty(tmp_path, text):
    with pytest.raises(InputError, match="the file is empty"):
        load_file(write(tmp_path, text))


def test_nesting_stops_at_the_depth_yaml_stops_at(tmp_path):
    # An event is at the third level, as under a YAML file's `events:`.
    def nested(depth):
        return json.dumps({"event": {**EVENT, "note": json.loads("[" * depth + "]" * depth)}})

    fine = jsonlnodes.read("f.jsonl", [nested(MAX_DEPTH - 3)])
    assert fine.values["events"][0].values["note"]
    too_deep = write(tmp_path, GOOD.replace(json.dumps({"event": EVENT}), nested(MAX_DEPTH - 2)))
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels") as err:
        load_file(too_deep)
    assert err.value.field == "events[0].note" + "[0]" * (MAX_DEPTH - 3)


def test_a_line_nested_past_what_json_can_read_is_refused_at_its_line(tmp_path):
    bomb = '{"event": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(InputError, match="nested deeper") as err:
        load_file(write(tmp_path, GOOD + bomb + "\n"))
    assert (err.value.line, err.value.field) == (7, "(file)")


def test_bytes_that_are_not_utf8_cannot_be_read(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_bytes(GOOD.encode() + b'{"entity": "\xff"}\n')
    with pytest.raises(InputError, match="cannot read"):
        load_file(path)


def test_the_documented_example_reads(tmp_path):
    docs = (SEEDS.parent / "docs" / "event-files.md").read_text(encoding="utf-8")
    example = docs.split("```json\n", 1)[1].split("```", 1)[0]
    batch = load_file(write(tmp_path, example))
    assert [values["fact_id"] for _, values in plan(batch, Catalog()).facts] == ["acme-seed"]
