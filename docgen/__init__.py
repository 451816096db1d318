"""docgen: validated business data to numbered, localized DOCX, HTML and PDF documents.

The public API mirrors the CLI:
- load(path): the records in a YAML or JSON data file
- validate(type_name, data): validated documents, or InvalidData with every problem
- render(type_name, data, fmt=..., output=...): one draft written atomically
- issue(type_name, data, formats=[...], output_dir=...): numbered, registered documents
- verify(path): the register entry of an unaltered issued file, or VerificationFailed
- document_types(): every registered type by name
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The subpackage docgen.render first: importing it sets the attribute `render`, which the
# function render below must then replace, as the API's name for one draft.
from . import render as _render_package  # noqa: F401

if TYPE_CHECKING:
    from .config import Settings, load_settings
    from .documents.base import DocumentModel
    from .errors import DocgenError, InvalidData, Problem, VerificationFailed
    from .issuing import Issued, issue, verify
    from .locale import Locale
    from .records import Record
    from .registry import document_types
    from .render import Format

# Each name is imported when first used, so that `import docgen.x` (a worker, `docgen --help`)
# does not load the register, the flow and every format's library with it.
_HOMES = {
    "DocgenError": "errors",
    "DocumentModel": "documents.base",
    "InvalidData": "errors",
    "Issued": "issuing",
    "Problem": "errors",
    "Record": "records",
    "Settings": "config",
    "VerificationFailed": "errors",
    "document_types": "registry",
    "issue": "issuing",
    "load_settings": "config",
    "verify": "issuing",
}

__all__ = [
    "DocgenError",
    "DocumentModel",
    "InvalidData",
    "Issued",
    "Problem",
    "Record",
    "Settings",
    "VerificationFailed",
    "document_types",
    "issue",
    "load",
    "load_settings",
    "render",
    "validate",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def load(path: str | Path) -> list[Record]:
    from .inputs import load_records

    return load_records(path)


def validate(
    type_name: str, data: str | Path | Mapping[str, Any], *, settings: Settings | None = None
) -> list[DocumentModel]:
    from .config import load_settings
    from .pipeline import as_records, validate_records

    settings = settings or load_settings()
    return validate_records(type_name, as_records(data, type_name, templates=settings.templates), settings)


def render(
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
    from .pipeline import render_to_file

    return render_to_file(type_name, data, fmt=fmt, output=output, locale=locale, force=force, settings=settings)
