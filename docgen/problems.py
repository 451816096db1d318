"""Pydantic's validation errors as Problems: file, row, the field's dotted path and a plain message.

Shared by the data (validation), the project file (config) and the templates' own files, below all three.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .documents.violations import RuleViolation
from .errors import Problem
from .text import dotted


def _message(error: Any) -> str:
    if error.get("input", ...) is None and error["type"] != "missing":
        return "empty: give a value"  # e.g. a field left empty in a derived file
    typed = error.get("input")
    if error["type"] in ("decimal_parsing", "int_parsing") and isinstance(typed, str) and "," in typed:
        return f"write {typed.replace(',', '')} without thousands separators"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _path(error: Any) -> str:
    loc = tuple(error["loc"])
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, RuleViolation) and cause.field:
        loc = (*loc, *cause.field.split("."))
    return dotted(loc)


def problems_from_validation_error(error: ValidationError, source: str, row: int | None = None) -> list[Problem]:
    return [Problem(source, _path(item), _message(item), row) for item in error.errors()]
