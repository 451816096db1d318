"""Number patterns: text rules, the longest file name, and two types that could print one number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docgen.config import load_settings
from docgen.errors import ConfigError, StoreError
from docgen.store import Request, format_number, open_register
from docgen.store.numbers import MAX_SEQ, common_number, pattern_problem

from .conftest import SAMPLES

PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
OFFER = 'offer_letter = "LY-{yyyy}-{seq:04}"'
CONTRACT = 'service_contract = "HT-{yyyy}-{seq:04}"'


def _problem(tmp_path: Path, *lines: tuple[str, str]) -> str:
    """The one problem loading a project file with these pattern lines replaced gives."""
    text = PROFILE
    for old, new in lines:
        text = text.replace(old, new)
    config = tmp_path / "docgen.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [found] = caught.value.problems
    assert found.path == "numbers"
    return found.message


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        # Controls are refused as file-name characters, or by the text rules if those come to cover them.
        ("LY\\u007f{yyyy}-{seq:04}", "'\\x7f'|U+007F"),  # DEL
        ("LY\\u0085{yyyy}-{seq:04}", "'\\x85'|U+0085"),  # a C1 control
        ("LY\\u202e{yyyy}-{seq:04}", "U+202E"),  # right-to-left override
        ("LY\\u200b{yyyy}-{seq:04}", "U+200B"),  # zero-width space
        ("LY-{yyyy}-{seq:04}.", "may not end with '.'"),  # Windows drops it from the file name
    ],
)
def test_characters_a_number_may_not_hold(tmp_path: Path, pattern: str, said: str) -> None:
    message = _problem(tmp_path, (OFFER, f'offer_letter = "{pattern}"'))
    assert any(one in message for one in said.split("|")), message


def test_a_pattern_whose_longest_file_name_is_too_long_is_refused(tmp_path: Path) -> None:
    # The longest number is literal + 4 year digits + 9 sequence digits; <first>_to_<last>.pdf holds two.
    assert pattern_problem("A" * 110 + "{yyyy}{seq}") is None
    longest = format_number("A" * 110 + "{yyyy}{seq}", 9999, MAX_SEQ)
    assert len(f"{longest}_to_{longest}.pdf".encode()) == 254
    assert "over the limit of 255" in (pattern_problem("A" * 111 + "{yyyy}{seq}") or "")
    message = _problem(tmp_path, (OFFER, f'offer_letter = "{"云" * 40}-{{yyyy}}-{{seq:04}}"'))
    assert "up to 135 bytes" in message and "278 bytes, over the limit of 255" in message


def test_a_sequence_past_nine_digits_is_refused(register_url: str) -> None:
    assert format_number("LY-{yyyy}-{seq:04}", 2026, MAX_SEQ) == "LY-2026-999999999"
    with pytest.raises(StoreError, match="past the last one a pattern allows"):
        format_number("LY-{yyyy}-{seq:04}", 2026, MAX_SEQ + 1)
    request = Request(
        "91310115MA1K4B7T6N", "云帆", "offer_letter", 2026, "LY-{yyyy}-{seq:04}", "zh_CN", ("pdf",), "{}", "k"
    )
    with open_register(register_url) as register:
        with pytest.raises(StoreError, match="--next must be from 1 to 999999999"):
            register.seed(request.entity, "offer_letter", 2026, MAX_SEQ + 1)
        register.seed(request.entity, "offer_letter", 2026, MAX_SEQ)
        assert register.reserve(request).number == "LY-2026-999999999"
        with pytest.raises(StoreError, match="past the last one"):
            register.reserve(request)
        assert len(register.entries()) == 1


def test_patterns_that_collide_at_a_thousand_are_refused_when_loading(tmp_path: Path) -> None:
    message = _problem(
        tmp_path,
        (OFFER, 'offer_letter = "X-{yyyy}-{seq:03}"'),
        (CONTRACT, 'service_contract = "X-{yyyy}-{seq:04}"'),
    )
    assert message == (
        "offer_letter 'X-{yyyy}-{seq:03}' and service_contract 'X-{yyyy}-{seq:04}' can both give "
        "the number 'X-0000-1000': one number would name two documents"
    )


def test_patterns_that_differ_only_in_case_overlap(tmp_path: Path) -> None:
    message = _problem(tmp_path, (OFFER, 'offer_letter = "ht-{yyyy}-{seq:04}"'))
    assert "differ only in letter case, such as 'ht-0000-0001'" in message


def _printed_by(pattern: str, number: str) -> bool:
    """Whether some year and sequence make the pattern print exactly this number."""
    parts = re.split(r"(\{yyyy\}|\{seq(?::0\d)?\})", pattern)
    regex = "".join(
        "(?P<year>\\d{4})" if part == "{yyyy}" else "(?P<seq>\\d+)" if part.startswith("{seq") else re.escape(part)
        for part in parts
    )
    found = re.fullmatch(regex, number)
    return found is not None and format_number(pattern, int(found["year"]), int(found["seq"])) == number


OVERLAPPING = [
    ("X-{yyyy}-{seq:03}", "X-{yyyy}-{seq:04}"),
    ("X-{yyyy}-{seq:08}", "X-{yyyy}-{seq:09}"),
    ("X-{yyyy}-{seq}", "X-{yyyy}-{seq:09}"),
    ("{yyyy}{seq}", "{yyyy}1{seq}"),
    ("X{seq}-{yyyy}", "X1{seq}-{yyyy}"),
    ("{seq:02}{yyyy}", "{yyyy}{seq:02}"),
]
APART = [
    ("LY-{yyyy}-{seq:04}", "HT-{yyyy}-{seq:04}"),
    ("A{yyyy}{seq}", "A{yyyy}0{seq}"),  # {seq} never starts with 0
    ("X-{yyyy}-{seq:04}", "X-{yyyy}-A{seq:04}"),
    ("X-{yyyy}-{seq:09}", "X-{yyyy}-0{seq:09}"),  # ten digits: {seq:09} stops at nine
    ("{yyyy}-{seq:03}", "{yyyy}{seq:03}"),
]


@pytest.mark.parametrize(("first", "second"), OVERLAPPING)
def test_overlapping_patterns_have_a_number_both_print(first: str, second: str) -> None:
    number = common_number(first, second)
    assert number is not None and _printed_by(first, number) and _printed_by(second, number)
    assert common_number(second, first) is not None


@pytest.mark.parametrize(("first", "second"), APART)
def test_patterns_apart_never_print_one_number(first: str, second: str) -> None:
    assert common_number(first, second) is None and common_number(second, first) is None
    printed = {format_number(first, year, seq) for year in (2025, 2026) for seq in range(1, 12001)}
    assert not printed & {format_number(second, year, seq) for year in (2025, 2026) for seq in range(1, 12001)}


def test_the_default_patterns_stand_apart() -> None:
    assert load_settings(SAMPLES / "docgen.toml").numbers["offer_letter"] == "LY-{yyyy}-{seq:04}"
