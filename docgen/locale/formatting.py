"""Babel-backed display text for money, numbers, percentages and dates."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from ..money import round_cent
from . import BABEL_LOCALES, Locale

# Explicit patterns, with yyyy (calendar year), never YYYY (week-based year).
DATE_PATTERNS = {"zh_CN": "yyyy年M月d日", "en_US": "MMMM d, yyyy", "zh_TW": "yyyy年M月d日"}
# zh_CN readers expect ¥; elsewhere ¥ is ambiguous with the yen, so name the currency.
CNY_PREFIX = {"en_US": "RMB ", "zh_TW": "人民幣 "}


def money(value: Decimal, locale: Locale) -> str:
    """CNY amount, rounded half-up to the fen first because Babel rounds half-to-even."""
    amount = round_cent(Decimal(value))
    if locale == "zh_CN":
        return str(format_currency(amount, "CNY", locale=BABEL_LOCALES[locale]))
    sign = "-" if amount < 0 else ""
    digits = format_decimal(abs(amount), format="#,##0.00", locale=BABEL_LOCALES[locale])
    return f"{sign}{CNY_PREFIX[locale]}{digits}"


def _places_needed(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def number(value: Decimal | int, locale: Locale, places: int | None = None) -> str:
    """A number with grouping; without places, as many decimals as the value needs (1.50 → 1.5)."""
    if places is None:
        places = _places_needed(Decimal(value))
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(rounded, format=pattern, locale=BABEL_LOCALES[locale]))


def percent(value: Decimal, locale: Locale, places: int | None = None) -> str:
    """A ratio (0.125) as a percentage (12.5%), rounded half-up to the given places.

    Without places, as many as the value needs (0.0005 → 0.05%), so a rate is
    never printed rounder than it was agreed.
    """
    return number(Decimal(value) * 100, locale, places) + "%"


def long_date(value: date, locale: Locale) -> str:
    return str(format_date(value, DATE_PATTERNS[locale], locale=BABEL_LOCALES[locale]))
