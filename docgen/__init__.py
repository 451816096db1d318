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

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config import Settings, load_settings
from .documents.common import DocumentModel
from .errors import DocgenError, InvalidData, Problem, VerificationFailed
from .inputs import Record, load_records
from .issuing import Issued, issue, verify
from .pipeline import as_records, render_to_file, validate_records
from .registry import document_types

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


def load(path: str | Path) -> list[Record]:
    return load_records(path)


def validate(
    type_name: str, data: str | Path | Mapping[str, Any], *, settings: Settings | None = None
) -> list[DocumentModel]:
    return validate_records(type_name, as_records(data, type_name), settings or load_settings())


render = render_to_file
