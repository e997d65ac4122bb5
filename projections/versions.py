"""Every version a fact had along knowledge time: what it said from one report to the next.

A fact reads one way from its own reported time until a correction or retraction
of it is made public, then another: each reading is a ``Version``, with the
knowledge time it held from and until. A pure function over one entity's facts
(an amendment lives in its target's entity), for the flat bitemporal tables of
``exports/sqlite_db.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pendulum import DateTime

from company_timeline.domain import Fact
from company_timeline.domain.events import AMENDMENTS

from .knowledge import Effective, effective_facts, report_order, visible


@dataclass(frozen=True)
class Version:
    """A fact as it read from ``known_from`` until ``known_until`` (None: still does)."""

    number: int  # 1 for the fact as first reported
    fact: Fact  # with the amendments known by ``known_from`` applied
    original: Fact
    made_by: Fact  # the event that made it read so: the fact itself, or an amendment
    known_from: DateTime
    known_until: DateTime | None
    replaced_by: tuple[str, ...]  # the amendments made public at ``known_until``
    retracted: bool

    @property
    def status(self) -> str:
        if self.retracted:
            return "retracted"
        return "current" if self.known_until is None else "corrected"


def versions(
    facts: Iterable[Fact], known: DateTime | None = None, recorded: DateTime | None = None
) -> Iterator[Version]:
    """Each visible fact's versions (amendments are facts too, and have theirs), by fact id."""
    seen = {f.fact_id: f for f in facts if visible(f, known, recorded)}
    amending: dict[str, list[Fact]] = defaultdict(list)
    for fact in seen.values():
        if isinstance(fact, AMENDMENTS) and fact.target in seen:
            amending[fact.target].append(fact)
    for fact_id in sorted(seen):
        fact = seen[fact_id]
        if fact_id not in amending:  # most facts: never amended, one version
            yield Version(1, fact, fact, fact, fact.reported, None, (), False)
        else:
            yield from _of(fact, _chain(fact, amending))


def _chain(fact: Fact, amending: dict[str, list[Fact]]) -> list[Fact]:
    """The fact and every amendment that reaches it, through others or directly."""
    chain, todo, met = [fact], [fact.fact_id], {fact.fact_id}
    while todo:
        for amendment in amending.get(todo.pop(), ()):
            if amendment.fact_id not in met:  # a cycle is refused on ingest; be safe
                met.add(amendment.fact_id)
                chain.append(amendment)
                todo.append(amendment.fact_id)
    return chain


def _of(fact: Fact, chain: list[Fact]) -> Iterator[Version]:
    # Knowledge times at which it may read otherwise: its own, then each amendment's.
    times = sorted({fact.reported, *(a.reported for a in chain[1:] if a.reported > fact.reported)})
    readings: list[tuple[DateTime, Effective]] = []
    for moment in times:
        mine = _find(effective_facts(chain, known=moment), fact.fact_id)
        if readings and _same(readings[-1][1], mine):
            continue  # an amendment that changed nothing of it (one retracted since, say)
        readings.append((moment, mine))
    for i, (moment, effective) in enumerate(readings):
        later = readings[i + 1][0] if i + 1 < len(readings) else None
        yield Version(
            number=i + 1,
            fact=effective.fact,
            original=fact,
            made_by=_maker(chain, moment),
            known_from=moment,
            known_until=later,
            replaced_by=tuple(
                a.fact_id for a in sorted(chain[1:], key=report_order) if a.reported == later
            ),
            retracted=effective.retraction is not None,
        )


def _find(effective: list[Effective], fact_id: str) -> Effective:
    return next(e for e in effective if e.original.fact_id == fact_id)


def _same(a: Effective, b: Effective) -> bool:
    return a.fact == b.fact and (a.retraction is None) == (b.retraction is None)


def _maker(chain: list[Fact], moment: DateTime) -> Fact:
    """The event that made the fact read anew at ``moment``: an amendment made public
    then (the last, if several were), or the fact itself."""
    made = [a for a in chain[1:] if a.reported == moment]
    return max(made, key=report_order) if made else chain[0]
