"""Money arithmetic shared by the models and the locale layer: the fen, and the one rounding rule.

Money is a Decimal with at most two places (the fen), never a float. Rounding is
half away from zero (ROUND_HALF_UP), the accounting convention, never banker's
rounding: the models compute with it and the locale layer shows amounts with it,
so a figure and its words always agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# What rmb_upper can write: its largest unit is 万亿, so an amount must stay under 10^16 yuan.
WORDS_LIMIT = Decimal(10) ** 16


def round_cent(amount: Decimal) -> Decimal:
    """Round to the fen, half away from zero: the accounting convention (not banker's)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
