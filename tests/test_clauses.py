"""Clause numbering: numerals, the three styles, switched-off clauses and references by key."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from docgen.inputs import Record, load_records
from docgen.locale.clauses import Outline, chinese_numeral, number_outline
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

from .textutil import docx_text, html_text, pdf_text, squeeze

ONES = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
# Written independently of the code: 十 alone for the teens, 二十 … 九十 for the other tens.
NUMERALS_1_TO_99 = [
    ("十" if tens == 1 else ONES[tens] + "十" if tens else "") + ONES[ones] for tens in range(10) for ones in range(10)
][1:]


def test_numerals_1_to_99() -> None:
    assert [chinese_numeral(n) for n in range(1, 100)] == NUMERALS_1_TO_99
    assert NUMERALS_1_TO_99[:12] == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    assert NUMERALS_1_TO_99[19] == "二十" and NUMERALS_1_TO_99[20] == "二十一" and NUMERALS_1_TO_99[98] == "九十九"


@pytest.mark.parametrize(("number", "text"), [(100, "一百"), (101, "一百零一"), (110, "一百一十"), (999, "九百九十九")])
def test_numerals_over_99(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


@pytest.mark.parametrize("number", [0, 1000, -1])
def test_numerals_out_of_range(number: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(number)


CONTRACT = {
    "style": "article",
    "clauses": [
        {
            "key": "general",
            "chapter": True,
            "children": [
                {"key": "scope"},
                {"key": "trial", "when": "off"},
                {"key": "fees", "children": [{"key": "fixed"}, {"key": "commission", "children": [{"key": "bands"}]}]},
            ],
        },
        {"key": "closing", "chapter": True, "children": [{"key": "disputes"}]},
    ],
}


def _labels(outline: dict[str, Any], locale: str) -> dict[str, tuple[str | None, str | None]]:
    numbered = number_outline(Outline.model_validate(outline), locale, lambda expression: expression != "off")
    return {key: (value["label"], value["ref"]) for key, value in numbered.items()}


def test_article_style_with_chapters_numbers_articles_straight_through() -> None:
    assert _labels(CONTRACT, "zh_CN") == {
        "general": ("第一章", "第一章"),
        "scope": ("第一条", "第一条"),
        "trial": (None, None),
        "fees": ("第二条", "第二条"),
        "fixed": ("（一）", "第二条第（一）项"),
        "commission": ("（二）", "第二条第（二）项"),
        "bands": ("1.", "第二条第（二）项第1目"),
        "closing": ("第二章", "第二章"),
        "disputes": ("第三条", "第三条"),
    }


def test_traditional_article_style() -> None:
    labels = _labels(CONTRACT, "zh_TW")
    assert labels["scope"] == ("第一條", "第一條") and labels["disputes"] == ("第三條", "第三條")


def test_english_style() -> None:
    assert _labels(CONTRACT, "en_US") == {
        "general": ("Chapter 1", "Chapter 1"),
        "scope": ("Article 1", "Article 1"),
        "trial": (None, None),
        "fees": ("Article 2", "Article 2"),
        "fixed": ("2.1", "Section 2.1"),
        "commission": ("2.2", "Section 2.2"),
        "bands": ("(a)", "Section 2.2(a)"),
        "closing": ("Chapter 2", "Chapter 2"),
        "disputes": ("Article 3", "Article 3"),
    }


def test_gbt9704_four_levels() -> None:
    outline = {
        "style": "gbt9704",
        "clauses": [
            {"key": "a", "children": [{"key": "b", "children": [{"key": "c", "children": [{"key": "d"}]}]}]},
            {"key": "e"},
        ],
    }
    assert [label for label, _ in _labels(outline, "zh_CN").values()] == ["一、", "（一）", "1.", "（1）", "二、"]


def test_twenty_articles() -> None:
    outline = {"style": "article", "clauses": [{"key": f"k{n}"} for n in range(1, 22)]}
    labels = [label for label, _ in _labels(outline, "zh_CN").values()]
    assert labels[10] == "第十一条" and labels[19] == "第二十条" and labels[20] == "第二十一条"


@pytest.mark.parametrize(
    ("outline", "message"),
    [
        ({"style": "article", "clauses": [{"key": "a"}, {"key": "a"}]}, "used twice: a"),
        ({"style": "gbt9704", "clauses": [{"key": "a", "chapter": True}]}, "chapters need the article style"),
        ({"style": "roman", "clauses": []}, "style"),
        ({"style": "article", "clauses": [{"key": "Bad Key"}]}, "pattern"),
    ],
)
def test_bad_outlines_are_refused(outline: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Outline.model_validate(outline)


SAMPLE = load_records(sample_path("offer_letter"))[0].data


@pytest.mark.parametrize(
    ("locale", "fmt", "expected", "absent"),
    [
        ("zh_CN", "html", ["四、答复期限", "试用期工资见第二部分"], ["五、", "报到须知"]),
        ("zh_CN", "docx", ["四、答复期限", "试用期工资见第二部分"], ["五、", "报到须知"]),
        ("en_US", "pdf", ["4. Reply", "set out in Section 2"], ["Article", "5. ", "Your first day"]),
        ("zh_TW", "docx", ["四、回覆期限", "詳見第二部分"], ["五、", "到職須知"]),
    ],
)
def test_switched_off_clause_renumbers_the_rest(
    settings, locale: str, fmt: str, expected: list[str], absent: list[str]
) -> None:
    data = copy.deepcopy(SAMPLE)
    data["documents_to_bring"] = []
    [document] = validate_records("offer_letter", [Record(data, "offer.yaml")], settings)
    extract = {"html": html_text, "docx": docx_text, "pdf": pdf_text}[fmt]
    text = squeeze(extract(render_document(document, settings, fmt=fmt, locale=locale)))
    for phrase in expected:
        assert squeeze(phrase) in text
    for phrase in absent:
        assert squeeze(phrase) not in text


def test_clause_on_gives_forward_reference(settings) -> None:
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    text = squeeze(html_text(render_document(document, settings, fmt="html", locale="zh_CN")))
    assert "四、报到须知" in text and "五、答复期限" in text and "报到所需材料见第四部分" in text
