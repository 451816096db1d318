"""The one clock every rule that depends on "now" or "today" reads.

Tests (and a caller replaying a batch) set it with `frozen`, so "today" in
validation, the year a number takes and the register's timestamps all move
together instead of each reading the system clock on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_fixed: datetime | None = None


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return _fixed if _fixed is not None else datetime.now(UTC)


def today(timezone: str) -> date:
    """Today's date in an IANA time zone."""
    return now().astimezone(ZoneInfo(timezone)).date()


@contextmanager
def frozen(instant: datetime) -> Iterator[None]:
    """Hold the clock at one aware instant for the duration of the block."""
    if instant.tzinfo is None:
        raise ValueError("a frozen instant needs a time zone")
    global _fixed
    previous, _fixed = _fixed, instant.astimezone(UTC)
    try:
        yield
    finally:
        _fixed = previous
