"""What the chain alone cannot show is caught against an anchor kept outside the store;
a missing chain is a failure, never re-made; writers refuse a log that fails verification.

Each tampering is done straight on the database, as someone holding its file would,
on SQLite and PostgreSQL alike (``sql`` from test_chain).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import seeded
from test_chain import AT, EXTRA, edit, last_position, sql

from company_timeline.cli.main import cli
from company_timeline.domain import open_store
from company_timeline.domain.storage import chain


def timeline(store: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--store", store, *args])


def failed(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {message}\n"


@pytest.fixture
def store(store_location: str) -> str:
    return seeded(store_location)


def anchor_of(store: str) -> str:
    """POSITION:DIGEST as an export's head gives it."""
    head = json.loads(timeline(store, "export", "--format", "json").stdout)["export"]["log"]
    return f"{head['position']}:{head['digest']}"


def rechain_from(store: str, position: int) -> None:
    """Rewrite the chain from ``position`` on to match the log: a consistent forgery."""
    (before,) = sql(store, "SELECT digest FROM timeline_chain WHERE position < ? "
                    "ORDER BY position DESC LIMIT 1", (position,))  # fmt: skip
    rows = sql(store, "SELECT {at}, originator_id, originator_version, topic, state "
               "FROM {log} WHERE {at} >= ? ORDER BY {at}", (position,))  # fmt: skip
    previous = bytes(before[0])
    for at, *event in rows:
        previous = chain.digest(previous, chain.Logged(at, *event))
        sql(store, "UPDATE timeline_chain SET digest = ? WHERE position = ?", (previous, at))


def test_an_edit_with_the_chain_rewritten_to_match_is_caught_against_an_anchor(store):
    anchor = anchor_of(store)
    edit(store)
    rechain_from(store, AT)
    assert timeline(store, "verify").exit_code == 0  # the README's known limit
    result = timeline(store, "verify", "--expect", anchor)
    position = anchor.split(":")[0]
    assert result.exit_code == 1 and result.stderr.startswith(
        f"Error: the log was changed at position {position}: its digest is not the anchor's"
    )


def test_the_last_event_removed_with_its_chain_row_is_caught_against_an_anchor(store):
    anchor, last = anchor_of(store), last_position(store)
    sql(store, "DELETE FROM {log} WHERE {at} = ?", (last,))
    sql(store, "DELETE FROM timeline_chain WHERE position = ?", (last,))
    assert timeline(store, "verify").exit_code == 0
    failed(
        timeline(store, "verify", "--expect", anchor),
        f"the log was changed at position {last}: the log ends at position "
        f"{last_position(store)}, before this anchor: events were removed from its end",
    )


@pytest.mark.parametrize("chain_rows", ["kept", "emptied"])
def test_a_deleted_chain_marker_fails_verify_and_nothing_re_chains_the_log(store, chain_rows):
    anchor = anchor_of(store)
    edit(store)
    sql(store, "DELETE FROM timeline_index_state WHERE name = 'chain'")
    if chain_rows == "emptied":
        sql(store, "DELETE FROM timeline_chain")
    how = (
        "the chain's marker was removed, its rows are still there"
        if chain_rows == "kept"
        else "no chain at all: a store written before the chain existed (version 0.1) is "
        "chained by timeline chain --start, which trusts the log as it is now"
    )
    for _ in range(2):  # the first verify left nothing behind that would pass the second
        failed(timeline(store, "verify"), f"the log is not chained from position 1: {how}")
        failed(
            timeline(store, "verify", "--expect", anchor),
            f"the log is not chained from position 1: {how}",
        )
    open_store(store).close()  # an opening to write re-chains nothing either
    assert timeline(store, "verify").exit_code == 1
    assert timeline(store, "chain", "--start").exit_code == 1 or chain_rows == "emptied"


def test_verify_never_writes_to_the_store(tmp_path):
    store = seeded(str(tmp_path / "store.sqlite"))
    sql(store, "DELETE FROM timeline_index_state WHERE name = 'chain'")
    sql(store, "PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(Path(store).read_bytes()).hexdigest()
    assert timeline(store, "verify").exit_code == 1
    assert hashlib.sha256(Path(store).read_bytes()).hexdigest() == before
    assert sql(store, "SELECT COUNT(*) FROM timeline_index_state WHERE name = 'chain'") == [(0,)]


def test_an_anchor_holds_while_the_log_grows_and_a_witness_file_keeps_them(store, tmp_path):
    witness = tmp_path / "witness.txt"
    first = timeline(store, "verify", "--witness", str(witness))
    assert first.exit_code == 0, first.output
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    assert timeline(store, "ingest", str(extra)).exit_code == 0
    second = timeline(store, "verify", "--expect-from", str(witness), "--witness", str(witness))
    assert second.exit_code == 0, second.output
    assert "Each of 1 anchors matches the log." in second.stdout
    lines = witness.read_text().splitlines()
    assert len(lines) == 2 and lines[0].split()[0] == anchor_of_line(first.stdout)
    both = timeline(store, "verify", "--expect-from", str(witness))
    assert "Each of 2 anchors matches the log." in both.stdout
    edit(store)
    rechain_from(store, AT)
    assert timeline(store, "verify", "--expect-from", str(witness)).exit_code == 1


def anchor_of_line(stdout: str) -> str:
    """The anchor in verify's own words: 'Head digest (SHA-256) at position P: D'."""
    line = stdout.splitlines()[-2]
    position, digest = line.split("at position ")[1].split(": ")
    return f"{position}:{digest}"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--expect", "41"], "'41' is not POSITION:DIGEST"),
        (["--expect", "x:" + "0" * 64], "is not POSITION:DIGEST"),
        (["--expect-from", "{witness}"], "witness.txt:2: not a POSITION:DIGEST line"),
    ],
)
def test_a_malformed_anchor_is_a_bad_argument(seeded_store, tmp_path, args, words):
    witness = tmp_path / "witness.txt"
    witness.write_text("# kept on another machine\n41:abc 2024-01-01T00:00:00Z\n")
    result = timeline(seeded_store, "verify", *[a.format(witness=witness) for a in args])
    assert result.exit_code == 2 and words in result.stderr, result.output


# ---- writers refuse an unverified log ---------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["rebuild"], ["ingest", "{extra}"], ["seed"], ["copy", "--to", "{target}"]],
)
def test_a_writer_refuses_a_log_that_fails_verify_unless_told_and_then_says_so(tmp_path, command):
    store = seeded(str(tmp_path / "store.sqlite"))
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    args = [a.format(extra=extra, target=tmp_path / "copy.sqlite") for a in command]
    edit(store)
    refused = timeline(store, *args)
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(f"Error: the log was changed at position {AT}: ")
    assert "(--accept-unverified goes on regardless, and says so)" in refused.stderr
    assert not (tmp_path / "copy.sqlite").exists()
    accepted = timeline(store, *args, "--accept-unverified")
    assert accepted.exit_code == 0, accepted.output
    assert "although the log fails verification: the log was changed at position" in (
        accepted.stderr
    )
