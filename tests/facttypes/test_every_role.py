"""Every role of every declared type: the entity named in it sees the fact from its side.

For each (type, field with a role), a fact about acme names the fund in that field;
the fund's ``at`` (text and JSON), ``events --involving``, ``history``, ``why`` and every
export show it, and the section its role shows in holds it.
"""

from __future__ import annotations

import json

import pytest
from walk import HEAD, event, text_of, timeline

from company_timeline.domain.facttypes import REGISTRY, ROLE_SECTIONS
from company_timeline.projections.exports import FORMATS

ROLES = [
    (kind.name, f.name, f.role)
    for kind in REGISTRY
    for f in kind.fields
    if f.role is not None and not kind.amends
]


def test_every_role_a_type_declares_has_a_section_to_show_in():
    assert sorted({role for _, _, role in ROLES} - ROLE_SECTIONS.keys()) == []


@pytest.mark.parametrize(("name", "field", "role"), ROLES, ids=[f"{n}.{f}" for n, f, _ in ROLES])
def test_the_entity_a_role_names_sees_the_fact_in_every_output(name, field, role, tmp_path):
    kind = REGISTRY[name]
    fact = event(kind, "2022-05-04")
    fact[field] = ["fund"] if isinstance(fact.get(field), list) else "fund"
    for other in kind.fields:  # the fund in this role alone, so the test is about it
        if other.role is not None and other.name != field:
            fact[other.name] = [] if isinstance(fact.get(other.name), list) else "acme"
    path = tmp_path / "facts.yaml"
    path.write_text(json.dumps({**HEAD, "events": [fact]}), encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    timeline(store, "ingest", str(path))
    fact_id, section = fact["id"], ROLE_SECTIONS[role][0]

    at = timeline(store, "at", "2024-01-01", "--entity", "fund")
    assert fact_id in at and ROLE_SECTIONS[role][1] in at
    (state,) = json.loads(
        timeline(store, "at", "2024-01-01", "--entity", "fund", "--format", "json")
    )["entities"]
    assert state["exists"] and state[section], state
    assert all(fact_id in item["events"] for item in state[section])
    involving = json.loads(
        timeline(store, "events", "--involving", "fund", "--role", role, "--format", "json")
    )
    assert [(e["id"], e["roles"]) for e in involving["events"]] == [(fact_id, [role])]
    history = json.loads(timeline(store, "history", "fund", section, "--format", "json"))
    assert any(fact_id in v["set_by"] for f in history["fields"] for v in f["values"])
    why = timeline(store, "why", "fund", section, "--at", "2024-01-01", "--format", "json")
    assert fact_id in why
    for fmt in FORMATS:
        target = tmp_path / f"export-{fmt}"
        timeline(store, "export", "--format", fmt, "--entity", "fund", "-o", str(target))
        files = [target] if target.is_file() else sorted(target.iterdir())
        assert any(fact_id in text_of(f) for f in files), fmt


def test_before_the_fact_the_named_entity_does_not_exist_yet(tmp_path):
    kind = REGISTRY["stake_reported"]
    path = tmp_path / "facts.yaml"
    path.write_text(json.dumps({**HEAD, "events": [event(kind, "2022-05")]}), encoding="utf-8")
    store = str(tmp_path / "store.sqlite")
    timeline(store, "ingest", str(path))
    assert "does not exist yet" in timeline(store, "at", "2022-04-30", "--entity", "fund")
    mid_month = timeline(store, "at", "2022-05-15", "--entity", "fund")
    assert "Uncertain on 2022-05-15" in mid_month and "acme-stake_reported" in mid_month
    assert "Stakes held" in timeline(store, "at", "2022-06-01", "--entity", "fund")
