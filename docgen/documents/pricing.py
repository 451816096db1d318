"""Fee arithmetic shared by proposals, contracts, settlements and budgets.

Rounding rules (all ROUND_HALF_UP to the fen, via round_cent):
- a line's amount is quantity × unit price, rounded per line;
- VAT on tax-exclusive prices is computed once, on the discounted subtotal;
- with tax-inclusive prices the net amount is gross ÷ (1 + rate), rounded, and
  the tax is the remainder, so net + tax equals the gross amount exactly;
- commission is computed band by band without rounding and rounded once;
- instalments given as percentages are rounded each, and the last instalment
  takes the rounding difference so the schedule adds up to the total exactly.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated

from babel.numbers import list_currencies
from pydantic import Field, computed_field, field_validator, model_validator

from ..money import round_cent
from .arithmetic import add_months, completed_months
from .model import Model
from .values import MAX_ITEMS, NonNegativeMoney, PositiveMoney, ShortText, Text
from .violations import RuleViolation

ZERO = Decimal("0.00")
Rate = Annotated[Decimal, Field(ge=0, le=1, max_digits=7, decimal_places=6)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=4)]
_KNOWN_CURRENCIES = frozenset(list_currencies())


def _check_currency(code: str) -> str:
    if code not in _KNOWN_CURRENCIES:
        raise ValueError(f"unknown currency code {code!r}")
    if code != "CNY":
        raise ValueError(f"currency {code} is not supported: docgen states amounts in CNY (人民币) only")
    return code


Currency = Annotated[str, Field(max_length=3, description="ISO 4217 currency code; CNY")]


class LineItem(Model):
    description: ShortText = Field(description="What is charged for")
    quantity: Quantity = Field(description="How many units; more than zero")
    unit: ShortText | None = Field(None, description="Unit, e.g. 月, 项, 场")
    unit_price: NonNegativeMoney = Field(description="Price per unit, in CNY")

    @computed_field(description="quantity × unit price, rounded half-up to the fen")  # type: ignore[prop-decorator]
    @property
    def amount(self) -> Decimal:
        return round_cent(self.quantity * self.unit_price)


def split_tax_included(gross: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """(net, tax) of a tax-inclusive amount: net rounded half-up, tax the remainder."""
    net = round_cent(gross / (1 + rate))
    return net, gross - net


class Quotation(Model):
    """Line items with subtotal, optional discount, VAT and total."""

    currency: Currency = "CNY"
    lines: list[LineItem] = Field(max_length=MAX_ITEMS, min_length=1, description="The items quoted")
    prices_include_tax: bool = Field(False, description="true when unit prices already include VAT (含税价)")
    vat_rate: Rate = Field(Decimal("0.06"), description="VAT rate as a fraction, e.g. 0.06 for 6%")
    discount: NonNegativeMoney = Field(ZERO, description="Discount off the subtotal, in CNY")

    _currency_known = field_validator("currency")(_check_currency)

    @model_validator(mode="after")
    def _discount_within_subtotal(self) -> Quotation:
        if self.discount > self.subtotal:
            raise RuleViolation.shared(
                "discount", "discount_over_subtotal", discount=self.discount, subtotal=self.subtotal
            )
        return self

    @computed_field(description="Sum of the rounded line amounts")  # type: ignore[prop-decorator]
    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @computed_field(description="Amount after the discount, without VAT")  # type: ignore[prop-decorator]
    @property
    def net(self) -> Decimal:
        discounted = self.subtotal - self.discount
        if self.prices_include_tax:
            return split_tax_included(discounted, self.vat_rate)[0]
        return discounted

    @computed_field(description="VAT on the discounted subtotal, rounded once")  # type: ignore[prop-decorator]
    @property
    def tax(self) -> Decimal:
        discounted = self.subtotal - self.discount
        if self.prices_include_tax:
            return split_tax_included(discounted, self.vat_rate)[1]
        return round_cent(discounted * self.vat_rate)

    @computed_field(description="Total payable, VAT included")  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        return self.net + self.tax


class CommissionBand(Model):
    above: NonNegativeMoney = Field(description="Monthly GMV from which this rate applies, in CNY")
    up_to: PositiveMoney | None = Field(None, description="Monthly GMV up to which it applies; empty for no limit")
    rate: Rate = Field(description="Commission rate on GMV within the band, e.g. 0.05 for 5%; at most 1 (100%)")

    @model_validator(mode="after")
    def _band_is_not_empty(self) -> CommissionBand:
        if self.up_to is not None and self.up_to <= self.above:
            raise RuleViolation.shared("up_to", "band_empty", up_to=self.up_to, above=self.above)
        return self


class Commission(Model):
    """Commission on monthly GMV in marginal bands: each rate applies only to the GMV within its band."""

    bands: list[CommissionBand] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Bands from GMV 0 upwards, without gaps or overlaps"
    )

    @field_validator("bands")
    @classmethod
    def _bands_are_contiguous(cls, bands: list[CommissionBand]) -> list[CommissionBand]:
        if bands[0].above != 0:
            raise RuleViolation.shared("0.above", "first_band_not_at_zero")
        for index, (previous, band) in enumerate(itertools.pairwise(bands), start=1):
            if previous.up_to is None or band.above < previous.up_to:
                raise RuleViolation.shared(f"{index}.above", "bands_overlap", band=index + 1, previous=index)
            if band.above > previous.up_to:
                raise RuleViolation.shared(f"{index}.above", "bands_gap", up_to=previous.up_to, above=band.above)
        if bands[-1].up_to is not None:
            raise RuleViolation.shared(f"{len(bands) - 1}.up_to", "last_band_limited")
        return bands

    @property
    def is_tiered(self) -> bool:
        return len(self.bands) > 1

    def on(self, gmv: Decimal) -> Decimal:
        """Commission on one month's GMV, rounded half-up once."""
        total = Decimal(0)
        for band in self.bands:
            ceiling = gmv if band.up_to is None else min(gmv, band.up_to)
            if ceiling > band.above:
                total += (ceiling - band.above) * band.rate
        return round_cent(total)


