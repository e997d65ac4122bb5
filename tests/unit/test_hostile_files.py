"""Hostile event files are refused fast, each with one located line, never a traceback."""

import time
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from factories import write_event_file as write

from company_timeline.domain import InputError, Money, load_file, yamlnodes
from company_timeline.domain.batch import plan
from company_timeline.domain.drafts import Catalog

MAX_FILE_BYTES = 1 << 30  # as docs/event-files.md promises

GOOD = """\
sources:
  - id: wire
    title: A wire story
    published: 2024-01-10T09:00:00+00:00
    document: wire.txt
    revisions:
      - id: update
        published: 2024-01-11T09:00:00+00:00
entities:
  - id: acme
    name: Acme
    kind: company
  - id: fund
    name: Fund
    kind: investor
events:
  - id: acme-seed
    type: funding_round
    entity: acme
    round: seed
    valid: 2020-03
    source: wire
    amount: EUR 1000000
    quote: Acme raised a seed round.
"""
CORRECTION = """\
  - id: {id}
    type: report_corrected
    entity: acme
    target: {target}
    changes: {{amount: EUR 2}}
    source: wire
    quote: Then it grew.
"""


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as err:
        plan(load_file(path), Catalog())
    assert "\n" not in str(err.value)
    return err.value


def located(path: Path) -> tuple[int, str, str]:
    err = refused(path)
    return err.line, err.field, err.message


# ---- YAML that expands, nests or keys without end ----------------------------------


def test_nested_aliases_are_refused_at_once_without_expanding(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        name, previous = chr(ord("a") + n), chr(ord("a") + n - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size < 800
    started = time.perf_counter()
    assert located(path) == (1, "a", "YAML aliases are not supported: remove the anchor &a")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{a: ", "}")])
def test_nine_hundred_levels_of_nesting_stop_at_the_documented_depth(tmp_path, opening, closing):
    path = write(tmp_path, "a: " + opening * 900 + "x" + closing * 900 + "\n")
    line, field, message = located(path)
    assert (line, message) == (1, "nested deeper than 64 levels")
    assert field.startswith("a")


def test_a_mapping_used_as_a_key_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("    kind: company\n", "    {kind: x}: company\n"))
    assert located(path) == (12, "entities[0]", "a key must be text, not a list or a mapping")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: [A, b\nc: d\n", 2, "while parsing a flow sequence (line 1, column 8): "),
        ("a: 1\n---\nb: 2\n", 2, "expected a single document in the stream (line 1, column 1)"),
        ("a: 1\nb: x\nc: \x07\n", 3, "unacceptable character #x0007"),
    ],
)
@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_a_yaml_error_is_one_line_at_its_own_line(tmp_path, monkeypatch, loader, text, line, words):
    if not hasattr(yaml, loader):
        pytest.skip("PyYAML without libyaml")
    monkeypatch.setattr(yamlnodes, "LOADER", getattr(yaml, loader))
    err = refused(write(tmp_path, text))
    assert (err.line, err.field) == (line, "(file)")
    assert err.message.startswith("not valid YAML: ") and words in err.message


def test_a_key_that_would_break_the_line_is_named_quoted(tmp_path):
    path = write(tmp_path, GOOD.replace("    kind: company\n", '    "ki\\nnd": company\n'))
    assert located(path)[1] == "entities[0].'ki\\nnd'"


# ---- the file itself ---------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as sparse:  # a hole: no disk is spent on it
        sparse.truncate(MAX_FILE_BYTES + 1)
    assert located(path) == (
        0,
        "(file)",
        "1.0 GiB is over the limit of 1 GiB per event file: split it, and ingest the parts "
        "one after another",
    )


@pytest.mark.parametrize("path", ["/dev/zero", "."])
def test_what_is_not_a_regular_file_is_not_read(path):
    assert located(Path(path)) == (0, "(file)", "cannot read: not a regular file")


