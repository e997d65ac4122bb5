"""The event-file reader, fed thousands of hostile files, raises nothing but located errors.

Random bytes, YAML-ish text made of the tokens that break parsers, and the seed
file mutated (as YAML and as JSON Lines) are read and planned against an empty
store. Whatever happens, it is a batch or one ``InputError`` of one line that
names the file. ``TIMELINE_FUZZ_EXAMPLES`` sets the examples per test (CI: the
default, a few thousand in all in well under a minute).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from company_timeline.domain import InputError, load_file, yamlnodes
from company_timeline.domain.batch import plan
from company_timeline.domain.drafts import Catalog
from company_timeline.domain.yamlnodes import Node, read

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = (SEEDS / "mistral-ai.yaml").read_text(encoding="utf-8")
DOCUMENT = "000_d6d79f6ff8926371.txt"
EXAMPLES = int(os.environ.get("TIMELINE_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # each run its own cases; a failure prints the one to replay
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What breaks YAML readers, and values at the edges of every rule.
TOKENS = [
    *"-:?[]{},&*!|>'\"#%@`\t\n ",
    "\n  ", "\n    ", "\n- ", ": ", "- ", "&a ", "*a", "<<: *a", "!!binary ", "!!python/object ",
    "!!null ", "!!str ", "? ", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x\n", "~", "null",
    '"\\ud800"', '"\\x00"', '"\\e[2J"', "\u202e", "é", "\ufeff", "\r", "\x85", "0x1F", ".inf",
    "sources:", "entities:", "events:", "format: timeline/1", "id: a", "id: A B", "type: ",
    "funding_round", "report_corrected", "report_retracted", "target: a", "changes: {",
    "valid: ", "9999-12~", "0001-01~", "2023-13", "../..", "0000", "published: ",
    "9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00", "2024-01-01T00:00Z/P1D",
    "amount: ", "XYZ 100", "EUR 0", "EUR -1", "EUR 1" + "0" * 40, "EUR 0.0000001", "1000%",
    "document: ", "/etc/passwd", "../x", DOCUMENT, "quote: ", "revisions: [{id: r}, {id: r}]",
]  # fmt: skip
JSON_TOKENS = [
    '{"', '"}', "[", "]", "{", "}", ",", ":", "null", "true", "1e999", "-0", '"\\ud800"',
    '"\\u0000"', "NaN", '"event"', '"source"', '"entity"', "\n",
]  # fmt: skip


def as_plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {k: as_plain(v) for k, v in value.values.items()}
    if isinstance(value, list):
        return [as_plain(v) for v in value]
    return value


def seed_as_json_lines() -> str:
    root = as_plain(read("seed.yaml", SEED))
    lines = [{"format": root["format"]}]
    for plural, single in [("sources", "source"), ("entities", "entity"), ("events", "event")]:
        lines += [{single: item} for item in root[plural]]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


SEED_LINES = seed_as_json_lines()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One folder for every example, with the documents an event file may name."""
    path = tmp_path_factory.mktemp("fuzz")
    shutil.copy(SEEDS / DOCUMENT, path)
    (path / "doc.txt").write_text("Acme raised a seed round.", encoding="utf-8")
    yield path


def read_or_refuse(folder: Path, data: bytes, suffix: str) -> None:
    path = folder / f"fuzzed{suffix}"
    path.write_bytes(data)
    try:
        batch = load_file(path)
        plan(batch, Catalog())
        for draft in batch.sources + batch.entities + batch.facts:
            draft.fingerprint()  # what would be stored encodes as UTF-8, as the store does
    except InputError as e:
        for one in getattr(e, "errors", [e]):  # every error found, each located on its line
            message = str(one)
            whole = one.line == 0 and one.field == "(file)"
            assert message.startswith(f"{path}: " if whole else f"{path}:{one.line}: {one.field}: ")
            assert "\n" not in message and "\r" not in message, message


