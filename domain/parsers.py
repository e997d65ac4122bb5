"""Parsers for the values an event file holds, one per kind of field."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from .dates import ValidTime, parse_instant
from .errors import TimelineError
from .quantities import Money, Share

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
# Half of a UTF-16 pair, which a JSON or YAML escape can write alone: no store can encode it.
_SURROGATE = re.compile("[\ud800-\udfff]")

Parser = Callable[[Any], Any]


def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TimelineError("expected non-empty text")
    return unicode(value).strip()


def unicode(value: str) -> str:
    if not value.isascii() and (bad := _SURROGATE.search(value)):
        raise TimelineError(f"{bad[0]!r} is half of a UTF-16 pair, not a character: fix the escape")
    return value


def slug(value: Any) -> str:
    if not isinstance(value, str):
        raise TimelineError("expected an id such as acme or mistral-ai")
    if not _SLUG.fullmatch(value):
        raise TimelineError(
            f"{value!r} is not an id: use lower-case letters, digits, '-', '_' or '.'"
        )
    return value


def list_of(item: Parser) -> Parser:
    def parse(value: Any) -> list[Any]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise TimelineError("expected a list")
        return [item(v) for v in value]

    return parse


def choice(*options: str) -> Parser:
    def parse(value: Any) -> str:
        if value not in options:
            found = f"{value!r} is not" if isinstance(value, str) else "expected"
            raise TimelineError(f"{found} one of: {', '.join(options)}")
        return str(value)

    return parse


def boolean(value: Any) -> bool:
    if value not in ("true", "false"):
        found = f"{value!r} is not" if isinstance(value, str) else "expected"
        raise TimelineError(f"{found} true or false")
    return bool(value == "true")


def money(value: Any) -> Money:
    if not isinstance(value, str):
        raise TimelineError("expected an amount such as 'EUR 385000000'")
    return Money.parse(value).check()


def share(value: Any) -> Share:
    if not isinstance(value, str):
        raise TimelineError("expected a share such as '<1%'")
    return Share.parse(value).check()


def valid_time(value: Any) -> ValidTime:
    if not isinstance(value, str):
        raise TimelineError("expected an EDTF date such as 2023-12 or 2024-02-26")
    return ValidTime.parse(value)


def instant(value: Any) -> Any:
    if not isinstance(value, str):
        raise TimelineError("expected a timestamp such as 2024-02-27T09:00:00+01:00")
    return parse_instant(value)


def quotes(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(q, str) and q.strip() for q in items)
    ):
        raise TimelineError("expected the source's words, verbatim: a text or a list of texts")
    return [unicode(q) for q in items]


texts = list_of(text)
slugs = list_of(slug)
moneys = list_of(money)

INSTRUMENTS = ("equity", "convertible_note", "safe", "debt", "grant", "unknown")


def as_written(value: Any) -> Any:
    """A stored value as an event file writes it: the inverse of the parsers above."""
    if isinstance(value, (Money, Share, ValidTime)):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [as_written(v) for v in value]
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_written(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value
