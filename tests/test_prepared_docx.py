"""The prepared DOCX path writes what docxtpl writes, and a template edited on disk is prepared again."""

from __future__ import annotations

import copy
import importlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.config import Settings
from docgen.inputs import Record, load_records
from docgen.locale import LOCALES
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.render.templates import write_built
from docgen.resources import bundled_templates
from docgen.samples import sample_path

from .test_safety import PNG
from .textutil import docx_text

# docgen.render is also a function of docgen's API, so these modules are imported by name.
docx_adapter = importlib.import_module("docgen.render.docx")
pipeline = importlib.import_module("docgen.pipeline")
prepared_docx = importlib.import_module("docgen.render.prepared_docx")

CASES = [(t, locale) for t in sorted(document_types()) for locale in LOCALES]
MODIFIED = re.compile(rb"<dcterms:modified.*?</dcterms:modified>")


def _sample(type_name: str, settings: Settings):
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    return document


def _entries(content: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [(name, MODIFIED.sub(b"", archive.read(name))) for name in archive.namelist()]


def _with_images(settings: Settings, folder: Path) -> Settings:
    (folder / "logo.png").write_bytes(PNG)
    (folder / "seal.png").write_bytes(PNG)
    company = settings.company.model_copy(update={"logo": folder / "logo.png", "seal": folder / "seal.png"})
    return settings.model_copy(update={"company": company})


@pytest.mark.parametrize("images", [False, True], ids=["plain", "logo-and-seal"])
@pytest.mark.parametrize(("type_name", "locale"), CASES, ids=["-".join(c) for c in CASES])
def test_prepared_path_writes_the_parts_docxtpl_writes(
    type_name: str, locale: str, images: bool, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _with_images(settings, tmp_path) if images else settings
    document = _sample(type_name, settings)
    render_document(document, settings, fmt="docx", locale=locale)  # the second rendering reuses the first's work
    prepared = render_document(document, settings, fmt="docx", locale=locale)
    monkeypatch.setattr(docx_adapter, "render_docx", docx_adapter.render_docx_fresh)
    fresh = render_document(document, settings, fmt="docx", locale=locale)
    assert _entries(prepared) == _entries(fresh)


def _other_png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 20), (180, 30, 30)).save(path)
    return path


def test_pictures_of_one_document_never_reach_the_next(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seal of one company, no pictures, another company's seal, only a logo: each as docxtpl would write it."""
    first = _with_images(settings, tmp_path)
    other = first.company.model_copy(update={"seal": _other_png(tmp_path / "other-seal.png")})
    logo_only = first.company.model_copy(update={"seal": None})
    sequence = [
        first,
        settings,
        first.model_copy(update={"company": other}),
        first.model_copy(update={"company": logo_only}),
    ]
    document = _sample("resignation_certificate", settings)
    prepared = [render_document(document, each, fmt="docx", locale="zh_CN") for each in sequence]
    monkeypatch.setattr(docx_adapter, "render_docx", docx_adapter.render_docx_fresh)
    fresh = [render_document(document, each, fmt="docx", locale="zh_CN") for each in sequence]
    for ours, theirs in zip(prepared, fresh, strict=True):
        assert _entries(ours) == _entries(theirs)
    media = [[name for name, _ in _entries(content) if name.startswith("word/media/")] for content in prepared]
    assert [len(names) for names in media] == [1, 0, 2, 1]  # the same PNG as logo and seal is stored once


def test_documents_go_through_the_prepared_template(settings: Settings) -> None:
    document = _sample("offer_letter", settings)
    before = prepared_docx._prepared.cache_info()
    for _ in range(3):
        render_document(document, settings, fmt="docx", locale="zh_CN")
    after = prepared_docx._prepared.cache_info()
    assert after.hits - before.hits >= 2


def _office_templates(tmp_path: Path) -> Path:
    """An office's copy of the offer letter's folder, with the built Chinese templates as files of its own."""
    root = tmp_path / "templates"
    shutil.copytree(bundled_templates() / "offer_letter", root / "offer_letter")
    for path in write_built("offer_letter", None, tmp_path / "built"):
        if ".zh_CN." in path.name:
            shutil.copy(path, root / "offer_letter" / path.name)
    return root


def _replace_in_docx(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            archive.writestr(info, data)


def test_a_docx_template_edited_on_disk_is_prepared_again(settings: Settings, tmp_path: Path) -> None:
    settings = settings.with_overrides(templates=_office_templates(tmp_path))
    document = _sample("offer_letter", settings)
    assert "您好！" in docx_text(render_document(document, settings, fmt="docx", locale="zh_CN"))
    _replace_in_docx(tmp_path / "templates" / "offer_letter" / "document.zh_CN.docx", "您好！", "你好，欢迎！")
    text = docx_text(render_document(document, settings, fmt="docx", locale="zh_CN"))
    assert "你好，欢迎！" in text
    assert "您好！" not in text


def test_an_html_template_edited_on_disk_is_compiled_again(settings: Settings, tmp_path: Path) -> None:
    settings = settings.with_overrides(templates=_office_templates(tmp_path))
    document = _sample("offer_letter", settings)
    template = tmp_path / "templates" / "offer_letter" / "document.zh_CN.html"
    assert b"\xe6\x82\xa8\xe5\xa5\xbd" in render_document(document, settings, fmt="html", locale="zh_CN")  # 您好
    template.write_text(template.read_text(encoding="utf-8").replace("您好！", "你好，欢迎！"), encoding="utf-8")
    html = render_document(document, settings, fmt="html", locale="zh_CN").decode("utf-8")
    assert "你好，欢迎！" in html


def test_an_outline_edited_on_disk_is_read_again(settings: Settings, tmp_path: Path) -> None:
    settings = settings.with_overrides(templates=_office_templates(tmp_path))
    document = _sample("offer_letter", settings)
    assert "一、薪酬待遇" in docx_text(render_document(document, settings, fmt="docx", locale="zh_CN"))
    outline = tmp_path / "templates" / "offer_letter" / "outline.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("style: gbt9704", "style: article"), "utf-8")
    assert "第一条薪酬待遇" in docx_text(render_document(document, settings, fmt="docx", locale="zh_CN"))


def test_rendering_again_adds_no_parts_to_the_prepared_template(settings: Settings, tmp_path: Path) -> None:
    settings = _with_images(settings, tmp_path)
    data = load_records(sample_path("offer_letter"))[0].data
    names = set()
    for index in range(3):
        changed = copy.deepcopy(data)
        changed["candidate"]["name"] = f"林晓雯{index}"
        [document] = validate_records("offer_letter", [Record(changed, "offer.yaml")], settings)
        content = render_document(document, settings, fmt="docx", locale="zh_CN")
        names.add(tuple(zipfile.ZipFile(io.BytesIO(content)).namelist()))
        assert f"林晓雯{index}" in docx_text(content)
        assert len(docx.Document(io.BytesIO(content)).inline_shapes) == 1
    assert len(names) == 1