def test_bytes_that_are_not_utf8_are_named_with_their_line(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_bytes(GOOD.encode().replace(b"A wire story", b"A wire \xff story"))
    assert located(path) == (3, "(file)", "cannot read: not UTF-8 text (byte 0xff, column 19)")


@pytest.mark.parametrize("name", ["facts.yaml", "facts.jsonl"])
def test_half_a_utf16_pair_is_refused_where_it_is_written(tmp_path, name):
    if name.endswith(".jsonl"):
        text = '{"entity": {"id": "acme", "name": "Ac\\ud800me", "kind": "company"}}\n'
        where = (1, "entities[0].name")
    else:
        text = 'entities:\n  - id: acme\n    name: "Ac\\ud800me"\n    kind: company\n'
        where = (3, "entities[0].name")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlnodes, "LOADER", yaml.SafeLoader)  # libyaml refuses it itself
        err = refused(write(tmp_path, text, name))
    assert (err.line, err.field) == where
    assert "half of a UTF-16 pair" in err.message


# ---- documents: only from the file's own folder, only text -------------------------


@pytest.mark.parametrize("name", ["/etc/hostname", "../wire.txt", "sub/wire.txt", "..", "a\\b"])
def test_a_document_named_with_a_path_is_refused(tmp_path, name):
    path = write(tmp_path, GOOD.replace("document: wire.txt", f"document: '{name}'"))
    assert located(path) == (
        5,
        "sources[0].document",
        f"{name!r} is not a file name: documents are read from the event file's own folder, "
        "named without a path",
    )


def test_a_document_that_links_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Acme raised a seed round.", encoding="utf-8")
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "link.txt").symlink_to(outside)
    path = write(tmp_path / "files", GOOD.replace("document: wire.txt", "document: link.txt"))
    line, field, message = located(path)
    assert (line, field) == (5, "sources[0].document")
    assert message == f"'link.txt' links to a file outside {path}'s folder"


def test_a_binary_document_is_refused_naming_it(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n\xe2\x28\xa1")
    path = write(tmp_path, GOOD.replace("document: wire.txt", "document: scan.pdf"))
    assert located(path) == (
        5,
        "sources[0].document",
        "'scan.pdf' is not UTF-8 text: byte 0xe2 at offset 9",
    )


def test_a_document_holding_nul_bytes_is_not_text(tmp_path):
    (tmp_path / "blob.bin").write_bytes(b"Acme raised a seed round.\x00\x00")
    path = write(tmp_path, GOOD.replace("document: wire.txt", "document: blob.bin"))
    assert located(path)[2] == "'blob.bin' is not text: it holds NUL bytes"


# ---- values: money, shares, times, revisions, cycles -------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("XYZ 100", "'XYZ' is not an ISO 4217 currency code (such as EUR, USD or JPY)"),
        ("EUR 0", "'EUR 0' is not an amount: amounts are positive"),
        ("EUR 0.00", "'EUR 0.00' is not an amount: amounts are positive"),
        ("EUR -5", "'EUR -5' is not an amount: amounts are positive"),
    ],
)
def test_an_amount_needs_an_iso_4217_code_and_more_than_nothing(tmp_path, amount, message):
    path = write(tmp_path, GOOD.replace("amount: EUR 1000000", f"amount: {amount}"))
    assert located(path) == (23, "events[0].amount", message)


STAKE = """\
  - id: fund-stake
    type: stake_reported
    entity: acme
    holder: fund
    valid: 2020-04
    source: wire
    share: "{share}"
    quote: Then it grew.
"""


@pytest.mark.parametrize("share", ["1000%", ">100%", "100.5%", "<0%"])
def test_a_share_is_between_nothing_and_everything(tmp_path, share):
    path = write(tmp_path, GOOD + STAKE.format(share=share))
    line, field, message = located(path)
    assert (line, field) == (31, "events[1].share")
    assert message.startswith(f"'{share}' is not a share: a holding is at ")


@pytest.mark.parametrize("share", ["100%", "<=100%", "~100%", ">=100%", "0%", "<1%"])
def test_a_share_up_to_all_of_it_is_taken(tmp_path, share):
    assert plan(load_file(write(tmp_path, GOOD + STAKE.format(share=share))), Catalog()).facts


def test_a_sum_of_amounts_is_exact_at_any_size():
    big = Money.parse("EUR 12345678901234567890123456789")
    assert (big + Money.parse("EUR 1")).amount == Decimal("12345678901234567890123456790")
    tiny = Money.parse("EUR 0.0000001")
    assert str(tiny + tiny) == "EUR 0.0000002"  # as a file writes it, never 2E-7


