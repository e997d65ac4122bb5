"""Lists from the index: the same on SQLite and PostgreSQL."""

from company_timeline.projections.listing import entity_rows, source_rows
from company_timeline.seeds import seed_files


def test_entities_are_summarised_from_the_index_on_both_engines(app):
    app.ingest_files(seed_files())
    rows = {r.id: r for r in entity_rows(app)}
    assert len(rows) == 14
    mistral = rows["mistral-ai"]
    assert (mistral.name, mistral.kind, mistral.facts) == ("Mistral AI", "company", 11)
    # The correction has no valid time of its own; the open start of Meta's fact no first day.
    assert (mistral.first, mistral.last) == ("2023-04-01", "2024-02-27")
    assert (rows["meta"].first, rows["meta"].last, rows["meta"].facts) == (None, "2024-02-27", 1)
    assert rows["google"].facts == 0 and rows["google"].first is None
    assert [r.id for r in entity_rows(app, "investor")] == [
        "andreessen-horowitz",
        "lightspeed-venture-partners",
    ]
    assert [s.id for s in source_rows(app)][0] == "article-2024-02-27"


def test_listing_entities_reads_no_fact_event(app):
    app.ingest_files(seed_files())
    before = app.index.rows_read
    list(entity_rows(app))
    # Per entity its id and its registration, and a summary row per entity with facts:
    # none of the 24 facts' events.
    assert app.index.rows_read - before == 14 + 14 + 5
