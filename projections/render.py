"""Values in words for people: one money format and names, not ids, everywhere.

Text, Markdown and HTML all take their words from here, so a figure reads the
same in every format (``EUR 385,000,000``, ``~USD 415,000,000``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from timeline.domain import Money, Share, ValidTime

Names = Callable[[str], str]


def ids(slug: str) -> str:
    """The names to use where none are known: the ids themselves."""
    return slug


def names_from(table: Mapping[str, str]) -> Names:
    return lambda slug: table.get(slug, slug)


def money(m: Money) -> str:
    return f"{'~' if m.approximate else ''}{m.currency} {m.amount:,}"


def word(slug: str) -> str:
    """A slug value in words: ``convertible_note`` reads "convertible note"."""
    return slug.replace("_", " ")


def called(names: Names, slugs: Iterable[str]) -> str:
    return ", ".join(names(s) for s in slugs)


def value(v: Any, names: Names = ids) -> str:
    """Any domain or plain JSON value in words."""
    if isinstance(v, Money):
        return money(v)
    if isinstance(v, (Share, ValidTime)):
        return str(v)
    if isinstance(v, dict) and "currency" in v:  # money as plain JSON
        return money(Money(Decimal(v["amount"]), v["currency"], v["approximate"]))
    if isinstance(v, dict) and "text" in v:  # a share as plain JSON
        return str(v["text"])
    if isinstance(v, dict):
        return "; ".join(f"{word(k)} {value(x, names)}" for k, x in sorted(v.items()))
    if isinstance(v, (list, tuple)):
        return ", ".join(value(x, names) for x in v) or "(none)"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return "(none)" if v is None else str(v)
