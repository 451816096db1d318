"""What a PDF worker does once per process rather than once per document: the page's stylesheet, its fonts."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from docgen.config import Settings
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

from .conftest import ROOT, SAMPLES
from .textutil import pdf_text

CONFIG = SAMPLES / "docgen.toml"

# docgen.render is also a function of docgen's API, so the module is imported by name.
pdf = importlib.import_module("docgen.render.pdf")
batch = importlib.import_module("docgen.render.pool")

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


LAYOUTS_PER_RENDER = """
import importlib, sys
from weasyprint.text import line_break
from docgen.config import load_settings
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

settings = load_settings(sys.argv[1])
[contract] = validate_records("service_contract", load_records(sample_path("service_contract")), settings)
made = []
measure = line_break.create_layout
line_break.create_layout = lambda *args, **kwargs: made.append(1) or measure(*args, **kwargs)
for _ in range(2):
    made.clear()
    render_document(contract, settings, fmt="pdf", locale="zh_CN")
    print(len(made))
"""


def test_a_text_is_measured_for_sizing_once_per_process() -> None:
    """A second contract in the same process lays out only the lines it shows, not every cell again to size it."""
    done = subprocess.run(
        [sys.executable, "-c", LAYOUTS_PER_RENDER, str(CONFIG)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, second = map(int, done.stdout.split())
    assert second < first * 0.4, (first, second)


SAME_BYTES = """
import hashlib, importlib, sys
from docgen.config import load_settings
from docgen.inputs import load_records
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.samples import sample_path

pdf = importlib.import_module("docgen.render.pdf")
settings = load_settings(sys.argv[1])
if sys.argv[2] == "weasyprint":
    pdf.install_widths = lambda: False
for name in sorted(document_types()):
    [document] = validate_records(name, load_records(sample_path(name)), settings)
    for locale in ("zh_CN", "en_US", "zh_CN"):
        print(name, locale, hashlib.sha256(render_document(document, settings, fmt="pdf", locale=locale)).hexdigest())
"""


def test_widths_measured_once_lay_every_document_out_as_weasyprint_does() -> None:
    """Every type in two scripts, and again after the other locale: the same bytes as WeasyPrint's own sizing."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", SAME_BYTES, str(CONFIG), sizing], capture_output=True, text=True, cwd=ROOT
        )
        for sizing in ("weasyprint", "once")
    ]
    assert all(run.returncode == 0 for run in runs), [run.stderr[-2000:] for run in runs]
    assert runs[0].stdout.splitlines() == runs[1].stdout.splitlines()


def _faces_in_use() -> int:
    """In a worker: the font faces this process has already opened and cut for a PDF."""
    return len(importlib.import_module("docgen.render.pdf_fonts")._FACES)


FIRST_TASK = """
import sys
from docgen.config import load_settings
from docgen.pipeline import rendering
from docgen.render.pool import start_workers
from tests.test_pdf_reuse import _faces_in_use

with start_workers(rendering(load_settings(sys.argv[1]), "zh_CN", ("pdf",)), ("pdf",), 2) as workers:
    print(workers.pool.submit(_faces_in_use).result())
"""


def test_pdf_workers_start_with_the_fonts_open() -> None:
    """The fork server lays out a page before it forks them, so their first document does not open the fonts."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_TASK, str(CONFIG)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert int(done.stdout) >= 2  # regular and bold
