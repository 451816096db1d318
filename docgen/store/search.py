"""Searching the register: one rule for letter case on both backends, Python's str.casefold().

SQLite's LOWER and LIKE fold ASCII only, and PostgreSQL's lower() follows the
database's collation, so neither can decide a match the same way as the other.
The database narrows the rows with a LIKE on a part of the search text that no
case rule changes (see probe), and Python decides the match itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Characters that casefold() leaves alone and never produces from another character (checked
# over every code point by tests/test_search.py): CJK and other caseless letters, digits,
# punctuation and mathematical and currency signs. Raw text holds a run of them wherever its
# case-folded form does, so a LIKE on such a run never drops a row that matches.
_CASELESS = frozenset(("Lo", "Nd", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sc", "Sm"))


def fold(text: str) -> str:
    return text.casefold()


def is_caseless(char: str) -> bool:
    return unicodedata.category(char) in _CASELESS and char.casefold() == char


def probe(needle: str) -> str:
    """The longest run of caseless characters in the case-folded search text ("" when none)."""
    runs, current = [""], ""
    for char in fold(needle):
        current = current + char if is_caseless(char) else ""
        runs.append(current)
    return max(runs, key=len)


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(needle: str, texts: Iterable[str]) -> bool:
    folded = fold(needle)
    return any(folded in fold(text) for text in texts)
