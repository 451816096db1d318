"""A bundled sample with some fields changed, validated or rendered: the base of the per-type rule tests."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from docgen.config import Settings
from docgen.documents.base import DocumentModel
from docgen.documents.violations import RuleViolation
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import render_document
from docgen.registry import get_type
from docgen.samples import sample_path
from docgen.validation import validate_record

from .textutil import EXTRACT

TODAY = date(2027, 2, 1)
DELETE = object()


def variant(type_name: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The sample's data with each dotted path (list items by index, e.g. kpis.0.target) set, or deleted."""
    data = copy.deepcopy(load_records(sample_path(type_name))[0].data)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target.setdefault(key, {})
        if value is DELETE:
            target.pop(last, None)
        elif isinstance(target, list):
            target[int(last)] = copy.deepcopy(value)
        else:
            target[last] = copy.deepcopy(value)
    return data


def validate(type_name: str, changes: dict[str, Any] | None = None) -> Any:
    record = Record(variant(type_name, changes or {}), f"{type_name}.yaml")
    return validate_record(get_type(type_name), record, today=TODAY)


def problems(type_name: str, changes: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        validate(type_name, changes)
    return [str(problem) for problem in caught.value.problems]


def violation(type_name: str, changes: dict[str, Any]) -> RuleViolation:
    """The one rule the changed sample breaks, as the validator raised it (key and params included)."""
    with pytest.raises(ValidationError) as caught:
        get_type(type_name).model_validate(variant(type_name, changes), context={"today": TODAY})
    [item] = caught.value.errors()
    cause = (item.get("ctx") or {}).get("error")
    assert isinstance(cause, RuleViolation)
    return cause


def text(document: DocumentModel, settings: Settings, locale: str, fmt: str = "html") -> str:
    """The rendered text with all white space removed, for phrase checks."""
    content = render_document(document, settings, fmt=fmt, locale=locale)
    return "".join(EXTRACT[fmt](content).split())
