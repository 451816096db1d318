"""Labels of choice codes per locale, from the choices: section of templates/<type>/fields.<locale>.yaml.

A sheet may name a choice by its code (`fixed_term`) or by its label in any
titled locale (固定期限, 定期). A cell is matched after NFKC, so a code typed
with full-width letters (ＣＮ) is still the code; otherwise the match is exact.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from .columns import TITLED_LOCALES
from .fields import type_fields


@cache
def _labels(type_name: str, locale: str, templates: Path | None) -> dict[str, str]:
    """Code → label over all the type's choice fields: a code means the same in every field of a type."""
    choices = type_fields(type_name, locale, templates).choices
    return {code: label for labels in choices.values() for code, label in labels.items()}


def choice_labels(type_name: str, codes: tuple[str, ...], locale: str, templates: Path | None = None) -> list[str]:
    """What a sheet in the locale offers for a choice: the codes' labels, or the codes where it has none (en_US)."""
    if locale not in TITLED_LOCALES:
        return list(codes)
    return [_labels(type_name, locale, templates).get(code, code) for code in codes]


def choice_code(type_name: str, codes: tuple[str, ...], text: str, templates: Path | None = None) -> str | None:
    """The code a cell names by code or by label, or None when it names none of them."""
    text = unicodedata.normalize("NFKC", text)

    if text in codes:
        return text
    labels = [_labels(type_name, locale, templates) for locale in TITLED_LOCALES]
    return next((code for by_code in labels for code in codes if by_code.get(code) == text), None)
