"""Print layout: where pages break, what page 1 shows, which words stay on one line, and the DOCX's fonts.

Every sample renders in every locale; the PDF is read back page by page (pypdf, pdftotext) and the DOCX
as XML (python-docx), never as bytes.
"""

from __future__ import annotations

import copy
import io
import subprocess
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from docgen.config import Settings
from docgen.documents.base import DocumentModel
from docgen.inputs import Record, load_records
from docgen.locale import LOCALES, formatting
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.samples import sample_path

from .conftest import SAMPLES
from .pages import (
    alone,
    heading_texts,
    number_text,
    page_lines,
    shows_a_chart,
    signing_texts,
    squeezed,
)

TYPES = sorted(document_types())
CASES = [(type_name, locale) for type_name in TYPES for locale in LOCALES]
SHORT_TABLE = 8  # rows


def _sample(type_name: str, settings: Settings) -> DocumentModel:
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    return document


@cache
def _rendered(type_name: str, locale: str) -> tuple[bytes, str]:
    """The sample's PDF and HTML in the locale, rendered once for every test here."""
    from docgen.config import load_settings

    settings = load_settings(SAMPLES / "docgen.toml")
    document = _sample(type_name, settings)
    pdf = render_document(document, settings, fmt="pdf", locale=locale)
    return pdf, render_document(document, settings, fmt="html", locale=locale).decode("utf-8")


def _pages_alone(pdf: bytes, html: str) -> list[int]:
    """The pages (from 1) that hold nothing but signatures, with a lone paragraph at most, and no chart."""
    charts = shows_a_chart(pdf)
    return [n + 1 for n, lines in enumerate(page_lines(pdf, html)) if alone(lines, html) and not charts[n]]


# -- page 1


