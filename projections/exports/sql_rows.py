"""The whole store's rows for ``--format sqlite``, read from the stored JSON in one pass.

Decoding every stored event into objects (eventsourcing's object hooks, pendulum,
EDTF) and reading the store a stream at a time cost most of an export. A fact
that no amendment reaches has one version, which its stored JSON says all of: its
rows are made from that JSON, each value stored as text decoded once per distinct
text and spelled as ``plain`` spells the object. Only the facts an amendment
reaches, and the amendments, are decoded and go through ``versions``, grouped by
stream as the object path groups them. Tests compare both paths' rows.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from pendulum import Date

from company_timeline.domain import Fact, Money, TimelineApp
from company_timeline.domain.aggregates import Entity, Source
from company_timeline.domain.events import AMENDMENTS, own_fields, told_verified, utc_text
from company_timeline.domain.facttypes import REGISTRY
from company_timeline.domain.identifiers import merged
from company_timeline.domain.topics import stored_name

from ..model import EntityInfo
from ..plain import plain
from .pipeline import Request

PAGE = 5000  # stored events a query
CHUNK = 5000  # rows a table holds before they are written
ENTITY = stored_name(Entity.Registered)
SOURCE = stored_name(Source.Registered)
IDENTIFIERS = stored_name(Entity.IdentifiersStated)
DOCUMENT = stored_name(Source.DocumentStored)  # its text: no table holds it

DECODE = json.JSONDecoder().decode  # ``json.loads`` without guessing the encoding
NESTED = (dict, list)
SCALARS = frozenset({str, int, float, bool, type(None)})  # JSON's: plain leaves them as they are
NO_MONEY = (None, None, None)


def _encoder() -> Callable[[Any], str]:
    """As ``json.dumps(value, sort_keys=True, ensure_ascii=False)``. ``JSONEncoder.encode``
    makes a C encoder at each call: made once, it costs half as much a row."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # another Python than CPython
        return json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
    # (markers, default, encoder, indent, key and item separators, sort_keys, skipkeys,
    # allow_nan): json.dumps's own, without the check for cycles JSON values cannot have.
    chunks = c_make_encoder(None, None, json.encoder.encode_basestring, None, ": ", ", ",
                            True, False, True)  # fmt: skip
    return lambda value: "".join(chunks(value, 0))


ENCODE = _encoder()


class Rows(Protocol):
    """Where the rows go: ``sqlite_db``'s writer."""

    rows: dict[str, list[tuple[Any, ...]]]  # by table, until flushed
    sources: set[str]
    count: int
    last_day: Date | None

    def flush(self) -> None: ...
    def entity(self, info: EntityInfo) -> None: ...
    def add(
        self,
        facts: list[Fact],
        named: Iterable[EntityInfo],
        request: Request,
        only: Container[str] | None = None,
    ) -> None: ...


