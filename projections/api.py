"""``Timeline``: the library's one door for people's scripts and tests.

It opens a store (or a throwaway one), ingests files or Python records with the
checks an event file gets, and asks the questions the CLI asks, taking dates as
ISO text, ``date``/``datetime`` or pendulum values, and answering with the typed
read models (money as ``Money`` wherever it appears, shares as ``Share``).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import Fact, Money, Plan, Share, TimelineApp, ValidTime, asked
from company_timeline.domain.errors import InputError, TimelineError
from company_timeline.domain.finding import find_id

from . import listing, queries
from .field_paths import FieldValue, matching
from .history import FieldHistory
from .knowledge import in_valid_order
from .model import EntityState, Snapshot
from .why_and_diff import Change, Why

RECORDS = "<records>"  # how errors name records given as Python data: <records>:INDEX


class Timeline:
    """A store, and the questions asked of it. ``with Timeline.temporary() as t: ...``"""

    def __init__(self, app: TimelineApp, folder: str | None = None) -> None:
        self.app, self._folder = app, folder

    @classmethod
    def open(cls, location: str | Path) -> Timeline:
        """The store at a SQLite path or a ``postgresql://`` URL (created if new)."""
        from company_timeline.domain import open_store

        return cls(open_store(location))

    @classmethod
    def temporary(cls) -> Timeline:
        """An empty SQLite store in a temporary folder, removed by ``close``: for tests."""
        folder = tempfile.mkdtemp(prefix="timeline-")
        return cls(cls.open(Path(folder) / "timeline.sqlite").app, folder)

    def close(self) -> None:
        self.app.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> Timeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- writing ---------------------------------------------------------------

    def ingest(self, *paths: str | Path) -> Plan:
        """Event files (YAML, JSON Lines), checked whole and stored all or nothing."""
        return self.app.ingest_files(paths)

    def ingest_records(
        self, records: Mapping[str, Any] | Iterable[Mapping[str, Any]], folder: str | Path = "."
    ) -> Plan:
        """An event file as Python data: a mapping with ``sources``, ``entities`` and
        ``events`` as a YAML file has them, or records as JSON Lines has them
        (``{"event": {...}}``). Errors are located as ``<records>:N``, N counting the
        records from 1. Values may be text, ``date``/``datetime``, ``Money``, ``Share``."""
        from company_timeline.domain.eventfile import load_text

        lines = [json.dumps(_as_text(r, i), ensure_ascii=False) for i, r in _records(records)]
        return self.app.ingest(load_text("\n".join(lines), "jsonl", RECORDS, folder))

    # ---- questions -------------------------------------------------------------

    def entity(self, given: str) -> str:
        """The stored entity id ``given`` names (whatever its case), or an error naming
        the closest ones."""
        return find_id(self.app, "entity", given)[0]

    def at(
        self, date: Any = None, entity: str | None = None, known: Any = None, recorded: Any = None
    ) -> Snapshot:
        """The state on ``date`` (default: the last day on record) of one entity or all."""
        slug = self.entity(entity) if entity else None
        t, r = _moment(known), _moment(recorded)
        day = asked.day(date) if date is not None else self._last_day(slug, t, r)
        return queries.snapshot(self.app, day, t, r, slug)[0]

    def state(
        self, entity: str, date: Any = None, known: Any = None, recorded: Any = None
    ) -> EntityState:
        return self.at(date, entity, known, recorded).entities[0]

    def fields(
        self, entity: str, date: Any = None, known: Any = None, recorded: Any = None
    ) -> dict[str, Any]:
        """Every field path of the entity with its typed value on the date."""
        return {p: typed(f.value) for p, f in self._fields(entity, date, known, recorded).items()}

    def value(
        self, entity: str, field: str, date: Any = None, known: Any = None, recorded: Any = None
    ) -> Any:
        """A field's typed value on the date (None: it has none then). A path to an item
        (``total_raised``) gives its first field's (``total_raised.by_currency``)."""
        found = self.cited(entity, field, date, known, recorded)
        return typed(found.value) if found else None

    def cited(
        self, entity: str, field: str, date: Any = None, known: Any = None, recorded: Any = None
    ) -> FieldValue | None:
        """The field's value with the events and sources behind it (plain JSON)."""
        fields = self._fields(entity, date, known, recorded)
        found = matching(fields, field)
        if not found:
            self.history(entity, field)  # a field that never had a value is an error
            return None
        return found[0]

    def history(self, entity: str, field: str | None = None) -> list[FieldHistory]:
        """Every value the entity's fields took, when each held and became known."""
        found = queries.entity_history(self.app, self.entity(entity), field)
        return [
            replace(h, values=[replace(v, value=typed(v.value)) for v in h.values]) for h in found
        ]

    def why(self, entity: str, field: str, date: Any = None, known: Any = None) -> Why:
        """The events, sources and quotes behind a field's value on the date."""
        slug, t = self.entity(entity), _moment(known)
        day = asked.day(date) if date is not None else self._last_day(slug, t, None)
        return queries.explain(self.app, slug, field, day, t)

    def diff(
        self, entity: str, before: Any = None, after: Any = None, *, known: Any = None
    ) -> tuple[Change, ...]:
        """What changed between valid dates ``before`` and ``after``; or, with
        ``known=(T1, T2)``, between two knowledge times on the date ``before``
        (default: T2's day)."""
        slug = self.entity(entity)
        points: tuple[tuple[Date, DateTime | None], tuple[Date, DateTime | None]]
        if known is not None:
            first, second = (_moment(t) for t in known)
            assert first is not None and second is not None
            day = asked.day(before) if before is not None else second.date()
            points = ((day, first), (day, second))
        else:
            if before is None or after is None:
                raise TimelineError("diff needs two valid dates, or known=(T1, T2)")
            points = ((asked.day(before), None), (asked.day(after), None))
        changes = queries.compare(self.app, slug, *points)
        return tuple(replace(c, before=typed(c.before), after=typed(c.after)) for c in changes)

    def events(self, entity: str | None = None) -> list[Fact]:
        """The stored events in valid-time order, of one entity or all."""
        if entity is None:
            return list(self.app.facts_in_valid_order())
        return in_valid_order(self.app.facts(self.entity(entity)))

    def entities(self, kind: str | None = None) -> list[listing.EntityRow]:
        return list(listing.entity_rows(self.app, kind))

    def sources(self) -> list[listing.SourceRow]:
        return list(listing.source_rows(self.app))

    def _fields(self, entity: str, date: Any, known: Any, recorded: Any) -> dict[str, FieldValue]:
        day = asked.day(date) if date is not None else None
        return listing.entity_fields(
            self.app, self.entity(entity), day, _moment(known), _moment(recorded)
        )[1]

    def _last_day(self, slug: str | None, known: DateTime | None, rec: DateTime | None) -> Date:
        facts = queries.read_record(self.app, slug).facts if slug else self.events()
        day = listing.last_day(facts, known, rec)
        if day is None:
            raise TimelineError("nothing on record to take the date from: give a date")
        return day


