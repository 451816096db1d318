"""The render context: the only data templates see, as plain dicts, strings, Decimals and dates.

Top-level keys (a template may use these and nothing else):
- doc:       the validated document, fields and computed fields, as nested dicts
- company:   the company profile with the document's overrides applied
             (legal_name, uscc, address, phone, bank)
- signatory: who signs for the company (name, title): the document's own, else the profile's
             signatory for the type's kind
- meta:      type, title, locale, format, draft (bool), number (the document
             number, or a placeholder on a draft), draft_label, page_css (the page
             footer as CSS content), labels (docgen's own labels in the locale)
- images:    logo and seal: a data: URI in HTML/PDF, an image in DOCX, or None
- clauses:   clause key → {on, label, ref}, numbered from the type's outline.yaml
             (see docgen.locale.clauses); empty when the type has no outline
- charts:    chart key → the chart from the model's chart_specs(), worded by the fields file: a data: URI of
             an SVG in HTML/PDF, an image in DOCX (PNG); empty when it has none
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..config import Settings
from ..documents.base import DocumentModel
from ..documents.charts import ChartWords
from ..locale import Locale, fields
from ..locale.labels import labels as locale_labels
from . import Format
from .charts import draw, svg_data_uri

CONTEXT_KEYS = frozenset({"doc", "company", "signatory", "meta", "images", "clauses", "charts"})


def _company(document: DocumentModel, settings: Settings) -> dict[str, Any]:
    profile = settings.company.model_dump(exclude={"logo", "seal", "signatory", "signatories", "minimum_wage"})
    overrides = document.company.model_dump(exclude_none=True)
    return profile | overrides


def _signatory(document: DocumentModel, settings: Settings) -> dict[str, Any]:
    """The document's own signatory, else the profile's for the type's kind (commercial, hr or finance)."""
    return (document.signatory or settings.company.signatory_for(document.kind)).model_dump()


def page_css(label: str) -> Markup:
    """A page label such as "Page {page} of {pages}" as a CSS content value."""
    parts = label.replace("{pages}", "\0pages\0").replace("{page}", "\0page\0").split("\0")
    pieces = [f"counter({part})" if part in ("page", "pages") else f'"{part}"' for part in parts if part]
    return Markup(" ".join(pieces))


def _type_settings(document: DocumentModel, settings: Settings) -> dict[str, Any]:
    """The type's own settings from [types.<type_name>], for templates as meta.settings; empty when it takes none."""
    own = settings.type_settings(document.type_name)
    return own.model_dump(mode="python") if own is not None else {}


def _meta(document: DocumentModel, locale: Locale, fmt: Format, number: str | None, settings: Settings) -> dict[str, Any]:
    labels = locale_labels(locale)
    return {
        "type": document.type_name,
        "title": fields.title(document.type_name, locale, document.title_variant(), settings.templates),
        "settings": _type_settings(document, settings),
        "locale": locale,
        "format": fmt,
        "draft": number is None,
        "number": number or labels["number_placeholder"],
        "draft_label": labels["draft"],
        "page_css": page_css(labels["page"]),
        "labels": labels,
    }


def data_uri(path: Path | None) -> str | None:
    if path is None:
        return None
    data = path.read_bytes()
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def chart_words(type_name: str, locale: str, templates: Path | None = None) -> dict[str, ChartWords]:
    """The charts: section of the type's fields file in the locale, as the model's chart_specs() takes it."""
    charts = fields.type_fields(type_name, locale, templates).charts
    return {
        key: ChartWords(words["title"], tuple(words["series"]), tuple(words.get("categories", ())))
        for key, words in charts.items()
    }


def _charts(document: DocumentModel, locale: Locale, fmt: Format, templates: Path | None) -> dict[str, Any]:
    """SVG data: URIs for HTML and PDF; PNG bytes for DOCX, which the DOCX adapter turns into images."""
    specs = document.chart_specs(chart_words(document.type_name, locale, templates))
    if fmt == "docx":
        return {key: draw(spec, locale, "png") for key, spec in specs.items()}
    return {key: svg_data_uri(spec, locale) for key, spec in specs.items()}


def build_context(
    document: DocumentModel, settings: Settings, *, locale: Locale, fmt: Format, number: str | None = None
) -> dict[str, Any]:
    """Everything a template may use; number None means a draft."""
    return {
        "doc": document.model_dump(mode="python"),
        "company": _company(document, settings),
        "signatory": _signatory(document, settings),
        "meta": _meta(document, locale, fmt, number, settings),
        "images": {"logo": data_uri(settings.company.logo), "seal": data_uri(settings.company.seal)},
        "clauses": {},
        "charts": _charts(document, locale, fmt, settings.templates),
    }
