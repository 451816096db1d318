"""Number patterns such as `HT-{yyyy}-{seq:04}`: checking them and turning a sequence into a number.

A pattern holds exactly one `{yyyy}` (the year of the issue date) and one `{seq}`
or `{seq:0N}` (the counter, zero-padded to N digits). Every counter restarts
each year, so `{yyyy}` is required: without it two years would print the same
number. The rest is literal text; it becomes a file name (`<number>.pdf`), so
path separators and characters that some file systems refuse are not allowed.
"""

from __future__ import annotations

import re
from string import Formatter

_SEQ_SPEC = re.compile(r"^(0[1-9])?$")
_REFUSED = frozenset('/\\:*?"<>|')


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
    return _spec_problem(pattern, fields) or _text_problem(pattern)


def _spec_problem(pattern: str, fields: list[tuple[str, str | None, str | None]]) -> str | None:
    for name, spec, conversion in fields:
        if conversion or (name == "yyyy" and spec) or (name == "seq" and not _SEQ_SPEC.match(spec or "")):
            return f"pattern {pattern!r}: write {{yyyy}} and {{seq}} or {{seq:0N}} (N from 1 to 9)"
    return None


def _text_problem(pattern: str) -> str | None:
    text = format_number(pattern, 2026, 1)
    bad = sorted({char for char in text if char in _REFUSED or ord(char) < 0x20 or char.isspace()})
    if bad:
        return f"pattern {pattern!r} may not contain {' '.join(repr(char) for char in bad)}: numbers become file names"
    if text.startswith("."):
        return f"pattern {pattern!r} may not start with '.': numbers become file names"
    return None


def format_number(pattern: str, year: int, seq: int) -> str:
    return pattern.format(yyyy=f"{year:04d}", seq=seq)
