"""Layout: text too long for its column wraps inside the page, in every type, locale and format.

A record built from each sample, with every free-text field as long as its cap
allows (2,000 characters, or 200 for a short field) and without a single space,
must render to a PDF whose every word lies inside its page and which shows every
character the HTML holds; and every DOCX table must have a fixed layout, so Word
wraps such a run inside its column rather than widening the table past the page.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import Settings
from docgen.errors import DocumentTooLarge, InvalidData
from docgen.inputs import Record, load_records
from docgen.locale import LOCALES
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.render import pdf
from docgen.samples import sample_path

from .textutil import html_text

TYPES = sorted(document_types())
RUN = "W"  # the widest Latin letter, and a run with no break opportunity in it
CAPS = (2000, 200)  # a long free-text field's cap, then a short one's
PROFILE = {"legal_name": "x", "address": "x", "phone": "x"}  # the letterhead, given by the data

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>')


def _valid(type_name: str, data: dict[str, Any], settings: Settings) -> bool:
    try:
        validate_records(type_name, [Record(data, "x")], settings)
    except InvalidData:
        return False
    return True


def _lengthen(type_name: str, data: dict[str, Any], settings: Settings, node: Any) -> None:
    """Every string in node that validates as a run of RUN becomes the longest such run its cap allows."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        if not isinstance(value, str):
            _lengthen(type_name, data, settings, value)
            continue
        for length in CAPS:
            node[key] = RUN * length
            if _valid(type_name, data, settings):
                break
        else:
            node[key] = value  # not free text: a date, a code, a choice, a number


_LONG: dict[str, Any] = {}  # built once per type: each locale and format renders the same record


def _long_record(type_name: str, settings: Settings) -> Any:
    if type_name not in _LONG:
        _LONG[type_name] = _build_long_record(type_name, settings)
    return _LONG[type_name]


def _build_long_record(type_name: str, settings: Settings) -> Any:
    data = copy.deepcopy(load_records(sample_path(type_name))[0].data)
    data["company"] = {**PROFILE, **data.get("company", {})}
    if not _valid(type_name, data, settings):
        del data["company"]  # this type takes its company from the profile only
    _lengthen(type_name, data, settings, data)
    return validate_records(type_name, [Record(data, f"{type_name}.yaml")], settings)[0]


def _words(pdf_bytes: bytes) -> list[tuple[float, float, float, float, float, float, str]]:
    """Every word pdftotext finds: its page's width and height, its box, its text."""
    result = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    words = []
    for width, height, body in PAGE.findall(result.stdout.decode("utf-8")):
        for box in WORD.findall(body):
            words.append((float(width), float(height), *map(float, box[:4]), box[4]))
    return words


def _outside(word: tuple[float, float, float, float, float, float, str]) -> bool:
    width, height, left, top, right, bottom, _ = word
    return left < 0 or top < 0 or right > width + 0.01 or bottom > height + 0.01


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_long_runs_wrap_inside_the_pdf_page(type_name: str, locale: str, settings: Settings) -> None:
    document = _long_record(type_name, settings)
    words = _words(render_document(document, settings, fmt="pdf", locale=locale))
    outside = [word[-1][:30] for word in words if _outside(word)]
    assert not outside, f"{len(outside)} words run off the page, e.g. {outside[:3]}"
    shown = sum(word[-1].count(RUN) for word in words)
    html = html_text(render_document(document, settings, fmt="html", locale=locale))
    assert shown == html.count(RUN) > 2000, "characters of the long runs are missing from the PDF"


@pytest.mark.parametrize("type_name", TYPES)
def test_only_a_long_run_lays_the_pdf_tables_out_at_fixed_widths(type_name: str, settings: Settings) -> None:
    """Automatic widths keep a normal document as it was; a long run needs fixed ones to lay out in time."""
    [sample] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    for locale in LOCALES:
        assert not pdf.LONG_RUN.search(render_document(sample, settings, fmt="html", locale=locale).decode())
    long_html = render_document(_long_record(type_name, settings), settings, fmt="html", locale="en_US")
    assert pdf.LONG_RUN.search(long_html.decode())


@pytest.mark.parametrize("type_name", TYPES)
def test_every_docx_table_has_a_fixed_layout_and_column_widths(type_name: str, settings: Settings) -> None:
    content = render_document(_long_record(type_name, settings), settings, fmt="docx", locale="zh_CN")
    tables = docx.Document(io.BytesIO(content)).element.body.iter(qn("w:tbl"))
    for table in tables:
        layout = table.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        widths = [column.get(qn("w:w")) for column in table.iter(qn("w:gridCol"))]
        assert widths and all(width and int(width) > 500 for width in widths), widths  # > 0.9 cm each


def _huge_offer(settings: Settings) -> Any:
    """An offer letter within today's caps: two lists of 1,000 items of 2,000 characters each."""
    data = copy.deepcopy(load_records(sample_path("offer_letter"))[0].data)
    data["benefits"]["other"] = ["福利说明" * 500] * 1000
    data["documents_to_bring"] = ["材料清单" * 500] * 1000
    return validate_records("offer_letter", [Record(data, "offer.yaml")], settings)[0]


def test_a_pdf_past_the_page_limit_stops_with_a_clear_error(settings: Settings) -> None:
    with pytest.raises(
        DocumentTooLarge, match=r"the offer_letter PDF would have more than 200 pages; the limit is 200"
    ):
        render_document(_huge_offer(settings), settings, fmt="pdf", locale="zh_CN")
    assert not pdf._BUDGETS  # the next document, in this thread or another, starts with its own budget


def test_a_pdf_past_the_time_limit_stops_with_a_clear_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "MAX_SECONDS", 0)
    with pytest.raises(DocumentTooLarge, match=r"the offer_letter PDF took more than 0 s to lay out and was stopped"):
        render_document(_huge_offer(settings), settings, fmt="pdf", locale="zh_CN")


def test_the_command_line_names_the_record_and_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)  # the sample offer letter has 2 pages
    data, output = str(sample_path("offer_letter")), tmp_path / "offer.pdf"
    result = CliRunner().invoke(
        app, ["render", "offer_letter", data, "-f", "pdf", "--locale", "zh_CN", "-o", str(output)]
    )
    assert result.exit_code == 1 and not output.exists()
    assert result.stderr.splitlines() == [
        f"docgen: error: {data}: the offer_letter PDF would have more than 1 pages; the limit is 1"
    ]
