"""The interface language: docgen's messages through gettext catalogs, and the language the CLI speaks.

The catalogs are docgen/locale/messages/<lang>/LC_MESSAGES/docgen.po; their msgids are the English texts
(en_US is the source), read with Babel at run time, so no compile step is needed. The interface language
is independent of a document's locale. Output that scripts read is never passed through here.
"""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Problem, Wording

if TYPE_CHECKING:
    from .errors import DocgenError

LANGS = ("zh_CN", "zh_TW", "en_US")
SOURCE = "en_US"  # the msgids' language: needs no catalog
CATALOGS = Path(__file__).parent / "locale" / "messages"
TRADITIONAL = ("zh_TW", "zh_HK", "zh_MO", "zh_Hant")  # system locales written in traditional characters

Translate = Callable[[str], str]


def N_(msgid: str) -> str:  # gettext's own name for the mark
    """A msgid to translate later, where it is shown (a page's _, or say): marked so the catalogs' test finds it."""
    return msgid


def catalog_file(lang: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / "docgen.po"


@cache
def catalog(lang: str) -> dict[str, str]:
    """msgid → translation of one language's catalog; an untranslated or fuzzy entry is left out."""
    if lang == SOURCE:
        return {}
    from babel.messages.pofile import read_po  # only when a language other than English is used

    with catalog_file(lang).open("rb") as po:
        read = read_po(po)  # no locale: its CLDR data is not needed to read msgids and translations
    return {str(item.id): str(item.string) for item in read if item.id and item.string and not item.fuzzy}


def translator(lang: str) -> Translate:
    """The gettext function of a language: a msgid's translation, or the msgid (English) when there is none."""
    words = catalog(lang if lang in LANGS else SOURCE)
    return lambda msgid: words.get(msgid) or msgid


def as_lang(name: str) -> str:
    """A locale name (zh_CN.UTF-8, zh-HK, en_GB@euro, C) as the interface language that fits it best."""
    base = name.split(".")[0].split("@")[0].replace("-", "_")
    if base.startswith(TRADITIONAL):
        return "zh_TW"
    return "zh_CN" if base.startswith("zh") else SOURCE


def cli_lang(environ: Mapping[str, str] | None = None) -> str:
    """The CLI's language: DOCGEN_LANG, else the system locale (LC_ALL, LC_MESSAGES, LANG in POSIX order)."""
    env = os.environ if environ is None else environ
    for name in ("DOCGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return as_lang(env[name])
    return SOURCE


class _Values(dict[str, Any]):
    """Values to fill a template with; one the template names but was not given (Pydantic's plurals) is empty."""

    def __missing__(self, key: str) -> str:
        return ""


def worded(wording: Wording, lang: str) -> str:
    """A wording in the language; values that are wordings themselves are translated too."""
    if lang == SOURCE:
        return str(wording)
    values = _Values({key: worded(v, lang) if isinstance(v, Wording) else v for key, v in wording.params})
    text = translator(lang)(wording.template)
    try:
        return string.Formatter().vformat(text, (), values) if wording.params else text
    except (IndexError, ValueError, AttributeError):  # a translation that breaks its placeholders: the English
        return str(wording)


def say(template: str, lang: str, **params: Any) -> str:
    """A message of the CLI's own (its framing, its notes on stderr) in the language."""
    return worded(Wording.of(template, **params), lang)


def problem_text(problem: Problem, lang: str) -> str:
    """A problem as `FILE[:row N]: path.to.field: message`, its message in the language; the location as is."""
    if lang == SOURCE:
        return str(problem)
    message = _problem_message(problem, lang)
    where = problem.source if problem.row is None else f"{problem.source}:row {problem.row}"
    return f"{where}: {problem.path}: {message}" if problem.path else f"{where}: {message}"


def problem_message(problem: Problem, lang: str) -> str:
    """A problem's message alone (no file, row or field), in the language."""
    return str(problem.message) if lang == SOURCE else _problem_message(problem, lang)


def _problem_message(problem: Problem, lang: str) -> str:
    if problem.rule_of and problem.wording is not None:  # a validator's rule: worded by the type's fields files
        from .validation import localized_message

        wording = problem.wording
        return localized_message(problem.rule_of, wording.template, dict(wording.params), lang)
    if problem.wording is not None:
        return worded(problem.wording, lang)
    return translator(lang)(problem.message)


def error_text(error: DocgenError, lang: str) -> str:
    """An error's message in the language: its own wording, or its problems one a line."""
    if lang == SOURCE:
        return error.message
    if error.wording is not None:
        return worded(error.wording, lang)
    problems: list[Problem] = getattr(error, "problems", [])
    return "\n".join(problem_text(problem, lang) for problem in problems) or error.message