@pytest.mark.parametrize(
    ("valid", "message"),
    [
        ("9999-12~", "'9999-12~' reaches outside the supported years 1 to 9999"),
        ("0001-01~", "'0001-01~' reaches outside the supported years 1 to 9999"),
        ("9999~", "'9999~' reaches outside the supported years 1 to 9999"),
        ("9999-12-31?", "'9999-12-31?' reaches outside the supported years 1 to 9999"),
        ("9999-06/9999-12%", "'9999-06/9999-12%' reaches outside the supported years 1 to 9999"),
        ("0001~/0002", "'0001~/0002' reaches outside the supported years 1 to 9999"),
        ("0000-01", "'0000-01' is outside the supported years 1 to 9999"),
    ],
)
def test_valid_times_outside_years_1_to_9999_are_located(tmp_path, valid, message):
    path = write(tmp_path, GOOD.replace("valid: 2020-03", f"valid: '{valid}'"))
    assert located(path) == (21, "events[0].valid", message)


@pytest.mark.parametrize("valid", ["9999-12-31", "0001-01-01", "9999", "0001-01/9999-12"])
def test_the_first_and_last_days_of_the_calendar_are_valid_times(tmp_path, valid):
    path = write(tmp_path, GOOD.replace("valid: 2020-03", f"valid: '{valid}'"))
    assert plan(load_file(path), Catalog()).facts


@pytest.mark.parametrize(
    ("published", "line", "field"),
    [
        ("9999-12-31T23:00:00-05:00", 4, "sources[0].published"),
        ("0001-01-01T00:30:00+01:00", 4, "sources[0].published"),
    ],
)
def test_a_report_time_outside_the_years_once_in_utc_is_located(tmp_path, published, line, field):
    path = write(tmp_path, GOOD.replace("2024-01-10T09:00:00+00:00", published))
    assert located(path) == (
        line,
        field,
        f"{published!r} is outside the supported years 1 to 9999 once converted to UTC",
    )


def test_an_interval_is_not_a_moment(tmp_path):
    interval = "2024-01-10T09:00:00+00:00/2024-01-11T09:00:00+01:00"
    path = write(tmp_path, GOOD.replace("2024-01-10T09:00:00+00:00", interval))
    assert located(path)[2] == f"{interval!r} is not one moment: give a single timestamp"


def test_two_revisions_with_one_id_are_refused(tmp_path):
    twice = GOOD.replace(
        "        published: 2024-01-11T09:00:00+00:00\n",
        "        published: 2024-01-11T09:00:00+00:00\n"
        "      - id: update\n        published: 2024-01-12T09:00:00+00:00\n",
    )
    path = write(tmp_path, twice)
    assert located(path) == (
        9,
        "sources[0].revisions[1].id",
        "revision 'update' is given twice in this source",
    )


@pytest.mark.parametrize(
    ("links", "line", "cycle"),
    [
        ([("fix-a", "fix-b"), ("fix-b", "fix-a")], 28, "fix-a -> fix-b -> fix-a"),
        (
            [("fix-a", "fix-b"), ("fix-b", "fix-c"), ("fix-c", "fix-a")],
            28,
            "fix-a -> fix-b -> fix-c -> fix-a",
        ),
        # The seed round is corrected; its corrections then chase each other.
        (
            [("fix-a", "acme-seed"), ("fix-b", "fix-c"), ("fix-c", "fix-b")],
            35,
            "fix-b -> fix-c -> fix-b",
        ),
    ],
)
def test_amendments_in_a_cycle_are_refused_naming_it(tmp_path, links, line, cycle):
    text = GOOD + "".join(CORRECTION.format(id=a, target=b) for a, b in links)
    err = refused(write(tmp_path, text))
    assert (err.line, err.message) == (line, f"amendments in a cycle: {cycle}")
    assert err.field.endswith(".target")


def test_a_chain_of_corrections_is_no_cycle(tmp_path):
    chain = [("fix-a", "acme-seed"), ("fix-b", "fix-a"), ("fix-c", "fix-b")]
    text = GOOD + "".join(CORRECTION.format(id=a, target=b) for a, b in chain)
    assert len(plan(load_file(write(tmp_path, text)), Catalog()).facts) == 4
