"""Searching the register: one rule for letter case on both backends, Python's str.casefold().

SQLite's LOWER and LIKE fold ASCII only, and PostgreSQL's lower() follows the
database's collation, so neither can fold case the same way as the other. So
docgen folds the text itself: each row keeps its number, company and data
case-folded in the column `folded` (written with the row, see searchable), and
a search is a LIKE of the case-folded search text on that column. Both sides are
folded already, so the database only compares characters, the same way on both,
and the filter, the count and the page are all done in SQL.
"""

from __future__ import annotations

SEPARATOR = "\n"  # between the folded texts of a row: a search for one line never spans two of them


def fold(text: str) -> str:
    return text.casefold()


def searchable(*texts: str) -> str:
    """The folded column of a row: each text folded on its own (a search matches within one of them)."""
    return SEPARATOR.join(fold(text) for text in texts)


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
