"""Pydantic's validation errors as Problems: file, row, the field's dotted path and a plain message.

Shared by the data (validation), the project file (config) and the templates' own files, below all three.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import ValidationError
from pydantic_core._pydantic_core import list_all_errors

from .documents.violations import RuleViolation
from .errors import Problem, Wording
from .text import dotted

EMPTY = "empty: give a value"
THOUSANDS = "write {value} without thousands separators"


@cache
def pydantic_templates() -> dict[str, str]:
    """Each Pydantic error type's English message template: the msgid its messages are translated by."""
    return {item["type"]: item["message_template_python"] for item in list_all_errors()}


def _wording(error: Any) -> Wording | None:
    """The message as template and values, to translate; None for a plain ValueError (no key to translate by)."""
    if error.get("input", ...) is None and error["type"] != "missing":
        return Wording(EMPTY)  # e.g. a field left empty in a derived file
    typed = error.get("input")
    if error["type"] in ("decimal_parsing", "int_parsing") and isinstance(typed, str) and "," in typed:
        return Wording.of(THOUSANDS, value=typed.replace(",", ""))
    if error["type"] in ("value_error", "assertion_error"):
        return None
    # The values only: an exception in the context (a validator's) is not a value, and need not cross processes.
    context = {key: value for key, value in (error.get("ctx") or {}).items() if not isinstance(value, BaseException)}
    if isinstance(context.get("expected"), str):
        context["expected"] = _choices(context["expected"])
    return Wording.of(pydantic_templates().get(error["type"], str(error["msg"])), **context)


def _choices(expected: str) -> Wording | str:
    """Pydantic's "'a', 'b' or 'c'" with its English "or" as a wording of its own, so that it is translated too."""
    if " or " not in expected:
        return expected
    head, last = expected.rsplit(" or ", 1)
    return Wording.of("{choices} or {last}", choices=head, last=last)


def _message(error: Any, wording: Wording | None) -> str:
    if wording is not None and wording.template in (EMPTY, THOUSANDS):
        return str(wording)
    return str(error["msg"]).removeprefix("Value error, ")


def _problem(error: Any, source: str, row: int | None, type_name: str) -> Problem:
    """One error as a Problem; a validator's rule (a RuleViolation with a key) keeps its key for its type's words."""
    cause = (error.get("ctx") or {}).get("error")
    wording = _wording(error)
    if isinstance(cause, RuleViolation) and cause.key and type_name:
        rule = Wording.of(cause.key, **cause.params)
        return Problem(source, _path(error), _message(error, wording), row, rule, type_name)
    return Problem(source, _path(error), _message(error, wording), row, wording)


def _path(error: Any) -> str:
    loc = tuple(error["loc"])
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, RuleViolation) and cause.field:
        loc = (*loc, *cause.field.split("."))
    return dotted(loc)


def problems_from_validation_error(
    error: ValidationError, source: str, row: int | None = None, type_name: str = ""
) -> list[Problem]:
    """Every error as a Problem; type_name: the document type validated, whose fields files word its rules."""
    return [_problem(item, source, row, type_name) for item in error.errors()]
