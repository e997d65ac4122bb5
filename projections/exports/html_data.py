"""What the HTML page shows, folded and worded in Python once per knowledge step.

A reader of the page moves through knowledge time: each step is the library's
own fold (``effective_facts``, ``state_at``) as known at that moment, put into
words by ``describe``, ``sections`` and ``render``, so the page's script only
draws what it is given. An event or an entity's view that reads the same at
several steps is kept once and named by key.
"""

from __future__ import annotations

import bisect
from datetime import UTC
from typing import Any

from pendulum import Date, DateTime

from company_timeline.domain import ValidTime
from company_timeline.domain.events import AMENDMENTS, content, valid_order_key
from company_timeline.domain.facttypes import REGISTRY

from ..describe import summary
from ..knowledge import Effective, effective_facts, visible
from ..model import EntityInfo, EntityState
from ..render import Names, word
from ..rules import plan
from ..sections import heading, parts
from ..state import entity_state
from .html_values import Kept, funding, source_document, span_words, utc
from .pipeline import Export

Json = dict[str, Any]

# A whole store's page embeds the best documented entities only: each costs its
# views at every reported time of its own facts. The rest are named, to be
# exported on their own with --entity.
MAX_ENTITIES = 25


def page_data(export: Export) -> Json:
    """Everything the page shows, as plain JSON values (amounts as decimal strings).

    An entity's view changes only at the reported times of its own facts, so
    it is folded at those alone and listed as ``[first step, view]`` pairs:
    the work and the page grow with the facts, not with facts times steps.
    """
    every = _shown(export)
    shown, others = every[:MAX_ENTITIES], every[MAX_ENTITIES:]
    moments = _moments(export, shown)
    stamps = [utc(m) if m is not None else None for m in moments]
    events, views, lines = Kept(), Kept(), Kept()
    entities = []
    for i, slug in enumerate(shown, 1):
        state, changes = _entity_views(export, slug, moments, stamps, (events, views, lines))
        days = sorted(
            d
            for _, key in changes
            for e in views.items[key]["events"]
            for d in events.items[e]["span"]
            if d is not None
        )
        entities.append(
            {
                "id": slug,
                "name": export.records[slug].entities[slug].name,
                "heading": heading(state),
                "views": changes,
                # the axis fitted to its own facts, never to the others'
                "fit": [days[0], days[-1]] if days else [export.valid.isoformat()] * 2,
            }
        )
        export.progress(i, len(shown))
    asked = export.request.known
    cited = sorted({e["source"] for e in events.items.values()})
    sources = {s: r.sources[s] for r in export.records.values() for s in cited if s in r.sources}
    return {
        "head": export.head(),
        "entities": entities,
        "others": [[s, export.records[s].entities[s].name] for s in others],
        "events": events.items,
        "views": views.items,
        "lines": lines.items,
        "sources": {slug: source_document(sources[slug]) for slug in sorted(sources)},
        "steps": _steps(export, moments, shown),
        "default": moments.index(asked),
        "legend": legend(),
    }


def legend() -> list[list[str]]:
    """Every declared fact type the page colours (amendments are drawn as diamonds)."""
    return [[kind.name, word(kind.name)] for kind in REGISTRY if not kind.amends]


def _entity_views(
    export: Export,
    slug: str,
    moments: list[DateTime | None],
    stamps: list[str | None],
    kept: tuple[Kept, Kept, Kept],
) -> tuple[EntityState, list[list[Any]]]:
    """The entity's view from each step where it changes; and its state as known last.

    It changes only at its own facts' reported times: it is folded at those alone,
    each at the first step that knows it, never walked through the others' steps.
    """
    r = export.request
    own = sorted(
        {
            utc(f.reported): f.reported
            for f in export.records[slug].facts
            if visible(f, None, r.recorded)
        }.items()
    )
    times = [t for t, _ in own]
    dated = [s for s in stamps if s is not None]  # all but "everything known", the last
    first = stamps[0] if stamps else None
    start = len(own) if first is None else bisect.bisect_right(times, first)
    # (step, how many of its own times are known there): the first step, then each own time's
    folds = [(0, start)] + [
        (bisect.bisect_left(dated, times[n - 1]), n) for n in range(start + 1, len(own) + 1)
    ]
    changes: list[list[Any]] = []
    state = None
    for i, passed in folds:
        known = own[passed - 1][1] if passed else moments[i]
        state, view = _view(export, slug, known, kept[0], kept[2])
        key = kept[1].key(slug, view)
        if not changes or changes[-1][1] != key:
            changes.append([i, key])
    assert state is not None
    return state, changes


def _shown(export: Export) -> list[str]:
    """Entities asked for, or those with a fact on record; the best documented first."""
    r = export.request
    slugs = [
        slug
        for slug, record in export.records.items()
        if r.entities or any(visible(f, None, r.recorded) for f in record.facts)
    ]
    return sorted(slugs, key=lambda s: (-len(export.records[s].facts), s))


def _moments(export: Export, shown: list[str]) -> list[DateTime | None]:
    """Every distinct reported time of the shown entities' facts, the one asked for,
    then "everything known"."""
    r = export.request
    found = {
        utc(f.reported): f.reported
        for slug in shown
        for f in export.records[slug].facts
        if visible(f, None, r.recorded)
    }
    if r.known is not None:
        found[utc(r.known)] = r.known
    return [*sorted(found.values()), None]


