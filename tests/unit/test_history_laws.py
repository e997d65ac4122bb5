"""History is what the whole entity's fold says at every (knowledge moment, valid day).

``naive_history`` is the first, cubic history kept as the oracle: it folds
the whole entity at every moment a fact was reported and every day a fact's
valid time starts or ends (as reported or as corrected). The one change from
it: a value is one unbroken span of valid days, so a value that stops holding
from some day on is replaced and says until when it holds.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pendulum
import pytest
from factories import ENTITIES, fact
from hypothesis import given, settings
from hypothesis import strategies as st

from company_timeline.domain import (
    CompanyFounded,
    FundingRoundAnnounced,
    Money,
    PartnershipSigned,
    ProductLaunched,
    RegulatorStatementMade,
    RegulatoryScrutinyReported,
    ReportCorrected,
    ReportRetracted,
    Share,
    StakeReported,
    ValidTime,
)
from company_timeline.projections.field_paths import fields_of
from company_timeline.projections.history import (
    END_OF_TIME,
    FieldHistory,
    UnknownField,
    Value,
    history,
    unknown,
)
from company_timeline.projections.plain import plain
from company_timeline.projections.state import state_at


def naive_history(facts, entities, entity, path=None):
    own = [f for f in facts if f.entity == entity]
    moments = sorted({f.reported for f in own})
    spans = [f.valid for f in own if f.valid] + [
        f.changes["valid"] for f in own if isinstance(f, ReportCorrected) and "valid" in f.changes
    ]
    days = sorted({d for v in spans for d in (v.earliest, v.latest) if d} | {END_OF_TIME})
    found: dict[str, FieldHistory] = {}
    current: dict[str, dict[tuple, Value]] = {}
    for moment in moments:
        runs: dict[str, dict[tuple, object]] = {}  # path -> (key, from, until) -> field value
        going: dict[str, tuple] = {}
        for day in days:
            fields = fields_of(
                state_at(facts, entities, day, known=moment, only=entity).entities[0]
            )
            for p, (start, fv) in list(going.items()):
                if p not in fields or fields[p].key != fv.key:
                    runs.setdefault(p, {})[(fv.key, start, day.subtract(days=1))] = fv
                    del going[p]
            for p, fv in fields.items():
                runs.setdefault(p, {})
                going.setdefault(p, (day, fv))
        for p, (start, fv) in going.items():
            runs[p][(fv.key, start, None)] = fv
        arrived = tuple(f.fact_id for f in own if f.reported == moment)
        retraction = any(f.reported == moment and isinstance(f, ReportRetracted) for f in own)
        for p, values in current.items():
            for run in [r for r in values if r not in runs.get(p, {})]:
                value = values.pop(run)
                value.replaced_at, value.replaced_by = moment, arrived
                value.retracted = retraction and p not in runs
        for p, spans_ in runs.items():
            hist = found.setdefault(p, FieldHistory(p))
            for run, fv in sorted(spans_.items(), key=lambda kv: kv[0][1]):
                if run not in current.setdefault(p, {}):
                    value = Value(fv.value, fv.valid, run[1], run[2], moment, fv.cited.events)
                    current[p][run] = value
                    hist.values.append(value)
    if path is not None:
        return [h for p, h in found.items() if p == path or p.startswith(path + ".")]
    return list(found.values())


START = pendulum.datetime(2020, 1, 1, tz="UTC")
valid_texts = st.builds(
    lambda m, d, form: [
        f"2020-{m:02d}-{d:02d}",
        f"2020-{m:02d}",
        f"2020-{m:02d}~",
        "2020",
        f"2020-{m:02d}/2021-{m:02d}",
        f"2020-{m:02d}/..",
    ][form],
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 5),
)
reported = st.integers(0, 24 * 400).map(lambda h: START.add(hours=h).isoformat())
moneys = st.builds(
    lambda n, c: Money(Decimal(n), c), st.integers(1, 9), st.sampled_from(["EUR", "USD", "GBP"])
)
funds = st.lists(st.sampled_from(["fund", "angel", "bank"]), max_size=2, unique=True)
names = st.sampled_from(["Le Chat", "Mistral 7B v0.1", "Codestral"])


@st.composite
def originals(draw, i):
    kind = draw(st.integers(0, 6))
    entity = draw(st.sampled_from(["acme"] * 5 + ["globex"]))  # another entity's facts are ignored
    common = dict(entity=entity, valid=draw(valid_texts), reported=draw(reported))
    if kind <= 2:
        return fact(
            FundingRoundAnnounced,
            f"f{i}",
            round=draw(st.sampled_from(["seed", "series_a", "series_b"])),
            amount=draw(st.none() | moneys),
            equivalents=draw(st.lists(moneys, max_size=2)),
            lead_investors=draw(funds),
            investors=draw(funds),
            post_money_valuation=draw(st.none() | moneys),
            valuation_unchanged=draw(st.none() | st.just(True)),
            **common,
        )
    if kind == 3:
        share = draw(st.none() | st.builds(lambda n: Share(Decimal(n)), st.integers(1, 50)))
        return fact(
            StakeReported,
            f"f{i}",
            holder=draw(st.sampled_from(["fund", "angel"])),
            share=share,
            **common,
        )
    if kind == 4:
        return fact(
            ProductLaunched,
            f"f{i}",
            product=draw(names),
            weights=draw(st.sampled_from([None, "open"])),
            **common,
        )
    if kind == 5:
        return fact(
            PartnershipSigned,
            f"f{i}",
            partner=draw(st.sampled_from(["aws", "azure"])),
            kind="cloud",
            **common,
        )
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return fact(RegulatorStatementMade, f"f{i}", authority="cnil", examines="data", **common)
    if kind == 1:
        return fact(RegulatoryScrutinyReported, f"f{i}", authorities=["ec"], subject="x", **common)
    return fact(
        CompanyFounded,
        f"f{i}",
        founders=draw(st.lists(st.sampled_from(["ann", "bo"]), max_size=2)),
        **common,
    )


@st.composite
def fact_sets(draw):
    facts = [draw(originals(i)) for i in range(draw(st.integers(1, 7)))]
    for j in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(facts))
        common = dict(
            entity=target.entity, valid=None, target=target.fact_id, reported=draw(reported)
        )
        if draw(st.booleans()):
            facts.append(fact(ReportRetracted, f"x{j}", **common))
            continue
        changes = {}
        if draw(st.booleans()):
            changes["valid"] = ValidTime.parse(draw(valid_texts))
        if isinstance(target, FundingRoundAnnounced) and draw(st.booleans()):
            changes["amount"] = draw(moneys)
        if isinstance(target, FundingRoundAnnounced) and draw(st.booleans()):
            changes["round"] = draw(st.sampled_from(["seed", "series_c"]))
        if isinstance(target, FundingRoundAnnounced) and draw(st.booleans()):
            changes["lead_investors"] = draw(funds)
        if isinstance(target, ProductLaunched) and draw(st.booleans()):
            changes["product"] = draw(names)
        if isinstance(target, StakeReported) and draw(st.booleans()):
            changes["holder"] = "bank"
        facts.append(fact(ReportCorrected, f"c{j}", changes=changes, **common))
    return draw(st.permutations(facts))


PATHS = [
    "total_raised",
    "valuation.value",
    "funding_rounds",
    "funding_rounds.seed",
    "investors",
    "investors.fund.rounds",
    "products.Mistral 7B v0.1",
    "products.Mistral 7B",
    "regulatory",
    "founded",
]


@settings(max_examples=200, deadline=None)
@given(fact_sets(), st.none() | st.sampled_from(PATHS))
def test_history_is_what_the_fold_says_at_every_moment_and_day(facts, path):
    expected = naive_history(facts, ENTITIES, "acme", path)
    if expected or path is None:
        assert plain(history(facts, ENTITIES, "acme", path)) == plain(expected)
        return
    everything = {h.path: h for h in naive_history(facts, ENTITIES, "acme")}
    with pytest.raises(UnknownField, match=re.escape(str(unknown(path, everything)))):
        history(facts, ENTITIES, "acme", path)
