"""nda and project_retrospective: the Word file and the PDF say the same words in the same order.

Both are built from one structure (scripts/docx_templates/<type>.py), so they can only drift
apart when a template is edited by hand or the structure's writers disagree. Compared with all
white space removed, and without what only one of them has: the letterhead and page numbers
(Word keeps them in the page header and footer) and the draft mark.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.table import Table

from docgen.config import Settings
from docgen.locale import LOCALES
from docgen.pipeline import render_document

from .test_nda import MUTUAL
from .variants import DELETE, validate

# Each If (and each conditional row) of the two structures, on in one variant and off in another.
VARIANTS: dict[str, dict[str, dict[str, Any]]] = {
    "nda": {
        # employee form: id number row, every information category, other information, non-compete with damages
        "sample": {},
        # mutual form: its parties table and signatures; no non-compete
        "mutual": MUTUAL,
        "bare-undertaking": {
            "employee.id_number": DELETE,
            "information.categories": ["pay"],
            "information.other": DELETE,
            "information.extra_exclusions": ["依法应当公开的信息"],
            "non_compete": DELETE,
        },
        "non-compete-without-damages": {"non_compete.liquidated_damages": DELETE},
    },
    "project_retrospective": {
        # milestones, contract value, platforms and who prepared it
        "sample": {},
        "bare": {"milestones": [], "contract_value": DELETE, "project.platforms": [], "prepared_by": DELETE},
    },
}
CASES = [(t, name, locale) for t, variants in VARIANTS.items() for name in variants for locale in LOCALES]
SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
TEMPLATES = SCRIPTS.parent / "templates"
PAGE_NUMBER = re.compile(r"第\d+[页頁]共\d+[页頁]|Page\d+of\d+")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _docx_body(data: bytes) -> tuple[list[str], list[str], str]:
    """The body's lines (paragraphs, then table cells row by row), the header rows that repeat
    on each page of their table, and the draft label ("" when final)."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    headers: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [_squeeze(cell.text) for row in block.rows for cell in row.cells]
            headers += ["".join(_squeeze(c.text) for c in row.cells) for row in block.rows if _repeats(row)]
        else:
            lines.append(_squeeze(block.text))
    return [line for line in lines if line], headers, document.core_properties.keywords


def _repeats(row: Any) -> bool:
    return bool(row._tr.xpath("./w:trPr/w:tblHeader"))


def _pdf_body(data: bytes, word: str, headers: list[str], title: str, number: str, draft: str) -> str:
    """The pages from the title on, without their furniture at the end (draft mark, number, page x
    of y) and without a table's header row repeated at the top of a page where Word has none."""
    furniture = {number, draft}
    text = ""
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        lines = [_squeeze(line) for line in page.extract_text().splitlines()]
        while lines and (lines[-1] in furniture or PAGE_NUMBER.fullmatch(lines[-1]) or not lines[-1]):
            lines.pop()
        body = "".join(lines)
        if not text:  # the first page: the letterhead comes before the title
            body = body[body.index(title) :]
        for header in headers:
            if body.startswith(header) and not word.startswith(header, len(text)):
                body = body[len(header) :]
        text += body
    return text


def _first_difference(word: str, pdf: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(word, pdf, strict=False)) if a != b), min(len(word), len(pdf)))
    return f"first difference at {at}:\n  docx: …{word[max(0, at - 40) : at + 40]}…\n  pdf:  …{pdf[max(0, at - 40) : at + 40]}…"


@pytest.mark.parametrize(("type_name", "variant", "locale"), CASES, ids=["-".join(c) for c in CASES])
def test_docx_and_pdf_say_the_same(type_name: str, variant: str, locale: str, settings: Settings) -> None:
    document = validate(type_name, VARIANTS[type_name][variant])
    lines, headers, draft = _docx_body(render_document(document, settings, fmt="docx", locale=locale))
    title, number = lines[0], lines[1]  # Word's body opens with the title and the document number
    word = "".join(lines)
    pdf = _pdf_body(render_document(document, settings, fmt="pdf", locale=locale), word, headers, title, number, draft)
    assert word == pdf, _first_difference(word, pdf)


@pytest.mark.parametrize("type_name", sorted(VARIANTS))
def test_bundled_html_is_built_from_the_structure(type_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hand edit of the HTML would leave the Word file behind: rebuild with scripts/build_docx_templates.py."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    module = importlib.import_module(f"docx_templates.{type_name}")
    try:
        for name, build in module.HTML_TEMPLATES.items():
            assert (TEMPLATES / name).read_text(encoding="utf-8") == build(), f"{name} is not what its structure builds"
    finally:
        for loaded in [m for m in sys.modules if m.split(".")[0] in ("docx_templates", "blocks", "docx_builder")]:
            del sys.modules[loaded]
