"""What an entity took part in: other entities' facts that name it, by its role there.

An investor sees its investments (each round as merged from the reports that name
it, its instrument as known at the moment asked), a holder its stakes, a partner
its partnerships, a regulator what it oversees, an acquirer its acquisitions. What
an investor put in is given per currency only where the source states that
investor's own amount: a round that names it as its one investor, and no lead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from company_timeline.domain import Money
from company_timeline.domain.events import content
from company_timeline.domain.facttypes import REGISTRY, ROLE_SECTIONS

from .folds import Line, Sections, Shape, item
from .funding import merge, merge_rounds
from .knowledge import Effective
from .model import Item, Round, Totals
from .render import Names, money_text, word

INVESTMENTS = "investments"


def role_of(section: str) -> str:
    return next((t for s, t in ROLE_SECTIONS.values() if s == section), section)


def shapes() -> dict[str, Shape]:
    out = {section: Shape(title) for section, title in ROLE_SECTIONS.values()}
    out[INVESTMENTS] = Shape("Investments", lines=_investments)
    out["invested"] = Shape(
        "Invested (where the source gives its own amount)",
        True,
        lines=_put_in,
        built=True,
        typed=True,
    )
    return out


def roles(entity: str, fact: Any) -> list[str]:
    """The roles ``entity`` plays in another entity's fact, as it reads now."""
    values = content(fact)
    kind = REGISTRY.name_of(fact)
    return [
        role
        for name, ref, role in REGISTRY.refs(kind, values)
        if ref == entity and name != "entity"
    ]


def role_sections(entity: str, theirs: Sequence[Effective]) -> Sections:
    """Every role section of ``entity``, from the happened facts of others naming it."""
    by_section: dict[str, list[Effective]] = defaultdict(list)
    for i in theirs:
        for role in dict.fromkeys(roles(entity, i.fact)):
            section = ROLE_SECTIONS.get(role, (f"as_{role}", ""))[0]
            if i not in by_section[section]:
                by_section[section].append(i)
    out: Sections = {section: () for section, _ in ROLE_SECTIONS.values()}
    for section, items in by_section.items():
        if section != INVESTMENTS:
            out[section] = _listed(section, items)
    out[INVESTMENTS] = investments(entity, by_section.get(INVESTMENTS, []))
    out["invested"] = _invested(out[INVESTMENTS])
    return out


def _listed(section: str, items: list[Effective]) -> tuple[Item, ...]:
    kept: dict[str, Item] = {}
    for i in items:  # in report order: a later report of the same key replaces it
        company = i.fact.entity
        key = (
            company if section in ("stakes_held", "acquisitions") else f"{company}:{i.fact.fact_id}"
        )
        kept[key] = item(i, key, entity=company)
    return tuple(kept[k] for k in sorted(kept))


def investments(entity: str, items: list[Effective]) -> tuple[Item, ...]:
    by_company: dict[str, list[Effective]] = defaultdict(list)
    for i in items:
        by_company[i.fact.entity].append(i)
    out = []
    for company in sorted(by_company):
        for r in merge_rounds(by_company[company]):
            out.append(_investment(entity, company, r))
    return tuple(out)


def _investment(entity: str, company: str, r: Round) -> Item:
    own = r.amount if not r.lead_investors and r.investors == (entity,) else None
    values: dict[str, Any] = {
        "entity": company,
        "round": r.name,
        "led": entity in r.lead_investors,
        "round_amount": r.amount,
        "equivalents": list(r.equivalents),
        "own_amount": own,
        "instrument": r.instrument,
    }
    return Item(f"{company}:{r.name}", "funding_round", r.valid, values, r.cited)


def _invested(items: tuple[Item, ...]) -> Totals | None:
    own = [i for i in items if i.values["own_amount"] is not None]
    if not own:
        return None
    by_currency: dict[str, Money] = {}
    for i in own:
        m: Money = i.values["own_amount"]
        by_currency[m.currency] = by_currency[m.currency] + m if m.currency in by_currency else m
    return Totals(
        tuple(by_currency[c] for c in sorted(by_currency)), (), merge(*(i.cited for i in own))
    )


def _investments(items: tuple[Item, ...], names: Names, entity: str) -> list[Line]:
    out = []
    for i in items:
        v = i.values
        parts = [f"{names(v['entity'])}, {v['round']} ({i.valid})"]
        if v["own_amount"] is not None:
            parts.append(f"put in {money_text(v['own_amount'])}")
        elif v["round_amount"] is not None:
            parts.append(f"in a round of {money_text(v['round_amount'])}")
        if v["led"]:
            parts.append("led it")
        if v["instrument"]:
            parts.append(word(v["instrument"]))
        out.append(Line("; ".join(parts), i.cited))
    return out


def _put_in(t: Totals | None, names: Names, entity: str) -> list[Line]:
    return [Line(" + ".join(money_text(m) for m in t.by_currency), t.cited)] if t else []
