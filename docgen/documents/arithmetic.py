"""Arithmetic the document types share: months counted as the Civil Code counts them, ratios that never divide by zero."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


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


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole rounded half-up to four places (0.01%), or None when whole is zero: never a division error."""
    if whole == 0:
        return None
    return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
