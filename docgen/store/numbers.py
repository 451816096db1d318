"""Number patterns such as `HT-{yyyy}-{seq:04}`: checking them and turning a sequence into a number.

A pattern holds exactly one `{yyyy}` (the year of the issue date) and one `{seq}`
or `{seq:0N}` (the counter, zero-padded to N digits). Every counter restarts
each year, so `{yyyy}` is required: without it two years would print the same
number. The rest is literal text; it becomes a file name (`<number>.pdf`), so it
follows the rules for text in documents, holds no path separators or characters
some file systems refuse, and the longest name it can give fits in 255 bytes.
Two types' patterns must never be able to print the same number (see overlap).
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from functools import lru_cache
from string import Formatter

from ..errors import StoreError
from ..text import forbidden_character

_SEQ_SPEC = re.compile(r"^(0[1-9])?$")
_REFUSED = frozenset('/\\:*?"<>|')
# A counter stops at nine digits (a billion documents of one type in one year), so that every
# pattern has a longest number whose file name can be checked against the file system's limit.
MAX_SEQ = 999_999_999
MAX_NAME_BYTES = 255
# The longest name docgen writes from numbers is issue --merge's <first>_to_<last>.pdf (cli.py),
# longer than any <number>.<format>.
_MERGED_EXTRA = "_to_.pdf"


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a pattern, or None when it is usable."""
    try:
        fields = [
            (name, spec, conversion) for _, name, spec, conversion in Formatter().parse(pattern) if name is not None
        ]
    except ValueError as error:
        return f"malformed pattern {pattern!r}: {error}"
    names = sorted(name for name, _, _ in fields)
    if "seq" not in names:
        return f"pattern {pattern!r} must contain {{seq}}"
    if "yyyy" not in names:
        return f"pattern {pattern!r} must contain {{yyyy}}: every counter restarts each year"
    if names != ["seq", "yyyy"]:
        return f"pattern {pattern!r} may hold {{yyyy}} and {{seq}} once each and no other field"
    return _spec_problem(pattern, fields) or _text_problem(pattern) or _length_problem(pattern)


def _spec_problem(pattern: str, fields: list[tuple[str, str | None, str | None]]) -> str | None:
    for name, spec, conversion in fields:
        if conversion or (name == "yyyy" and spec) or (name == "seq" and not _SEQ_SPEC.match(spec or "")):
            return f"pattern {pattern!r}: write {{yyyy}} and {{seq}} or {{seq:0N}} (N from 1 to 9)"
    return None


def _text_problem(pattern: str) -> str | None:
    text = format_number(pattern, 2026, 1)
    invisible = forbidden_character(text, one_line=True)  # the rules for one-line text in a document
    if invisible:
        return f"pattern {pattern!r} may not contain {invisible}: numbers are printed and become file names"
    bad = sorted({char for char in text if char in _REFUSED or char.isspace()})
    if bad:
        return f"pattern {pattern!r} may not contain {' '.join(repr(char) for char in bad)}: numbers become file names"
    if text.startswith("."):
        return f"pattern {pattern!r} may not start with '.': numbers become file names"
    if text.endswith("."):  # file names lose a trailing dot on Windows, and docgen strips it too
        return f"pattern {pattern!r} may not end with '.': numbers become file names"
    return None


def _length_problem(pattern: str) -> str | None:
    longest = len(format_number(pattern, 9999, MAX_SEQ).encode("utf-8"))
    name_bytes = 2 * longest + len(_MERGED_EXTRA)
    if name_bytes > MAX_NAME_BYTES:
        return (
            f"pattern {pattern!r} gives numbers of up to {longest} bytes; file names made from them "
            f"(<first>_to_<last>.pdf) would take {name_bytes} bytes, over the limit of {MAX_NAME_BYTES}"
        )
    return None


def format_number(pattern: str, year: int, seq: int) -> str:
    if seq > MAX_SEQ:
        raise StoreError("sequence {seq} is past the last one a pattern allows, {max_seq}", seq=seq, max_seq=MAX_SEQ)
    return pattern.format(yyyy=f"{year:04d}", seq=seq)


# -- overlap: can two patterns ever print the same number?
#
# Each pattern is a regular language over characters: its literal text, {yyyy} as four digits
# (any year, 0000 to 9999, over-approximates the dates there can be) and {seq:0N} as what
# f"{seq:0N}" prints for 1 <= seq <= MAX_SEQ: exactly N digits not all zero, or more than N
# digits (up to nine) starting with a non-zero one. Two patterns overlap exactly when the
# product of their automata reaches a pair of final states; the path spells a number both print.
# Literal text is compared case-folded, because the numbers become file names and a file system
# that ignores case would put both in one file. One pattern never prints a number twice: its
# {yyyy} is four characters wide, so the length of a number fixes where {seq} starts and ends.

