"""What was known when: the three times, corrections, retractions, out-of-order ingest."""

import pytest
from factories import day, moment, strip_recorded

from company_timeline.projections.exports.json_documents import snapshot_document
from company_timeline.projections.queries import compare, entity_history, explain, snapshot

ACME = """\
sources:
  - id: wire
    title: Wire
    published: 2021-01-01T09:00:00+00:00
    revisions:
      - {id: fix1, published: 2021-02-01T09:00:00+00:00}
      - {id: fix2, published: 2021-03-01T09:00:00+00:00}
      - {id: withdrawn, published: 2021-04-01T09:00:00+00:00}
entities:
  - {id: acme, name: Acme, kind: company}
  - {id: fund, name: Fund, kind: investor}
"""
ORIGINALS = """\
events:
  - {id: acme-a, type: funding_round, entity: acme, round: series_a, valid: 2020-12,
     amount: EUR 10000000, lead_investors: [fund], source: wire, quote: Acme raised EUR 10M.}
  - {id: acme-app, type: product_launched, entity: acme, product: Acme App, valid: 2020-12-20,
     source: wire, quote: Acme launched its app.}
"""
AMENDMENTS = """\
events:
  - {id: acme-a-fix1, type: report_corrected, entity: acme, target: acme-a, source: wire,
     revision: fix1, changes: {amount: EUR 12000000}, quote: It was EUR 12M.}
  - {id: acme-a-fix2, type: report_corrected, entity: acme, target: acme-a-fix1, source: wire,
     revision: fix2, changes: {amount: EUR 13000000}, quote: It was EUR 13M in fact.}
  - {id: acme-app-withdrawn, type: report_retracted, entity: acme, target: acme-app, source: wire,
     revision: withdrawn, reason: another company's app, quote: We withdraw the app story.}
"""


@pytest.fixture
def acme_files(tmp_path):
    paths = []
    for name, text in [
        ("acme.yaml", ACME),
        ("originals.yaml", ORIGINALS),
        ("amendments.yaml", AMENDMENTS),
    ]:
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def acme(app, on="2021-06-01", known=None):
    snap, _ = snapshot(app, day(on), moment(known) if known else None, entity="acme")
    return snap.entities[0]


def test_a_correction_of_a_correction_applies_from_its_own_reported_time(app, acme_files):
    app.ingest_files(acme_files)
    amounts = [
        str(acme(app, known=t).funding_rounds[0].amount)
        for t in ["2021-01-15T00:00:00Z", "2021-02-15T00:00:00Z", "2021-03-15T00:00:00Z"]
    ]
    assert amounts == ["EUR 10000000", "EUR 12000000", "EUR 13000000"]


def test_a_retracted_report_shows_as_retracted_never_vanishes(app, acme_files):
    app.ingest_files(acme_files)
    assert [p.name for p in acme(app, known="2021-03-15T00:00:00Z").products] == ["Acme App"]
    state = acme(app)
    assert state.products == ()
    assert [(r.event, r.retracted_by, r.reason) for r in state.retracted] == [
        ("acme-app", "acme-app-withdrawn", "another company's app")
    ]
    (app_history,) = entity_history(app, "acme", "products.Acme App.valid")
    assert app_history.values[0].retracted
    assert app_history.values[0].replaced_by == ("acme-app-withdrawn",)


def test_amendments_ingested_before_the_facts_they_amend_give_the_same_answer(
    app, acme_files, store_location, tmp_path
):
    declarations, originals, amendments = acme_files
    app.ingest_files([declarations])
    app.ingest_files([amendments])  # the targets are not stored yet
    app.ingest_files([originals])
    from company_timeline.domain import open_store

    in_order = open_store(str(tmp_path / "in-order.sqlite"))
    in_order.ingest_files(acme_files)
    for known in [None, moment("2021-02-15T00:00:00Z")]:
        ours, theirs = (snapshot(a, day("2021-06-01"), known) for a in (app, in_order))
        assert strip_recorded(snapshot_document(*ours)) == strip_recorded(
            snapshot_document(*theirs)
        )


