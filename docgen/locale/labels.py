"""Labels docgen itself prints (not the templates' wording), from the gettext catalogs in catalogs/.

Each catalog is read with Babel; a label missing from a catalog is an error at
load time, so no document ever shows an untranslated label.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from . import LOCALES, Locale

CATALOGS = Path(__file__).resolve().parent / "catalogs"

# The keys the pipeline uses, by the English source text (msgid).
LABEL_IDS = {
    "draft": "Draft",
    "number_placeholder": "(draft: numbered on issue)",
    "page": "Page {page} of {pages}",
    "number": "No.",
    "in_words": "Amount in words",
    "seal": "Company seal",
}


def read_catalog(locale: Locale) -> dict[str, str]:
    """Every msgid → msgstr in the locale's catalog (untranslated entries map to '')."""
    with (CATALOGS / f"{locale}.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {str(message.id): str(message.string) for message in catalog if message.id}


@cache
def labels(locale: Locale) -> dict[str, str]:
    if locale not in LOCALES:
        raise KeyError(locale)
    catalog = read_catalog(locale)
    missing = [msgid for msgid in LABEL_IDS.values() if not catalog.get(msgid)]
    if missing:
        raise LookupError(f"catalog {locale}.po has no translation for: {', '.join(missing)}")
    return {key: catalog[msgid] for key, msgid in LABEL_IDS.items()}
