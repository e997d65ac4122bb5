"""``--format sqlite``: flat, bitemporal tables any SQL tool reads (``docs/sql.md``).

``entities``, ``facts`` (a row per version of a fact, with the knowledge time it held
from and until), ``roles``, ``sources`` and ``quotes``, indexes on the time columns
and a view per common question; Datasette's ``metadata.json`` is written beside it.
The whole store is read in one pass over its stored JSON (``sql_rows.py``; only the
facts an amendment reaches, and their amendments, are kept until the end and read as
objects), some entities' records as objects; rows go through the standard library's
``sqlite3`` in one transaction, indexes after the rows, and a failed export leaves
no file.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from collections.abc import Container, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pendulum import Date

from company_timeline.domain import Fact, Money, TimelineApp
from company_timeline.domain.aggregates import stream_id
from company_timeline.domain.events import AMENDMENTS, content, own_fields, told_verified, utc_text
from company_timeline.domain.facttypes import REGISTRY

from ..knowledge import visible
from ..model import EntityInfo
from ..plain import plain
from ..queries import Record, read_record
from ..versions import Version, versions
from . import sql_queries, sql_rows
from .pipeline import Request, head_of
from .sql_schema import INDEXES, SCHEMES, TABLES, ddl, views

FILES = ("facts.db",)
CHUNK = 5000  # rows per executemany: bounded memory, few calls


def write_database(
    app: TimelineApp, request: Request, path: Path, *, by_objects: bool = False
) -> dict[str, Any]:
    """Write the database to ``path`` (a new, empty file); returns the export's head.
    The whole store is read from its stored JSON (``sql_rows.py``); some entities, or
    ``by_objects``, from their events as objects."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        # A file made whole and renamed into place: no journal is needed to undo it.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        for statement in ddl():
            db.execute(statement)
        tables = _Writer(db, dedupe=bool(request.entities))
        read = sql_rows.Read()
        if request.entities or by_objects:
            for group, registrations in _groups(app, request):
                tables.add(group, registrations, request)
        else:
            read = sql_rows.read_store(app, request, tables)
        tables.flush()
        for slug, ids in read.identifiers.items():  # stated after the entity's row was made
            db.execute(_IDENTIFY, (*_identifiers(ids), slug))
        cited = sorted(tables.sources)
        db.executemany(_insert("sources"), [read.sources[s] for s in cited if s in read.sources])
        db.executemany(
            _insert("sources"), _sources(app, [s for s in cited if s not in read.sources])
        )
        head = head_of(app, request, tables.count, tables.last_day)
        db.executemany(_insert("export"), [(k, json.dumps(v)) for k, v in sorted(head.items())])
        for statement in [*INDEXES, *views()]:
            db.execute(statement)
        db.execute("COMMIT")
        db.execute("PRAGMA synchronous = FULL")
    finally:
        db.close()
    return head


def companions(head: dict[str, Any], path: Path) -> dict[str, str]:
    """Datasette's metadata, beside the database."""
    return {"metadata.json": sql_queries.metadata_json(path.stem, head)}


def _groups(app: TimelineApp, request: Request) -> Iterator[tuple[list[Fact], list[EntityInfo]]]:
    """Facts in groups that hold every amendment of theirs (an entity's stream, for the
    whole store), with the registrations of the entities they are about or name."""
    if not request.entities:
        documented: dict[str, bool] = {}  # by source: whether its quotes were checked
        for slug in app.entity_slugs():
            events = list(app.events.get(stream_id("entity", slug)))
            facts = [e for e in events if isinstance(e, Fact)]
            for fact in facts:
                if fact.source not in documented:
                    source = app.registration("source", fact.source)
                    documented[fact.source] = source.document is not None
                told_verified(fact, documented[fact.source])
            record = Record()
            for event in events:
                if not isinstance(event, Fact):  # its registration, its identifiers
                    record.add(event)
            yield facts, list(record.entities.values())
        return
    seen: set[str] = set()
    for slug in sorted(set(request.entities)):
        record = read_record(app, slug)  # its own facts, and those naming it
        facts = [f for f in record.facts if f.fact_id not in seen]
        seen.update(f.fact_id for f in facts)
        # The entities it names are read by their registrations: their identifiers apart.
        named = [record.entities[s] for s in sorted(record.entities)]
        yield facts, [dataclasses.replace(e, identifiers=app.identifiers(e.id)) for e in named]