@pytest.mark.parametrize(("type_name", "locale"), CASES)
def test_the_number_is_printed_once_on_each_page(type_name: str, locale: str) -> None:
    pdf, html = _rendered(type_name, locale)
    number = number_text(html)
    pages = [squeezed(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert [page.count(number) for page in pages] == [1] * len(pages)  # under the title, then in the header


def test_the_docx_header_shows_the_number_from_page_2_on(settings: Settings) -> None:
    content = render_document(_sample("service_contract", settings), settings, fmt="docx", locale="zh_CN")
    section = docx.Document(io.BytesIO(content)).sections[0]
    first, later = (
        squeezed("".join(p.text for p in h.paragraphs)) for h in (section.first_page_header, section.header)
    )
    assert section.different_first_page_header_footer
    assert "编号" not in first and "上海云帆电子商务运营有限公司" in first
    assert "编号：（草稿，签发时编号）" in later
    footers = (section.first_page_footer, section.footer)
    assert all(footer._element.xpath(".//w:fldSimple/@w:instr") == ["PAGE", "NUMPAGES"] for footer in footers)


# -- what a page may hold


@pytest.mark.parametrize(("type_name", "locale"), CASES)
def test_no_page_holds_only_a_signature_block_or_a_lone_note(type_name: str, locale: str) -> None:
    assert _pages_alone(*_rendered(type_name, locale)) == []


def _ends_in_a_heading(pdf: bytes, html: str) -> list[int]:
    """The pages (from 1) whose last line is a heading, or the end of one, but for the last page."""
    headings = heading_texts(html)
    pages = page_lines(pdf, html)[:-1]
    return [n + 1 for n, lines in enumerate(pages) if any(h.endswith(squeezed(lines[-1])) for h in headings)]


@pytest.mark.parametrize(("type_name", "locale"), CASES)
def test_no_page_ends_in_a_heading(type_name: str, locale: str) -> None:
    assert _ends_in_a_heading(*_rendered(type_name, locale)) == []


# Sentences to lengthen a field of the sample offer letter with, a few lines at a time, so that what follows it
# moves down the page: each heading, the signature and the reply slip in turn come to a page's foot.
LONGER = {"zh_CN": "本通知所述待遇以双方签订的劳动合同为准。", "en_US": "The labour contract we sign prevails. "}


def _longer_letters(field: tuple[str, ...], locale: str, settings: Settings) -> Iterator[tuple[int, bytes, str]]:
    data = load_records(sample_path("offer_letter"))[0].data
    for repeats in range(1, 2000 // len(LONGER[locale]), 3):
        longer = copy.deepcopy(data)
        node = longer
        for key in field[:-1]:
            node = node[key]
        node[field[-1]] = LONGER[locale] * repeats
        [document] = validate_records("offer_letter", [Record(longer, "offer.yaml")], settings)
        pdf = render_document(document, settings, fmt="pdf", locale=locale)
        yield repeats, pdf, render_document(document, settings, fmt="html", locale=locale).decode("utf-8")


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_a_longer_letter_never_leaves_its_signature_or_slip_alone(locale: str, settings: Settings) -> None:
    found = {repeats: _pages_alone(pdf, html) for repeats, pdf, html in _longer_letters(("notes",), locale, settings)}
    assert {repeats: pages for repeats, pages in found.items() if pages} == {}


def test_a_longer_letter_never_ends_a_page_in_a_heading(settings: Settings) -> None:
    lengths = _longer_letters(("pay", "bonus_terms"), "zh_CN", settings)
    found = {repeats: _ends_in_a_heading(pdf, html) for repeats, pdf, html in lengths}
    assert {repeats: pages for repeats, pages in found.items() if pages} == {}


@pytest.mark.parametrize(("type_name", "locale"), CASES)
def test_a_table_of_eight_rows_or_fewer_is_on_one_page(type_name: str, locale: str) -> None:
    from lxml import html as lxml_html

    pdf, html = _rendered(type_name, locale)
    pages = [squeezed("".join(lines)) for lines in page_lines(pdf, html)]
    for table in lxml_html.document_fromstring(html).xpath("//table"):
        rows = [squeezed(row.text_content()) for row in table.xpath("./tbody/tr | ./tr")]
        if len(rows) > SHORT_TABLE:
            continue
        # One page holds every row (a row's text may also recur elsewhere, as a total does in a summary).
        found = [n for n, page in enumerate(pages) if all(row in page for row in rows if row)]
        assert found, f"a table of {len(rows)} rows is on no single page: {rows[0]}"


# -- what stays on one line


def _values(node: Any, locale: str) -> set[str]:
    """Every name, company name, account number and date in the document's data, as the locale prints it."""
    found: set[str] = set()
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        if isinstance(value, date):
            found.add(formatting.long_date(value, locale))
        elif isinstance(value, str) and key in ("name", "legal_name", "representative", "account_number", "bank"):
            found.add(value)
        else:
            found |= _values(value, locale)
    return found


@pytest.mark.parametrize(("type_name", "locale"), CASES)
def test_names_dates_and_account_numbers_are_never_split_across_lines(
    type_name: str, locale: str, settings: Settings
) -> None:
    pdf, _ = _rendered(type_name, locale)
    lines = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    lines = "\n".join(squeezed(line) for line in lines.splitlines())
    dumped = _sample(type_name, settings).model_dump() | {"company": settings.company.model_dump()}
    values = sorted(squeezed(value) for value in _values(dumped, locale))
    split = [value for value in values if lines.count(value) != lines.replace("\n", "").count(value)]
    assert split == [] and sum(lines.count(value) for value in values) > 0


@pytest.mark.parametrize("type_name", ["nda", "offer_letter", "proposal", "service_contract"])
def test_english_signature_captions_are_not_stretched(type_name: str) -> None:
    pdf, html = _rendered(type_name, "en_US")
    signing = signing_texts(html)
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    captions = [line for line in text.splitlines() if any(squeezed(line) in part for part in signing if line.strip())]
    assert captions and [line for line in captions if "  " in line] == []  # stretched spaces read as two


# -- the right margin, for a seal across the pages


@pytest.mark.parametrize("type_name", ["nda", "service_contract"])
def test_a_contract_leaves_its_right_margin_empty_for_a_seal_across_the_pages(type_name: str) -> None:
    pdf, _ = _rendered(type_name, "zh_CN")
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    import re

    pages = re.findall(rb'<page width="([\d.]+)"(.*?)</page>', boxes, re.S)
    assert len(pages) > 1
    for width, body in pages:
        rights = [float(x) for x in re.findall(rb'xMax="([\d.]+)"', body)]
        assert max(rights) <= float(width) - 20 / 25.4 * 72 + 0.5  # 20 mm of paper without a word


# -- DOCX


def _docx(type_name: str, locale: str, settings: Settings) -> Any:
    return docx.Document(io.BytesIO(render_document(_sample(type_name, settings), settings, fmt="docx", locale=locale)))


def _text(element: Any) -> str:
    return squeezed("".join(text.text or "" for text in element.iter(qn("w:t"))))


def _keeps(paragraph: Any) -> bool:
    keep = paragraph.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
    return keep is not None and keep.get(qn("w:val"), "1") in ("1", "true")


@pytest.mark.parametrize("type_name", TYPES)
def test_every_docx_heading_keeps_with_its_next_paragraph(type_name: str, settings: Settings) -> None:
    headings = set(heading_texts(_rendered(type_name, "zh_CN")[1]))
    body = _docx(type_name, "zh_CN", settings).element.body
    found = [p for p in body.iter(qn("w:p")) if _text(p) in headings]
    assert len(found) >= len(headings) and all(_keeps(paragraph) for paragraph in found)


@pytest.mark.parametrize("type_name", TYPES)
def test_the_docx_signature_keeps_with_the_text_before_it(type_name: str, settings: Settings) -> None:
    signing = signing_texts(_rendered(type_name, "zh_CN")[1])
    body = _docx(type_name, "zh_CN", settings).element.body
    printed = [p for p in body.iter(qn("w:p")) if _text(p)]
    first = next(n for n, p in enumerate(printed) if _text(p) in signing)
    assert first > 0 and all(_keeps(paragraph) for paragraph in printed[first - 1 : -1])


@pytest.mark.parametrize("type_name", TYPES)
def test_a_short_docx_table_keeps_its_rows_together_and_a_long_one_does_not(type_name: str, settings: Settings) -> None:
    document = _docx(type_name, "zh_CN", settings)
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
        body = [row for row in rows if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None]
        kept = {_keeps(p) for row in rows[:-1] for p in row.iter(qn("w:p"))}
        assert kept == ({True} if len(body) <= SHORT_TABLE else {False}) or len(rows) == 1


def test_a_long_docx_table_may_break_between_rows(settings: Settings) -> None:
    tables = _docx("budget", "zh_CN", settings).tables
    assert any(len(table.rows) > SHORT_TABLE + 1 for table in tables)  # the header row and 9 or more


FACES = {"zh_CN": "Noto Serif CJK SC", "en_US": "Noto Serif CJK SC", "zh_TW": "Noto Serif CJK TC"}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_docx_uses_the_locales_faces_and_language(locale: str, settings: Settings) -> None:
    document = _docx("offer_letter", locale, settings)
    section = document.sections[0]
    parts = [document.element, document.styles.element, section.header._element, section.first_page_header._element]
    faces = {f.get(qn("w:eastAsia")) for part in parts for f in part.iter(qn("w:rFonts"))} - {None}
    assert faces == {FACES[locale], FACES[locale].replace("Serif", "Sans")}
    tag = locale.replace("_", "-")
    [language] = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert (language.get(qn("w:val")), language.get(qn("w:eastAsia"))) == (tag, tag)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_html_names_its_language(locale: str) -> None:
    html = _rendered("nda", locale)[1]
    assert f'<html lang="{locale.replace("_", "-")}">' in html
