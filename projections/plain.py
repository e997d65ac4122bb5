"""Read models as plain JSON values: what documents, field paths and exports share."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from company_timeline.domain import Money, Share, ValidTime
from company_timeline.domain.facttypes import summary

from .model import Uncertain

# Provenance sits beside the values it backs; a declared section's item shows its
# values, and an entity its sections, as keys of their own.
FLATTENED = ("cited", "values", "sections")
# The sections this version of ``timeline.at/1`` names as keys of an entity. A section
# of any other type (one declared by a user, or by a later release before the document's
# version moves) goes under the entity's ``declared`` key: adding a type never changes
# the keys a reader of /1 relies on (docs/json.md).
AT_SECTIONS = frozenset(
    {
        "founded", "funding_rounds", "total_raised", "valuation", "investors", "products",
        "partnerships", "regulatory", "acquired_by", "acquisitions", "leadership",
        "reported_valuation", "headcount", "legal", "renamed", "closed",
        "investments", "invested", "stakes_held", "partnerships_with", "oversight", "party_to",
    }
)  # fmt: skip


def plain(value: Any) -> Any:
    """Plain JSON values: no floats, dates in ISO 8601 or EDTF as written."""
    if isinstance(value, Money):
        return {
            "amount": format(value.amount, "f"),  # never 1E-7: decimal digits
            "currency": value.currency,
            "approximate": value.approximate,
        }
    if isinstance(value, Share):
        return {"text": str(value), "bound": value.bound, "percent": format(value.percent, "f")}
    if isinstance(value, ValidTime):
        return value.text
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("omit_empty") and not getattr(value, f.name):
                continue
            item = plain(getattr(value, f.name))
            if f.name == "sections" and isinstance(item, dict):
                out.update({k: v for k, v in item.items() if k in AT_SECTIONS})
                if declared := {k: v for k, v in item.items() if k not in AT_SECTIONS}:
                    out["declared"] = declared
            elif f.name in FLATTENED and isinstance(item, dict):  # beside the other keys
                out.update(item)
            else:
                out[f.name] = item
        if isinstance(value, Uncertain):  # its words, by ids: rendered here, not in the fold
            values = {"entity": value.entity, **value.fields}
            out["summary"] = summary(value.type, values, lambda slug: slug)
        return out
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