def whole_months(start: date, end: date) -> int | None:
    """Months from start to end inclusive when they are whole (1 Jan–31 Dec → 12), else None."""
    after = end + timedelta(days=1)
    months = completed_months(start, after)
    return months if months > 0 and add_months(start, months) == after else None


class Instalment(Model):
    due: date = Field(description="Date the instalment is due")
    amount: PositiveMoney | None = Field(None, description="Amount in CNY; give either amount or percent")
    percent: Annotated[Decimal, Field(gt=0, le=100, decimal_places=4)] | None = Field(
        None, description="Share of the fixed total in percent, e.g. 30 for 30%"
    )
    description: Text | None = Field(None, description="What the instalment is for, e.g. 首期服务费")

    @model_validator(mode="after")
    def _amount_or_percent(self) -> Instalment:
        if (self.amount is None) == (self.percent is None):
            raise RuleViolation.shared("amount", "amount_or_percent")
        return self


def schedule_amounts(instalments: list[Instalment], total: Decimal) -> list[Decimal]:
    """Each instalment's amount; percentages are rounded and the last one takes the remainder.

    Raises RuleViolation (relative to the schedule) when the schedule cannot add up to the total.
    """
    if all(item.amount is not None for item in instalments):
        amounts = [item.amount for item in instalments if item.amount is not None]
        if sum(amounts, ZERO) != total:
            raise RuleViolation.shared("", "instalments_off_total", sum=sum(amounts, ZERO), total=total)
        return amounts
    if any(item.percent is None for item in instalments):
        raise RuleViolation.shared("", "instalments_mixed")
    percents = [item.percent for item in instalments if item.percent is not None]
    if sum(percents) != 100:
        raise RuleViolation.shared("", "percentages_off_100", sum=sum(percents))
    amounts = [round_cent(total * percent / 100) for percent in percents[:-1]]
    return [*amounts, total - sum(amounts, ZERO)]


class FeeModel(Model):
    """How the agency is paid: a fixed monthly fee, a commission on GMV, or both."""

    monthly_fee: PositiveMoney | None = Field(None, description="Fixed service fee per month, in CNY")
    commission: Commission | None = Field(None, description="Commission on monthly GMV, in marginal bands")
    prices_include_tax: bool = Field(True, description="true when the fees include VAT (含税)")
    vat_rate: Rate = Field(Decimal("0.06"), description="VAT rate as a fraction, e.g. 0.06 for 6%")

    @model_validator(mode="after")
    def _some_fee(self) -> FeeModel:
        if self.monthly_fee is None and self.commission is None:
            raise RuleViolation.shared("monthly_fee", "fee_required")
        return self


class Service(Model):
    name: ShortText = Field(description="Service, e.g. 店铺日常运营")
    description: Text | None = Field(None, description="What the service covers")
    goal: Text | None = Field(None, description="What the service aims to achieve")


class Kpi(Model):
    name: ShortText = Field(description="Indicator, e.g. 月度 GMV, 转化率")
    target: ShortText = Field(description="Target as it should be printed, e.g. ≥ ¥3,000,000 / 月")
    measure: Text | None = Field(None, description="How and where it is measured")
