"""Money and shares, exact as the source wrote them.

Amounts are ``Decimal`` with an ISO 4217 code; nothing here converts between
currencies, because a rate the source did not give would be made up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import InvalidQuantity

_MONEY = re.compile(r"(?P<approx>~)?(?P<cur>[A-Z]{3}) (?P<amount>\d+(?:\.\d+)?)")
_SHARE = re.compile(r"(?P<op><=|>=|<|>|~)?(?P<pct>\d+(?:\.\d+)?)%")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> Money:
        return _money(text.strip())

    @classmethod
    def _parse(cls, text: str) -> Money:
        m = _MONEY.fullmatch(text)
        if not m:
            raise InvalidQuantity(
                f"{text!r} is not an amount: write a currency code and decimal digits, "
                "e.g. 'EUR 385000000', with a leading ~ where the source says 'about'"
            )
        return cls(Decimal(m["amount"]), m["cur"], bool(m["approx"]))

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise InvalidQuantity(f"cannot add {other.currency} to {self.currency}")
        return Money(
            self.amount + other.amount, self.currency, self.approximate or other.approximate
        )

    def __str__(self) -> str:
        return f"{'~' if self.approximate else ''}{self.currency} {self.amount}"


@functools.lru_cache(maxsize=8192)  # immutable, and amounts repeat across reports
def _money(text: str) -> Money:
    return Money._parse(text)


@dataclass(frozen=True)
class Share:
    """A holding as the source bounded it: ``<1%``, ``5%``, ``~10%``."""

    percent: Decimal
    bound: str = "="  # one of = < <= > >= ~

    @classmethod
    def parse(cls, text: str) -> Share:
        m = _SHARE.fullmatch(text.strip().replace(" ", ""))
        if not m:
            raise InvalidQuantity(f"{text!r} is not a share: write e.g. '<1%', '5%' or '~10%'")
        return cls(Decimal(m["pct"]), m["op"] or "=")

    def __str__(self) -> str:
        return f"{'' if self.bound == '=' else self.bound}{self.percent}%"
