"""Rendering: one sandboxed environment, one adapter per format, atomic output; and the one type naming a format."""

from __future__ import annotations

from typing import Literal, get_args

from ..errors import UsageError

Format = Literal["docx", "html", "pdf"]
FORMATS: tuple[Format, ...] = get_args(Format)


def as_format(value: str, what: str = "format") -> Format:
    """value as a Format, or a UsageError naming what gave it (an option such as --format, or "format")."""
    if value not in FORMATS:
        raise UsageError.not_one_of(what, value, FORMATS)
    return value
