"""``timeline check``: a data team's regression test for its own timeline."""

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli
from company_timeline.seeds import expectation_files, seed_files

SHIPPED = expectation_files()


@pytest.fixture
def run(seeded_store):
    def invoke(*args):
        return CliRunner().invoke(cli, ["--store", seeded_store, *args])

    return invoke


def test_the_seed_ships_expectations_and_they_are_no_event_file():
    assert [p.name for p in SHIPPED] == ["mistral-ai.expect.yaml"]
    assert SHIPPED[0] not in seed_files()


def test_the_shipped_expectations_hold(run):
    result = run("check", *map(str, SHIPPED))
    assert result.exit_code == 0, result.output
    assert result.stdout == "11 expectations checked: all hold.\n"


def test_a_changed_expectation_fails_naming_the_events_behind_the_actual_value(run, tmp_path):
    changed = tmp_path / "changed.expect.yaml"
    text = SHIPPED[0].read_text(encoding="utf-8")
    changed.write_text(text.replace("equals: equity", "equals: convertible_note"), encoding="utf-8")
    result = run("check", str(changed))
    assert result.exit_code == 1
    line = text[: text.index("equals: equity")].count("\n") - 2  # the item's first line
    assert result.stdout.splitlines()[:6] == [
        f"{changed}:{line}: mistral-ai funding_rounds.series_a_extension.instrument on 2024-02-27",
        "  expected: convertible_note",
        "  actual:   equity",
        "  events behind the actual value:",
        "    microsoft-series-a-extension (valid 2024-02-26, reported 2024-02-27T08:00:00+00:00, "
        "source article-2024-02-27): 'Dans le cadre de ce partenariat, Microsoft investit 15 "
        "millions d’euros (16,3 millions de dollars...'",
        "    microsoft-investment-not-a-convertible-note (valid as amended, reported "
        "2024-02-28T09:00:00+00:00, source article-2024-02-27): 'Correction : l’investissement "
        "de Microsoft n’est pas un titre convertible.'",
    ]
    assert result.stdout.endswith("11 expectations checked: 1 failed.\n")


def test_an_uncertain_expectation_fails_when_the_field_has_a_value(run, tmp_path):
    path = tmp_path / "x.expect.yaml"
    path.write_text(
        "expectations:\n"
        "  - entity: mistral-ai\n"
        "    field: funding_rounds.series_a\n"
        "    at: 2024-01-15\n"
        "    uncertain: true\n",
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "  expected: uncertain\n" in result.stdout and "mistral-ai-series-a (" in result.stdout


def test_an_unknown_entity_or_field_is_a_failure_naming_the_closest(run, tmp_path):
    path = tmp_path / "x.expect.yaml"
    path.write_text(
        "expectations:\n"
        "  - {entity: mistral, field: total_raised, at: 2024-01-15, equals: EUR 1}\n"
        "  - {entity: mistral-ai, field: total_raise, at: 2024-01-15, equals: EUR 1}\n",
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}:2: mistral total_raised on 2024-01-15: no entity 'mistral'" in result.stdout
    assert "did you mean 'total_raised" in result.stdout


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            "expectations:\n  - entity: acme\n    field: x\n    at: 2024-02-30\n    equals: 1\n",
            ":4: expectations[0].at: '2024-02-30' is not a date: February 2024 has 29 days",
        ),
        (
            "expectations:\n  - entity: acme\n    field: x\n    at: 2024-02-01\n",
            ":2: expectations[0].equals: give either equals: VALUE or uncertain: true",
        ),
        (
            "expectations:\n  - entity: acme\n    feld: x\n",
            ":3: expectations[0].feld: unknown field",
        ),
    ],
)
def test_a_bad_expectations_file_is_located_at_its_line(run, tmp_path, body, words):
    path = tmp_path / "bad.expect.yaml"
    path.write_text(body, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}{words}")
