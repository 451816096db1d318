"""Locales docgen writes in, and the Babel locale behind each."""

from __future__ import annotations

from typing import Literal

LocaleName = Literal["zh_CN", "en_US", "zh_TW"]
LOCALES: tuple[str, ...] = ("zh_CN", "en_US", "zh_TW")
# Babel names Taiwan's locale by script; zh_TW alone would still resolve, but say it.
BABEL_LOCALES = {"zh_CN": "zh_Hans_CN", "en_US": "en_US", "zh_TW": "zh_Hant_TW"}