_DIGITS = frozenset("0123456789")
_NONZERO = _DIGITS - {"0"}
_SEQ_DIGITS = len(str(MAX_SEQ))


class _Automaton:
    """A nondeterministic automaton whose edges read one character out of a set, or nothing."""

    def __init__(self, fold: bool) -> None:
        self.fold = fold
        self.edges: list[list[tuple[frozenset[str], int]]] = [[]]
        self.skips: list[list[int]] = [[]]

    def state(self) -> int:
        self.edges.append([])
        self.skips.append([])
        return len(self.edges) - 1

    def read(self, start: int, chars: frozenset[str]) -> int:
        end = self.state()
        self.edges[start].append((chars, end))
        return end

    def literal(self, start: int, text: str) -> int:
        for char in unicodedata.normalize("NFC", text).casefold() if self.fold else text:
            start = self.read(start, frozenset(char))
        return start

    def year(self, start: int) -> int:
        for _ in range(4):
            start = self.read(start, _DIGITS)
        return start

    def seq(self, start: int, width: int) -> int:
        end = self.state()
        if width:  # exactly `width` digits, not all zero: (state with no non-zero yet, state with one)
            zeros, some = start, None
            for _ in range(width):
                after_zeros = self.read(zeros, frozenset("0"))
                after_some = self.read(zeros, _NONZERO)
                if some is not None:
                    self.edges[some].append((_DIGITS, after_some))
                zeros, some = after_zeros, after_some
            self.skips[some or start].append(end)
        state = self.read(start, _NONZERO)  # wider than `width`: no leading zero
        for digits in range(1, _SEQ_DIGITS + 1):
            if digits > width:
                self.skips[state].append(end)
            if digits < _SEQ_DIGITS:
                state = self.read(state, _DIGITS)
        return end


def _automaton(pattern: str, fold: bool) -> tuple[_Automaton, int]:
    """The automaton of a valid pattern and its one final state (state 0 is the start)."""
    machine, state = _Automaton(fold), 0
    for literal, name, spec, _ in Formatter().parse(pattern):
        state = machine.literal(state, literal)
        if name == "yyyy":
            state = machine.year(state)
        elif name == "seq":
            state = machine.seq(state, int(spec) if spec else 0)
    return machine, state


@lru_cache(maxsize=256)
def common_number(first: str, second: str, fold: bool = False) -> str | None:
    """A number both valid patterns can print (with fold, case-folded: the same file name), or None."""
    (one, one_end), (two, two_end) = _automaton(first, fold), _automaton(second, fold)
    start = (0, 0)
    spelled: dict[tuple[int, int], str] = {start: ""}
    queue = deque([start])
    while queue:
        pair = queue.popleft()
        if pair == (one_end, two_end):
            return spelled[pair]
        for following, char in _moves(one, two, pair):
            if following not in spelled:
                spelled[following] = spelled[pair] + char
                queue.append(following)
    return None


def _moves(one: _Automaton, two: _Automaton, pair: tuple[int, int]) -> list[tuple[tuple[int, int], str]]:
    left, right = pair
    moves = [((skip, right), "") for skip in one.skips[left]] + [((left, skip), "") for skip in two.skips[right]]
    for chars, left_next in one.edges[left]:
        for other, right_next in two.edges[right]:
            shared = chars & other
            if shared:
                moves.append(((left_next, right_next), min(shared)))
    return moves


def overlap_problem(patterns: dict[str, str]) -> str | None:
    """The first two types whose patterns can print the same number, said plainly; None when none can."""
    named = sorted(patterns.items())
    for index, (first_type, first) in enumerate(named):
        for second_type, second in named[index + 1 :]:
            clash = _clash(first, second)
            if clash:
                return f"{first_type} {first!r} and {second_type} {second!r} can both give {clash}"
    return None


def _clash(first: str, second: str) -> str | None:
    number = common_number(first, second)
    if number is not None:
        return f"the number {number!r}: one number would name two documents"
    folded = common_number(first, second, fold=True)
    if folded is not None:
        return f"numbers that differ only in letter case, such as {folded!r}, which a file system that ignores case takes for one file"
    return None
