"""Arithmetic the document types share: months counted as the Civil Code counts them, ratios that never divide by zero."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from fractions import Fraction

# A ratio is kept to 0.001, i.e. 0.1% as every report shows it, so that display never rounds it a second time.
RATIO_PLACES = 3


def add_months(day: date, months: int) -> date:
    """The same day some months later; the month's last day when it has no such day (Civil Code Art. 202)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def completed_months(start: date, end: date) -> int:
    """Whole months from start up to end (end not counted), each month counted as add_months does."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """An exact fraction rounded half-up (away from zero on a tie) to places decimals: the one rounding it gets."""
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def ratio(part: Decimal, whole: Decimal, places: int = RATIO_PLACES) -> Decimal | None:
    """part / whole rounded half-up ONCE, from the exact quotient, to places decimals (default 0.1%);
    None when whole is zero: never a division error.

    Rounded once: 5.0 / 4.2 = 1.190476… is 1.190 (119.0%), where rounding to 1.1905 first would print 119.1%.
    """
    if whole == 0:
        return None
    return round_half_up(Fraction(part) / Fraction(whole), places)
