"""One line in words for any fact, for listings and for facts left uncertain.

It reads a fact's type and values (not the event object), so a fact left
uncertain, which the state keeps as its values, reads as a listed one does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .render import Names, called, ids, money, value, word


def summary(fact_type: str, v: Mapping[str, Any], names: Names = ids) -> str:
    entity = names(v["entity"]) if "entity" in v else "it"
    if fact_type == "company_founded":
        founders = f" by {', '.join(v['founders'])}" if v.get("founders") else ""
        return f"{entity} founded{founders}"
    if fact_type == "funding_round":
        figures = [money(m) for m in ([v["amount"]] if v.get("amount") else [])]
        figures += [money(m) for m in v.get("equivalents") or ()]
        text = f"{v['round']} round" + (f" of {' / '.join(figures)}" if figures else "")
        if v.get("lead_investors"):
            text += f", led by {called(names, v['lead_investors'])}"
        if v.get("investors"):
            text += f", with {called(names, v['investors'])}"
        if v.get("instrument"):
            text += f", as {word(v['instrument'])}"
        return text
    if fact_type == "stake_reported":
        share = f" {v['share']}" if v.get("share") else " a stake"
        return f"{names(v['holder'])} holds{share} of {entity}"
    if fact_type == "product_launched":
        return f"{v['product']} launched"
    if fact_type == "partnership_signed":
        return f"{v['kind']} partnership with {names(v['partner'])}"
    if fact_type == "regulator_statement":
        return f"{names(v['authority'])} will examine {v['examines']}"
    if fact_type == "regulatory_scrutiny":
        return f"{called(names, v['authorities'])} scrutinise {v['subject']}"
    if fact_type == "report_corrected":
        changes = "; ".join(f"{word(k)} {value(x, names)}" for k, x in sorted(v["changes"].items()))
        return f"corrects {v['target']}: {changes}"
    if fact_type == "report_retracted":
        return f"retracts {v['target']}"
    return fact_type
