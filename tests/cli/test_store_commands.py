"""seed and verify, which stores are seeded, and error lines that cannot drive the terminal."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli
from company_timeline.domain.text import printable


def timeline(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize(
    "args",
    [
        ["at", "2024-02-27"],
        ["events"],
        ["history", "acme"],
        ["why", "acme", "products", "--at", "2024-02-27"],
        ["diff", "acme", "2024-01-01", "2024-02-01"],
        ["export", "--format", "json"],
        ["verify"],
    ],
)
def test_a_read_where_no_store_is_exits_2_and_creates_nothing(tmp_path, args):
    location = tmp_path / "new" / "mine.sqlite"
    result = timeline("--store", str(location), *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: no store at {location}; `timeline ingest` or `timeline seed` creates one\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_store_other_than_the_default_one_starts_empty_and_says_how_to_fill_it(tmp_path):
    from company_timeline.domain import open_store

    open_store(str(tmp_path / "mine.sqlite")).close()  # made, and nothing in it
    result = timeline("--store", str(tmp_path / "mine.sqlite"), "events")
    assert result.exit_code == 0 and result.stdout == "No events stored.\n"
    assert "is empty: 'timeline seed' loads the shipped Mistral AI seed" in result.stderr
    filled = timeline("--store", str(tmp_path / "mine.sqlite"), "ingest", str(tmp_path / "x"))
    assert "is empty" not in filled.stderr  # ingest fills it: no word needed


def test_a_failed_ingest_into_a_new_path_creates_no_store(tmp_path):
    result = timeline("--store", str(tmp_path / "mine.sqlite"), "ingest", str(tmp_path / "x"))
    assert result.exit_code == 1 and "no such file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_seed_loads_the_shipped_seed_on_request_once(tmp_path):
    store = str(tmp_path / "mine.sqlite")
    first = timeline("--store", store, "seed")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(
        "Stored 24 new events, 14 entities and 3 sources from the shipped"
    )
    again = timeline("--store", store, "seed")
    assert again.stdout.startswith("Stored 0 new events, 0 entities and 0 sources")
    assert "mistral-ai" in timeline("--store", store, "events").stdout


def test_the_default_store_is_seeded_once_and_seed_then_stores_nothing(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "TIMELINE_STORE": None}
    result = timeline("seed", env=env)
    assert "seeded with 24 events" in result.stderr
    assert result.stdout.startswith("Stored 0 new events")


def test_verify_prints_the_number_of_events_and_the_head_digest(seeded_store):
    result = timeline("--store", seeded_store, "verify")
    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()
    assert first.startswith("Verified ") and first.endswith(" events: the log is as appended.")
    assert second.startswith("Head digest (SHA-256) at position ") and len(second.split()[-1]) == 64


@pytest.mark.parametrize(
    "name",
    [
        "clear\x1b[2J\x1b]0;pwned\x07.yaml",
        "evil\u202egnp.yaml",
        "two\nlines\r.yaml",
        "c1\x9b31m.yaml",
    ],
)
def test_an_error_naming_a_file_prints_its_control_characters_escaped(tmp_path, name):
    result = timeline("--store", str(tmp_path / "s.sqlite"), "ingest", str(tmp_path / name))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and printable(name) in result.stderr
    assert not any(c in result.stderr[:-1] for c in "\x1b\x07\u202e\r\n\x9b")


def test_printable_escapes_what_can_drive_a_terminal_and_keeps_the_rest():
    assert printable("Mistral AI, Paris — 385 M€ «ok»") == "Mistral AI, Paris — 385 M€ «ok»"
    assert printable("a\x1b[31mb\x07\x7f\x85\t") == "a\\x1b[31mb\\x07\\x7f\\x85\\x09"
    assert (
        printable("\u202eabc\u2066\u2069\u200f\u2028") == "\\u202eabc\\u2066\\u2069\\u200f\\u2028"
    )
