"""The flow of one document: load, validate, build the context, render, write.

The CLI and the public API both call these functions; neither prints here.
"""

from __future__ import annotations

import contextlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from lxml import etree

from .config import Settings, load_settings
from .documents.base import DocumentModel
from .errors import DocumentTooLarge, TemplateFailure, UsageError
from .files import write_atomically
from .locale import Locale, as_locale
from .outlines import load_outline, signed_clauses
from .outside import keep_type_folders
from .render import FORMATS, Format, as_format
from .render.clause_text import clause_texts
from .render.context import build_context
from .render.environment import range_budget, shared_environment
from .render.guard import run_guarded
from .render.html import render_html
from .render.outline import numbered_clauses
from .render.templates import find_template, search_path
from .validation import as_records, count_valid, each_record, validate_records

if TYPE_CHECKING:
    from .render.pool import Work

__all__ = [
    "FORMATS",
    "OUTLINE",
    "as_records",
    "count_valid",
    "each_record",
    "render_document",
    "render_formats",
    "render_to_file",
    "rendering",
    "rendering_to_issue",
    "validate_records",
]


def render_document(
    document: DocumentModel, settings: Settings, *, fmt: Format, locale: Locale, number: str | None = None
) -> bytes:
    """One document in one format; number None renders a draft.

    An office's own templates (settings.templates) are untrusted: they render
    in a child process with memory and time limits (see render.guard).
    """
    fmt, locale = as_format(fmt), as_locale(locale)
    if settings.templates is not None:
        return run_guarded(_render, document, settings, fmt, locale, number)
    return _render(document, settings, fmt, locale, number)


def render_formats(
    document: DocumentModel, number: str | None, *, settings: Settings, locale: Locale, formats: tuple[Format, ...]
) -> dict[str, bytes]:
    """Every format of one document: the work of a batch's workers."""
    return {fmt: render_document(document, settings, fmt=fmt, locale=locale, number=number) for fmt in formats}


def rendering(settings: Settings, locale: Locale, formats: Sequence[Format]) -> Work:
    """The work a batch hands its worker pool: a partial of a module-level function, so that it pickles."""
    return partial(render_formats, settings=settings, locale=locale, formats=tuple(formats))


OUTLINE = "outline"  # among an issue's rendered formats: the clauses the register keeps (JSON), not a file


def render_to_issue(
    document: DocumentModel, number: str | None, *, settings: Settings, locale: Locale, formats: tuple[Format, ...]
) -> dict[str, bytes]:
    """Every format of one document to issue and, under OUTLINE, its numbered clauses with their text.

    The clause text comes from the HTML in the issue's locale, rendered for it when no HTML is asked for:
    the register keeps what the document said whatever the formats. A type with a Word-only template of
    the office's own has no HTML: its clauses are kept without their text.
    """
    contents = render_formats(document, number, settings=settings, locale=locale, formats=formats)
    arguments = (document, settings, locale, number, contents.get("html"))
    guarded = settings.templates is not None  # an office's templates and outline.yaml run under the render limits
    contents[OUTLINE] = run_guarded(_signed, *arguments) if guarded else _signed(*arguments)
    return contents


def rendering_to_issue(settings: Settings, locale: Locale, formats: Sequence[Format]) -> Work:
    """The work of an issue's worker pool: rendering, plus the clauses the register keeps (see render_to_issue)."""
    return partial(render_to_issue, settings=settings, locale=locale, formats=tuple(formats))


def _signed(
    document: DocumentModel, settings: Settings, locale: Locale, number: str | None, html: bytes | None
) -> bytes:
    """The document's clauses as signed_clauses gives them, numbered as its templates number them, as JSON.

    html None: none was asked for, so it is rendered here (in the same guarded child as the numbering).
    """
    if html is None:
        with contextlib.suppress(TemplateFailure):  # no HTML template (a Word-only one): the clauses without text
            html = _render(document, settings, "html", locale, number)
    folders = search_path(settings.templates)
    loaded = load_outline(document.type_name, folders)
    numbered: dict[str, dict[str, Any]] = {}
    if loaded is not None:
        context = build_context(document, settings, locale=locale, fmt="html", number=number)
        with range_budget():
            numbered = numbered_clauses(loaded, shared_environment(folders), context)
    clauses = signed_clauses(loaded, numbered, clause_texts(html.decode("utf-8")) if html else {})
    return json.dumps(clauses, ensure_ascii=False).encode("utf-8")


def _render(document: DocumentModel, settings: Settings, fmt: Format, locale: Locale, number: str | None) -> bytes:
    keep_type_folders(settings.type_folders)  # a worker finds an outside type's templates where its settings say
    choice = find_template(document.type_name, fmt, locale, settings.templates)
    context = build_context(document, settings, locale=locale, fmt=fmt, number=number)
    env = shared_environment(choice.search_path)
    with range_budget():
        try:
            context["clauses"] = numbered_clauses(load_outline(document.type_name, choice.search_path), env, context)
            if fmt == "docx":
                from .render.docx import render_docx  # python-docx loads only when a DOCX is asked for

                images = {"logo": settings.company.logo, "seal": settings.company.seal}
                return render_docx(choice, context, env, images)
            if fmt == "pdf":
                from .render.pdf import render_pdf  # WeasyPrint loads only when a PDF is asked for

                return render_pdf(choice, context, env)
            return render_html(choice, context, env).encode("utf-8")
        except jinja2.TemplateError as error:
            raise TemplateFailure("{path}: {detail}", path=choice.path, detail=_describe(error)) from None
        except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as error:
            raise TemplateFailure(
                "{path}: not a usable {fmt} template ({detail})", path=choice.path, fmt=fmt, detail=error
            ) from None


def _describe(error: jinja2.TemplateError) -> str:
    line = getattr(error, "lineno", None)
    where = f"line {line}: " if line else ""
    return f"{where}{error.message or type(error).__name__}"


def render_to_file(
    type_name: str,
    data: str | Path | Mapping[str, Any],
    *,
    fmt: Format,
    output: str | Path,
    locale: Locale | None = None,
    force: bool = False,
    settings: Settings | None = None,
) -> Path:
    """Validate exactly one record and write it as a draft, atomically."""
    settings = settings or load_settings()
    records = as_records(data, type_name, templates=settings.templates)
    if len(records) != 1:
        raise UsageError(
            "{source}: --output takes exactly one record, found {count}", source=records[0].source, count=len(records)
        )
    document = validate_records(type_name, records, settings)[0]
    try:
        content = render_document(document, settings, fmt=fmt, locale=locale or settings.locale)
    except DocumentTooLarge as error:  # the record is too large, so name it, as a batch does
        raise DocumentTooLarge("{source}: {detail}", source=records[0].source, detail=error.said) from None
    return write_atomically(Path(output), content, force=force)
