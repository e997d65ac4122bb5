"""Values in words for people: one money format and names, not ids, everywhere.

Text, Markdown and HTML all take their words from here, so a figure reads the
same in every format (``EUR 385,000,000``, ``~USD 415,000,000``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from company_timeline.domain import Money, Share, ValidTime
from company_timeline.domain.words import Names, called, ids, money_text, word

# The words fact types are declared with: one place for every format.
__all__ = ["Names", "called", "ids", "money_text", "names_from", "value", "when", "word"]


def names_from(table: Mapping[str, str]) -> Names:
    return lambda slug: table.get(slug, slug)


def value(v: Any, names: Names = ids) -> str:
    """Any domain or plain JSON value in words."""
    if isinstance(v, Money):
        return money_text(v)
    if isinstance(v, (Share, ValidTime)):
        return str(v)
    if isinstance(v, dict) and "currency" in v:  # money as plain JSON
        return money_text(Money(Decimal(v["amount"]), v["currency"], v["approximate"]))
    if isinstance(v, dict) and "text" in v:  # a share as plain JSON
        return str(v["text"])
    if isinstance(v, dict):
        return "; ".join(f"{word(k)} {value(x, names)}" for k, x in sorted(v.items()))
    if isinstance(v, (list, tuple)):
        return ", ".join(value(x, names) for x in v) or "(none)"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return "(none)" if v is None else str(v)


DAY, SHAPES = "D MMMM YYYY", {"day": "D MMMM YYYY", "month": "MMMM YYYY", "year": "YYYY"}


def when(v: ValidTime | None) -> str:
    """A valid time in words, its precision said: "in December 2023", "around May 2023"."""
    if v is None:
        return "when the fact it amends happened"
    lo, hi = v.earliest, v.latest
    if v.precision == "interval":
        if lo is None:
            return f"on or before {hi.format(DAY)}" if hi else "at an unknown time"
        if hi is None:
            return f"on or after {lo.format(DAY)}"
        return f"between {lo.format(DAY)} and {hi.format(DAY)}"
    assert lo is not None and hi is not None
    if v.precision == "season":  # Northern Hemisphere: winter runs into the next year
        name = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}[lo.month]
        months = lo.format("MMMM") if lo.year == hi.year else lo.format("MMMM YYYY")
        return f"in {name} {lo.year} ({months} to {hi.format('MMMM YYYY')})"
    if v.precision == "unspecified":  # 201X, 20XX, 2004-XX, 1985-04-XX, 1985-XX-XX
        return {
            "decade": f"in the {lo.year}s",
            "century": f"some year from {lo.year} to {hi.year}",
            "year": f"some {'month' if len(v.text) == 7 else 'day'} of {lo.year}",
            "month": f"some day of {lo.format('MMMM YYYY')}",
        }[v.unit or ""]
    shape = SHAPES[v.precision]
    qualifier = {"~": "around", "?": "perhaps", "%": "perhaps around"}.get(v.text[-1])
    if qualifier is None:
        return {"day": "on ", "month": "in ", "year": "in "}[v.precision] + lo.format(shape)
    point = ValidTime.parse(v.text[:-1]).earliest
    assert point is not None
    return f"{qualifier} {point.format(shape)} ({lo.format(shape)} to {hi.format(shape)})"
