"""The questions ``docs/sql.md`` asks of a ``--format sqlite`` export, and the Datasette
``metadata.json`` written beside it, which offers them as canned queries.

Moments are asked as ISO 8601 text in any offset (``2024-02-27T10:00+01:00``) and
turned to the export's UTC text by ``strftime``; a bare day means its first moment.
"""

from __future__ import annotations

import json
from typing import Any

from .sql_schema import TABLES, VIEWS

# The version of each fact known at :known (UTC text, compared as text).
KNOWN = """f.known_from <= strftime('%Y-%m-%dT%H:%M:%fZ', :known)
  AND (f.known_until IS NULL OR f.known_until > strftime('%Y-%m-%dT%H:%M:%fZ', :known))
  AND f.status <> 'retracted'"""
# On :day, a fact whose whole span is by then happened; one whose span straddles it is
# uncertain; one whose span starts later is not yet.
ON_DAY = "(f.valid_from IS NULL OR f.valid_from <= :day)"
HAPPENED = "CASE WHEN f.valid_to <= :day THEN 'happened' ELSE 'uncertain' END AS status"

QUERIES: dict[str, dict[str, str]] = {
    "state_at": {
        "title": "An entity on a day, as known at a moment",
        "description": "Every fact it took part in by :day, in its role, as known at :known.",
        "sql": f"""SELECT r.role, f.id AS fact, f.entity, f.type, f.valid, f.amount, f.currency,
  f.fields, f.made_by, f.source, {HAPPENED}
FROM roles r JOIN facts f ON f.id = r.fact AND f.version = r.version
WHERE r.entity = :entity AND f.amends IS NULL AND {ON_DAY}
  AND {KNOWN}
ORDER BY f.valid_from, f.id""",
    },
    "portfolio": {
        "title": "An investor's portfolio",
        "description": "The rounds it took part in and the stakes it held by :day, as known "
        "at :known. round_amount is the round's, not the investor's share of it.",
        "sql": f"""SELECT f.entity AS company, r.role, f.id AS fact, f.type,
  json_extract(f.fields, '$.round') AS round, f.valid, f.amount AS round_amount, f.currency,
  json_extract(f.fields, '$.instrument') AS instrument,
  json_extract(f.fields, '$.share.text') AS share, {HAPPENED}
FROM roles r JOIN facts f ON f.id = r.fact AND f.version = r.version
WHERE r.entity = :investor AND r.role IN ('investor', 'lead_investor', 'holder')
  AND f.amends IS NULL AND {ON_DAY}
  AND {KNOWN}
ORDER BY f.valid_from, f.id""",
    },
    "rounds_led": {
        "title": "Rounds led in a year",
        "description": "Funding rounds whose whole valid time is in :year, by lead investor, "
        "as known at :known.",
        "sql": f"""SELECT r.entity AS lead_investor, f.entity AS company,
  json_extract(f.fields, '$.round') AS round, f.id AS fact, f.valid, f.amount, f.currency
FROM roles r JOIN facts f ON f.id = r.fact AND f.version = r.version
WHERE r.role = 'lead_investor' AND f.type = 'funding_round'
  AND f.valid_from >= :year || '-01-01' AND f.valid_to <= :year || '-12-31'
  AND {KNOWN}
ORDER BY r.entity, f.valid_from, f.id""",
    },
    "changes_between": {
        "title": "What the store learned between two knowledge times",
        "description": "New facts, corrections and retractions made public after :after and "
        "by :until, each with its entity and source.",
        "sql": """SELECT c.known_at, c.change, c.fact, c.entity, c.type, c.amends, c.source,
  q.quote
FROM changes c LEFT JOIN quotes q ON q.fact = c.fact AND q.position = 1
WHERE c.known_at > strftime('%Y-%m-%dT%H:%M:%fZ', :after)
  AND c.known_at <= strftime('%Y-%m-%dT%H:%M:%fZ', :until)
ORDER BY c.known_at, c.fact""",
    },
    "by_regulator": {
        "title": "What a regulator looked at",
        "description": "The facts that name :regulator as a regulator, as known at :known.",
        "sql": f"""SELECT f.entity, f.id AS fact, f.type, f.valid, f.fields, f.source
FROM roles r JOIN facts f ON f.id = r.fact AND f.version = r.version
WHERE r.entity = :regulator AND r.role = 'regulator'
  AND {KNOWN}
ORDER BY f.valid_from, f.id""",
    },
    "uncertain_around": {
        "title": "Facts uncertain on a day",
        "description": "Facts whose valid time straddles :day (neither before it nor after), "
        "as known at :known.",
        "sql": f"""SELECT f.entity, f.id AS fact, f.type, f.valid, f.valid_from, f.valid_to
FROM facts f
WHERE f.amends IS NULL AND {ON_DAY}
  AND (f.valid_to IS NULL OR f.valid_to > :day)
  AND {KNOWN}
ORDER BY f.entity, f.valid_from, f.id""",
    },
}

FACETS = {
    "entities": ["kind", "country"],
    "facts": ["type", "status", "currency", "entity"],
    "roles": ["role", "entity"],
    "quotes": ["verified"],
}


def metadata(database: str, head: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata for the database named ``database`` (the file's stem)."""
    log = head["log"]
    tables: dict[str, Any] = {
        name: {
            "description": description,
            "columns": {column: words for column, (_, words) in columns.items()},
            **({"facets": FACETS[name]} if name in FACETS else {}),
        }
        for name, (description, columns) in TABLES.items()
    }
    tables.update({name: {"description": words} for name, (words, _) in VIEWS.items()})
    return {
        "title": "Company timeline: facts, their three times and their sources",
        "description": (
            f"Exported by timeline ({head['schema']}) from {head['events']} events; "
            f"log digest {log['digest']} at position {log['position']}."
        ),
        "source": "timeline export --format sqlite",
        "source_url": "https://github.com/company-timeline/company-timeline/blob/main/docs/sql.md",
        "databases": {
            database: {
                "tables": tables,
                "queries": {
                    name: {"title": q["title"], "description": q["description"], "sql": q["sql"]}
                    for name, q in QUERIES.items()
                },
            }
        },
    }


def metadata_json(database: str, head: dict[str, Any]) -> str:
    return json.dumps(metadata(database, head), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