def mutated(text: str, tokens: list[str]) -> st.SearchStrategy[str]:
    """``text`` with a few spans deleted, repeated or replaced by tokens or random text."""
    edit = st.tuples(
        st.sampled_from(["delete", "insert", "replace", "repeat", "value", "value"]),
        st.integers(0, len(text)),
        st.integers(0, 40),
        st.one_of(st.sampled_from(tokens), st.text(max_size=8)),
    )

    def apply(edits: list[tuple[str, int, int, str]]) -> str:
        out = text
        for kind, at, length, token in edits:
            at = min(at, len(out))
            end = min(at + length, len(out))
            if kind == "delete":
                out = out[:at] + out[end:]
            elif kind == "insert":
                out = out[:at] + token + out[at:]
            elif kind == "replace":
                out = out[:at] + token + out[end:]
            elif kind == "value":  # the value after the next key: the file stays YAML
                colon = out.find(": ", at)
                if colon >= 0:
                    line_end = out.find("\n", colon)
                    line_end = len(out) if line_end < 0 else line_end
                    out = out[: colon + 2] + token + out[line_end:]
            else:
                out = out[:end] + out[at:end] + out[end:]
        return out

    return st.lists(edit, min_size=1, max_size=4).map(apply)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".yaml", ".jsonl"]))
def test_random_bytes_are_a_batch_or_a_located_error(folder, data, suffix):
    read_or_refuse(folder, data, suffix)


@FUZZ
@given(tokens=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=40))
def test_yaml_like_text_is_a_batch_or_a_located_error(folder, tokens):
    read_or_refuse(folder, "".join(tokens).encode("utf-8", "surrogatepass"), ".yaml")


@FUZZ
@given(text=mutated(SEED, TOKENS))
def test_a_mutated_seed_file_is_a_batch_or_a_located_error(folder, text):
    read_or_refuse(folder, text.encode("utf-8", "surrogatepass"), ".yaml")


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.sampled_from([*TOKENS, "\ud800", "a\x00b", "2024-02-27T09:00:00+01:00"]),
        st.text(max_size=10),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def edited_lines() -> st.SearchStrategy[str]:
    """The JSON Lines seed with values of its objects replaced: each line stays JSON."""
    lines = [json.loads(line) for line in SEED_LINES.splitlines()]
    edit = st.tuples(
        st.integers(0, len(lines) - 1), st.integers(0, 20), st.text(max_size=6), JSON_VALUES
    )

    def apply(edits: list[tuple[int, int, str, Any]]) -> str:
        out = json.loads(json.dumps(lines))
        for index, key, new_key, value in edits:
            (fields,) = out[index].values()
            if isinstance(fields, dict) and fields and key < 18:
                fields[sorted(fields)[key % len(fields)]] = value
            elif isinstance(fields, dict):
                fields[new_key] = value
            else:
                out[index] = {new_key: value}
        return "".join(json.dumps(line) + "\n" for line in out)  # ASCII: lone halves escaped

    return st.lists(edit, min_size=1, max_size=3).map(apply)


@FUZZ
@given(text=edited_lines())
def test_json_lines_with_any_json_values_are_a_batch_or_a_located_error(folder, text):
    read_or_refuse(folder, text.encode(), ".jsonl")


@settings(FUZZ, max_examples=max(1, EXAMPLES // 4))  # PyYAML's own parser is slower
@given(text=mutated(SEED, TOKENS))
def test_without_libyaml_a_mutated_seed_is_a_batch_or_a_located_error(folder, text):
    kept, yamlnodes.LOADER = yamlnodes.LOADER, yaml.SafeLoader
    try:
        read_or_refuse(folder, text.encode("utf-8", "surrogatepass"), ".yaml")
    finally:
        yamlnodes.LOADER = kept


@FUZZ
@given(text=mutated(SEED_LINES, JSON_TOKENS + TOKENS))
def test_a_mutated_json_lines_seed_is_a_batch_or_a_located_error(folder, text):
    read_or_refuse(folder, text.encode("utf-8", "surrogatepass"), ".jsonl")


def test_the_unmutated_seeds_read_whole(folder):
    for data, suffix in [(SEED.encode(), ".yaml"), (SEED_LINES.encode(), ".jsonl")]:
        path = folder / f"whole{suffix}"
        path.write_bytes(data)
        assert len(plan(load_file(path), Catalog()).facts) == 14
