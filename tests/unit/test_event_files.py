"""Every way an event file can be wrong gets one error naming file, line and field."""

import pytest
from factories import write_event_file as write

from company_timeline.domain import ConflictingFact, InputError, load_file

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
    lead_investors: [fund]
    quote: Acme raised a seed round.
"""


def test_a_good_file_reads_into_one_source_two_entities_and_one_fact(tmp_path):
    batch = load_file(write(tmp_path, GOOD))
    assert [len(batch.sources), len(batch.entities), len(batch.facts)] == [1, 2, 1]
    assert str(batch.facts[0].values["amount"]) == "EUR 1000000"


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("valid: 2020-03", "valid: March 2020", 21, "events[0].valid", "not an EDTF date"),
        ("valid: 2020-03", "valid: 2020-13", 21, "events[0].valid", "not a calendar date"),
        ("amount: EUR 1000000", "amount: 1000000.5", 23, "events[0].amount", "not an amount"),
        ("amount: EUR 1000000", "amount: [EUR 1]", 23, "events[0].amount", "expected an amount"),
        ("    round: seed\n", "", 17, "events[0].round", "required field is missing"),
        (
            "    round: seed\n",
            "    round: seed\n    rounds: seed\n",
            21,
            "events[0].rounds",
            "unknown field",
        ),
        ("type: funding_round", "type: funding", 18, "events[0].type", "not one of"),
        (
            "lead_investors: [fund]",
            "lead_investors: [nobody]",
            24,
            "events[0].lead_investors",
            "no entity 'nobody'",
        ),
        (
            "entity: acme\n    round",
            "entity: acne\n    round",
            19,
            "events[0].entity",
            "no entity 'acne'",
        ),
        (
            "source: wire\n    amount",
            "source: wired\n    amount",
            22,
            "events[0].source",
            "no source 'wired'",
        ),
        (
            "source: wire\n    amount",
            "source: wire\n    revision: fix\n    amount",
            23,
            "events[0].revision",
            "no revision 'fix'",
        ),
        (
            "quote: Acme raised a seed round.",
            "quote: Acme raised millions.",
            25,
            "events[0].quote",
            "word for word",
        ),
        (
            "published: 2024-01-10T09:00:00+00:00",
            "published: 2024-01-10",
            4,
            "sources[0].published",
            "UTC offset",
        ),
        ("document: wire.txt", "document: missing.txt", 5, "sources[0].document", "is not a file"),
        ("  - id: fund\n", "  - id: Fund Inc\n", 13, "entities[1].id", "is not an id"),
        (
            "    kind: company\n",
            "    kind: company\n    kind: investor\n",
            13,
            "entities[0].kind",
            "given twice",
        ),
        ("round.\n", "round.\n  - just a sentence\n", 16, "events", "list of mappings"),
        (
            "lead_investors: [fund]",
            "lead_investors: *fund",
            24,
            "events[0].lead_investors",
            "YAML aliases are not supported",
        ),
        # YAML notices an unclosed bracket on the line after it.
        ("title: A wire story", "title: [A, b", 4, "(file)", "not valid YAML"),
    ],
)
def test_a_bad_field_is_named_with_its_file_and_line(tmp_path, old, new, line, field, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError) as err:
        from company_timeline.domain.batch import plan
        from company_timeline.domain.drafts import Catalog

        plan(load_file(path), Catalog())
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)
    assert words in err.value.message
    assert str(err.value).startswith(f"{path}:{line}: {field}: ")


def test_an_empty_file_is_an_error_not_an_empty_batch(tmp_path):
    with pytest.raises(InputError, match="empty"):
        load_file(write(tmp_path, ""))


def test_a_missing_file_is_named_as_missing(tmp_path):
    with pytest.raises(InputError) as err:
        load_file(tmp_path / "nowhere.yaml")
    assert err.value.file == str(tmp_path / "nowhere.yaml")
    assert str(err.value) == f"{tmp_path / 'nowhere.yaml'}: no such file"


def test_the_same_id_twice_with_different_content_is_a_conflict(tmp_path):
    twice = GOOD + GOOD[GOOD.index("  - id: acme-seed") :].replace("EUR 1000000", "EUR 2000000")
    from company_timeline.domain.batch import plan
    from company_timeline.domain.drafts import Catalog

    with pytest.raises(ConflictingFact, match="also given, differently"):
        plan(load_file(write(tmp_path, twice)), Catalog())


def test_an_amendment_takes_the_valid_time_of_its_target(tmp_path):
    amendment = """\
  - id: acme-seed-fix
    type: report_corrected
    entity: acme
    target: acme-seed
    valid: 2020-04
    changes: {amount: EUR 2000000}
    source: wire
    quote: Then it grew.
"""
    with pytest.raises(InputError, match="takes the valid time") as err:
        load_file(write(tmp_path, GOOD + amendment))
    assert err.value.line == 30


def test_a_correction_of_a_field_its_target_lacks_is_refused(tmp_path):
    amendment = """\
  - id: acme-seed-fix
    type: report_corrected
    entity: acme
    target: acme-seed
    changes: {weights: open}
    source: wire
    quote: Then it grew.
"""
    from company_timeline.domain.batch import plan
    from company_timeline.domain.drafts import Catalog

    with pytest.raises(InputError, match="has no field 'weights'") as err:
        plan(load_file(write(tmp_path, GOOD + amendment)), Catalog())
    assert err.value.field == "events[1].changes"