def _steps(export: Export, moments: list[DateTime | None], shown: list[str]) -> list[Json]:
    """Each knowledge step's label and how many events were known by then."""
    r = export.request
    unique = {  # once each: an acquisition is read with both of its entities
        f.fact_id: f
        for slug in shown
        for f in export.records[slug].facts
        if visible(f, None, r.recorded)
    }
    facts = list(unique.values())
    times = sorted(utc(f.reported) for f in facts)
    made: dict[str, dict[str, None]] = {}
    for f in sorted(facts, key=lambda f: (f.source, f.revision or "")):
        made.setdefault(utc(f.reported), {})[
            f.source + (f" ({f.revision})" if f.revision else "")
        ] = None
    out = []
    for known in moments:
        if known is None:
            out.append(
                {
                    "known": None,
                    "label": f"everything known ({len(times)} events)",
                    "count": len(times),
                }
            )
            continue
        stamp, then = utc(known), made.get(utc(known))
        what = ", ".join(sorted(then)) if then else "the time asked (--as-known-at)"
        label = f"{known.astimezone(UTC).strftime('%Y-%m-%d %H:%M UTC')}: {what}"
        out.append({"known": stamp, "label": label, "count": bisect.bisect_right(times, stamp)})
    return out


def _view(
    export: Export, slug: str, known: DateTime | None, events: Kept, lines: Kept
) -> tuple[EntityState, Json]:
    """One entity as known at ``known``: its events in valid-time order, state and funding."""
    record, r = export.records[slug], export.request
    names = record.names()
    items = effective_facts(record.facts, known, r.recorded)
    state = _state(record.entities[slug], items, export.valid)
    items.sort(key=lambda i: valid_order_key(i.fact))
    # The panel's "verified" is the JSON evidence's own value, never the amended copy's.
    verified = {e.event: e.verified for e in state.evidence}
    keys = []
    for i in items:
        made = (
            i.fact.fact_id,
            *(c.fact_id for c in i.corrections),
            i.retraction.fact_id if i.retraction else None,
        )
        if made not in events.made:
            rendered = _event(i, names, export.valid, verified)
            events.made[made] = events.key(rendered["id"], rendered)
        keys.append(events.made[made])
    view = {
        "events": keys,
        "sections": _sections(state, export.valid, names, lines),
        "funding": funding(state.funding_rounds),
    }
    return state, view


def _state(info: EntityInfo, items: list[Effective], day: Date) -> EntityState:
    """``state_at(..., only=slug)`` from the amended facts already made for the step:
    the amendments are resolved once a step, not twice (the same items, in their order)."""
    slug = info.id
    own, others = [], []
    for i in items:
        f = i.fact
        if isinstance(i.original, AMENDMENTS):
            continue
        if f.entity == slug:
            own.append(i)
        elif any(ref == slug for _, ref, _ in REGISTRY.refs(REGISTRY.name_of(f), content(f))):
            others.append(i)
    return entity_state(info, own + others, day, plan())  # in state_at's order


def _sections(state: EntityState, day: Date, names: Names, kept: Kept) -> list[Json]:
    """The state in words, each line (kept once, by key) with the events behind it."""
    return [
        {
            "title": section.title,
            "lines": [
                kept.key(
                    "line",
                    {
                        "text": line.text,
                        "events": list(line.cited.events if line.cited else line.events),
                    },
                )
                for line in section.lines
            ],
        }
        for section in parts(state, day, names)
    ]


def _event(item: Effective, names: Names, day: Date, verified: dict[str, bool]) -> Json:
    """One event as it reads with the amendments known at the step."""
    f = item.fact
    kind = REGISTRY.name_of(f)
    v: ValidTime | None = f.valid
    amends = isinstance(f, AMENDMENTS)
    target = getattr(f, "target", None) if amends else None
    reported_day = f.reported.date().isoformat()
    if v is None:
        span: list[str | None] = [reported_day, reported_day]
        valid_words = f"none of its own: it amends {target}; shown on the day it was reported"
    else:
        span = [d.isoformat() if d else None for d in (v.earliest, v.latest)]
        valid_words = span_words(v)
    return {
        "id": f.fact_id,
        "entity": f.entity,
        "entity_name": names(f.entity),
        "type": kind,
        "type_words": word(kind),
        "summary": summary(kind, content(f), names),
        "valid": v.text if v else None,
        "valid_words": valid_words,
        "span": span,
        "coarse": v is not None and (v.precision != "day" or v.qualified),
        "status": str(v.status(day)) if v else None,
        "amends": target,
        "amendment": ("retracts" if kind == "report_retracted" else "corrects") if amends else None,
        "reported": utc(f.reported),
        "recorded": utc(f.recorded),
        "source": f.source,
        "revision": f.revision,
        "quotes": list(f.quotes),
        "verified": verified.get(f.fact_id, item.original.verified),
        "note": f.note,
        "corrected_by": [c.fact_id for c in item.corrections],
        "retracted_by": item.retraction.fact_id if item.retraction else None,
        "reason": getattr(f, "reason", None),  # a retraction's, where it gives one
    }