def test_as_known_before_every_report_nothing_is_known(app, acme_files):
    app.ingest_files(acme_files)
    snap, _ = snapshot(app, day("2021-06-01"), moment("2020-06-01T00:00:00Z"))
    assert snap.entities == ()


def test_as_recorded_at_shows_what_the_store_had_appended_by_then(app, acme_files):
    declarations, originals, amendments = acme_files
    app.ingest_files([declarations, originals])
    between = moment(app.facts("acme")[-1].recorded.isoformat())
    app.ingest_files([amendments])
    snap, _ = snapshot(app, day("2021-06-01"), recorded=between, entity="acme")
    assert str(snap.entities[0].funding_rounds[0].amount) == "EUR 10000000"
    now, _ = snapshot(app, day("2021-06-01"), entity="acme")
    assert str(now.entities[0].funding_rounds[0].amount) == "EUR 13000000"


def test_the_article_s_three_versions_can_be_told_apart(app, seed_file):
    app.ingest_files([seed_file])

    def known_at(t):
        snap, _ = snapshot(app, day("2024-02-27"), moment(t), entity="mistral-ai")
        state = snap.entities[0]
        return state.funding_rounds[-1].instrument, [s.authorities for s in state.regulatory]

    first = known_at("2024-02-27T10:00:00+01:00")
    updated = known_at("2024-02-27T20:00:00+01:00")
    corrected = known_at("2024-02-28T12:00:00+01:00")
    assert first == ("convertible_note", [])
    assert updated == ("convertible_note", [("european-commission",)])
    assert corrected == ("equity", [("european-commission",)])


def test_history_shows_the_instrument_replaced_by_the_correction(app, seed_file):
    app.ingest_files([seed_file])
    (instrument,) = entity_history(
        app, "mistral-ai", "funding_rounds.series_a_extension.instrument"
    )
    note, equity = instrument.values
    assert (note.value, note.set_by, note.replaced_by) == (
        "convertible_note",
        ("microsoft-series-a-extension",),
        ("microsoft-investment-not-a-convertible-note",),
    )
    assert note.known_from == moment("2024-02-27T09:00:00+01:00")
    assert (equity.value, equity.replaced_at, equity.valid) == ("equity", None, "2024-02-26")


def test_why_gives_the_quotes_the_correction_and_what_was_left_out(app, seed_file):
    app.ingest_files([seed_file])
    answer = explain(
        app, "mistral-ai", "funding_rounds.series_a_extension.instrument", day("2024-02-27")
    )
    assert [v.value for v in answer.values] == ["equity"]
    assert answer.corrections == (
        ("microsoft-series-a-extension", ("microsoft-investment-not-a-convertible-note",)),
    )
    quotes = [q for e in answer.evidence for q in e.quotes]
    assert "Correction : l’investissement de Microsoft n’est pas un titre convertible." in quotes
    december = explain(app, "mistral-ai", "funding_rounds.series_a", day("2023-12-15"))
    assert december.values == ()
    assert [u.event for u in december.left_out_uncertain] == ["mistral-ai-series-a"]
    before = explain(
        app, "mistral-ai", "regulatory", day("2024-02-27"), moment("2024-02-27T10:00:00+01:00")
    )
    assert before.values == () and "european-commission-statement" in before.not_yet_reported


def test_diff_names_each_changed_field_and_the_event_behind_it(app, seed_file):
    app.ingest_files([seed_file])
    on = day("2024-02-27")
    changes = compare(app, "mistral-ai", (on, moment("2024-02-27T10:00:00+01:00")), (on, None))
    by_field = {c.field: c for c in changes}
    instrument = by_field["funding_rounds.series_a_extension.instrument"]
    assert (instrument.before, instrument.after) == ("convertible_note", "equity")
    assert instrument.events == ("microsoft-investment-not-a-convertible-note",)
    assert "regulatory.european-commission-statement.subject" in by_field
    valid_changes = compare(app, "mistral-ai", (day("2023-12-15"), None), (day("2024-01-15"), None))
    assert {c.field for c in valid_changes} >= {"funding_rounds.series_a.amount", "valuation.value"}
