"""Safety from the first line: exact escaping, refused characters, a strict sandbox and a closed fetcher."""

from __future__ import annotations

import copy
import io
import logging
import os
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from docgen.config import Settings
from docgen.errors import InvalidData, TemplateFailure
from docgen.inputs import Record, load_records
from docgen.pipeline import render_document, validate_records
from docgen.render.templates import find_template
from docgen.resources import bundled_templates
from docgen.samples import sample_path

from .textutil import docx_text, html_text, pdf_text

SAMPLE = load_records(sample_path("offer_letter"))[0].data
SPECIALS = 'Tom & Jerry\'s "<Studio>"'
LOOKS_LIKE_MARKUP = "</w:t></w:r><w:r><w:t>{{ 7*7 }} {_{ x }_} {%p if %} <img src=file:///etc/passwd>"


def _letter(settings: Settings, **changes: Any):
    data = copy.deepcopy(SAMPLE)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = data
        for key in parents:
            target = target[key]
        target[last] = value
    [document] = validate_records("offer_letter", [Record(data, "offer.yaml")], settings)
    return document


def _body_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_xml_specials_appear_exactly_in_body_tables_headers_and_properties(settings: Settings) -> None:
    document = _letter(settings, candidate__name=SPECIALS, position__title=SPECIALS, company={"legal_name": SPECIALS})
    content = render_document(document, settings, fmt="docx", locale="zh_CN")
    opened = docx.Document(io.BytesIO(content))
    assert opened.paragraphs[2].text == f"{SPECIALS}："
    assert opened.tables[0].rows[0].cells[1].text == SPECIALS
    assert opened.sections[0].header.paragraphs[1].text == SPECIALS
    assert opened.core_properties.author == SPECIALS


def test_markup_and_jinja_in_data_stay_literal_in_every_format(settings: Settings) -> None:
    document = _letter(settings, candidate__name=LOOKS_LIKE_MARKUP)
    for fmt, extract in (("docx", docx_text), ("html", html_text), ("pdf", pdf_text)):
        text = extract(render_document(document, settings, fmt=fmt, locale="zh_CN"))
        squeezed = "".join(text.split())
        assert "".join(LOOKS_LIKE_MARKUP.split()) in squeezed, fmt
        assert "49" not in squeezed.split("{{7*7}}")[0][-2:], fmt


def test_html_escapes_data(settings: Settings) -> None:
    document = _letter(settings, candidate__name=LOOKS_LIKE_MARKUP)
    html = render_document(document, settings, fmt="html", locale="zh_CN").decode("utf-8")
    assert "<img src=file:///etc/passwd>" not in html
    assert "&lt;img src=file:///etc/passwd&gt;" in html


@pytest.mark.parametrize("typed", ["a\nb\nc", "a\r\nb\r\nc", "a\x0bb\rc"])
def test_line_breaks_become_one_break_each(settings: Settings, typed: str) -> None:
    document = _letter(settings, notes=typed)
    assert document.notes == "a\nb\nc"
    content = render_document(document, settings, fmt="docx", locale="zh_CN")
    [paragraph] = [p for p in docx.Document(io.BytesIO(content)).paragraphs if p.text.startswith("a\n")]
    assert paragraph.text == "a\nb\nc"
    assert paragraph._p.xml.count("<w:br/>") == 2
    html = render_document(document, settings, fmt="html", locale="zh_CN").decode("utf-8")
    assert "a<br>\nb<br>\nc" in html


@pytest.mark.parametrize(
    ("char", "code"),
    [
        ("\x00", "U+0000 (a control character)"),
        ("\x07", "U+0007 (a control character)"),
        ("\x0c", "U+000C (a control character)"),
        ("\x1f", "U+001F (a control character)"),
        ("\ufffe", "U+FFFE (a noncharacter)"),
        ("\ud800", "U+D800 (an unpaired surrogate, e.g. a byte that is not UTF-8)"),
    ],
)
def test_characters_xml_cannot_hold_are_refused_with_the_path(settings: Settings, char: str, code: str) -> None:
    data = copy.deepcopy(SAMPLE)
    data["candidate"]["name"] = f"林{char}晓雯"
    data["benefits"]["other"][1] = f"x{char}"
    with pytest.raises(InvalidData) as caught:
        validate_records("offer_letter", [Record(data, "offer.yaml", 3)], settings)
    assert [str(p) for p in caught.value.problems] == [
        f"offer.yaml:row 3: candidate.name: character {code} at position 2 cannot appear in a document",
        f"offer.yaml:row 3: benefits.other.1: character {code} at position 2 cannot appear in a document",
    ]


def _own_templates(tmp_path: Path, html: str) -> Settings:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text(html, encoding="utf-8")
    return folder.parent


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ doc.__class__ }}",
        "{% set x = doc.candidate.update({'name': 'x'}) %}",
        "{{ secret_variable }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ self._TemplateReference__context }}",
        "{{ range.__self__ }}",
        '{% include "../../../../../../etc/passwd" %}',
        '{% include "/etc/passwd" %}',
        '{% extends "../../outside.html" %}',
    ],
)
def test_hostile_templates_fail_cleanly(settings: Settings, tmp_path: Path, payload: str) -> None:
    folder = _own_templates(tmp_path, f"<p>{payload}</p>")
    own = settings.with_overrides(templates=folder)
    with pytest.raises(TemplateFailure) as caught:
        render_document(_letter(settings), own, fmt="html", locale="zh_CN")
    assert str(folder) in caught.value.message


