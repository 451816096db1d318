"""Locales docgen writes in, the one type that names them, and the Babel locale behind each."""

from __future__ import annotations

from typing import Literal, get_args

from ..errors import UsageError

Locale = Literal["zh_CN", "en_US", "zh_TW"]
LOCALES: tuple[Locale, ...] = get_args(Locale)
# Babel names Taiwan's locale by script; zh_TW alone would still resolve, but say it.
BABEL_LOCALES = {"zh_CN": "zh_Hans_CN", "en_US": "en_US", "zh_TW": "zh_Hant_TW"}


def as_locale(value: str, what: str = "locale") -> Locale:
    """value as a Locale, or a UsageError naming what gave it (an option such as --locale, or "locale")."""
    if value not in LOCALES:
        raise UsageError.not_one_of(what, value, LOCALES)
    return value
