"""The projection: a pure fold from facts to the state of entities at a date.

``state_at(facts, entities, valid=D, known=T)`` reads nothing and writes
nothing, so it can be replayed, persisted or property-tested as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pendulum import Date, DateTime

from company_timeline.domain import (
    CompanyFounded,
    Fact,
    FundingRoundAnnounced,
    PartnershipSigned,
    ProductLaunched,
    RegulatorStatementMade,
    RegulatoryScrutinyReported,
    StakeReported,
    Status,
)
from company_timeline.domain.events import AMENDMENTS, TYPE_NAMES, content, own_fields

from .declared import also_on, fold_sections, named_at
from .describe import summary
from .knowledge import Effective, effective_facts, recorded_at, report_order
from .model import (
    Correction,
    EntityInfo,
    EntityState,
    Evidence,
    Founding,
    Partnership,
    Product,
    Retracted,
    Scrutiny,
    Snapshot,
    Uncertain,
)
from .rounds import cite, investors, merge_rounds, totals, valuation


def state_at(
    facts: Iterable[Fact],
    entities: Mapping[str, EntityInfo],
    valid: Date,
    known: DateTime | None = None,
    recorded: DateTime | None = None,
    only: str | None = None,
) -> Snapshot:
    """Entities as the record shows them on day ``valid``.

    Only facts reported by ``known`` and recorded by ``recorded`` count. Without
    ``only``, the snapshot holds every entity with a fact on or around the day.
    """
    by_entity: dict[str, list[Effective]] = defaultdict(list)
    effective = effective_facts(facts, known, recorded)
    for item in effective:
        if not isinstance(item.original, AMENDMENTS):
            by_entity[item.fact.entity].append(item)
    shows_on: dict[str, list[Effective]] = defaultdict(list)
    for item in effective:
        if not isinstance(item.original, AMENDMENTS) and (on := also_on(item)) is not None:
            shows_on[on].append(item)
    slugs = [only] if only else sorted(by_entity.keys() | shows_on.keys())
    states = (
        entity_state(entities[s], by_entity.get(s, []), valid, shows_on.get(s, [])) for s in slugs
    )
    kept = tuple(s for s in states if only or s.exists or s.uncertain)
    return Snapshot(valid, known, recorded, kept)


def entity_state(
    info: EntityInfo, items: list[Effective], day: Date, others: Sequence[Effective] = ()
) -> EntityState:
    """``others``: other entities' facts that show on this one (``facttypes.Fold.also``)."""
    happened: list[Effective] = []
    shown: list[Effective] = []  # everything the state mentions, for its evidence
    uncertain: list[Uncertain] = []
    retracted: list[Retracted] = []
    for item in sorted(items, key=lambda i: report_order(i.fact)):
        fact = item.fact
        assert fact.valid is not None
        status = fact.valid.status(day)
        if status is Status.NOT_YET:
            continue
        shown.append(item)
        if item.retraction is not None:
            reason = getattr(item.retraction, "reason", None)
            retracted.append(
                Retracted(fact.fact_id, TYPE_NAMES[type(fact)], item.retraction.fact_id, reason)
            )
        elif status is Status.HAPPENED:
            happened.append(item)
        elif status is Status.UNCERTAIN:
            uncertain.append(_uncertain(fact))

    def of(kind: type[Fact]) -> list[Effective]:
        return [i for i in happened if isinstance(i.fact, kind)]

    theirs = [i for i in others if i.retraction is None and _happened(i, day)]
    rounds = merge_rounds(of(FundingRoundAnnounced))
    return EntityState(
        entity=named_at(info, items, happened),
        exists=bool(happened or theirs),
        founded=_founding(of(CompanyFounded)),
        funding_rounds=rounds,
        total_raised=totals(rounds),
        valuation=valuation(rounds),
        investors=investors(rounds, of(StakeReported)),
        products=tuple(_product(i) for i in of(ProductLaunched)),
        partnerships=tuple(_partnership(i) for i in of(PartnershipSigned)),
        regulatory=tuple(
            _scrutiny(i) for i in of(RegulatorStatementMade) + of(RegulatoryScrutinyReported)
        ),
        uncertain=tuple(uncertain),
        retracted=tuple(retracted),
        corrections=tuple(
            Correction(i.original.fact_id, tuple(c.fact_id for c in i.corrections))
            for i in sorted(happened, key=lambda i: i.original.fact_id)
            if i.corrections
        ),
        sources=tuple(sorted({s for i in happened for s in i.sources})),
        evidence=_evidence(shown + theirs),
        extra=fold_sections(happened, theirs),
    )


def _happened(item: Effective, day: Date) -> bool:
    valid = item.fact.valid
    return valid is not None and valid.status(day) is Status.HAPPENED


def _uncertain(fact: Fact) -> Uncertain:
    kind = TYPE_NAMES[type(fact)]
    values = content(fact)
    own = {name: values[name] for name in own_fields(type(fact))}
    return Uncertain(fact.fact_id, kind, str(fact.valid), summary(kind, values), own)


def _evidence(items: list[Effective]) -> tuple[Evidence, ...]:
    facts = {f.fact_id: f for i in items for f in (i.original, *i.corrections, i.retraction) if f}
    return tuple(
        Evidence(
            f.fact_id,
            TYPE_NAMES[type(f)],
            str(f.valid) if f.valid else None,
            f.reported,
            recorded_at(f),
            f.source,
            f.revision,
            tuple(f.quotes),
            f.note,
            f.verified,
        )
        for f in sorted(facts.values(), key=report_order)
    )


def _founding(items: list[Effective]) -> Founding | None:
    if not items:
        return None
    founders = dict.fromkeys(n for i in items for n in i.fact.founders)  # type: ignore[attr-defined]
    return Founding(str(items[0].fact.valid), tuple(founders), cite(items))


def _product(item: Effective) -> Product:
    f = item.fact
    assert isinstance(f, ProductLaunched)
    return Product(f.product, str(f.valid), f.weights, tuple(f.channels), cite([item]))


def _partnership(item: Effective) -> Partnership:
    f = item.fact
    assert isinstance(f, PartnershipSigned)
    return Partnership(f.partner, f.kind, str(f.valid), tuple(f.channels), cite([item]))


def _scrutiny(item: Effective) -> Scrutiny:
    f = item.fact
    if isinstance(f, RegulatorStatementMade):
        return Scrutiny(
            (f.authority,), f.examines, "statement", str(f.valid), tuple(f.parties), cite([item])
        )
    assert isinstance(f, RegulatoryScrutinyReported)
    return Scrutiny(tuple(f.authorities), f.subject, "scrutiny", str(f.valid), (), cite([item]))
