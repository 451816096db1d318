"""Amounts in words: Chinese capitals (大写金额) by the PBoC rules, and English words.

The PBoC rules leave some choices open; docgen's canonical style takes one of
each so that every output is pinned:
- every optional 零 is written (¥1680.32 → 壹仟陆佰捌拾元零叁角贰分, and a
  zero 亿 digit is treated like a zero 万 digit);
- 整 follows 元 only, never 角 or 分, and 正 is never used;
- amounts under ¥1 start at their first non-zero unit (¥0.05 → 伍分);
- zero is 零元整.
Amounts are rounded half-up to the fen first, so the words always say what the
figures (rounded the same way) say.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from num2words import num2words

from ..errors import DocgenError
from ..money import WORDS_LIMIT as LIMIT
from ..money import round_cent


@dataclass(frozen=True)
class Numerals:
    digits: str
    groups: tuple[str, ...]  # units of each four-digit group: -, 万, 亿, 万亿
    small: tuple[str, ...] = ("", "拾", "佰", "仟")


SIMPLIFIED = Numerals("零壹贰叁肆伍陆柒捌玖", ("", "万", "亿", "万亿"))
TRADITIONAL = Numerals("零壹貳參肆伍陸柒捌玖", ("", "萬", "億", "萬億"))


class AmountError(DocgenError):
    """An amount that cannot be written in words."""


def _checked(value: Decimal) -> Decimal:
    value = Decimal(value)
    if not value.is_finite():
        raise AmountError(f"cannot write {value} in words")
    if value < 0:
        raise AmountError(f"cannot write a negative amount in capitals: {value}")
    amount = round_cent(value)
    if amount >= LIMIT:
        raise AmountError(f"amount {value} is too large to write in capitals (limit 10^16)")
    return abs(amount)  # -0.00 becomes 0.00


def _integer_words(number: int, numerals: Numerals) -> tuple[str, bool]:
    """Words for the yuan part, and whether it ended in a zero (a 零 may be owed before 角/分).

    A run of zeros is remembered and written as one 零 before the next non-zero
    digit, including across a group unit, which yields the canonical style's
    optional 零 after a zero 万 or 亿 digit.
    """
    digits, small, groups = numerals.digits, numerals.small, numerals.groups
    text, zero_pending = "", False
    places = str(number)
    for index, char in enumerate(places):
        position = len(places) - 1 - index
        digit = int(char)
        if digit:
            text += ("零" if zero_pending else "") + digits[digit] + small[position % 4]
            zero_pending = False
        else:
            zero_pending = True
        group_digits = places[max(0, index - 3 + position % 4) : index + 1]
        if position % 4 == 0 and position and int(group_digits):
            text += groups[position // 4]
    return text, zero_pending


def rmb_upper(value: Decimal, *, traditional: bool = False) -> str:
    """An amount in Chinese capitals, without the 人民币 prefix: 16409.02 → 壹万陆仟肆佰零玖元零贰分."""
    amount = _checked(value)
    numerals = TRADITIONAL if traditional else SIMPLIFIED
    digits = numerals.digits
    yuan, cents = divmod(int(amount * 100), 100)
    jiao, fen = divmod(cents, 10)
    if not yuan and not cents:
        return "零元整"
    words, zero_pending = _integer_words(yuan, numerals) if yuan else ("", False)
    if yuan:
        words += "元"
        if not cents:
            return words + "整"
        if zero_pending or not jiao:
            words += "零"
    if jiao:
        words += digits[jiao] + "角"
    if fen:
        words += digits[fen] + "分"
    return words


def _english_number(number: int) -> str:
    words = num2words(number, lang="en").replace(",", "").replace(" and ", " ")
    return " ".join("-".join(part.capitalize() for part in word.split("-")) for word in words.split())


def rmb_words_en(value: Decimal) -> str:
    """RMB One Thousand Two Hundred Thirty-Four Yuan and Fifty Fen Only (num2words has no CNY form)."""
    amount = _checked(value)
    yuan, fen = divmod(int(amount * 100), 100)
    if yuan and fen:
        return f"RMB {_english_number(yuan)} Yuan and {_english_number(fen)} Fen Only"
    if fen:
        return f"RMB {_english_number(fen)} Fen Only"
    return f"RMB {_english_number(yuan)} Yuan Only"
