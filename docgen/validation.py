"""Records to validated models, with every problem collected and located.

All problems of one record are reported together, each as
`FILE[:row N]: path.to.field: message`, so a user fixes a file in one pass.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from .documents.common import DocumentModel, RuleViolation
from .errors import InvalidData, Problem
from .inputs import Record
from .text import dotted, forbidden_character, normalise_tree, walk_strings


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


def text_problems(record: Record) -> list[Problem]:
    """Characters no document can hold, each reported against its field."""
    problems = []
    for path, text in walk_strings(record.data):
        reason = forbidden_character(text)
        if reason:
            problems.append(record.problem(dotted(path), f"character {reason} cannot appear in a document"))
    return problems


def validate_record(
    model: type[DocumentModel],
    record: Record,
    *,
    today: date,
    minimum_wage: Decimal | None = None,
) -> DocumentModel:
    """Validate one record against a type's model, or raise InvalidData with every problem."""
    problems = text_problems(record)
    context = {"today": today, "minimum_wage": minimum_wage}
    try:
        document = model.model_validate(normalise_tree(record.data), context=context)
    except ValidationError as error:
        # A field already refused for its characters needs no second message about them.
        refused = {problem.path for problem in problems}
        problems += [
            problem
            for problem in problems_from_validation_error(error, record.source, record.row)
            if problem.path not in refused
        ]
    if problems:
        raise InvalidData(problems)
    return document
