"""The offer letter and the resignation certificate say the same words in DOCX and PDF, in every locale.

Both formats are built from one structure (scripts/docx_templates/<type>.py), so only the layout
may differ: white space, the letterhead, the page header and footer, and the draft mark. Each
variant switches one optional part of the structure on or off.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from docx.table import Table

from docgen.config import load_settings
from docgen.locale import LOCALES
from docgen.pipeline import render_document
from docgen.resources import bundled_templates

from .conftest import SAMPLES
from .test_safety import PNG
from .textutil import squeeze
from .variants import DELETE, validate

OFFER_VARIANTS: dict[str, dict[str, Any]] = {
    "sample": {},
    "bare": {
        "position.reports_to": DELETE,
        "pay.allowances": [],
        "pay.performance_monthly": DELETE,
        "pay.annual_bonus": DELETE,
        "pay.bonus_terms": DELETE,
        "pay.pay_day": DELETE,
        "terms.term_months": DELETE,
        "terms.contract_type": "open_ended",
        "terms.probation_months": DELETE,
        "terms.probation_monthly_pay": DELETE,
        "benefits.social_insurance": False,
        "benefits.annual_leave_days": DELETE,
        "benefits.other": [],
        "documents_to_bring": [],
        "notes": DELETE,
    },
    "tw": {"jurisdiction": "TW", "terms.probation_months": 1, "terms.probation_monthly_pay": "18000.00"},
}
CERTIFICATE_VARIANTS: dict[str, dict[str, Any]] = {
    "sample": {},
    "bare": {
        "employee.id_number": DELETE,
        "department": DELETE,
        "ended_by": "expiry",
        "contract": {"kind": "open_ended", "start": "2023-03-13"},
        "reason_requested": False,
        "leaving_reason": DELETE,
        "handover": {"completed_on": "2026-08-28"},
    },
    "no-handover": {"handover": DELETE, "hire_date": "2026-08-01", "contract.start": "2026-08-01"},
    "tw": {
        "jurisdiction": "TW",
        "department": DELETE,
        "contract": DELETE,
        "handover": DELETE,
        "work_nature": "負責天貓店鋪商品上架、活動設定及銷售數據分析",
        "wage": {"monthly": "45000.00", "currency": "TWD"},
    },
    "tw-consented": {
        "jurisdiction": "TW",
        "extras_consented": True,
        "reason_requested": False,
        "leaving_reason": DELETE,
        "work_nature": "負責天貓店鋪商品上架\n及銷售數據分析",
        "wage": {"monthly": "15000.00", "currency": "CNY"},
    },
}
CASES = [
    (type_name, name, locale)
    for type_name, variants in (("offer_letter", OFFER_VARIANTS), ("resignation_certificate", CERTIFICATE_VARIANTS))
    for name in variants
    for locale in LOCALES
]
PAGE_NUMBERS = r"(?:第\d+[页頁]共\d+[页頁]|Page\d+of\d+)"


def _docx_body(data: bytes) -> tuple[list[str], str]:
    """The body's paragraphs and table cells in order (no header or footer), and the draft label."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return [squeeze(part) for part in parts if part.strip()], document.core_properties.keywords


def _pdf_words(data: bytes, title: str, number_line: str, draft: str) -> str:
    """The pages' text without the letterhead before the title, and each page's draft mark, number and page count."""
    furniture = re.compile(re.escape(draft) + re.escape(number_line) + PAGE_NUMBERS + "$")
    pages = [squeeze(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    text = "".join(furniture.sub("", page) for page in pages)
    return text[text.index(title) :]


def _first_difference(docx_words: str, pdf_words: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(docx_words, pdf_words, strict=False)) if a != b), None)
    at = min(len(docx_words), len(pdf_words)) if at is None else at
    return f"first difference at {at}:\n  docx: …{docx_words[max(at - 40, 0) : at + 60]}\n  pdf:  …{pdf_words[max(at - 40, 0) : at + 60]}"


@pytest.mark.parametrize(("type_name", "variant", "locale"), CASES, ids=["-".join(case) for case in CASES])
def test_docx_and_pdf_say_the_same(type_name: str, variant: str, locale: str, settings) -> None:
    changes = (OFFER_VARIANTS if type_name == "offer_letter" else CERTIFICATE_VARIANTS)[variant]
    document = validate(type_name, changes)
    parts, draft = _docx_body(render_document(document, settings, fmt="docx", locale=locale))
    docx_words = "".join(parts)
    pdf_words = _pdf_words(render_document(document, settings, fmt="pdf", locale=locale), parts[0], parts[1], draft)
    assert docx_words == pdf_words, _first_difference(docx_words, pdf_words)


@pytest.mark.parametrize("type_name", ["offer_letter", "resignation_certificate"])
def test_with_our_seal_image_docx_and_pdf_say_the_same(type_name: str, tmp_path: Path) -> None:
    """The seal's image takes the place of the words in its box, in both formats."""
    (tmp_path / "seal.png").write_bytes(PNG)
    profile = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    (tmp_path / "docgen.toml").write_text(profile.replace("[company.bank]", 'seal = "seal.png"\n\n[company.bank]'))
    settings = load_settings(tmp_path / "docgen.toml")
    document = validate(type_name, {})
    parts, draft = _docx_body(render_document(document, settings, fmt="docx", locale="zh_CN"))
    pdf_words = _pdf_words(render_document(document, settings, fmt="pdf", locale="zh_CN"), parts[0], parts[1], draft)
    assert "".join(parts) == pdf_words, _first_difference("".join(parts), pdf_words)
    assert "公司盖章" not in pdf_words


def _docx_words(type_name: str, changes: dict[str, Any], settings) -> str:
    return "".join(_docx_body(render_document(validate(type_name, changes), settings, fmt="docx", locale="zh_CN"))[0])


def test_the_variants_switch_the_optional_parts(settings) -> None:
    """Each variant really leaves out (or adds) what it is meant to, so the parity above covers both sides."""
    bare = _docx_words("offer_letter", OFFER_VARIANTS["bare"], settings)
    assert "直属上级" not in bare and "报到须知" not in bare and "本合同不约定试用期" in bare and "·" not in bare
    consented = _docx_words("resignation_certificate", CERTIFICATE_VARIANTS["tw-consented"], settings)
    assert "劳动基准法" in consented and "劳动合同期限" in consented and "离职原因" not in consented


SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _parts(docx_bytes: bytes) -> dict[str, bytes]:
    """A DOCX's parts but its core properties, which hold the time it was saved."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


@pytest.mark.parametrize("type_name", ["offer_letter", "resignation_certificate"])
def test_bundled_templates_are_built_from_the_one_structure(type_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each locale's DOCX and HTML are what scripts/build_docx_templates.py writes from the structure and wording."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    module = importlib.import_module(f"docx_templates.{type_name}")
    assert sorted(module.WORDING) == sorted(LOCALES)
    for name, build_html in module.HTML_TEMPLATES.items():
        assert build_html() == (bundled_templates() / name).read_text(encoding="utf-8"), f"{name} is stale"
    for name, build in module.TEMPLATES.items():
        written = io.BytesIO()
        build().doc.save(written)
        assert _parts(written.getvalue()) == _parts((bundled_templates() / name).read_bytes()), f"{name} is stale"
    assert len(module.HTML_TEMPLATES) == len(module.TEMPLATES) == len(LOCALES)
