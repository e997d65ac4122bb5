"""Read models as plain JSON values: what documents, field paths and exports share."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from company_timeline.domain import Money, Share, ValidTime

# Provenance sits beside the values it backs; a declared section's item shows its
# values, and an entity its declared sections, as keys of their own.
FLATTENED = ("cited", "values", "extra")


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
            item = plain(getattr(value, f.name))
            if f.name in FLATTENED and isinstance(item, dict):  # beside the other keys
                out.update(item)
            else:
                out[f.name] = item
        return out
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
