"""Labels of choice codes per locale, from catalogs/choices.<locale>.po.

A sheet may name a choice by its code (`fixed_term`) or by its label in any
titled locale (固定期限, 定期). A cell is matched after NFKC, so a code typed
with full-width letters (ＣＮ) is still the code; otherwise the match is exact.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from . import Locale
from .columns import TITLED_LOCALES, po_entries


@cache
def _labels(locale: Locale) -> dict[str, str]:
    return {code: label for (_, code), label in po_entries("choices", locale).items()}


def choice_labels(codes: tuple[str, ...], locale: Locale) -> list[str]:
    """What a sheet in the locale offers for a choice: the codes' labels, or the codes where it has none (en_US)."""
    if locale not in TITLED_LOCALES:
        return list(codes)
    return [_labels(locale).get(code, code) for code in codes]


def choice_code(codes: tuple[str, ...], text: str) -> str | None:
    """The code a cell names by code or by label, or None when it names none of them."""
    text = unicodedata.normalize("NFKC", text)

    if text in codes:
        return text
    return next((code for locale in TITLED_LOCALES for code in codes if _labels(locale).get(code) == text), None)
