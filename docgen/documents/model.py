"""The strict base model: misspelt fields refused, and dates and numbers read as the person who typed them meant."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

from .violations import RuleViolation

# Every date a document holds lies in this range, so date arithmetic (+N months, +1 day) never overflows.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*")


def _is_number(value: Any) -> bool:
    if isinstance(value, str):
        return _NUMBER.fullmatch(value) is not None
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _date_as_meant(value: Any) -> Any:
    if _is_number(value):
        # Pydantic reads a number as seconds since 1970; an Excel serial date would become January 1970.
        raise RuleViolation.shared("", "date_as_number", value=value)
    return value


def _digits_as_meant(value: Any) -> Any:
    if isinstance(value, str) and not value.isascii():
        # Decimal("８０００") is 8000: accepted silently, a full-width typo would pass unseen.
        raise RuleViolation.shared("", "full_width_digits", value=value)
    return value


def _date_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise RuleViolation.shared("", "date_out_of_range", value=value, first=FIRST_DAY, last=LAST_DAY)
    return value


def _read_as_meant(schema: Any) -> Any:
    """Schema with every date, Decimal and int check wrapped in the rules above, wherever it sits.

    Wrapping the value's own schema, not every field, means the checks run once per date or number
    (a list of dates included) instead of once per field, and a field of any other type pays nothing.
    """
    if isinstance(schema, list):
        return [_read_as_meant(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "date":
        return core_schema.no_info_before_validator_function(
            _date_as_meant, core_schema.no_info_after_validator_function(_date_in_range, schema)
        )
    if kind in ("decimal", "int"):
        return core_schema.no_info_before_validator_function(_digits_as_meant, schema)
    if kind == "model" and (schema.get("metadata") or {}).get(_WRAPPED):
        return schema  # a nested model wrapped its own fields when it was built
    return {key: _read_as_meant(value) for key, value in schema.items()}


# Marks a model's schema as wrapped on the schema itself: a rebuilt schema (model_rebuild(force=True)) is a new,
# unwrapped one, which a mark kept elsewhere (by the model's ref) would wrongly pass over.
_WRAPPED = "docgen_read_as_meant"


class Model(BaseModel):
    """Strict base: a misspelt field is an error, because ignoring it loses data."""

    # defer_build: a command builds the validators of the types it uses, not of all ~60 models at start-up.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /) -> Any:
        schema = _read_as_meant(handler(source))
        if isinstance(schema, dict) and schema.get("type") == "model":
            schema["metadata"] = {**(schema.get("metadata") or {}), _WRAPPED: True}
        return schema
