"""The environment can tune waits, never how events are written."""

import sqlite3

import pytest
from conftest import seeded


@pytest.mark.parametrize("name", ["COMPRESSOR_TOPIC", "TIMELINE_COMPRESSOR_TOPIC"])
def test_eventsourcing_settings_in_the_environment_do_not_change_how_events_are_written(
    tmp_path, monkeypatch, name
):
    monkeypatch.setenv(name, "zlib")
    store = seeded(str(tmp_path / "store.sqlite"))
    with sqlite3.connect(store) as db:
        (state,) = db.execute("SELECT state FROM stored_events LIMIT 1").fetchone()
    assert state.startswith(b"{")  # plain JSON, readable without that setting


# ---- every value from outside is one line, never a traceback -------------------------

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from company_timeline.cli.main import cli  # noqa: E402

FRENCH = """\
sources:
  - {id: wire, title: Une dépêche, published: 2024-01-10T09:00:00+00:00}
entities:
  - {id: socgen, name: Société Générale ☃ 😀, kind: company}
events:
  - {id: socgen-founded, type: company_founded, entity: socgen, valid: 1864-05, source: wire,
     quote: Fondée en mai.}
"""


def one_line(result, exit_code: int, *words: str) -> None:
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert result.exit_code == exit_code, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("SQLITE_LOCK_TIMEOUT", "abc", "from 0 to 86400"),
        ("SQLITE_LOCK_TIMEOUT", "1e999", "from 0 to 86400"),
        ("SQLITE_LOCK_TIMEOUT", "-1", "from 0 to 86400"),
        ("POSTGRES_LOCK_TIMEOUT", "abc", "from 0 to 86400"),
        ("POSTGRES_POOL_SIZE", "abc", "from 1 to 100"),
        ("POSTGRES_POOL_SIZE", "-5", "from 1 to 100"),
        ("POSTGRES_POOL_SIZE", "0", "from 1 to 100"),
    ],
)
def test_a_setting_out_of_its_range_is_one_line_naming_it(
    tmp_path, name, value, words, seeded_store
):
    for args in (["--store", seeded_store, "events"], ["--store", str(tmp_path / "n"), "seed"]):
        result = CliRunner().invoke(cli, args, env={name: value})
        one_line(result, 2, f"environment variable {name}={value!r}", words)
    assert not (tmp_path / "n").exists()


def test_a_setting_within_its_range_is_taken(seeded_store):
    result = CliRunner().invoke(cli, ["--store", seeded_store, "events"], env={
        "SQLITE_LOCK_TIMEOUT": " 3 ", "POSTGRES_POOL_SIZE": "", "POSTGRES_LOCK_TIMEOUT": "0"
    })  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["events"], ["seed"]])
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("{tmp}/" + "a" * 300 + "/store.sqlite", "File name too long"),
        ("{tmp}/" + "a/" * 2500 + "store.sqlite", "File name too long"),
        ("{tmp}/a-file/store.sqlite", ""),
    ],
)
def test_a_path_the_system_refuses_is_one_line_and_shortened(tmp_path, command, path, words):
    (tmp_path / "a-file").touch()
    location = path.format(tmp=tmp_path)
    result = CliRunner().invoke(cli, ["--store", location, *command])
    one_line(result, result.exit_code, words)
    assert result.exit_code in (1, 2) and len(result.stderr) < 250
    assert sorted(os.listdir(tmp_path)) == ["a-file"]


def test_a_url_that_does_not_parse_is_one_line_without_its_password():
    result = CliRunner().invoke(cli, ["--store", "postgresql://u:s3cret@[::1/db", "events"])
    one_line(result, 1, "not a URL that can be read")
    assert "s3cret" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["history", "\udcff"], ["why", "mistral-\udcfe", "x", "--at", "2024-01-01"],
     ["at", "2024-02-27", "--entity", "\udcff"]],
)  # fmt: skip
def test_an_argument_that_is_not_utf8_is_one_line(seeded_store, args):
    result = CliRunner().invoke(cli, ["--store", seeded_store, *args])
    one_line(result, 2, "an argument is not UTF-8 text: ", "\\udc")


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0"}])
def test_what_the_output_cannot_show_is_escaped_and_json_stays_json(tmp_path, env):
    (tmp_path / "fr.yaml").write_text(FRENCH, encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    assert (
        CliRunner().invoke(cli, ["--store", store, "ingest", str(tmp_path / "fr.yaml")]).exit_code
        == 0
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    environ.pop("PYTHONIOENCODING", None)

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "company_timeline", "--store", store, *args],
            capture_output=True, env={**environ, **env}, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        return done.stdout.decode("ascii")

    assert "Soci\\u00e9t\\u00e9 G\\u00e9n\\u00e9rale \\u2603 \\ud83d\\ude00" in run(
        "at", "2024-02-27"
    )
    document = json.loads(run("at", "2024-02-27", "--format", "json"))
    assert document["entities"][0]["entity"]["name"] == "Société Générale ☃ 😀"
    for fmt in ("md", "csv", "html", "events", "jsonl"):
        run("export", "--format", fmt, *(["--table", "events"] if fmt == "csv" else []))
