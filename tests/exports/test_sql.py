"""``timeline export --format sqlite``: the questions of docs/sql.md, asked in SQL of the
seed's export, give what the command line answers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeded

from company_timeline.cli.main import cli
from company_timeline.projections.exports.sql_queries import QUERIES
from company_timeline.projections.exports.sql_schema import TABLES, VIEWS

DOCS = Path(__file__).parents[2] / "docs" / "sql.md"
FIRST_READ = "2024-02-27T10:00+01:00"  # the article's first version, before its correction
NOW = "9999-12-31"  # a moment after every report: what is known now
AMENDMENTS = {"report_corrected", "report_retracted"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return seeded(str(tmp_path_factory.mktemp("sql") / "store.sqlite"))


@pytest.fixture(scope="module")
def db(store):
    path = Path(store).parent / "facts.db"
    run(store, "export", "--format", "sqlite", "-o", str(path))
    return path


def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def cli_json(store, *args):
    return json.loads(run(store, *args, "--format", "json"))


def ask(db, name, **params):
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute(QUERIES[name]["sql"], params)]


def at(store, day, entity, known=None):
    """An entity's document from ``timeline at``: as known at ``known``, or now."""
    args = ["at", day, "--entity", entity, *(["--as-known-at", known] if known else [])]
    (document,) = cli_json(store, *args)["entities"]
    return document


# ---- the file ---------------------------------------------------------------------


def test_every_query_of_the_export_is_shown_word_for_word_in_docs_sql_md():
    text = DOCS.read_text(encoding="utf-8")
    assert len(QUERIES) >= 6
    for name, query in QUERIES.items():
        assert f"`{name}`" in text and query["sql"] in text, name
    for name in [*TABLES, *VIEWS]:
        assert f"`{name}`" in text, name


def test_the_database_holds_every_table_index_and_view_it_describes(db):
    with sqlite3.connect(db) as connection:
        found = dict(connection.execute("SELECT name, type FROM sqlite_master"))
        indexes = [n for n, kind in found.items() if kind == "index"]
        indexed = {
            row[2] for name in indexes for row in connection.execute(f"PRAGMA index_info({name})")
        }
    assert {n: found.get(n) for n in TABLES} == dict.fromkeys(TABLES, "table")
    assert {n: found.get(n) for n in VIEWS} == dict.fromkeys(VIEWS, "view")
    assert {"valid_from", "valid_to", "known_from", "known_until", "recorded_at"} <= indexed


def test_a_corrected_fact_has_a_version_before_and_after_its_correction(db):
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT version, known_from, known_until, made_by, corrected_by, status, "
            "json_extract(fields, '$.instrument'), amount, currency "
            "FROM facts WHERE id = 'microsoft-series-a-extension' ORDER BY version"
        ).fetchall()
    correction = "microsoft-investment-not-a-convertible-note"
    assert rows == [
        (
            1,
            "2024-02-27T08:00:00.000000Z",
            "2024-02-28T09:00:00.000000Z",
            "microsoft-series-a-extension",
            correction,
            "corrected",
            "convertible_note",
            "15000000",
            "EUR",
        ),
        (
            2,
            "2024-02-28T09:00:00.000000Z",
            None,
            correction,
            None,
            "current",
            "equity",
            "15000000",
            "EUR",
        ),
    ]


def test_every_event_of_the_store_is_a_fact_of_the_export_with_its_quotes(store, db):
    events = cli_json(store, "events")["events"]
    with sqlite3.connect(db) as connection:
        first = dict(connection.execute("SELECT id, known_from FROM facts WHERE version = 1"))
        quotes = connection.execute("SELECT fact, quote FROM quotes ORDER BY fact, position")
        quoted = {}
        for fact, quote in quotes:
            quoted.setdefault(fact, []).append(quote)
        head = dict(connection.execute("SELECT key, value FROM export"))
    assert set(first) == {e["id"] for e in events}
    assert {e["id"]: e["quotes"] for e in events} == quoted
    assert json.loads(head["events"]) == len(events) == 24
    assert json.loads(head["schema"]) == "timeline.export/1"


def test_a_database_cannot_go_to_stdout(store):
    result = CliRunner().invoke(cli, ["--store", store, "export", "--format", "sqlite"])
    assert result.exit_code == 2
    assert "a database needs a file" in result.output
    assert result.output.count("Error") == 1


def test_a_failed_export_leaves_the_old_file_and_nothing_beside_it(store, tmp_path):
    target = tmp_path / "facts.db"
    target.write_bytes(b"the old one")
    result = CliRunner().invoke(
        cli,
        ["--store", store, "export", "--format", "sqlite", "--entity", "nobody", "-o", str(target)],
    )
    assert result.exit_code == 2  # an unknown entity is a bad argument
    assert target.read_bytes() == b"the old one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.db"]


# ---- the six questions, each against the command line ------------------------------


