"""PDF fonts set up once per process: the same text as WeasyPrint's own output, with fonts still subset."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
import textwrap

import pypdf
import pytest

from docgen.config import Settings
from docgen.inputs import load_records
from docgen.outlines import load_outline
from docgen.pipeline import render_document, validate_records
from docgen.render.context import build_context
from docgen.render.environment import shared_environment
from docgen.render.html import render_html
from docgen.render.outline import numbered_clauses
from docgen.render.templates import find_template
from docgen.samples import sample_path

from .conftest import ROOT
from .textutil import pdf_text

# docgen.render is also a function of docgen's API, so the module is imported by name.
pdf_fonts = importlib.import_module("docgen.render.pdf_fonts")


def _render(settings: Settings, type_name: str, locale: str) -> bytes:
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    return render_document(document, settings, fmt="pdf", locale=locale)


def _font_programs(content: bytes) -> dict[str, bytes]:
    """Base font name → the embedded font program."""
    programs = {}
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            stream = (descriptor.get("/FontFile3") or descriptor.get("/FontFile2")).get_object()
            programs[str(font["/BaseFont"])] = stream.get_data()
    return programs


def test_the_font_set_up_applies_to_this_weasyprint(settings: Settings) -> None:
    _render(settings, "offer_letter", "zh_CN")
    assert pdf_fonts.install() is True  # if WeasyPrint changed, check pdf_fonts against it and update CHECKED_VERSIONS


def test_one_family_per_script_in_two_faces_each_a_small_subset(settings: Settings) -> None:
    for locale, family in (
        ("zh_CN", "Noto-Serif-CJK-SC"),
        ("zh_TW", "Noto-Serif-CJK-TC"),
        ("en_US", "Noto-Serif-CJK-SC"),
    ):
        programs = _font_programs(_render(settings, "service_contract", locale))
        assert sorted(name.split("+")[1] for name in programs) == [family, f"{family}-Bold"]
        assert all(len(program) < 2_000_000 for program in programs.values())  # a face's file is 20-27 MB


def test_a_reused_subset_is_the_one_cut_for_the_same_glyphs(settings: Settings) -> None:
    first = _font_programs(_render(settings, "service_contract", "zh_CN"))
    _render(settings, "offer_letter", "zh_CN")
    again = _font_programs(_render(settings, "service_contract", "zh_CN"))
    assert sorted(first.values()) == sorted(again.values())
    assert sorted(first.values()) != sorted(_font_programs(_render(settings, "offer_letter", "zh_CN")).values())


def _font_streams(content: bytes) -> list[pypdf.generic.StreamObject]:
    streams = []
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            streams.append(descriptor["/FontFile3"].get_object())
    return streams


def test_an_offer_letter_is_small(settings: Settings) -> None:
    """Its two CJK faces took 320-350 KB before their CFF programs went through a PNG predictor."""
    for locale in ("zh_CN", "en_US", "zh_TW"):
        assert len(_render(settings, "offer_letter", locale)) < 160_000, locale


def test_the_predictor_leaves_the_font_programs_as_harfbuzz_cut_them(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    predicted = _render(settings, "offer_letter", "zh_TW")
    assert all(stream["/DecodeParms"]["/Predictor"] == 11 for stream in _font_streams(predicted))
    monkeypatch.setattr(pdf_fonts, "_is_cff", lambda content: False)
    monkeypatch.setattr(pdf_fonts, "_COMPRESSED", pdf_fonts._Recent(16))  # compressed with the predictor
    plain = _render(settings, "offer_letter", "zh_TW")
    assert not any("/DecodeParms" in stream for stream in _font_streams(plain))
    programs, cut = _font_programs(predicted), _font_programs(plain)
    assert programs.keys() == cut.keys()
    for name, program in cut.items():
        assert programs[name][: len(program)] == program, name
        filling = programs[name][len(program) :]  # fewer than 3 bytes a 12 KB row
        assert filling == bytes(len(filling)) and len(filling) < 3 * len(program) / 12_000, name


def test_text_equals_weasyprints_own_rendering_of_the_same_html(settings: Settings) -> None:
    """WeasyPrint, untouched, in a fresh process, lays out the HTML docgen renders: same text, page by page."""
    [document] = validate_records("service_contract", load_records(sample_path("service_contract")), settings)
    choice = find_template("service_contract", "pdf", "zh_TW", settings.templates)
    context = build_context(document, settings, locale="zh_TW", fmt="pdf")
    env = shared_environment(choice.search_path)
    context["clauses"] = numbered_clauses(load_outline("service_contract", choice.search_path), env, context)
    html = render_html(choice, context, env)
    script = textwrap.dedent(
        f"""
        import sys
        from weasyprint import HTML
        html = sys.stdin.buffer.read().decode("utf-8")
        sys.stdout.buffer.write(HTML(string=html, base_url="{choice.path.parent.as_uri()}/").write_pdf())
        """
    )
    plain = subprocess.run(
        [sys.executable, "-c", script], input=html.encode("utf-8"), capture_output=True, check=True, cwd=ROOT
    ).stdout
    assert pdf_text(_render(settings, "service_contract", "zh_TW")) == pdf_text(plain)


def test_fonts_are_shared_by_every_pdf_in_the_process(settings: Settings) -> None:
    _render(settings, "offer_letter", "zh_CN")
    configuration = pdf_fonts.font_configuration()
    _render(settings, "offer_letter", "en_US")
    assert pdf_fonts.font_configuration() is configuration
