"""Text widths for WeasyPrint's automatic table and flex sizing, measured once per process, not once per document.

To size a table's columns (and flex items), WeasyPrint measures the narrowest
and widest each cell's text can be. It does so by breaking the text into lines,
one call to its line breaker (a Pango layout of all the text left) per line; at
the narrowest, with Chinese text or `overflow-wrap: anywhere`, a line is one
character, so a cell of n characters costs n layouts of up to n characters.
This was about a quarter of a contract's time. The labels, the office's own
details and most wording are the same from one document to the next, so here
each such call's answer (where the next line starts and how wide this one is)
is kept, under the text and every property of its style the line breaker reads.

Only the sizing code's calls are answered from the cache: laying lines out for
real still calls WeasyPrint's line breaker. This relies on the shape of
WeasyPrint's sizing code, so it is installed only for the versions it was
checked against; otherwise WeasyPrint runs unchanged.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cache
from typing import Any

import weasyprint
from weasyprint.layout import preferred
from weasyprint.text import line_break

CHECKED_VERSIONS = ("70.",)
MOST_ANSWERS = 8192  # answers kept, the oldest dropped first
LONGEST_TEXT = 500  # characters; a longer text is measured every time, so the cache stays a few megabytes

# Every property WeasyPrint's line breaker (weasyprint.text.line_break, .fonts) reads from the style.
STYLE_PROPERTIES = (
    "font_family",
    "font_style",
    "font_stretch",
    "font_weight",
    "font_variant_ligatures",
    "font_variant_position",
    "font_variant_caps",
    "font_variant_numeric",
    "font_variant_alternates",
    "font_variant_east_asian",
    "font_feature_settings",
    "font_variation_settings",
    "font_language_override",
    "font_kerning",
    "font_size",
    "line_height",
    "lang",
    "direction",
    "letter_spacing",
    "word_spacing",
    "white_space",
    "tab_size",
    "overflow_wrap",
    "word_break",
    "hyphens",
    "hyphenate_character",
    "hyphenate_limit_zone",
    "hyphenate_limit_chars",
    "text_decoration_line",
)

_LOCK = threading.Lock()
_ANSWERS: OrderedDict[tuple[Any, ...], tuple[Any, Any]] = OrderedDict()
_MEASURE = line_break.split_first_line


def _key(text: str, style: Any, max_width: Any, spacing: Any, is_line_start: bool, minimum: bool) -> tuple[Any, ...]:
    values = repr(tuple(style[name] for name in STYLE_PROPERTIES))  # values hold lists: their text is the key
    return (text, values, id(style.font_config), max_width, spacing, is_line_start, minimum)


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: Any,
    justification_spacing: Any,
    is_line_start: bool = True,
    minimum: bool = False,
) -> tuple[Any, ...]:
    """WeasyPrint's split_first_line for its sizing code, which reads only where the next line starts and the width."""
    if len(text) > LONGEST_TEXT:
        return _MEASURE(text, style, context, max_width, justification_spacing, is_line_start, minimum)  # type: ignore[no-any-return]
    key = _key(text, style, max_width, justification_spacing, is_line_start, minimum)
    with _LOCK:
        known = _ANSWERS.get(key)
    if known is None:
        answer = _MEASURE(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        known = answer[2], answer[3]
        with _LOCK:
            _ANSWERS[key] = known
            if len(_ANSWERS) > MOST_ANSWERS:
                _ANSWERS.popitem(last=False)
    resume_index, width = known
    return None, None, resume_index, width, None, None


@cache
def install() -> bool:
    """Make WeasyPrint's sizing code measure a text once per process; False if this WeasyPrint was not checked."""
    if not weasyprint.__version__.startswith(CHECKED_VERSIONS) or preferred.split_first_line is not _MEASURE:
        return False
    preferred.split_first_line = split_first_line
    return True