def typed(value: Any) -> Any:
    """A plain JSON value with its amounts as ``Money`` and its shares as ``Share``."""
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, dict) and set(value) == {"amount", "currency", "approximate"}:
        return Money(Decimal(value["amount"]), value["currency"], value["approximate"])
    if isinstance(value, dict) and set(value) == {"text", "bound", "percent"}:
        return Share.parse(value["text"])
    return value


def _moment(value: Any) -> DateTime | None:
    return None if value is None else asked.moment(value)


def _records(
    records: Mapping[str, Any] | Iterable[Mapping[str, Any]],
) -> Iterable[tuple[int, Mapping[str, Any]]]:
    if isinstance(records, Mapping):  # shaped as a YAML file: its lists, a record each
        flat: list[Mapping[str, Any]] = []
        if "format" in records:
            flat.append({"format": records["format"]})
        for plural, one in (("sources", "source"), ("entities", "entity"), ("events", "event")):
            flat += [{one: item} for item in records.get(plural) or ()]
        unknown = set(records) - {"format", "sources", "entities", "events"}
        if unknown:
            raise InputError(RECORDS, 0, "(file)", f"unknown keys: {', '.join(sorted(unknown))}")
        records = flat
    return enumerate(records, 1)


def _as_text(value: Any, index: int) -> Any:
    """A Python value as the text an event file would hold for it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (dt.date, Money, Share, ValidTime)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, Mapping):
        return {str(k): _as_text(v, index) for k, v in value.items()}
    if isinstance(value, Sequence):
        return [_as_text(v, index) for v in value]
    kind = type(value).__name__
    raise InputError(RECORDS, index, "(record)", f"a {kind} cannot be stored exactly: give text")
