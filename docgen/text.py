"""Rules for free text: what may reach a document, and how line breaks are normalised.

XML 1.0 cannot hold C0 controls other than tab and line feed, U+FFFE/U+FFFF or
unpaired surrogates. They are refused with the field's path rather than
dropped, because dropping would change what the user typed without telling them.
BEL and form feed fall in that range too, which matters because docxtpl would
otherwise turn them into a paragraph break and a page break. C1 controls and
DEL are refused as well: they print as nothing, or drive a terminal.

Invisible characters are refused too: in a name or an amount they make a
document read differently from what it holds, or carry hidden text. Which ones
is the Unicode property Default_Ignorable_Code_Point (through the `regex`
package, since `unicodedata` lacks it, so the list follows Unicode rather than
going stale here), plus the blanks and annotation marks it leaves out. Joiners
and variation selectors stay where they shape what comes before them (emoji
sequences such as 👩‍💼, ideographic variants), so only directly after a visible
character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import regex

from .errors import Wording

# Every control except tab and the line breaks normalised to "\n", plus what XML 1.0 cannot hold.
_CONTROL = regex.compile(r"[\p{Cc}--[\t\n\r\x0b]]|[\p{Cs}\ufffe\uffff]", regex.V1)
# What a one-line field may not hold on top: every line break and tab, the Unicode separators included.
_BREAK = regex.compile(r"[\t\n\r\x0b\p{Zl}\p{Zp}]")
# U+2800 (braille blank) and U+FFF9-FFFB (interlinear annotation) hide text but lack the property.
_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\u2800\ufff9-\ufffb]")
# A variation selector and/or a joiner directly after a visible character (a selector may come first).
_SHAPING = regex.compile(
    r"(?<=[[\p{L}\p{M}\p{N}\p{P}\p{S}]--\p{Default_Ignorable_Code_Point}])"
    r"(?:\p{Variation_Selector}[\u200c\u200d]?|[\u200c\u200d])",
    regex.V1,
)
# Every character any rule below may refuse: one search clears the usual, clean text.
_SUSPECT = regex.compile(r"[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\ufff9-\ufffb\ufffe\uffff]")
_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")
# Printable ASCII, Latin, general punctuation, CJK punctuation and ideographs, full-width forms: text made only
# of these holds nothing any rule refuses (a test checks each one against _SUSPECT). The stdlib matches it
# several times faster than `regex` searches _SUSPECT, and names, addresses and clauses are nearly all such text.
_PLAIN = re.compile(
    "[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u3000-\u303f\u4e00-\u9fff\uff01-\uff9f]*"
)
# What multi-line text may hold on top of that search's clean text: tab and the line breaks.
_SUSPECT_IN_TEXT = regex.compile(
    r"[[\p{Cc}--[\t\n\r\x0b]]\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800\ufff9-\ufffb\ufffe\uffff]",
    regex.V1,
)
_ASCII_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f]")
# Word's manual line break (\x0b) and every newline convention become one "\n".
_LINE_BREAKS = re.compile("\r\n|\r|\x0b")


def forbidden_character(text: str, *, one_line: bool = False) -> str | None:
    """Describe the first character no document may hold (in a one-line field, if so), or None when clean."""
    wording = forbidden_wording(text, one_line=one_line)
    return None if wording is None else str(wording)


def forbidden_wording(text: str, *, one_line: bool = False) -> Wording | None:
    """forbidden_character's description as a message template and its values, for another interface language."""
    if not _suspect(text):
        return None
    match = _CONTROL.search(text)
    if match is not None:
        return _described(match, _kind_of_control(match.group()))
    match = _BREAK.search(text) if one_line else None
    if match is not None:
        return _described(match, Wording.of("a line break or tab, in a one-line field"))
    match = _hidden(text)
    if match is not None:
        return _described(match, Wording.of("an invisible formatting character"))
    return None


def _suspect(text: str) -> bool:
    # Most text is clean; in ASCII only a control can be refused, and the stdlib finds one fastest.
    if text.isascii():
        return _ASCII_CONTROL.search(text) is not None
    return _PLAIN.fullmatch(text) is None and _SUSPECT.search(text) is not None


def _kind_of_control(character: str) -> Wording:
    if "\ud800" <= character <= "\udfff":  # how Python keeps a byte that is not UTF-8 (surrogateescape)
        return Wording.of("an unpaired surrogate, e.g. a byte that is not UTF-8")
    return Wording.of("a noncharacter") if character in "\ufffe\uffff" else Wording.of("a control character")


def _described(match: regex.Match[str], kind: Wording) -> Wording:
    where = match.start() + 1
    return Wording.of(
        "U+{code:04X} ({kind}) at position {position}", code=ord(match.group()), kind=kind, position=where
    )


def _hidden(text: str) -> regex.Match[str] | None:
    """The first invisible character that is not a joiner or selector shaping the character before it."""
    shaping: set[int] | None = None
    for match in _INVISIBLE.finditer(text):
        if shaping is None:  # worked out only for the rare text that holds an invisible character at all
            shaping = {index for kept in _SHAPING.finditer(text) for index in range(*kept.span())}
        if match.start() not in shaping:
            return match
    return None


# What a terminal acts on or hides instead of showing: controls (ESC, CSI U+009B …), unpaired
# surrogates (a byte that was not UTF-8), line separators and bidi controls. Tab and newline are
# the printer's own.
_UNPRINTABLE = regex.compile(r"[[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\p{Bidi_Control}]--[\t\n]]", regex.V1)


def printable(text: str) -> str:
    """The text with everything a terminal would act on written as an escape: \\x1b, \\u009b, \\udc9b."""
    escaped: str = _UNPRINTABLE.sub(_escape, text)
    return escaped


def _escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x7F else f"\\u{code:04x}"  # \\u from DEL on: valid JSON too


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


def all_text(value: Any) -> str:
    """Every string in nested dicts and lists (keys included) joined into one, for one search over a record."""
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(key for key in item if isinstance(key, str))
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return "".join(found)


def may_hold_forbidden(text: str) -> bool:
    """False when no string joined into text can hold a character forbidden_character refuses (not one_line).

    Every character is judged alone, so a search of the joined strings answers for each of them;
    only a record that may hold one is walked string by string.
    """
    if text.isascii():
        return _ASCII_CONTROL_IN_TEXT.search(text) is not None
    return _PLAIN.fullmatch(text) is None and _SUSPECT_IN_TEXT.search(text) is not None


def has_breaks_to_normalise(text: str) -> bool:
    return "\r" in text or "\x0b" in text


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