def test_printing_an_empty_optional_is_an_error(settings: Settings, tmp_path: Path) -> None:
    folder = _own_templates(tmp_path, "<p>{{ doc.notes }}</p>")
    own = settings.with_overrides(templates=folder)
    document = _letter(settings, notes=None)
    with pytest.raises(TemplateFailure, match="empty optional value"):
        render_document(document, own, fmt="html", locale="zh_CN")


def test_office_template_wins_and_can_extend_the_bundled_base(settings: Settings, tmp_path: Path) -> None:
    html = (
        '{% extends "_base/letter.html" %}{% block body %}<p>OUR OWN WORDING {{ doc.candidate.name }}</p>{% endblock %}'
    )
    own = settings.with_overrides(templates=_own_templates(tmp_path, html))
    text = html_text(render_document(_letter(settings), own, fmt="html", locale="zh_CN"))
    assert "OUR OWN WORDING 林晓雯" in text
    docx_content = render_document(_letter(settings), own, fmt="docx", locale="zh_CN")
    assert "林晓雯" in docx_text(docx_content)  # no docx of its own: the bundled one is used


def test_template_symlinked_outside_the_folder_is_refused(settings: Settings, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("<p>{{ doc.candidate.name }}</p>", encoding="utf-8")
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "document.html")
    own = settings.with_overrides(templates=folder.parent)
    with pytest.raises(TemplateFailure, match="outside the templates folder"):
        render_document(_letter(settings), own, fmt="html", locale="zh_CN")
    # A template of its own that includes a part linked out of the folder is refused by the loader too.
    (folder / "document.html").unlink()
    (folder / "document.html").write_text('{% include "offer_letter/part.html" %}', encoding="utf-8")
    os.symlink(outside, folder / "part.html")
    with pytest.raises(TemplateFailure, match="outside the templates folder"):
        render_document(_letter(settings), own, fmt="html", locale="zh_CN")


def test_docx_template_symlinked_outside_the_folder_is_refused(settings: Settings, tmp_path: Path) -> None:
    bundled = find_template("offer_letter", "docx", "zh_CN", None).path  # built from the bundled source
    outside = tmp_path / "outside.docx"
    outside.write_bytes(bundled.read_bytes())
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "document.docx")
    own = settings.with_overrides(templates=folder.parent)
    with pytest.raises(TemplateFailure, match="outside the templates folder"):
        render_document(_letter(settings), own, fmt="docx", locale="zh_CN")
    os.symlink(folder / "document.docx", folder / "document.zh_CN.docx")  # a link within the folder is kept
    (folder / "document.docx").unlink()
    (folder / "document.docx").write_bytes(bundled.read_bytes())
    assert "林晓雯" in docx_text(render_document(_letter(settings), own, fmt="docx", locale="zh_CN"))


HOSTILE_RESOURCES = """{% extends "_base/letter.html" %}{% block body %}
<style>@import url("file:///etc/hostname"); @import url("http://169.254.169.254/latest/meta-data/");</style>
<img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">
<img src="../../outside.png"><img src="offer_letter/../../link.png"><img src="inside.png">
<link rel="attachment" href="file:///etc/passwd">
<p>{{ doc.candidate.name }}</p>{% endblock %}"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.expect_warnings
def test_pdf_fetches_only_inside_the_template_folders(
    settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _own_templates(tmp_path, HOSTILE_RESOURCES)
    (folder / "offer_letter" / "inside.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG)
    os.symlink(tmp_path / "outside.png", folder / "link.png")
    own = settings.with_overrides(templates=folder)
    pdf = render_document(_letter(settings), own, fmt="pdf", locale="zh_CN")
    assert "林晓雯" in pdf_text(pdf)
    blocked = [r.getMessage() for r in caplog.records if r.name == "docgen.pdf"]
    assert any("file:///etc/hostname" in m for m in blocked)
    assert any("file:///etc/passwd" in m for m in blocked)
    assert any("169.254.169.254" in m for m in blocked)
    assert any("outside.png" in m for m in blocked)
    assert any("link.png" in m for m in blocked)
    assert not any("inside.png" in m for m in blocked)
    assert b"/EmbeddedFile" not in pdf


def test_bundled_templates_render_without_fetch_warnings(settings: Settings) -> None:
    # The autouse fixture fails this test on any logged warning.
    assert bundled_templates().is_dir()
    render_document(_letter(settings), settings, fmt="pdf", locale="zh_CN")


def test_log_capture_sees_weasyprint(caplog: pytest.LogCaptureFixture) -> None:
    # Guards the warning checks above: WeasyPrint logs through the standard logging tree.
    logging.getLogger("weasyprint").warning("probe")
    assert [r.getMessage() for r in caplog.records] == ["probe"]
    caplog.clear()
