"""Field types and their checks: money, free text, months, jurisdictions, Chinese codes and list sizes.

Money is a Decimal with at most two places (the fen) and never a float; any
arithmetic that needs rounding says so where it happens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from ..money import CENT
from ..text import forbidden_character
from .violations import RuleViolation


def _to_cents(value: Decimal) -> Decimal:
    # Exact: the field already refuses more than two places; this only writes 5 as 5.00, and -0 as 0.00.
    amount = value.quantize(CENT)
    return amount.copy_abs() if amount.is_zero() else amount


_MONEY_DIGITS = re.compile(r"-?\d+(\.\d+)?")


def _as_digits(value: Any) -> Any:
    """Refuse money that Decimal() would read but that is not written as plain digits: 1e3, 30_000, +5, .5."""
    if isinstance(value, Decimal) and _exponent(value) > 0:
        raise ValueError(_not_digits(value, str(value)))  # Decimal('1E+3') comes only from 1e3, never from digits
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return value  # not a number at all: Pydantic says so, and names thousands separators (validation.py)
    if number.is_finite() and not _MONEY_DIGITS.fullmatch(text):
        raise ValueError(_not_digits(number, text))
    return value


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0  # NaN and infinity: Pydantic refuses them


def _not_digits(number: Decimal, text: str) -> str:
    digits = f"{number:f}" if abs(number.adjusted()) <= 20 else "the amount"  # 1e999999 has a million digits
    return f"write {digits}, not {text}: money is digits with an optional minus and point, e.g. -1234.50"


_FEN = {"max_digits": 18, "decimal_places": 2, "allow_inf_nan": False}
# Constraints come before the validators so that they stay plain JSON Schema keywords.
Money = Annotated[Decimal, Field(**_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]
PositiveMoney = Annotated[Decimal, Field(gt=0, **_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, **_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]


def _checked_text(value: str, *, one_line: bool) -> str:
    reason = forbidden_character(value, one_line=one_line)
    if reason:
        raise ValueError(f"character {reason} cannot appear in a document")
    return value


def _several_lines(value: str) -> str:
    return _checked_text(value, one_line=False)


def _one_line(value: str) -> str:
    return _checked_text(value, one_line=True)


# Free text is checked as kept (stripped): long text may run to several lines, short text is one line.
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_several_lines)]
ShortText = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]


@dataclass(frozen=True)
class SheetSlots:
    """How many numbered columns an empty spreadsheet offers for a list field (Annotated metadata)."""

    count: int


MAX_ITEMS = 1000  # entries in any list: a long settlement runs to a few hundred lines
Jurisdiction = Literal["CN", "TW"]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
# A calendar month kept as text; sheets recognise it by its pattern, since Excel turns a typed 2027-01 into a date.
Month = Annotated[str, Field(pattern=MONTH_PATTERN)]


def _stdnum_violation(what: str, error: StdnumError) -> RuleViolation:
    """python-stdnum's reason as a shared rule (uscc_checksum, ric_length, ...), so that each locale words it."""
    kinds = ((InvalidChecksum, "checksum"), (InvalidLength, "length"), (InvalidComponent, "component"))
    kind = next((name for cls, name in kinds if isinstance(error, cls)), "format")
    return RuleViolation.shared("", f"{what}_{kind}")


def _check_uscc(value: str) -> str:
    try:
        return str(uscc.validate(value))
    except StdnumError as error:
        raise _stdnum_violation("uscc", error) from None


def _check_ric(value: str) -> str:
    try:
        return str(ric.validate(value))
    except StdnumError as error:
        raise _stdnum_violation("ric", error) from None


USCC = Annotated[str, Field(max_length=32), AfterValidator(_check_uscc)]  # 18 characters, spaces allowed
ResidentId = Annotated[str, Field(max_length=32), AfterValidator(_check_ric)]
