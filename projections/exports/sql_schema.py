"""The tables, indexes and views of ``--format sqlite``, and what each column means.

The descriptions are written into Datasette's ``metadata.json`` beside the file
(``exports/sql_queries.py``) and shown in ``docs/sql.md``; one place for both.
"""

from __future__ import annotations

SCHEMES = ("wikidata", "lei", "opencorporates")  # the public registries an entity may cite

# Times: ISO 8601 in UTC, always 'YYYY-MM-DDTHH:MM:SS.ffffffZ', so that text order is
# time order and SQL compares them as text. Days: 'YYYY-MM-DD'.
TABLES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "entities": (
        "Every entity a fact is about or names: companies, investors, regulators.",
        {
            "id": ("TEXT PRIMARY KEY", "the entity's id, as event files name it"),
            "name": ("TEXT NOT NULL", "its name as registered"),
            "kind": ("TEXT NOT NULL", "company, investor, regulator..."),
            "city": ("TEXT", "where it is based, if given"),
            "country": ("TEXT", "ISO country code, if given"),
            "note": ("TEXT", "a note of the event file's author"),
            "identifiers": ("TEXT", "every identifier in a public registry, as a JSON object"),
            "wikidata": ("TEXT", "its Wikidata item (Q...)"),
            "lei": ("TEXT", "its Legal Entity Identifier (ISO 17442)"),
            "opencorporates": ("TEXT", "its OpenCorporates company: jurisdiction/number"),
        },
    ),
    "facts": (
        "One row per version of a fact: as first reported, then as each correction or "
        "retraction made public changed it. The version known at moment T is the row with "
        "known_from <= T and (known_until IS NULL OR known_until > T).",
        {
            "id": ("TEXT NOT NULL", "the fact's id"),
            "version": ("INTEGER NOT NULL", "1 as first reported, then one per change"),
            "entity": ("TEXT NOT NULL REFERENCES entities(id)", "the entity it is about"),
            "type": ("TEXT NOT NULL", "its fact type (funding_round, report_corrected...)"),
            "valid": ("TEXT", "when it happened, in EDTF as reported (null for an amendment)"),
            "valid_from": ("TEXT", "the first day it may have happened (null: open start)"),
            "valid_to": ("TEXT", "the last day it may have happened (null: open end)"),
            "known_from": ("TEXT NOT NULL", "when this version was made public (UTC)"),
            "known_until": ("TEXT", "when a correction or retraction replaced it (UTC)"),
            "recorded_at": ("TEXT NOT NULL", "when this store appended the event behind it"),
            "made_by": ("TEXT NOT NULL", "the event that made it read so: itself or an amendment"),
            "source": ("TEXT NOT NULL REFERENCES sources(id)", "the source of that event"),
            "revision": ("TEXT", "the source's revision (an update, a correction)"),
            "amount": ("TEXT", "an amount, as decimal text (never a float)"),
            "currency": ("TEXT", "the amount's ISO 4217 currency"),
            "approximate": ("INTEGER", "1 where the source says 'about'"),
            "fields": ("TEXT NOT NULL", "the fact's other fields, as a JSON object"),
            "amends": ("TEXT", "for a correction or retraction: the fact it amends"),
            "corrected_by": ("TEXT", "the amendments that replaced this version"),
            "status": ("TEXT NOT NULL", "current, corrected (replaced since) or retracted"),
        },
    ),
    "roles": (
        "Every entity a version of a fact names, in its role: the fact's own entity "
        "(subject, acquired, employer...) and the others (investor, regulator...).",
        {
            "fact": ("TEXT NOT NULL", "the fact's id"),
            "version": ("INTEGER NOT NULL", "the version of the fact that names it"),
            "entity": ("TEXT NOT NULL REFERENCES entities(id)", "the entity named"),
            "role": ("TEXT NOT NULL", "its role in the fact"),
        },
    ),
    "sources": (
        "Where the facts come from.",
        {
            "id": ("TEXT PRIMARY KEY", "the source's id"),
            "title": ("TEXT NOT NULL", "its title"),
            "publisher": ("TEXT", "who published it"),
            "language": ("TEXT", "its language"),
            "published": ("TEXT NOT NULL", "when it was made public (UTC)"),
            "url": ("TEXT", "where it is"),
            "document": ("TEXT", "the document its quotes are checked against"),
            "note": ("TEXT", "a note of the event file's author"),
            "revisions": ("TEXT NOT NULL", "its later versions, as a JSON list"),
        },
    ),
    "quotes": (
        "The words of the source behind each event, verbatim.",
        {
            "fact": ("TEXT NOT NULL", "the event's id (a fact, or an amendment)"),
            "position": ("INTEGER NOT NULL", "its place among the event's quotes, from 1"),
            "quote": ("TEXT NOT NULL", "the words"),
            "verified": ("INTEGER NOT NULL", "1: found word for word in the source's document"),
        },
    ),
    "export": (
        "What made this file: the export's arguments and the log it was read from.",
        {
            "key": ("TEXT PRIMARY KEY", "schema, format, arguments, events, log..."),
            "value": ("TEXT NOT NULL", "its value, as JSON"),
        },
    ),
}
KEYS = {"facts": "PRIMARY KEY (id, version)", "roles": "PRIMARY KEY (fact, version, entity, role)"}
INDEXES = (
    "CREATE INDEX facts_valid ON facts (valid_from, valid_to)",
    "CREATE INDEX facts_valid_to ON facts (valid_to)",
    "CREATE INDEX facts_known ON facts (known_from, known_until)",
    "CREATE INDEX facts_known_until ON facts (known_until)",
    "CREATE INDEX facts_recorded ON facts (recorded_at)",
    "CREATE INDEX facts_entity ON facts (entity, type)",
    "CREATE INDEX roles_entity ON roles (entity, role)",
    "CREATE INDEX quotes_fact ON quotes (fact)",
)
# A view per common question, over what is known now; the canned queries and
# docs/sql.md ask them at any moment.
VIEWS = {
    "facts_now": (
        "Every fact as known now: its last version, without amendments or retractions.",
        """SELECT * FROM facts
WHERE known_until IS NULL AND status = 'current' AND amends IS NULL""",
    ),
    "investments_now": (
        "What each investor or holder put in or holds, as known now.",
        """SELECT r.entity AS investor, r.role, f.entity AS company, f.id AS fact, f.type,
  json_extract(f.fields, '$.round') AS round, f.valid, f.amount, f.currency,
  json_extract(f.fields, '$.instrument') AS instrument, f.source
FROM roles r JOIN facts_now f ON f.id = r.fact AND f.version = r.version
WHERE r.role IN ('investor', 'lead_investor', 'holder')""",
    ),
    "changes": (
        "What the store learned, by knowledge time: new facts, corrections, retractions.",
        """SELECT known_from AS known_at, CASE type WHEN 'report_corrected' THEN 'correction'
  WHEN 'report_retracted' THEN 'retraction' ELSE 'new' END AS change,
  id AS fact, entity, type, amends, source, valid
FROM facts WHERE version = 1""",
    ),
    "regulatory_now": (
        "Which entities each regulator looked at, as known now.",
        """SELECT r.entity AS regulator, f.entity, f.id AS fact, f.type, f.valid, f.source
FROM roles r JOIN facts_now f ON f.id = r.fact AND f.version = r.version
WHERE r.role = 'regulator'""",
    ),
    "uncertain_dates": (
        "Facts known now whose valid time is a span, not a day: uncertain inside it.",
        """SELECT id, entity, type, valid, valid_from, valid_to FROM facts_now
WHERE valid_from IS NULL OR valid_to IS NULL OR valid_from <> valid_to""",
    ),
}


def ddl() -> list[str]:
    """Every statement that makes the empty database, tables first."""
    out = []
    for name, (_, columns) in TABLES.items():
        parts = [f"{column} {kind}" for column, (kind, _) in columns.items()]
        if name in KEYS:
            parts.append(KEYS[name])
        out.append(f"CREATE TABLE {name} (\n  " + ",\n  ".join(parts) + "\n)")
    return out


def views() -> list[str]:
    return [f"CREATE VIEW {name} AS\n{sql}" for name, (_, sql) in VIEWS.items()]
