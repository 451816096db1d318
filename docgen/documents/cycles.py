"""Settlement terms: cycles (calendar months or quarters), payment days and the late-payment rate.

A settlement statement covers one cycle as its contract defines it. Cycles follow the calendar, so the
first and last cycle of a service that starts or ends mid-cycle are partial: they begin on the first
day of service, or end on the last.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .arithmetic import add_months

SettlementCycle = Literal["monthly", "quarterly"]
CYCLE_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3}
# Calendar days (weekends and holidays count) within which a statement is paid; it counts them from its issue_date.
PaymentDays = Annotated[int, Field(ge=1, le=90)]
# A fraction of the overdue amount per day: 0.0005 is 0.05% a day; 0 charges no late fee.
DailyRate = Annotated[Decimal, Field(ge=0, le=Decimal("0.01"), decimal_places=6)]


def calendar_cycle(day: date, cycle: SettlementCycle) -> tuple[date, date]:
    """First and last day of the calendar month or quarter that day falls in."""
    months = CYCLE_MONTHS[cycle]
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, add_months(start, months) - timedelta(days=1)


def expected_cycle(day: date, cycle: SettlementCycle, service: tuple[date, date] | None) -> tuple[date, date]:
    """The cycle day falls in, cut to the service period when one is given: a partial first or last cycle."""
    start, end = calendar_cycle(day, cycle)
    if service is None:
        return start, end
    return max(start, service[0]), min(end, service[1])


@dataclass(frozen=True)
class MonthShare:
    """How many days of one calendar month a span covers."""

    month: str  # YYYY-MM
    days: int
    month_days: int

    @property
    def whole(self) -> bool:
        return self.days == self.month_days


def month_shares(start: date, end: date) -> list[MonthShare]:
    """Each calendar month from start to end (both included), with the days of it the span covers."""
    shares = []
    first = start
    while first <= end:
        month_days = calendar.monthrange(first.year, first.month)[1]
        last = min(end, date(first.year, first.month, month_days))
        shares.append(MonthShare(f"{first:%Y-%m}", (last - first).days + 1, month_days))
        first = last + timedelta(days=1)
    return shares