class _Writer:
    """Rows of each table, sent to the database a chunk at a time."""

    def __init__(self, db: sqlite3.Connection, dedupe: bool) -> None:
        self.db = db
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        self.entities: set[str] = set()
        self.sources: set[str] = set()
        # Some entities' records share facts (one naming another): each is counted once.
        # The whole store holds each fact once, and a million ids are not worth keeping.
        self.dedupe = dedupe
        self.facts: set[str] = set()
        self.count = 0  # facts visible under the cut-offs
        self.last_day: Date | None = None

    def entity(self, info: EntityInfo) -> None:
        if info.id not in self.entities:
            self.entities.add(info.id)
            self.put("entities", _entity_row(info))

    def add(
        self,
        facts: list[Fact],
        registered: Iterable[EntityInfo],
        request: Request,
        only: Container[str] | None = None,
    ) -> None:
        """Rows of ``facts`` (of those in ``only``: the others serve to amend them)."""
        for info in registered:
            self.entity(info)
        for version in versions(facts, request.known, request.recorded):
            if only is None or version.original.fact_id in only:
                self._version(version)
        for fact in facts:
            if not visible(fact, request.known, request.recorded):
                continue
            if only is not None and fact.fact_id not in only:
                continue
            if self.dedupe:
                if fact.fact_id in self.facts:
                    continue
                self.facts.add(fact.fact_id)
            self.count += 1
            for i, quote in enumerate(fact.quotes, 1):
                self.put("quotes", (fact.fact_id, i, quote, int(fact.verified)))

    def _version(self, v: Version) -> None:
        fact, made = v.fact, v.made_by
        self.sources.add(made.source)
        if fact.valid is not None and (day := fact.valid.latest or fact.valid.earliest):
            self.last_day = day if self.last_day is None else max(self.last_day, day)
        kind = REGISTRY.name_of(v.original)
        values = content(fact)
        self.put("facts", _fact_row(v, kind, values))
        for _, entity, role in REGISTRY.refs(kind, values):
            self.put("roles", (fact.fact_id, v.number, entity, role))

    def put(self, table: str, row: tuple[Any, ...]) -> None:
        rows = self.rows[table]
        rows.append(row)
        if len(rows) >= CHUNK:
            self.db.executemany(_insert(table), rows)
            rows.clear()

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self.db.executemany(_insert(table), rows)
                rows.clear()


def _insert(table: str) -> str:
    columns = TABLES[table][1]
    # INSERT OR IGNORE for roles: a fact may name one entity twice in one role.
    verb = "INSERT OR IGNORE" if table == "roles" else "INSERT"
    return f"{verb} INTO {table} VALUES ({', '.join('?' * len(columns))})"


def _entity_row(info: EntityInfo) -> tuple[Any, ...]:
    return (info.id, info.name, info.kind, info.city, info.country, info.note,
            *_identifiers(info.identifiers))  # fmt: skip


def _identifiers(ids: dict[str, str]) -> tuple[Any, ...]:
    return (json.dumps(ids, sort_keys=True) if ids else None, *(ids.get(s) for s in SCHEMES))


_IDENTIFY = (
    "UPDATE entities SET identifiers = ?, "
    + ", ".join(f"{scheme} = ?" for scheme in SCHEMES)
    + " WHERE id = ?"
)


def _fact_row(v: Version, kind: str, values: dict[str, Any]) -> tuple[Any, ...]:
    fact, made = v.fact, v.made_by
    amount = values.get("amount")
    money = amount if isinstance(amount, Money) else None
    own = {
        k: plain(values[k])
        for k in own_fields(type(fact))
        if k not in ("target",) and not (k == "amount" and money)
    }
    span = fact.valid
    return (
        fact.fact_id,
        v.number,
        fact.entity,
        kind,
        str(span) if span else None,
        _day(span.earliest if span else None),
        _day(span.latest if span else None),
        _moment(v.known_from),
        _moment(v.known_until),
        f"{utc_text(made.recorded)}Z",  # unique to each event: not worth a cache
        made.fact_id,
        made.source,
        made.revision,
        format(money.amount, "f") if money else None,
        money.currency if money else None,
        int(money.approximate) if money else None,
        json.dumps(own, sort_keys=True, ensure_ascii=False),
        fact.target if isinstance(fact, AMENDMENTS) else None,
        " ".join(v.replaced_by) or None,
        v.status,
    )


def _sources(app: TimelineApp, slugs: list[str]) -> Iterator[tuple[Any, ...]]:
    for slug in slugs:
        s = app.registration("source", slug)
        revisions = [plain(r) for r in s.revisions]
        for r in revisions:
            r["published"] = _moment(next(x.published for x in s.revisions if x.id == r["id"]))
        yield (
            s.slug,
            s.title,
            s.publisher,
            s.language,
            _moment(s.published),
            s.url,
            s.document,
            s.note,
            json.dumps(revisions, ensure_ascii=False),
        )


def _day(day: Date | None) -> str | None:
    return day.isoformat() if day else None


def _moment(moment: datetime | None) -> str | None:
    """UTC, fixed width: text order is time order."""
    return _reported(moment) if moment is not None else None


@functools.lru_cache(maxsize=4096)  # reported times repeat: a source's, its revisions'
def _reported(moment: datetime) -> str:
    return f"{utc_text(moment)}Z"
