"""Fee arithmetic: pinned cases and properties that hold for any input (models and numbers only)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docgen.documents.arithmetic import add_months
from docgen.documents.pricing import (
    Commission,
    Instalment,
    LineItem,
    Quotation,
    schedule_amounts,
    split_tax_included,
    whole_months,
)
from docgen.documents.violations import RuleViolation
from docgen.locale.amounts import rmb_upper

CENT = Decimal("0.01")
money = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("9999999.99"), places=2)
quantity = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("9999"), places=4)
rate = st.sampled_from(
    [Decimal("0"), Decimal("0.01"), Decimal("0.03"), Decimal("0.06"), Decimal("0.09"), Decimal("0.13")]
)


def test_line_amount_rounds_half_up_per_line() -> None:
    assert LineItem(description="x", quantity=Decimal("3"), unit_price=Decimal("0.05")).amount == Decimal("0.15")
    assert LineItem(description="x", quantity=Decimal("0.5"), unit_price=Decimal("0.05")).amount == Decimal("0.03")
    assert LineItem(description="x", quantity=Decimal("1.5"), unit_price=Decimal("0.03")).amount == Decimal("0.05")


def test_quotation_pinned() -> None:
    quote = Quotation.model_validate(
        {
            "lines": [
                {"description": "a", "quantity": "3", "unit_price": "33.33"},
                {"description": "b", "quantity": "1.5", "unit_price": "0.03"},
            ],
            "discount": "10",
            "vat_rate": "0.06",
        }
    )
    assert (quote.subtotal, quote.net, quote.tax, quote.total) == (
        Decimal("100.04"),
        Decimal("90.04"),
        Decimal("5.40"),
        Decimal("95.44"),
    )


def test_tax_included_split_is_exact() -> None:
    assert split_tax_included(Decimal("100.00"), Decimal("0.06")) == (Decimal("94.34"), Decimal("5.66"))
    assert split_tax_included(Decimal("960000.00"), Decimal("0.06")) == (Decimal("905660.38"), Decimal("54339.62"))


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(quantity, money), min_size=1, max_size=8),
    vat=rate,
    include=st.booleans(),
    discount_share=st.decimals(min_value=0, max_value=1, places=2),
)
def test_total_is_rounded_lines_less_discount_plus_tax(lines, vat, include, discount_share) -> None:
    items = [{"description": "x", "quantity": str(q), "unit_price": str(p)} for q, p in lines]
    rounded = [(q * p).quantize(CENT, rounding="ROUND_HALF_UP") for q, p in lines]
    discount = (sum(rounded, Decimal(0)) * discount_share).quantize(CENT, rounding="ROUND_DOWN")
    quote = Quotation.model_validate(
        {"lines": items, "vat_rate": str(vat), "prices_include_tax": include, "discount": str(discount)}
    )
    assert quote.subtotal == sum(rounded, Decimal(0))
    assert quote.total == quote.net + quote.tax
    if include:
        assert quote.total == quote.subtotal - discount
        assert abs(quote.net * (1 + vat) - quote.total) <= CENT
    else:
        assert quote.total == quote.subtotal - discount + quote.tax
        assert quote.tax == ((quote.subtotal - discount) * vat).quantize(CENT, rounding="ROUND_HALF_UP")
    assert quote.total.as_tuple().exponent >= -2


@settings(max_examples=300, deadline=None)
@given(
    total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
    shares=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=12),
)
def test_instalments_always_add_up_to_the_total(total: Decimal, shares: list[int]) -> None:
    # Percentages with up to 4 decimals that add up to exactly 100.
    weights = [Decimal(s) for s in shares]
    percents = [(w * 100 / sum(weights)).quantize(Decimal("0.0001"), rounding="ROUND_DOWN") for w in weights]
    percents[-1] += 100 - sum(percents)
    if any(p <= 0 for p in percents):
        return
    instalments = [Instalment(due=date(2027, 1, 1), percent=p) for p in percents]
    amounts = schedule_amounts(instalments, total)
    assert sum(amounts, Decimal(0)) == total
    assert all(a.as_tuple().exponent >= -2 for a in amounts)


def test_instalment_amounts_must_match_the_total() -> None:
    items = [
        Instalment(due=date(2027, 1, 1), amount=Decimal("100")),
        Instalment(due=date(2027, 2, 1), amount=Decimal("50")),
    ]
    with pytest.raises(RuleViolation, match=r"add up to 150\.00, not the fixed total 151\.00"):
        schedule_amounts(items, Decimal("151.00"))
    with pytest.raises(RuleViolation, match="percentages add up to 90%"):
        schedule_amounts([Instalment(due=date(2027, 1, 1), percent=Decimal("90"))], Decimal("10"))


def test_last_percentage_instalment_takes_the_rounding_cent() -> None:
    thirds = [
        Instalment(due=date(2027, 1, 1), percent=Decimal("33.3333")),
        Instalment(due=date(2027, 2, 1), percent=Decimal("33.3333")),
        Instalment(due=date(2027, 3, 1), percent=Decimal("33.3334")),
    ]
    assert schedule_amounts(thirds, Decimal("100.00")) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]


BANDS = {
    "bands": [
        {"above": "0", "up_to": "2000000", "rate": "0.03"},
        {"above": "2000000", "up_to": "5000000", "rate": "0.02"},
        {"above": "5000000", "rate": "0.01"},
    ]
}


@pytest.mark.parametrize(
    ("gmv", "commission"),
    [
        ("0", "0.00"),
        ("1000000", "30000.00"),
        ("2000000", "60000.00"),
        ("3000000", "80000.00"),
        ("5000000", "120000.00"),
        ("6000000", "130000.00"),
        ("0.33", "0.01"),
    ],
)
def test_marginal_commission(gmv: str, commission: str) -> None:
    assert Commission.model_validate(BANDS).on(Decimal(gmv)) == Decimal(commission)


@settings(max_examples=200, deadline=None)
@given(gmv=st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2))
def test_marginal_commission_never_exceeds_the_top_rate(gmv: Decimal) -> None:
    commission = Commission.model_validate(BANDS).on(gmv)
    assert Decimal(0) <= commission <= (gmv * Decimal("0.03")).quantize(CENT, rounding="ROUND_HALF_UP")


DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def parse_upper(text: str) -> Decimal:
    """Read canonical capitals under 10^8 back into a number, independently of the code that wrote them."""
    yuan_part, _, cents_part = text.partition("元")
    if not _:
        yuan_part, cents_part = "", text
    total, section, digit = 0, 0, 0
    for char in yuan_part:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in SMALL:
            section += digit * SMALL[char]
            digit = 0
        elif char == "万":
            total, section, digit = (section + digit) * 10**4, 0, 0
    total += section + digit
    jiao = re.search(r"(.)角", cents_part)
    fen = re.search(r"(.)分", cents_part)
    cents = (DIGITS[jiao.group(1)] * 10 if jiao else 0) + (DIGITS[fen.group(1)] if fen else 0)
    return Decimal(total) + Decimal(cents) / 100


@settings(max_examples=500, deadline=None)
@given(amount=st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2))
def test_capitals_state_the_same_value_as_the_figures(amount: Decimal) -> None:
    assert parse_upper(rmb_upper(amount)) == amount


def test_parser_reads_pinned_examples() -> None:
    assert parse_upper("壹拾万零伍仟元整") == Decimal("105000")
    assert parse_upper("壹万陆仟肆佰零玖元零贰分") == Decimal("16409.02")
    assert parse_upper("伍角") == Decimal("0.50")


def test_whole_months() -> None:
    assert whole_months(date(2027, 1, 1), date(2027, 12, 31)) == 12
    assert whole_months(date(2027, 1, 15), date(2027, 2, 14)) == 1
    assert whole_months(date(2027, 1, 1), date(2027, 1, 30)) is None
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
