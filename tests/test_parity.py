"""The DOCX and the PDF built from one kit source say the same words in the same order, in every locale.

For every type whose templates docgen.kit builds, the sample and variants that switch
each optional clause (each `if:` of its structure.yaml) on and off are rendered in both
formats; the body text of the DOCX (paragraphs and table cells in document order) and
the text of the PDF (without the letterhead above the title, the running number and the
page numbers) must match once all whitespace is removed.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table

from docgen.config import Settings
from docgen.inputs import Record
from docgen.kit import yamlfile
from docgen.kit.source import STRUCTURE_FILE
from docgen.locale import LOCALES
from docgen.outlines import load_outline
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.render.context import build_context
from docgen.render.environment import shared_environment
from docgen.render.outline import numbered_clauses
from docgen.render.templates import find_template, has_kit_source
from docgen.resources import bundled_templates

from .variants import DELETE, variant

NUMBER = "HT-2027-0042"  # rendered as issued: no draft mark in either format
KIT_TYPES = [name for name in sorted(document_types()) if has_kit_source(name, None)]


def _quarterly_budget() -> dict[str, Any]:
    data = variant("budget", {"granularity": "quarter"})
    for line in data["lines"]:
        line["budget"] = [sum(int(x) for x in line["budget"][q * 3 : q * 3 + 3]) for q in range(4)]
        line.pop("actual", None)
    return data


# Each optional clause on (the sample, mostly) and off.
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "service_contract": [
        {"fees.commission": DELETE},
        {
            "fees.monthly_fee": DELETE,
            "fees.commission.bands": [{"above": "0", "rate": "0.05"}],
            "payment_schedule": DELETE,
            "kpis": DELETE,
            "exclusivity": False,
            "non_solicitation_months": DELETE,
            "auto_renewal": False,
        },
    ],
    "settlement_statement": [
        {"adjustments": DELETE, "payments_received": DELETE, "invoice": DELETE},
        {"payments_received": [{"paid_on": "2027-01-10", "amount": "452200.00"}]},
        {"payments_received": [{"paid_on": "2027-01-10", "amount": "500000.00"}]},
    ],
    "proposal": [
        {"quotation.discount": DELETE, "fee_model": DELETE},
        {"fee_model.commission": DELETE},
        {"fee_model.monthly_fee": DELETE},
    ],
    "budget": [{"notes": DELETE}],
}
EXTRA = {"budget": [_quarterly_budget]}


def _datasets(type_name: str) -> list[dict[str, Any]]:
    made = [variant(type_name, {})] + [variant(type_name, changes) for changes in VARIANTS.get(type_name, [])]
    return made + [make() for make in EXTRA.get(type_name, [])]


def _documents(type_name: str, settings: Settings) -> list[Any]:
    records = [Record(data, f"variant {i}") for i, data in enumerate(_datasets(type_name))]
    return validate_records(type_name, records, settings)


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def docx_body_words(content: bytes) -> str:
    """Paragraphs and table cells in document order; the header and footer are page furniture."""
    parts: list[str] = []
    for block in docx.Document(io.BytesIO(content)).iter_inner_content():
        parts += [cell.text for row in block.rows for cell in row.cells] if isinstance(block, Table) else [block.text]
    return _normal("".join(parts))


def pdf_body_words(content: bytes, title: str, number_line: str, page_words: list[str], headers: list[str]) -> str:
    """The PDF's text in content order, from the title on, each page without its running number and page number,
    and without a table's header row repeated at the top of a page the table continues on."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        text = subprocess.run(["pdftotext", "-raw", file.name, "-"], capture_output=True, text=True, check=True).stdout
    page_line = re.compile(r"\d+".join(re.escape(_normal(word)) for word in page_words))
    pages = []
    for page in text.split("\f"):
        lines = [_normal(line) for line in page.splitlines() if _normal(line)]
        while lines and (page_line.fullmatch(lines[-1]) or lines[-1] == number_line):
            lines.pop()
        words = "".join(lines)
        before = "".join(pages)  # a header met before: its table continues here
        repeated = [header for header in headers if header in before and words.startswith(header)]
        pages.append(words[len(max(repeated, key=len)) :] if repeated else words)
    words = "".join(pages)
    return words[words.index(title) :]


