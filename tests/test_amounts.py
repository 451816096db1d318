"""Amounts in words, pinned case by case: PBoC rules and docgen's canonical style."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docgen.locale.amounts import AmountError, rmb_upper, rmb_words_en

# (amount, simplified, traditional) — one expected string per case.
UPPER = [
    # Worked examples from the PBoC rules.
    ("1409.50", "壹仟肆佰零玖元伍角", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分", "陸仟零柒元壹角肆分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分", "壹萬陸仟肆佰零玖元零貳分"),
    ("325.04", "叁佰贰拾伍元零肆分", "參佰貳拾伍元零肆分"),
    ("10.01", "壹拾元零壹分", "壹拾元零壹分"),
    ("10", "壹拾元整", "壹拾元整"),
    # Optional 零 is always written: a zero 元, 万 or 亿 digit before a non-zero digit.
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分", "壹仟陸佰捌拾元零參角貳分"),
    ("105000", "壹拾万零伍仟元整", "壹拾萬零伍仟元整"),
    ("1050000000", "壹拾亿零伍仟万元整", "壹拾億零伍仟萬元整"),
    # Middle zeros, and runs of zeros written once.
    ("10010", "壹万零壹拾元整", "壹萬零壹拾元整"),
    ("100000001", "壹亿零壹元整", "壹億零壹元整"),
    ("101.01", "壹佰零壹元零壹分", "壹佰零壹元零壹分"),
    ("20000000000001", "贰拾万亿零壹元整", "貳拾萬億零壹元整"),
    ("100000", "壹拾万元整", "壹拾萬元整"),
    # 整 after 元 only; never after 角 or 分.
    ("1.10", "壹元壹角", "壹元壹角"),
    ("1.00", "壹元整", "壹元整"),
    ("1.01", "壹元零壹分", "壹元零壹分"),
    # Under one yuan: start at the first non-zero unit.
    ("0.50", "伍角", "伍角"),
    ("0.05", "伍分", "伍分"),
    ("0.55", "伍角伍分", "伍角伍分"),
    # Zero, and negative zero.
    ("0", "零元整", "零元整"),
    ("-0", "零元整", "零元整"),
    # Rounds half-up to the fen itself (cn2an truncates these).
    ("3.996", "肆元整", "肆元整"),
    ("2.675", "贰元陆角捌分", "貳元陸角捌分"),
    ("0.005", "壹分", "壹分"),
    # The largest amount allowed.
    (
        "9999999999999999.99",
        "玖仟玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        "玖仟玖佰玖拾玖萬億玖仟玖佰玖拾玖億玖仟玖佰玖拾玖萬玖仟玖佰玖拾玖元玖角玖分",
    ),
]


@pytest.mark.parametrize(("amount", "simplified", "traditional"), UPPER)
def test_rmb_upper(amount: str, simplified: str, traditional: str) -> None:
    assert rmb_upper(Decimal(amount)) == simplified
    assert rmb_upper(Decimal(amount), traditional=True) == traditional


@pytest.mark.parametrize("amount", ["-0.01", "-100", "10000000000000000", "9999999999999999.995", "NaN", "Infinity"])
def test_rmb_upper_refuses(amount: str) -> None:
    with pytest.raises(AmountError):
        rmb_upper(Decimal(amount))


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234.50", "RMB One Thousand Two Hundred Thirty-Four Yuan and Fifty Fen Only"),
        ("1000", "RMB One Thousand Yuan Only"),
        ("19000.00", "RMB Nineteen Thousand Yuan Only"),
        ("101.01", "RMB One Hundred One Yuan and One Fen Only"),
        ("0.50", "RMB Fifty Fen Only"),
        ("0", "RMB Zero Yuan Only"),
        ("2.675", "RMB Two Yuan and Sixty-Eight Fen Only"),
        ("1050000000", "RMB One Billion Fifty Million Yuan Only"),
    ],
)
def test_english_words(amount: str, words: str) -> None:
    assert rmb_words_en(Decimal(amount)) == words


def test_english_refuses_negative() -> None:
    with pytest.raises(AmountError):
        rmb_words_en(Decimal("-1"))
