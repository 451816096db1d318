"""What a PDF worker does once per process rather than once per document: the page's stylesheet, its fonts."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from docgen.config import Settings
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

from .textutil import pdf_text

# docgen.render is also a function of docgen's API, so the module is imported by name.
pdf = importlib.import_module("docgen.render.pdf")
batch = importlib.import_module("docgen.render.batch")

LETTER_WITH = """{% extends "_base/letter.html" %}
{% block page_style %}STYLE{% endblock %}
{% block body %}<p>{{ doc.candidate.name }}</p>{% endblock %}"""


def _count_parsed_sheets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every stylesheet WeasyPrint parses from a string from now on."""
    parsed: list[str] = []
    original = weasyprint.CSS.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("string"):
            parsed.append(kwargs["string"])
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counting)
    return parsed


def test_a_batch_parses_the_page_stylesheet_once(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf._parsed_style.cache_clear()
    parsed = _count_parsed_sheets(monkeypatch)
    first, second, third = validate_records("offer_letter", load_records(sample_path("offer_letter")) * 3, settings)
    texts = [pdf_text(render_document(document, settings, fmt="pdf", locale="zh_CN")) for document in (first, second)]
    assert texts[0] == texts[1] and "林晓雯" in texts[0]
    assert len([css for css in parsed if "@page" in css]) == 1
    render_document(third, settings, fmt="pdf", locale="en_US")  # another locale, another page footer
    assert len([css for css in parsed if "@page" in css]) == 2


def _own(settings: Settings, tmp_path: Path, style: str) -> Settings:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text(LETTER_WITH.replace("STYLE", style), encoding="utf-8")
    return settings.with_overrides(templates=folder.parent)


@pytest.mark.expect_warnings
def test_a_shared_stylesheet_fetches_only_inside_the_template_folders(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pdf._parsed_style.cache_clear()
    own = _own(settings, tmp_path, '@font-face { font-family: Probe; src: url("file:///etc/hostname"); }')
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    assert "林晓雯" in pdf_text(render_document(document, own, fmt="pdf", locale="zh_CN"))
    blocked = [r.getMessage() for r in caplog.records if r.name == "docgen.pdf"]
    assert any("file:///etc/hostname" in message for message in blocked)


@pytest.mark.parametrize(
    "page",
    [
        "<style>p { color: red !important; }</style><p>x</p>",
        "<style>@import url('a.css');</style>",
        "<style>@counter-style x { system: cyclic; symbols: a; }</style>",
        "<style>p {}</style><style>h1 {}</style>",
        '<style>p {}</style><link rel="stylesheet" href="a.css">',
        '<style media="print">p {}</style>',
    ],
)
def test_a_page_whose_style_ranks_differently_as_a_shared_sheet_keeps_it(page: str) -> None:
    assert pdf._shared_style(page, "file:///t/", (Path("/t"),)) == (page, [])


def test_a_plain_page_style_is_shared() -> None:
    pdf._parsed_style.cache_clear()
    html, sheets = pdf._shared_style(
        "<head><style>p { color: red; }</style></head><p>x</p>", "file:///t/", (Path("/t"),)
    )
    assert html == "<head></head><p>x</p>" and len(sheets) == 1
    assert pdf._shared_style("<style>p { color: red; }</style>", "file:///t/", (Path("/t"),))[1] == sheets
