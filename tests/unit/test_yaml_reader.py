"""The YAML reader keeps what composing YAML gave, and refuses what no event file needs."""

import io
from pathlib import Path

import pytest
import yaml

from company_timeline.domain import InputError, yamlnodes
from company_timeline.domain.yamlnodes import MAX_DEPTH, NULL_TAG, Node, read

SEED = Path(__file__).resolve().parents[2] / "seeds" / "mistral-ai.yaml"
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request, monkeypatch):
    """Every test runs with libyaml and with the pure-Python fallback."""
    monkeypatch.setattr(yamlnodes, "LOADER", request.param)
    return request.param


def composed(node):
    """What the reader gave before it read events: compose, then the scalars as text."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == NULL_TAG and node.style is None else node.value
    if isinstance(node, yaml.SequenceNode):
        return [composed(item) for item in node.value]
    return {
        "line": node.start_mark.line + 1,
        "values": {k.value: composed(v) for k, v in node.value},
        "lines": {k.value: k.start_mark.line + 1 for k, _ in node.value},
    }


def plain(value):
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, Node):
        values = {k: plain(v) for k, v in value.values.items()}
        return {"line": value.line, "values": values, "lines": value.lines}
    return value


def error_of(text):
    with pytest.raises(InputError) as err:
        read("f.yaml", text)
    return err.value


SCALARS = """\
plain: text
tilde: ~
null_words: [null, Null, NULL, nUll, nulls]
empty:
empty_item:
  - a
  -
  - b
quoted: ["null", '~', "", '']
tagged_null: !!null ""
tagged_plain_null: !!null x
bang: ! null
tagged_str: !!str null
block: |
  null
folded: >-
  ~
typed_by_yaml: [1.5, 2024-02-26, true, 0x1F, .inf]
nested:
  - {k: ~, j: v}
  - - deeper: null
"""


@pytest.mark.parametrize(
    "text", [SCALARS, SEED.read_text(encoding="utf-8")], ids=["scalars", "seed"]
)
def test_the_tree_is_the_one_composed_yaml_gave(loader, text):
    assert plain(read("f.yaml", text)) == composed(yaml.compose(text, Loader=yaml.SafeLoader))


def test_the_reader_takes_an_open_text_file(loader):
    with SEED.open(encoding="utf-8") as stream:
        assert plain(read(str(SEED), stream)) == plain(read(str(SEED), SEED.read_text("utf-8")))


def test_libyaml_reads_when_pyyaml_has_it():
    assert yamlnodes.LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("a: &x 1\nb: *x\n", 1, "a"),
        ("a: 1\nb: *x\n", 2, "b"),
        ("a: [1, *x]\n", 1, "a[1]"),
        ("events:\n  - &e {id: a}\n", 2, "events[0]"),
        ("*x : 1\n", 1, "(file)"),
        ("&doc\na: 1\n", 1, "(file)"),
    ],
)
def test_aliases_and_anchors_are_refused_where_they_are(loader, text, line, field):
    err = error_of(text)
    assert (err.line, err.field) == (line, field)
    assert err.message.startswith("YAML aliases are not supported")


def test_a_billion_laughs_is_refused_at_its_first_anchor(loader):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        previous = chr(ord("a") + n - 1)
        lines.append(
            f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + previous] * 9)}]"
        )
    err = error_of("\n".join(lines) + "\n")
    assert (err.line, err.field) == (1, "a")


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("? [a, b]\n: c\n", 1, "(file)"),
        ("events:\n  - id: x\n    {k: v}: y\n", 3, "events[0]"),
    ],
)
def test_a_key_that_is_a_list_or_a_mapping_is_refused(loader, text, line, field):
    err = error_of(text)
    assert (err.line, err.field, err.message) == (
        line,
        field,
        "a key must be text, not a list or a mapping",
    )


def test_nesting_stops_at_the_documented_depth(loader):
    # The file's mapping is the first level, the list under `a` the second.
    deepest = "a:\n  " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert read("f.yaml", deepest).values["a"]
    err = error_of("a:\n  " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert (err.line, err.message) == (2, f"nested deeper than {MAX_DEPTH} levels")
    assert err.field == "a" + "[0]" * (MAX_DEPTH - 1)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "the file is empty"),
        ("# nothing but a comment\n", 1, "the file is empty"),
        ("---\n", 1, "expected a mapping"),
        ("- a\n", 1, "expected a mapping"),
        ("just text\n", 1, "expected a mapping"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
        ("a: b: c\n", 1, "not valid YAML"),
        ("a: \x07\n", 1, "not valid YAML"),
        # compose read the whole file first: a syntax error anywhere is told first.
        ("a: 1\na: 2\nb: [\n", 4, "not valid YAML"),
        ("a: *x\n---\nb: 2\n", 2, "expected a single document"),
        ("- {a: 1, a: 2}\n", 1, "given twice"),
    ],
)
def test_the_file_as_a_whole_errs_as_it_did(loader, text, line, words):
    err = error_of(text)
    assert err.line == line
    assert words in err.message


def test_a_key_given_twice_is_named_at_its_second_line(loader):
    err = error_of("sources:\n  - id: a\n    id: b\n")
    assert (err.line, err.field, err.message) == (3, "sources[0].id", "field given twice")


def test_a_stream_that_cannot_be_decoded_is_not_taken_for_bad_yaml(loader):
    stream = io.TextIOWrapper(io.BytesIO(b"a: 1\nb: \xff\n"), encoding="utf-8")
    with pytest.raises(UnicodeDecodeError):
        read("f.yaml", stream)