@dataclass
class Read:
    """What the pass leaves for the end: identifiers stated, sources' rows by id."""

    identifiers: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: dict[str, tuple[Any, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Kind:
    name: str
    fields: tuple[str, ...]  # its own fields but ``target``: the ``fields`` column's
    amends: bool
    role: str  # of the entity it is about
    naming: tuple[tuple[str, str], ...]  # (field, role) of each field naming entities


def read_store(app: TimelineApp, request: Request, out: Rows) -> Read:
    """Every row of the store into ``out``, but the sources' and the entities' identifiers."""
    scan = _Scan(app, request, out)
    # By stream, as the object path groups facts: those amendments reach, and amendments.
    held: dict[Any, list[Any]] = defaultdict(list)
    for stored in _log(app):
        topic = stored.topic
        kind = scan.kinds.get(topic)
        if kind is not None:
            state = _state(stored)
            fact_id = state["fact_id"]
            if fact_id in scan.amended:
                held[stored.originator_id].append(stored)
                continue
            if fact_id in scan.amending:  # its own rows from JSON; held to amend others
                held[stored.originator_id].append(stored)
            if not scan.fact(kind, state):  # stored before a field was added: as objects
                scan.objects([stored])
        elif topic == ENTITY:
            s = _state(stored)
            info = EntityInfo(s["slug"], s["name"], s["kind"], s["city"], s["country"], s["note"])
            out.entity(info)
        elif topic == SOURCE:
            scan.source(_state(stored))
        elif topic == IDENTIFIERS:
            event = cast(Entity.IdentifiersStated, app.mapper.to_domain_event(stored))
            ids = scan.read.identifiers
            ids[event.slug] = merged([ids.get(event.slug, {}), event.identifiers])
        elif topic != DOCUMENT:
            app.mapper.to_domain_event(stored)  # refused as the object path refuses it
    for group in held.values():
        scan.objects(group, only=scan.amended)
    return scan.read


class _Scan:
    def __init__(self, app: TimelineApp, request: Request, out: Rows) -> None:
        self.app, self.request, self.out = app, request, out
        self.read = Read()
        self.kinds = {name: _kind(cls) for name, cls in REGISTRY.stored_names().items()}
        self.known = _cut(request.known)
        self.recorded = _cut(request.recorded)
        self.documented: dict[str, bool] = {}  # by source: whether its quotes were checked
        # The facts an amendment reaches, whose versions need objects; the amendments.
        self.amended: set[str] = set()
        self.amending: set[str] = set()
        for row in app.ids("amends"):  # "<target>/<amendment>"
            target, _, amendment = row.partition("/")
            self.amended.add(target)
            self.amending.add(amendment)
        self.decode = app.mapper.transcoder.decode
        self.typed = functools.lru_cache(maxsize=1 << 16)(self._typed)
        self.span = functools.lru_cache(maxsize=1 << 16)(self._span)
        self.money = functools.lru_cache(maxsize=1 << 16)(self._money)

    def fact(self, kind: _Kind, state: dict[str, Any]) -> bool:
        """The rows of a fact with one version; False if its JSON lacks a field."""
        reported, recorded = _z(state["reported"], self), _z(state["timestamp"], self)
        if (self.known and reported > self.known) or (self.recorded and recorded > self.recorded):
            return True  # not visible under the cut-offs
        try:
            own = {k: state[k] for k in kind.fields}
        except KeyError:
            return False
        money: tuple[str | None, str | None, int | None] = NO_MONEY
        for k, v in own.items():
            if type(v) is list:
                if v and not {*map(type, v)} <= SCALARS:  # ids, names: as they are
                    own[k] = self.plain(v)
            elif type(v) is dict:
                if k == "amount" and v.get("_type_") == "money" and len(v) == 2:
                    money = self.money(v["_data_"])  # in columns of its own
                else:
                    own[k] = self.plain(v)
        if money is not NO_MONEY:
            del own["amount"]
        valid = state["valid"]
        text, lo, hi, last = self.span(valid["_data_"]) if valid else (None, None, None, None)
        if last is not None:
            out_last = self.out.last_day
            self.out.last_day = last if out_last is None else max(out_last, last)
        fid, source, rows = state["fact_id"], state["source"], self.out.rows
        rows["facts"].append(
            (fid, 1, state["entity"], kind.name, text, lo, hi, reported, None, recorded, fid,
             source, state["revision"], *money, ENCODE(own),
             state["target"] if kind.amends else None, None, "current")
        )  # fmt: skip
        roles = rows["roles"]
        roles.append((fid, 1, state["entity"], kind.role))
        for name, role in kind.naming:
            if named := state.get(name):
                for entity in [named] if isinstance(named, str) else named:
                    roles.append((fid, 1, entity, role))
        documented = self.documented.get(source)
        verified = int(self.is_documented(source) if documented is None else documented)
        quotes = rows["quotes"]
        for i, quote in enumerate(state["quotes"], 1):
            quotes.append((fid, i, quote, verified))
        if len(roles) >= CHUNK or len(quotes) >= CHUNK:  # a fact has a row or more of each
            self.out.flush()
        self.out.sources.add(source)
        self.out.count += 1
        return True

    def objects(self, stored: list[Any], only: Container[str] | None = None) -> None:
        """Facts decoded, through ``versions`` as the object path takes them; the rows
        of those in ``only``."""
        facts = [cast(Fact, self.app.mapper.to_domain_event(s)) for s in stored]
        for fact in facts:
            told_verified(fact, self.is_documented(fact.source))
        self.out.add(facts, (), self.request, only)

    def source(self, s: dict[str, Any]) -> None:
        self.documented[s["slug"]] = s["document"] is not None
        revisions = [r["_data_"] for r in s["revisions"]]
        first: dict[str, str] = {}  # a revision's time, found by its id as the object path does
        for r in revisions:
            first.setdefault(r["id"], _z(r["published"], self))
        listed = [
            {"id": r["id"], "published": first[r["id"]], "note": r["note"]} for r in revisions
        ]
        self.read.sources[s["slug"]] = (
            s["slug"], s["title"], s["publisher"], s["language"], _z(s["published"], self),
            s["url"], s["document"], s["note"], json.dumps(listed, ensure_ascii=False),
        )  # fmt: skip

    def is_documented(self, slug: str) -> bool:
        if slug not in self.documented:  # a source stored after its fact: not by this engine
            self.documented[slug] = self.app.registration("source", slug).document is not None
        return self.documented[slug]

    def plain(self, value: Any) -> Any:
        """A stored value as ``plain`` spells the object it decodes to."""
        if type(value) is list:
            return [self.plain(v) if type(v) in NESTED else v for v in value]
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            data = value["_data_"]
            if type(data) is str:
                return self.typed(value["_type_"], data)
            return plain(self.decode(json.dumps(value).encode()))
        return {k: self.plain(v) if type(v) in NESTED else v for k, v in value.items()}

    def _typed(self, kind: str, data: str) -> Any:
        return plain(self.decode(json.dumps({"_type_": kind, "_data_": data}).encode()))

    def _span(self, data: str) -> tuple[str | None, str | None, str | None, Date | None]:
        span = self.decode(json.dumps({"_type_": "edtf", "_data_": data}).encode())
        return (
            str(span) if span else None,
            span.earliest.isoformat() if span and span.earliest else None,
            span.latest.isoformat() if span and span.latest else None,
            span.latest or span.earliest,
        )

    def _money(self, data: str) -> tuple[str, str, int]:
        money = self.decode(json.dumps({"_type_": "money", "_data_": data}).encode())
        assert isinstance(money, Money)
        return format(money.amount, "f"), money.currency, int(money.approximate)

    def moment(self, value: dict[str, Any]) -> str:
        return f"{utc_text(self.decode(json.dumps(value).encode()))}Z"


def _z(value: dict[str, Any], scan: _Scan) -> str:
    """A stored moment as the export writes one: UTC, fixed width, ``Z``."""
    data = value["_data_"]
    if type(data) is str and data.endswith("+00:00"):  # UTC already, as stored
        if len(data) == 32:
            return f"{data[:26]}Z"
        if len(data) == 25:
            return f"{data[:19]}.000000Z"
    return scan.moment(value)


def _kind(cls: type[Fact]) -> _Kind:
    """What ``REGISTRY.refs`` reads of a type, read once: a generator per fact cost more."""
    kind = REGISTRY.of(cls)
    fields = tuple(name for name in own_fields(cls) if name != "target")
    naming = tuple((f.name, f.role) for f in kind.fields if f.role is not None)
    return _Kind(kind.name, fields, issubclass(cls, AMENDMENTS), kind.role, naming)


def _cut(moment: Any) -> str | None:
    return None if moment is None else f"{utc_text(moment)}Z"


def _log(app: TimelineApp) -> Iterator[Any]:
    """Every stored event, in the order the store recorded them, a page at a time."""
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=PAGE)
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _state(stored: Any) -> Any:
    """The stored JSON, read: UTF-8, as eventsourcing writes it."""
    return DECODE(bytes(stored.state).decode())
