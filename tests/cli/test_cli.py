"""The ``timeline`` command, driven as a user would, against a temporary store."""

import json

import pytest
from click.testing import CliRunner

from company_timeline.cli.main import cli


@pytest.fixture
def run(seeded_store):
    store = seeded_store

    def invoke(*args, env=None):
        return CliRunner().invoke(cli, ["--store", store, *args], env=env)

    return invoke


def test_the_first_run_seeds_the_default_store_and_says_so_on_stderr(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "TIMELINE_STORE": None}
    first = CliRunner().invoke(cli, ["at", "2024-02-27"], env=env)
    assert first.exit_code == 0, first.output
    assert "seeded with 24 events" in first.stderr
    assert "Mistral AI (mistral-ai), company, Paris, FR" in first.stdout
    assert "seeded" not in CliRunner().invoke(cli, ["at", "2024-02-27"], env=env).stderr
    assert (tmp_path / "data" / "timeline" / "timeline.sqlite").exists()


def test_at_prints_the_state_with_every_figure_traced_to_its_source(run):
    out = run("at", "2024-02-27", "--entity", "mistral-ai").stdout
    series_a = "series_a (2023-12): EUR 385,000,000 (~USD 415,000,000)"
    assert f"{series_a}; led by Andreessen Horowitz (a16z)" in out
    extension = "series_a_extension (2024-02-26): EUR 15,000,000 (USD 16,300,000)"
    assert f"{extension}; with Microsoft; equity" in out
    assert "from mistral-ai-series-a (article-2024-02-27)" in out
    assert "Total raised: EUR 505,000,000; in reported equivalents ~USD 544,300,000" in out
    assert "European Commission (statement" in out


def test_at_in_json_is_versioned_with_amounts_as_decimal_strings(run):
    result = run("at", "2024-02-27", "--entity", "mistral-ai", "--format", "json")
    document = json.loads(result.stdout)
    assert document["schema"] == "timeline.at/1"
    series_a = document["entities"][0]["funding_rounds"][1]
    assert series_a["amount"] == {"amount": "385000000", "approximate": False, "currency": "EUR"}
    assert series_a["valid"] == "2023-12"
    assert series_a["events"] == ["mistral-ai-series-a"]
    assert {s["id"] for s in document["sources"]} == {"article-2024-02-27", "tnw-2023-06-14"}


def test_before_its_first_fact_the_company_does_not_exist_yet(run):
    out = run("at", "2023-03-15", "--entity", "mistral-ai").stdout
    assert "Mistral AI does not exist yet" in out


def test_the_series_a_shows_as_uncertain_in_mid_december(run):
    out = run("at", "2023-12-15", "--entity", "mistral-ai").stdout
    assert "Uncertain on 2023-12-15" in out and "mistral-ai-series-a (2023-12)" in out


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("2023-13-01", "there is no month 13"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-12", "is a month or a year"),
        ("soon", "not an ISO"),
    ],
)
def test_a_bad_date_exits_2_naming_the_argument(run, date, words):
    result = run("at", date)
    assert result.exit_code == 2
    assert "Invalid value for 'DATE'" in result.stderr and words in result.stderr


def test_any_iso_form_pendulum_reads_is_a_date(run):
    assert (
        run("at", "2024-W09-2", "--entity", "mistral-ai").stdout
        == run("at", "2024-02-27", "--entity", "mistral-ai").stdout
    )


def test_today_is_a_date_and_a_moment(run):
    result = run("at", "today", "--entity", "mistral-ai", "--as-known-at", "today")
    assert result.exit_code == 0, result.output
    assert "Mistral AI" in result.stdout


def test_events_lists_the_three_times_of_each_event_in_valid_order(run):
    out = run("events", "--entity", "mistral-ai").stdout
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[::2]][:3] == [
        "mistral-ai-founded",
        "mistral-ai-seed-round-usd",
        "mistral-ai-seed-round",
    ]
    assert "valid 2023-12  reported 2024-02-27T08:00:00+00:00  recorded 20" in out
    document = json.loads(run("events", "--format", "json").stdout)
    assert document["schema"] == "timeline.events/1"
    first = document["events"][0]
    assert {"valid", "reported", "recorded", "source", "quotes"} <= set(first)


