"""Checking a form's record by the same code as `docgen validate`, each message keyed by its field's dotted name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..citations import citation_check, register_for_validate
from ..config import Settings
from ..documents.base import DocumentModel
from ..documents.violations import RuleViolation
from ..errors import CitationError, InvalidData, Problem
from ..records import Record
from ..registry import get_type
from ..text import dotted
from ..validation import localized_message, validate_record

SOURCE = "<form>"


@dataclass(frozen=True)
class Checked:
    """The valid document (None when there is a problem) and every message by field ("" for the whole form)."""

    document: DocumentModel | None
    messages: dict[str, list[str]] = field(default_factory=dict)


def check_record(
    type_name: str, data: dict[str, Any], settings: Settings, lang: str, *, citations: bool = True
) -> Checked:
    """validate_record, then the citations against the register when one is in use, as `docgen validate` does.

    citations False: a draft's check, as `docgen render` checks (a draft may cite what is not issued yet).
    """
    record = Record(data, SOURCE)
    try:
        document = validate_record(
            get_type(type_name),
            record,
            today=settings.today(),
            minimum_wage=settings.company.minimum_wage,
            type_settings=settings.type_settings(type_name),
        )
    except InvalidData as error:
        return Checked(None, _by_field(error.problems, _localized(type_name, data, settings, lang)))
    if not citations:
        return Checked(document)
    with register_for_validate(settings.database) as (in_use, register):
        try:
            if in_use:
                citation_check(register, settings)(record, document)
        except CitationError as error:
            return Checked(None, {"": [error.message.removeprefix(f"{SOURCE}: ")]})
    return Checked(document)


def _by_field(problems: list[Problem], localized: Mapping[tuple[str, str], str]) -> dict[str, list[str]]:
    messages: dict[str, list[str]] = {}
    for problem in problems:
        text = localized.get((problem.path, problem.message), problem.message)
        messages.setdefault(problem.path, []).append(text)
    return messages


def _localized(type_name: str, data: dict[str, Any], settings: Settings, lang: str) -> dict[tuple[str, str], str]:
    """(field, English message) → the message in the interface language, for each keyed rule that is broken."""
    context = {
        "today": settings.today(),
        "minimum_wage": settings.company.minimum_wage,
        "type_settings": settings.type_settings(type_name),
    }
    try:
        get_type(type_name).model_validate(data, context=context)
    except ValidationError as error:
        found = {}
        for item in error.errors():
            cause = (item.get("ctx") or {}).get("error")
            if isinstance(cause, RuleViolation) and cause.key:
                loc = (*item["loc"], *cause.field.split(".")) if cause.field else tuple(item["loc"])
                wording = localized_message(type_name, cause.key, cause.params, lang, settings.templates)
                found[(dotted(loc), str(cause))] = wording
        return found
    return {}


def filled_names(tree: Mapping[str, Any], prefix: str = "") -> set[str]:
    """The dotted names of a raw form tree that hold a value: what the user has filled in so far."""
    names = set()
    for key, value in tree.items():
        if isinstance(value, Mapping):
            names |= filled_names(value, f"{prefix}{key}.")
        elif value not in ("", "false"):
            names.add(prefix + key)
    return names
