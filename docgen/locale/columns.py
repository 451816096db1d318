"""Spreadsheet column titles per locale, from the fields: section of templates/<type>/fields.<locale>.yaml.

Each entry maps a field path (with `#` for a list index) of a document type to
the title an office's sheet may use instead, such as 姓名. In a title, {n}
counts the first list's slots from 1 and {m} those of a list inside it:
lines.#.amounts.# may be 项目{n}第{m}期金额.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import product
from pathlib import Path

from . import Locale
from .fields import type_fields

TITLED_LOCALES: tuple[Locale, ...] = ("zh_CN", "zh_TW")
LIST_SLOTS = 20  # list columns a sheet may number: 津贴1名称 … 津贴20名称
COUNTERS = ("n", "m")  # the placeholders of the first and the second list index


def pattern_titles(type_name: str, locale: str, templates: Path | None = None) -> dict[str, str]:
    """The fields file's titles for a type in a locale, by field path pattern (`pay.allowances.#.name`).

    templates is an office's folder, whose fields file for the locale replaces the bundled one.
    """
    return type_fields(type_name, locale, templates).fields


def title_for(type_name: str, path: str, locale: str, templates: Path | None = None) -> str | None:
    """The title of a concrete path (list indices as digits) in a locale, if the fields file has one."""
    if locale not in TITLED_LOCALES:
        return None
    parts = path.split(".")
    pattern = ".".join("#" if part.isdigit() else part for part in parts)
    title = pattern_titles(type_name, locale, templates).get(pattern)
    if title is None:
        return None
    return _numbered(title, [int(part) for part in parts if part.isdigit()])


def _numbered(title: str, indices: list[int] | tuple[int, ...]) -> str:
    return title.format(**{name: index + 1 for name, index in zip(COUNTERS, indices, strict=False)})


def expand(pattern: str, title: str) -> Iterator[tuple[str, str]]:
    """Every (title, concrete path) a pattern's title names, over LIST_SLOTS slots for each list index."""
    parts = pattern.split(".")
    for indices in product(range(LIST_SLOTS), repeat=parts.count("#")):
        slots = iter(indices)
        path = ".".join(str(next(slots)) if part == "#" else part for part in parts)
        yield _numbered(title, indices), path


@cache
def locale_titles(type_name: str, locale: str, templates: Path | None = None) -> dict[str, str]:
    """Every title of the type's fields in one locale → the dotted path."""
    titles: dict[str, str] = {}
    for pattern, title in pattern_titles(type_name, locale, templates).items():
        titles.update(expand(pattern, title))
    return titles


@cache
def column_titles(type_name: str, templates: Path | None = None) -> dict[str, str]:
    """Every title of the type's fields, in every locale that has titles → the dotted path."""
    titles: dict[str, str] = {}
    for locale in TITLED_LOCALES:
        titles.update(locale_titles(type_name, locale, templates))
    return titles


def title_locale(type_name: str, title: str, templates: Path | None = None) -> Locale | None:
    """The first locale whose fields file has this title for the type, or None for a dotted path."""
    return next((locale for locale in TITLED_LOCALES if title in locale_titles(type_name, locale, templates)), None)
