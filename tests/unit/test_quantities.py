from decimal import Decimal

import pytest

from company_timeline.domain import InvalidQuantity, Money, Share


def test_money_keeps_exact_decimal_digits_and_the_source_s_approximation():
    assert Money.parse("~USD 16.3") == Money(Decimal("16.3"), "USD", approximate=True)
    assert str(Money.parse("EUR 385000000")) == "EUR 385000000"


@pytest.mark.parametrize("text", ["385000000", "EUR 3.85e8", "eur 10", "EUR -5", "EUR 1,000"])
def test_amounts_without_currency_or_with_float_spelling_are_refused(text):
    with pytest.raises(InvalidQuantity):
        Money.parse(text)


def test_money_in_two_currencies_never_adds_up():
    with pytest.raises(InvalidQuantity):
        Money.parse("EUR 1") + Money.parse("USD 1")


def test_a_share_keeps_its_bound():
    share = Share.parse("< 1%")
    assert (share.bound, share.percent, str(share)) == ("<", Decimal("1"), "<1%")
    with pytest.raises(InvalidQuantity):
        Share.parse("one percent")
