"""Rules for free text: what may reach a document, and how line breaks are normalised.

XML 1.0 cannot hold C0 controls other than tab and line feed, U+FFFE/U+FFFF or
unpaired surrogates. They are refused with the field's path rather than
dropped, because dropping would change what the user typed without telling them.
BEL and form feed fall in that range too, which matters because docxtpl would
otherwise turn them into a paragraph break and a page break. Bidi overrides and
zero-width spaces are refused too: in a name or an amount they make a document
read differently from what it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Word's manual line break (\x0b) and every newline convention become one "\n".
_LINE_BREAKS = re.compile("\r\n|\r|\x0b")


# Invisible characters that can make text read differently from what it says: bidi overrides
# and isolates, marks, zero-width spaces and joiners-as-spaces. ZWJ/ZWNJ stay (emoji, scripts).
_DISGUISING = re.compile("[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def forbidden_character(text: str) -> str | None:
    """Describe the first character no document may hold, or None when the text is clean."""
    match = _FORBIDDEN.search(text)
    if match is not None:
        return f"U+{ord(match.group()):04X} at position {match.start() + 1}"
    match = _DISGUISING.search(text)
    if match is not None:
        return f"U+{ord(match.group()):04X} (an invisible formatting character) at position {match.start() + 1}"
    return None


def normalise_breaks(text: str) -> str:
    return _LINE_BREAKS.sub("\n", text)


def walk_strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in nested dicts and lists (keys included), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield path, key
            yield from walk_strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk_strings(item, (*path, index))


def normalise_tree(value: Any) -> Any:
    """A copy of nested data with every string's line breaks normalised."""
    if isinstance(value, str):
        return normalise_breaks(value)
    if isinstance(value, dict):
        return {key: normalise_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise_tree(item) for item in value]
    return value


def dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in path)