def _happened_and_uncertain(document):
    """The facts ``at`` shows as happened, and as uncertain, on the entity."""
    retracted = {r["event"] for r in document["retracted"]}
    uncertain = {u["event"] for u in document["uncertain"]}
    shown = {e["event"] for e in document["evidence"] if e["type"] not in AMENDMENTS}
    return shown - retracted - uncertain, uncertain


@pytest.mark.parametrize(
    ("entity", "day", "known"),
    [
        ("microsoft", "2024-02-27", FIRST_READ),
        ("microsoft", "2024-02-27", None),
        ("mistral-ai", "2023-12-15", None),
        ("andreessen-horowitz", "2023-12-15", None),
        ("european-commission", "2024-02-27", None),
        ("motorola-mobility", "2012-05-22", None),
    ],
)
def test_state_at_a_date_as_known_at_a_moment_is_what_at_shows(store, db, entity, day, known):
    rows = ask(db, "state_at", entity=entity, day=day, known=known or NOW)
    happened, uncertain = _happened_and_uncertain(at(store, day, entity, known))
    assert {r["fact"] for r in rows if r["status"] == "happened"} == happened
    assert {r["fact"] for r in rows if r["status"] == "uncertain"} == uncertain
    assert rows


@pytest.mark.parametrize(
    ("known", "instrument"), [(FIRST_READ, "convertible_note"), (None, "equity")]
)
def test_an_investors_portfolio_is_its_investments_and_stakes_at_the_date(
    store, db, known, instrument
):
    rows = ask(db, "portfolio", investor="microsoft", day="2024-02-27", known=known or NOW)
    document = at(store, "2024-02-27", "microsoft", known)
    items = document["investments"] + document["stakes_held"]
    assert {r["fact"] for r in rows} == {i["events"][0] for i in items}
    (extension,) = (r for r in rows if r["round"] == "series_a_extension")
    (shown,) = (i for i in document["investments"] if i["round"] == "series_a_extension")
    assert extension["instrument"] == shown["instrument"] == instrument
    assert {"round_amount": extension["round_amount"], "currency": extension["currency"]} == {
        "round_amount": shown["own_amount"]["amount"],
        "currency": shown["own_amount"]["currency"],
    }


def test_rounds_led_in_a_year_are_the_led_investments_at_its_end(store, db):
    rows = ask(db, "rounds_led", year="2023", known=NOW)
    led = set()
    for document in cli_json(store, "at", "2023-12-31")["entities"]:
        for item in document["investments"]:
            if item["led"] and item["valid"].startswith("2023"):
                led.add((document["entity"]["id"], item["events"][0]))
    assert {(r["lead_investor"], r["fact"]) for r in rows} == led
    assert ("andreessen-horowitz", "mistral-ai-series-a") in led


@pytest.mark.parametrize(
    ("after", "until"),
    [("2024-02-27T12:00+01:00", "2024-02-28T12:00+01:00"), ("2000-01-01", NOW)],
)
def test_what_changed_between_two_knowledge_times_is_what_events_says_was_reported(
    store, db, after, until
):
    import pendulum

    low, high = pendulum.parse(after), pendulum.parse(until)
    events = cli_json(store, "events")["events"]
    reported = {e["id"] for e in events if low < pendulum.parse(e["reported"]) <= high}
    rows = ask(db, "changes_between", after=after, until=until)
    assert {r["fact"] for r in rows} == reported
    kinds = {r["fact"]: r["change"] for r in rows}
    assert kinds.get("microsoft-investment-not-a-convertible-note") in (None, "correction")


@pytest.mark.parametrize(
    ("regulator", "day"),
    [("european-commission", "2024-02-27"), ("us-regulators", "2012-05-22")],
)
def test_facts_by_regulator_are_its_oversight(store, db, regulator, day):
    rows = ask(db, "by_regulator", regulator=regulator, known=NOW)
    document = at(store, day, regulator)
    assert {r["fact"] for r in rows} == {e for i in document["oversight"] for e in i["events"][:1]}
    assert rows


@pytest.mark.parametrize("day", ["2023-12-15", "2024-02-26", "2012-05-21"])
def test_uncertain_facts_around_a_date_are_those_at_calls_uncertain(store, db, day):
    rows = ask(db, "uncertain_around", day=day, known=NOW)
    uncertain = {
        (u["entity"], u["event"])
        for document in cli_json(store, "at", day)["entities"]
        for u in document["uncertain"]
    }
    assert {(r["entity"], r["fact"]) for r in rows} == uncertain


def test_the_views_answer_now_what_the_queries_answer_at_any_moment(db):
    with sqlite3.connect(db) as connection:
        investments = connection.execute(
            "SELECT fact, instrument FROM investments_now WHERE investor = 'microsoft'"
        ).fetchall()
        regulators = connection.execute("SELECT DISTINCT regulator FROM regulatory_now").fetchall()
        regulated = connection.execute("SELECT fact FROM regulatory_now").fetchall()
    assert ("microsoft-series-a-extension", "equity") in investments
    assert sorted(f for (f,) in regulated) == sorted(
        r["fact"]
        for (reg,) in regulators
        for r in ask(db, "by_regulator", regulator=reg, known=NOW)
    )
