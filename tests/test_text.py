"""Free text: control, invisible and line-breaking characters, refused per field with their code point."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from docgen import text
from docgen.config import Settings, load_settings
from docgen.errors import ConfigError, InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import validate_records
from docgen.samples import sample_path
from docgen.text import printable

# Each hides text or prints as nothing; none is a bidi control or a zero-width space.
HIDDEN = [
    "\u3164",  # Hangul filler
    "\u115f",  # Hangul choseong filler
    "\u2800",  # braille blank
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u180e",  # Mongolian vowel separator
    "\U000e0001",  # language tag
    "\U000e0041",  # tag latin capital A
    "\U000e007f",  # cancel tag
    "\ufff9",  # interlinear annotation anchor
    "\ufffb",  # interlinear annotation terminator
    "\U0001d173",  # musical symbol begin beam
    "\U0001d17a",  # musical symbol end phrase
]
CONTROLS = ["\x7f", "\x80", "\x85", "\x9b", "\x9f", "\x1b"]


def _offer(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    for path, value in changes.items():
        node = data
        *parents, last = path.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return data


def _problems(settings: Settings, data: dict[str, Any]) -> list[str]:
    try:
        validate_records("offer_letter", [Record(data, "x.yaml")], settings)
    except InvalidData as error:
        return [str(problem) for problem in error.problems]
    return []


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


@pytest.mark.parametrize("character", HIDDEN, ids=_code)
def test_invisible_characters_are_refused_with_field_and_code_point(settings: Settings, character: str) -> None:
    problems = _problems(settings, _offer(candidate__name=f"王{character}五"))
    assert problems == [
        f"x.yaml: candidate.name: character {_code(character)} (an invisible formatting character) "
        "at position 2 cannot appear in a document"
    ]


@pytest.mark.parametrize("character", CONTROLS, ids=_code)
@pytest.mark.parametrize("field", ["candidate__name", "notes"])
def test_control_characters_are_refused_in_every_field(settings: Settings, character: str, field: str) -> None:
    problems = _problems(settings, _offer(**{field: f"王{character}五"}))
    path = field.replace("__", ".")
    assert problems == [
        f"x.yaml: {path}: character {_code(character)} (a control character) at position 2 cannot appear in a document"
    ]


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\t", "\n", "\r\n"], ids=repr)
def test_line_breaks_and_tabs_are_refused_in_one_line_fields(settings: Settings, character: str) -> None:
    [problem] = _problems(settings, _offer(candidate__name=f"王{character}五"))
    code = _code(character[-1])
    assert problem.startswith(f"x.yaml: candidate.name: character {code} (a line break or tab, in a one-line field)")


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\t", "\n", "\r\n"], ids=repr)
def test_line_breaks_and_tabs_stay_in_fields_of_several_lines(settings: Settings, character: str) -> None:
    assert _problems(settings, _offer(notes=f"第一行{character}第二行", benefits__other=[f"甲{character}乙"])) == []


def test_a_line_break_around_a_one_line_value_is_trimmed_not_refused(settings: Settings) -> None:
    assert _problems(settings, _offer(candidate__name="\n林晓雯\u2028\n")) == []


@pytest.mark.parametrize(
    "name",
    [
        "林晓雯👩‍💼",  # ZWJ between two emoji
        "林晓雯👩🏽‍💼",  # ZWJ after a skin-tone modifier
        "林晓雯❤️‍🔥",  # VS16 then ZWJ
        "林晓雯☺︎",  # text presentation selector
        "葛\U000e0100晓雯",  # ideographic variation sequence
        "क्‍ष",  # ZWJ inside an Indic conjunct
        "می‌خواهم",  # ZWNJ inside a Persian word
    ],
)
def test_joiners_and_selectors_after_a_visible_character_are_kept(settings: Settings, name: str) -> None:
    assert _problems(settings, _offer(candidate__name=name)) == []


@pytest.mark.parametrize(
    ("name", "code", "position"),
    [
        ("\u200d林晓雯", "U+200D", 1),  # a joiner at the start joins nothing
        ("林\u200d\u200c晓雯", "U+200C", 3),  # joiners in a row: bits of hidden text
        ("林\ufe0f\ufe0f晓雯", "U+FE0F", 3),
        ("林 \u200d晓雯", "U+200D", 3),  # after a space, not a visible character
        ("林\u3164\u200d晓雯", "U+3164", 2),
    ],
)
def test_joiners_and_selectors_elsewhere_are_refused(settings: Settings, name: str, code: str, position: int) -> None:
    [problem] = _problems(settings, _offer(candidate__name=name))
    assert f"candidate.name: character {code} (an invisible formatting character) at position {position}" in problem


def test_the_profile_refuses_hidden_text_in_the_company_name(tmp_path: Any) -> None:
    config = tmp_path / "docgen.toml"
    template = (sample_path("offer_letter").parent / "docgen.toml").read_text(encoding="utf-8")
    assert "legal_name = " in template
    line = next(line for line in template.splitlines() if line.startswith("legal_name = "))
    config.write_text(template.replace(line, 'legal_name = "云帆\u3164科技"'), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "company.legal_name: character U+3164 (an invisible formatting character)" in caught.value.message


def test_printable_escapes_what_a_terminal_would_act_on() -> None:
    assert printable("a\x1b]0;owned\x07\r\x1b[2K\x9b\udc9b\u2028\u202eb\tc\n") == (
        "a\\x1b]0;owned\\x07\\x0d\\x1b[2K\\u009b\\udc9b\\u2028\\u202eb\tc\n"
    )
    assert printable("林晓雯👩‍💼 void: declined") == "林晓雯👩‍💼 void: declined"


def test_the_plain_text_fast_path_holds_no_character_the_full_rules_would_look_at() -> None:
    plain = [chr(code) for code in range(0x110000) if text._PLAIN.fullmatch(chr(code))]
    assert len(plain) > 20_000  # the ideographs are in it
    assert not [char for char in plain if text._SUSPECT.search(char) or text._SUSPECT_IN_TEXT.search(char)]


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\ufeff", "\u3164", "\uffa0", "\u2060", "\x85", "\u2028"])
def test_cjk_text_with_a_hidden_character_is_still_refused(hidden: str) -> None:
    assert text.forbidden_character(f"上海市{hidden}浦东新区", one_line=True) is not None
    assert text.may_hold_forbidden(f"上海市浦东新区，{hidden}第一条")
