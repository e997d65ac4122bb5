"""Walking a fact type through everything a user reaches: the helpers both tests share."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from company_timeline.cli.main import cli
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.registry import FactType
from company_timeline.projections.exports import FORMATS

HEAD = {
    "sources": [{"id": "wire", "title": "A wire story", "published": "2024-03-01T09:00:00+00:00"}],
    "entities": [
        {"id": "acme", "name": "Acme", "kind": "company"},
        {"id": "fund", "name": "The Fund", "kind": "investor"},
    ],
}


def event(kind: FactType, valid: str) -> dict[str, object]:
    """One fact of ``kind`` about acme, from the type's own examples."""
    return {
        "id": f"acme-{kind.name}",
        "type": kind.name,
        "entity": "acme",
        "valid": valid,
        "source": "wire",
        "quote": f"A quote for {kind.name}.",
        **kind.example(),
    }


def event_file(kind: FactType, folder: Path) -> Path:
    """A fact of ``kind`` (JSON is YAML); one that ends an item comes after one that began it."""
    events = [event(kind, "2022-05-04")]
    if kind.fold and kind.fold.rule == "remove":
        begins = [k for k in REGISTRY if k.fold and k.fold.section == kind.fold.section]
        events.insert(0, event(next(k for k in begins if k.fold.rule == "list"), "2021-01-04"))
    path = folder / f"{kind.name}.yaml"
    path.write_text(json.dumps({**HEAD, "events": events}), encoding="utf-8")
    return path


def timeline(store: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", store, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def walk(kind: FactType, folder: Path) -> dict[str, str]:
    """Every output a user can ask for of a store holding one fact of ``kind``."""
    store = str(folder / "store.sqlite")
    timeline(store, "ingest", str(event_file(kind, folder)))
    fact = f"acme-{kind.name}"
    section = kind.fold.section if kind.fold else kind.sections[0]
    out = {
        "at": timeline(store, "at", "2024-01-01", "--entity", "acme"),
        "at json": timeline(store, "at", "2024-01-01", "--entity", "acme", "--format", "json"),
        "events": timeline(store, "events", "--entity", "acme"),
        "history": timeline(store, "history", "acme", section, "--format", "json"),
        "why": timeline(store, "why", "acme", section, "--at", "2024-01-01", "--format", "json"),
        "diff": timeline(store, "diff", "acme", "2022-01-01", "2024-01-01", "--format", "json"),
    }
    for fmt in FORMATS:
        target = folder / f"export-{fmt}"
        timeline(store, "export", "--format", fmt, "--entity", "acme", "-o", str(target))
        files = [target] if target.is_file() else sorted(target.iterdir())
        out[f"export {fmt}"] = "".join(text_of(f) for f in files)
    # Text names items, not events; an item's end shows in history as its valid_until.
    ends = kind.fold is not None and kind.fold.rule == "remove"
    silent = {"at", "history", "why", "diff"} if ends else {"at"}
    missing = [name for name, text in out.items() if name not in silent and fact not in text]
    assert not missing, missing
    if ends:
        values = [v for f in json.loads(out["history"])["fields"] for v in f["values"]]
        assert values and all(v["valid_until"] == "2022-05-03" for v in values)
    return out


def text_of(path):
    """An export file as text: a database (``--format sqlite``) as the SQL that makes it."""
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        import sqlite3

        with sqlite3.connect(path) as db:
            return "\n".join(db.iterdump())
    return path.read_text(encoding="utf-8")