def first_difference(docx_words: str, pdf_words: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(docx_words, pdf_words, strict=False)) if a != b), None)
    if at is None:
        at = min(len(docx_words), len(pdf_words))
    return (
        f"first difference at character {at}:\n"
        f"  DOCX: …{docx_words[max(0, at - 60) : at]}⟦{docx_words[at : at + 60]}⟧\n"
        f"  PDF:  …{pdf_words[max(0, at - 60) : at]}⟦{pdf_words[at : at + 60]}⟧"
    )


def _wording(type_name: str, locale: str) -> Any:
    return yamlfile.read(bundled_templates() / type_name / f"wording.{locale}.yaml")


def assert_same_words(type_name: str, document: Any, settings: Settings, locale: str) -> None:
    docx_words = docx_body_words(render_document(document, settings, fmt="docx", locale=locale, number=NUMBER))
    context = build_context(document, settings, locale=locale, fmt="pdf", number=NUMBER)
    title = _normal(context["meta"]["title"])
    wording = _wording(type_name, locale)
    number_line = _normal(
        wording["number_label"].replace("{{ meta.labels.number }}", context["meta"]["labels"]["number"])
    )
    html = render_document(document, settings, fmt="html", locale=locale, number=NUMBER).decode("utf-8")
    headers = [_normal(re.sub(r"<[^>]*>", "", head)) for head in re.findall(r"<thead>(.*?)</thead>", html, re.S)]
    pdf = render_document(document, settings, fmt="pdf", locale=locale, number=NUMBER)
    pdf_words = pdf_body_words(pdf, title, number_line + NUMBER, wording["page"], headers)
    assert docx_words == pdf_words, first_difference(docx_words, pdf_words)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", KIT_TYPES)
def test_docx_and_pdf_say_the_same_words(type_name: str, locale: str, settings: Settings) -> None:
    for document in _documents(type_name, settings):
        assert_same_words(type_name, document, settings, locale)


def _conditions(blocks: list[Any]) -> list[str]:
    """The structure's if: conditions outside loops (inside one they read the loop's variable)."""
    found = []
    for block in blocks:
        if "if" in block:
            found += [block["if"], *_conditions(block["body"])]
    return found


def _record_truth(blocks: list[Any], is_true: Any, seen: dict[str, set[bool]]) -> None:
    """Each condition's value for one document; one inside another is read only where the outer one holds."""
    for block in blocks:
        if "if" in block:
            value = is_true(block["if"])
            seen[block["if"]].add(value)
            if value:
                _record_truth(block["body"], is_true, seen)


@pytest.mark.parametrize("type_name", KIT_TYPES)
def test_the_variants_switch_every_optional_clause_on_and_off(type_name: str, settings: Settings) -> None:
    structure = yamlfile.read(bundled_templates() / type_name / STRUCTURE_FILE)
    choice = find_template(type_name, "html", "zh_CN", None)
    env = shared_environment(choice.search_path)
    seen: dict[str, set[bool]] = {condition: set() for condition in _conditions(structure["body"])}
    assert seen, "no optional clause found"
    for document in _documents(type_name, settings):
        context = build_context(document, settings, locale="zh_CN", fmt="html")
        context["clauses"] = numbered_clauses(load_outline(type_name, choice.search_path), env, context)

        def is_true(condition: str, context: dict[str, Any] = context) -> bool:
            return bool(env.compile_expression(condition, undefined_to_none=False)(**context))

        _record_truth(structure["body"], is_true, seen)
    assert {condition: values for condition, values in seen.items() if values != {True, False}} == {}


def test_a_word_changed_only_in_the_docx_is_caught(settings: Settings, tmp_path: Path, monkeypatch: Any) -> None:
    """The check itself: a built DOCX with one word changed no longer matches its PDF, and the message shows where."""
    monkeypatch.setenv("DOCGEN_CACHE", str(tmp_path / "cache"))
    [document] = _documents("service_contract", settings)[:1]
    choice = find_template("service_contract", "docx", "en_US", None)
    _replace_in_docx(choice.path, "Exclusivity", "Exclusiveness")
    with pytest.raises(AssertionError, match=r"first difference at character \d+:\n +DOCX: ….*Exclusiv⟦eness"):
        assert_same_words("service_contract", document, settings, "en_US")


def _replace_in_docx(path: Path, old: str, new: str) -> None:
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    assert old.encode() in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
