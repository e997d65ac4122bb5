"""Values in words for people, as fact types declare them: one money format and
entity names, never ids, wherever a value is shown (``EUR 385,000,000``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .quantities import Money

Names = Callable[[str], str]


def ids(slug: str) -> str:
    """The names to use where none are known: the ids themselves."""
    return slug


def money_text(m: Money) -> str:
    return f"{'~' if m.approximate else ''}{m.currency} {m.amount:,f}"  # digits, never 1E-7


def word(slug: str) -> str:
    """A slug value in words: ``convertible_note`` reads "convertible note"."""
    return slug.replace("_", " ")


def called(names: Names, slugs: Iterable[str]) -> str:
    return ", ".join(names(s) for s in slugs)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 entity``, ``20,000 entities``: one number format, the noun agreeing with it."""
    if n == 1:
        return f"1 {noun}"
    many = plural or (f"{noun[:-1]}ies" if noun.endswith("y") else f"{noun}s")
    return f"{n:,} {many}"
