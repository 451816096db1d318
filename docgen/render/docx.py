"""DOCX output: docxtpl with docgen's sandboxed environment; properties set in code afterwards."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import ImmutableSandboxedEnvironment

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
    properties.modified = datetime.now(UTC)


def render_docx(
    choice: TemplateChoice,
    context: dict[str, Any],
    env: ImmutableSandboxedEnvironment,
    image_paths: dict[str, Path | None],
) -> bytes:
    template = DocxTemplate(str(choice.path))
    docx_context = context | {"images": _images(template, image_paths), "charts": _charts(template, context["charts"])}
    template.render(docx_context, jinja_env=env, autoescape=True)
    _set_properties(template, context)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
