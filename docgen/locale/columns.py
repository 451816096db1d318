"""Spreadsheet column titles per locale, from catalogs/columns.<locale>.po.

Each entry maps a field path (msgid, with `#` for a list index) of a document
type (msgctxt) to the title an office's sheet may use instead, such as 姓名.
"""

from __future__ import annotations

from functools import cache

from babel.messages.pofile import read_po

from .labels import CATALOGS

TITLED_LOCALES = ("zh_CN", "zh_TW")
LIST_SLOTS = 20  # list columns a sheet may number: 津贴1名称 … 津贴20名称


@cache
def _catalog(locale: str) -> dict[tuple[str, str], str]:
    with (CATALOGS / f"columns.{locale}.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {(str(m.context), str(m.id)): str(m.string) for m in catalog if m.id and m.string}


def title_for(type_name: str, path: str, locale: str) -> str | None:
    """The title of a concrete path (list indices as digits) in a locale, if the catalog has one."""
    if locale not in TITLED_LOCALES:
        return None
    parts = path.split(".")
    pattern = ".".join("#" if part.isdigit() else part for part in parts)
    title = _catalog(locale).get((type_name, pattern))
    if title is None:
        return None
    indices = [int(part) for part in parts if part.isdigit()]
    return title.format(n=indices[0] + 1) if indices else title


@cache
def column_titles(type_name: str) -> dict[str, str]:
    """Every title of the type's fields, in every locale that has titles → the dotted path."""
    titles: dict[str, str] = {}
    for locale in TITLED_LOCALES:
        for (context, pattern), title in _catalog(locale).items():
            if context != type_name:
                continue
            if "#" not in pattern:
                titles[title] = pattern
                continue
            for slot in range(LIST_SLOTS):
                titles[title.format(n=slot + 1)] = pattern.replace("#", str(slot), 1)
    return titles
