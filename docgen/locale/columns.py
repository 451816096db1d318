"""Spreadsheet column titles per locale, from catalogs/columns.<locale>.po.

Each entry maps a field path (msgid, with `#` for a list index) of a document
type (msgctxt) to the title an office's sheet may use instead, such as 姓名.
In a title, {n} counts the first list's slots from 1 and {m} those of a list
inside it: lines.#.budget.# may be 项目{n}第{m}期预算.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import product

from babel.messages.pofile import read_po

from . import Locale
from .labels import CATALOGS

TITLED_LOCALES: tuple[Locale, ...] = ("zh_CN", "zh_TW")
LIST_SLOTS = 20  # list columns a sheet may number: 津贴1名称 … 津贴20名称
COUNTERS = ("n", "m")  # the placeholders of the first and the second list index


@cache
def po_entries(name: str, locale: Locale) -> dict[tuple[str, str], str]:
    """catalogs/<name>.<locale>.po as (msgctxt, msgid) → msgstr, leaving out untranslated entries."""
    with (CATALOGS / f"{name}.{locale}.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {(str(m.context), str(m.id)): str(m.string) for m in catalog if m.id and m.string}


def pattern_titles(type_name: str, locale: Locale) -> dict[str, str]:
    """The catalog's titles for a type in a locale, by field path pattern (`pay.allowances.#.name`)."""
    return {
        pattern: title for (context, pattern), title in po_entries("columns", locale).items() if context == type_name
    }


def title_for(type_name: str, path: str, locale: Locale) -> str | None:
    """The title of a concrete path (list indices as digits) in a locale, if the catalog has one."""
    if locale not in TITLED_LOCALES:
        return None
    parts = path.split(".")
    pattern = ".".join("#" if part.isdigit() else part for part in parts)
    title = po_entries("columns", locale).get((type_name, pattern))
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
def locale_titles(type_name: str, locale: Locale) -> dict[str, str]:
    """Every title of the type's fields in one locale → the dotted path."""
    titles: dict[str, str] = {}
    for pattern, title in pattern_titles(type_name, locale).items():
        titles.update(expand(pattern, title))
    return titles


@cache
def column_titles(type_name: str) -> dict[str, str]:
    """Every title of the type's fields, in every locale that has titles → the dotted path."""
    titles: dict[str, str] = {}
    for locale in TITLED_LOCALES:
        titles.update(locale_titles(type_name, locale))
    return titles


def title_locale(type_name: str, title: str) -> Locale | None:
    """The first locale whose catalog has this title for the type, or None for a dotted path."""
    return next((locale for locale in TITLED_LOCALES if title in locale_titles(type_name, locale)), None)
