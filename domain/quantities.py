"""Money and shares, exact as the source wrote them.

Amounts are ``Decimal`` with an ISO 4217 code; nothing here converts between
currencies, because a rate the source did not give would be made up. Sums are
exact at any size: Decimal's default context keeps 28 digits and rounds.

``parse`` reads a value back as it was stored; ``check`` holds a new one to the
rules of an event file (a known currency, a positive amount, a share of at most
100%), so that a store written before a rule existed still reads.
"""

from __future__ import annotations

import decimal
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .errors import InvalidQuantity

_MONEY = re.compile(r"(?P<approx>~)?(?P<cur>[A-Z]{3}) (?P<amount>\d+(?:\.\d+)?)", re.ASCII)
_NEGATIVE = re.compile(r"~?[A-Z]{3} -\d+(?:\.\d+)?", re.ASCII)
_SHARE = re.compile(r"(?P<op><=|>=|<|>|~)?(?P<pct>\d+(?:\.\d+)?)%", re.ASCII)
# Enough digits for any sum of exact amounts: addition then never rounds.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.Inexact]
)


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
            if _NEGATIVE.fullmatch(text):
                raise InvalidQuantity(f"{text!r} is not an amount: amounts are positive")
            raise InvalidQuantity(
                f"{text!r} is not an amount: write a currency code and decimal digits, "
                "e.g. 'EUR 385000000', with a leading ~ where the source says 'about'"
            )
        return cls(Decimal(m["amount"]), m["cur"], bool(m["approx"]))

    def check(self) -> Money:
        """This amount, if an event file may give it."""
        if self.currency not in currencies():
            raise InvalidQuantity(
                f"{self.currency!r} is not an ISO 4217 currency code (such as EUR, USD or JPY)"
            )
        if not self.amount:
            raise InvalidQuantity(f"'{self}' is not an amount: amounts are positive")
        return self

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise InvalidQuantity(f"cannot add {other.currency} to {self.currency}")
        total = _EXACT.add(self.amount, other.amount)
        return Money(total, self.currency, self.approximate or other.approximate)

    def __str__(self) -> str:
        # "f": plain digits always; str() writes 0.0000001 as 1E-7, which no file reads.
        return f"{'~' if self.approximate else ''}{self.currency} {self.amount:f}"


@functools.lru_cache(maxsize=8192)  # immutable, and amounts repeat across reports
def _money(text: str) -> Money:
    return Money._parse(text)


@functools.cache
def currencies() -> frozenset[str]:
    """ISO 4217's codes, from the agency's own table as the iso4217 package ships it."""
    from iso4217 import Currency  # loaded by ingest alone, once

    return frozenset(c.code for c in Currency)


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

    def check(self) -> Share:
        """This share, if some holding from 0% to 100% fits it."""
        if self.percent > 100 or (self.percent == 100 and self.bound == ">"):
            raise InvalidQuantity(f"'{self}' is not a share: a holding is at most 100%")
        if not self.percent and self.bound == "<":
            raise InvalidQuantity(f"'{self}' is not a share: a holding is at least 0%")
        return self

    def __str__(self) -> str:
        return f"{'' if self.bound == '=' else self.bound}{self.percent:f}%"