def test_ingest_is_idempotent_and_says_what_it_stored(run, tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(ACME, encoding="utf-8")
    first = run("ingest", str(path))
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Stored 1 new event, 1 entity and 1 source from 1 file;")
    assert run("ingest", str(path)).stdout.startswith("Stored 0 new events")
    assert "acme-founded" in run("events", "--entity", "acme").stdout


def test_a_bad_file_exits_1_naming_file_line_and_field_and_stores_nothing(run, tmp_path):
    before = run("events").stdout
    path = tmp_path / "acme.yaml"
    path.write_text(ACME.replace("valid: 2020-03", "valid: 2020-3"), encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}:17: events[0].valid: ")
    assert "Traceback" not in result.output
    assert run("events").stdout == before


def test_ingest_of_a_missing_file_is_a_clear_error(run, tmp_path):
    result = run("ingest", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_the_store_can_come_from_the_environment(tmp_path):
    store = tmp_path / "env.sqlite"
    env = {"TIMELINE_STORE": str(store)}
    assert CliRunner().invoke(cli, ["seed"], env=env).exit_code == 0
    result = CliRunner().invoke(cli, ["at", "2024-02-27"], env=env)
    assert result.exit_code == 0 and "Mistral AI" in result.stdout


def test_no_seed_leaves_the_default_store_unmade_and_a_read_says_so(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "TIMELINE_STORE": None}
    result = CliRunner().invoke(cli, ["--no-seed", "at", "2024-02-27"], env=env)
    assert result.exit_code == 2
    assert "no store at " in result.stderr and "`timeline seed` creates one" in result.stderr
    assert not (tmp_path / "data").exists()


def test_version_is_the_installed_package_s():
    from importlib.metadata import version

    said = CliRunner().invoke(cli, ["--version"]).stdout
    assert said == f"timeline, version {version('company-timeline')}\n"


def test_version_and_every_command_s_help_carries_an_example():
    runner = CliRunner()
    assert runner.invoke(cli, ["--version"]).stdout.startswith("timeline, version ")
    for name in [None, *cli.commands]:
        result = runner.invoke(cli, [name, "--help"] if name else ["--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, name


ACME = """\
sources:
  - id: acme-wire
    title: Acme is born
    published: 2020-04-01T09:00:00+00:00
entities:
  - id: acme
    name: Acme
    kind: company
    city: Lyon
    country: FR
events:
  - id: acme-founded
    type: company_founded
    entity: acme
    source: acme-wire
    quote: Acme was founded in March.
    valid: 2020-03
"""


def test_an_uncertain_fact_carries_its_figures_as_data_not_only_words(run):
    result = run("at", "2023-12-15", "--entity", "mistral-ai", "--format", "json")
    (uncertain,) = json.loads(result.stdout)["entities"][0]["uncertain"]
    assert uncertain["event"] == "mistral-ai-series-a"
    assert uncertain["fields"]["amount"] == {
        "amount": "385000000",
        "approximate": False,
        "currency": "EUR",
    }
    assert uncertain["fields"]["lead_investors"] == ["andreessen-horowitz"]


@pytest.mark.parametrize(
    "args",
    [
        ("at", "2023-12-15", "--entity", "mistral-ai"),
        ("events", "--entity", "mistral-ai"),
        ("why", "mistral-ai", "funding_rounds", "--at", "2023-12-15"),
    ],
)
def test_every_text_output_writes_money_one_way_and_entities_by_name(run, args):
    out = run(*args).stdout
    assert "EUR 385,000,000" in out and "~USD 415,000,000" in out
    assert "Andreessen Horowitz (a16z)" in out
    assert "385000000" not in out and "led by andreessen-horowitz" not in out


def test_diff_names_the_entities_it_shows(run):
    out = run("diff", "mistral-ai", "2024-01-15", "2024-02-27").stdout
    assert "Mistral AI:" in out and "Microsoft" in out
