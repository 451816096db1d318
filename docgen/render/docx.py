"""DOCX output: docxtpl with docgen's sandboxed environment; properties set in code afterwards.

Documents go through the template prepared once per process (prepared_docx),
which makes the same XML as a fresh DocxTemplate much faster. A document with
charts (a new picture each time) or a template with footnotes takes docxtpl's
own path, with a fresh DocxTemplate.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .. import clock
from .prepared_docx import prepared_docx
from .templates import TemplateChoice

_IMAGE_WIDTHS = {"logo": Mm(30), "seal": Mm(40)}
_CHART_WIDTH = Mm(165)


def _images(template: DocxTemplate, paths: dict[str, Path | None]) -> dict[str, InlineImage | None]:
    return {
        key: InlineImage(template, str(path), width=_IMAGE_WIDTHS[key]) if path else None for key, path in paths.items()
    }


def _charts(template: DocxTemplate, charts: dict[str, bytes]) -> dict[str, InlineImage]:
    return {key: InlineImage(template, io.BytesIO(png), width=_CHART_WIDTH) for key, png in charts.items()}


def _set_properties(template: DocxTemplate, context: dict[str, Any]) -> None:
    # Never templated: docxtpl would escape these a second time.
    meta = context["meta"]
    properties = template.docx.core_properties
    properties.title = f"{meta['title']} {meta['number']}"
    properties.subject = meta["title"]
    properties.author = context["company"]["legal_name"]
    properties.identifier = "" if meta["draft"] else meta["number"]
    properties.language = meta["locale"].replace("_", "-")
    properties.keywords = meta["draft_label"] if meta["draft"] else ""
    properties.comments = ""
    properties.last_modified_by = ""
    properties.modified = clock.now()


def render_docx(
    choice: TemplateChoice,
    context: dict[str, Any],
    env: ImmutableSandboxedEnvironment,
    image_paths: dict[str, Path | None],
) -> bytes:
    if not context["charts"]:
        prepared = prepared_docx(choice.path, env, choice.search_path)
        if prepared.supported:
            images = _images(prepared.template, image_paths)
            return prepared.render(context | {"images": images, "charts": {}}, lambda t: _set_properties(t, context))
    return render_docx_fresh(choice, context, env, image_paths)


def render_docx_fresh(
    choice: TemplateChoice,
    context: dict[str, Any],
    env: ImmutableSandboxedEnvironment,
    image_paths: dict[str, Path | None],
) -> bytes:
    """docxtpl's own path: a fresh DocxTemplate read, patched, compiled and rendered for this document."""
    template = DocxTemplate(str(choice.path))
    docx_context = context | {"images": _images(template, image_paths), "charts": _charts(template, context["charts"])}
    template.render(docx_context, jinja_env=env, autoescape=True)
    _set_properties(template, context)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
