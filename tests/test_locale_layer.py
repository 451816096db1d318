"""Formatting, labels and page numbers in zh_CN, en_US and zh_TW."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from docgen.inputs import load_records
from docgen.locale import LOCALES
from docgen.locale.formatting import long_date, money, number, percent
from docgen.locale.labels import LABEL_IDS, labels, read_catalog
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.resources import bundled_templates
from docgen.samples import sample_path
from docgen.template_vars import template_sources

from .templatevars import bundled_template_files


@pytest.mark.parametrize(
    ("locale", "amount", "text"),
    [
        ("zh_CN", "1234567.5", "¥1,234,567.50"),
        ("en_US", "1234567.5", "RMB 1,234,567.50"),
        ("zh_TW", "1234567.5", "人民幣 1,234,567.50"),
        # Half-up, where Babel alone would round half-to-even (2.68 either way here, 0.12 vs 0.13 below).
        ("zh_CN", "2.675", "¥2.68"),
        ("zh_CN", "0.125", "¥0.13"),
        ("en_US", "0.125", "RMB 0.13"),
        ("zh_CN", "-5", "-¥5.00"),
        ("en_US", "-5", "-RMB 5.00"),
    ],
)
def test_money(locale: str, amount: str, text: str) -> None:
    assert money(Decimal(amount), locale) == text


@pytest.mark.parametrize(
    ("locale", "text"),
    [("zh_CN", "2026年12月28日"), ("en_US", "December 28, 2026"), ("zh_TW", "2026年12月28日")],
)
def test_dates_use_the_calendar_year(locale: str, text: str) -> None:
    # 2026-12-28 falls in ISO week 1 of 2027: a YYYY pattern would print 2027.
    assert long_date(date(2026, 12, 28), locale) == text


def test_numbers_and_percentages() -> None:
    assert number(Decimal("1234567.125"), "en_US", 2) == "1,234,567.13"
    assert percent(Decimal("0.125"), "zh_CN", 0) == "13%"
    assert percent(Decimal("0.125"), "zh_CN") == "12.5%"
    assert percent(Decimal("0.0005"), "en_US") == "0.05%"
    assert percent(Decimal("0.06"), "en_US") == "6%"
    assert percent(Decimal("0.1234"), "zh_TW", 1) == "12.3%"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_label_is_translated(locale: str) -> None:
    catalog = read_catalog(locale)
    assert set(catalog) == set(LABEL_IDS.values())
    assert all(catalog.values()), [msgid for msgid, text in catalog.items() if not text]
    assert set(labels(locale)) == set(LABEL_IDS)


# Terms written the same in Taiwan and the mainland, each with the reason.
SAME_IN_BOTH = {"Draft": "草稿 is the same word and characters in both"}


def test_zh_tw_labels_are_not_copies_of_zh_cn() -> None:
    mainland, taiwan = read_catalog("zh_CN"), read_catalog("zh_TW")
    identical = {msgid for msgid in mainland if mainland[msgid] == taiwan[msgid]}
    assert identical == set(SAME_IN_BOTH)


# Characters that exist only in simplified form; none may appear in zh_TW wording.
# (算 is written the same in both, as in 預算, so it is not among them.)
SIMPLIFIED_ONLY = set("们这为关发录报职务证书协议资讯认设计费单结预总项应时间说请签订证劳动员体务级经济实际个")
ZH_TW_TEMPLATES = sorted(
    {*bundled_templates().glob("*/document.zh_TW.*"), *bundled_templates().glob("*/wording.zh_TW.yaml")}
    | {path for folder in bundled_templates().iterdir() for path in bundled_template_files(folder.name) if ".zh_TW." in path.name}
)


@pytest.mark.parametrize("path", ZH_TW_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_zh_tw_templates_use_traditional_characters(path: Path) -> None:
    for source in template_sources(path):
        wording = re.sub(r"<[^>]+>", "", source)  # Jinja tags stay: their strings are wording too
        assert not SIMPLIFIED_ONLY & set(wording), sorted(SIMPLIFIED_ONLY & set(wording))
    assert not SIMPLIFIED_ONLY & set("".join(read_catalog("zh_TW").values()))


@pytest.mark.parametrize("type_name", list(document_types()))
def test_zh_tw_titles_labels_and_messages_use_traditional_characters(type_name: str) -> None:
    wording = (bundled_templates() / type_name / "fields.zh_TW.yaml").read_text(encoding="utf-8")
    assert not SIMPLIFIED_ONLY & set(wording), sorted(SIMPLIFIED_ONLY & set(wording))


@pytest.mark.parametrize(
    ("locale", "words"),
    [("zh_CN", ["第 ", " 页 共 ", " 页"]), ("en_US", ["Page ", " of "]), ("zh_TW", ["第 ", " 頁 共 ", " 頁"])],
)
def test_docx_footer_has_page_and_numpages_fields(settings, locale: str, words: list[str]) -> None:
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    content = render_document(document, settings, fmt="docx", locale=locale)
    footer = docx.Document(io.BytesIO(content)).sections[0].footer._element.xml
    assert re.search(r'w:instr="PAGE"', footer) and re.search(r'w:instr="NUMPAGES"', footer)
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", footer)
    for word in words:
        assert word in texts


def test_pdf_metadata_and_language(settings) -> None:
    import pypdf

    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    for locale, title in (("zh_CN", "录用通知书"), ("en_US", "Offer Letter"), ("zh_TW", "錄用通知書")):
        pdf = pypdf.PdfReader(io.BytesIO(render_document(document, settings, fmt="pdf", locale=locale)))
        assert pdf.metadata is not None and pdf.metadata.title.startswith(title)
        html = render_document(document, settings, fmt="html", locale=locale).decode()
        assert f'<html lang="{locale.replace("_", "-")}">' in html
