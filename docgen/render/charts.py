"""Charts from a document's ChartSpecs: grouped bars drawn by matplotlib, SVG for HTML and PDF, PNG for DOCX.

Output is deterministic: no dates, no random ids and no version strings in the
files, so the same data always gives the same bytes. Labels are drawn in Noto
Sans CJK (Simplified or Traditional by locale); SVG text becomes paths, so a
page shows the chart the same way wherever it is opened.
"""

from __future__ import annotations

import base64
import io
import re
import threading
import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ..documents.charts import ChartSpec
from ..locale import Locale
from ..locale.formatting import number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONTS = {"zh_CN": "Noto Sans CJK SC", "en_US": "Noto Sans CJK SC", "zh_TW": "Noto Sans CJK TC"}
COLOURS = ("#1f3a68", "#d08a2e", "#6b8fc7", "#8c8c8c")
MISSING = "—"
SIZE_INCHES = (6.4, 3.3)
PNG_DPI = 200

_STYLE: dict[Any, Any] = {  # rcParams keys are typed as literals; these are all valid
    "svg.hashsalt": "docgen",  # fixed ids instead of random ones
    "svg.fonttype": "path",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.axisbelow": True,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}
_CLOSING = set("）)」』】〉》、，。：；！？,.:;!?%")
_OPENING = set("（(「『【〈《")
LONGEST_WORD = 24  # columns: a longer run without a space (a code, a pasted link) is cut into lines
MOST_LINES = 3  # lines of one category label
MOST_COLUMNS = 6  # categories side by side; with more, labels of a few CJK characters would overlap
ROW_INCHES = 0.34  # one category's row when the bars run across: two bars and their value labels
ROW_COLUMNS = 24  # a label's width on its row, in columns
TALLEST = 9.0  # inches: a horizontal chart stays within an A4 page; its rows get thinner beyond that
# rcParams are global: one drawing at a time.
LOCK = threading.Lock()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(label: str, width: int) -> str:
    """Break a category label into lines of at most width columns (a CJK character counts two).

    Latin words stay whole unless longer than LONGEST_WORD; closing punctuation never starts a line and
    opening punctuation never ends one. A label of more than MOST_LINES lines is cut there and ends in "…".
    """
    lines, line = [], ""
    for token in _tokens(label, width):
        if line and token[0] not in _CLOSING and _width(line + token.rstrip()) > width:
            carried = line[-1] if line[-1] in _OPENING else ""
            lines.append(line[: len(line) - len(carried)].rstrip())
            line = carried
        line += token
    lines = [*(text for text in lines if text), line.rstrip()]
    if len(lines) > MOST_LINES:  # the chart's axes would collapse under it; the table shows it whole
        lines = [*lines[: MOST_LINES - 1], lines[MOST_LINES - 1][:-1] + "…"]
    return "\n".join(lines)


def _tokens(label: str, width: int) -> list[str]:
    """Latin words (a run longer than LONGEST_WORD cut into pieces of width) and CJK characters, with their spaces."""
    tokens: list[str] = []
    for token in re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\S\s*", label):
        if _width(token) > LONGEST_WORD:
            tokens += [token[start : start + width] for start in range(0, len(token), width)]
        else:
            tokens.append(token)
    return tokens


def _value_label(value: Decimal | None, spec: ChartSpec, locale: Locale) -> str:
    return MISSING if value is None else number(value, locale, spec.places) + spec.unit


def horizontal(spec: ChartSpec) -> bool:
    """Bars run across when there are more categories than fit side by side, each label on its own row."""
    return len(spec.categories) > MOST_COLUMNS


def _size(spec: ChartSpec) -> tuple[float, float]:
    if not horizontal(spec):
        return SIZE_INCHES
    return SIZE_INCHES[0], min(TALLEST, ROW_INCHES * len(spec.categories) + 1.2)  # 1.2: title, legend and axis


def _draw_bars(axes: Axes, spec: ChartSpec, locale: Locale) -> None:
    count = len(spec.series)
    width = 0.8 / max(count, 1)
    for index, series in enumerate(spec.series):
        offset = (index - (count - 1) / 2) * width
        positions = [category + offset for category in range(len(spec.categories))]
        sizes = [float(value) if value is not None else 0.0 for value in series.values]
        colour = COLOURS[index % len(COLOURS)]
        if horizontal(spec):
            bars = axes.barh(positions, sizes, width * 0.92, label=series.name, color=colour)
        else:
            bars = axes.bar(positions, sizes, width * 0.92, label=series.name, color=colour)
        labels = [_value_label(value, spec, locale) for value in series.values]
        axes.bar_label(bars, labels=labels, padding=2, fontsize=8)


def _decorate(axes: Axes, spec: ChartSpec) -> None:
    axes.set_title(spec.title, pad=22)

    # Grouped thousands, never scientific notation: 1,400,000 rather than 1.4e+06.
    def grouped(value: float, _: object) -> str:
        return f"{value:,.{spec.places}f}{spec.unit}"

    if horizontal(spec):
        axes.set_yticks(range(len(spec.categories)), [wrap(label, ROW_COLUMNS) for label in spec.categories])
        axes.invert_yaxis()  # the first category on top, as the table lists it
        axes.tick_params(axis="y", length=0)
        axes.xaxis.set_major_formatter(grouped)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.margins(x=0.12)
        if spec.reference is not None:
            axes.axvline(float(spec.reference), color="#b33333", linestyle="--", linewidth=0.8)
    else:
        columns = max(8, 84 // max(len(spec.categories), 1))
        axes.set_xticks(range(len(spec.categories)), [wrap(label, columns) for label in spec.categories])
        axes.tick_params(axis="x", length=0)
        axes.yaxis.set_major_formatter(grouped)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.margins(y=0.18)
        if spec.reference is not None:
            axes.axhline(float(spec.reference), color="#b33333", linestyle="--", linewidth=0.8)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(spec.series), frameon=False)


def figure(spec: ChartSpec, locale: Locale) -> Figure:
    """The chart drawn on a figure; call it holding LOCK inside rc_context(style(locale))."""
    # Imported here: only documents with charts pay for loading matplotlib.
    from matplotlib.figure import Figure

    drawn = Figure(figsize=_size(spec), layout="constrained")
    axes = drawn.subplots()
    _draw_bars(axes, spec, locale)
    _decorate(axes, spec)
    return drawn


def style(locale: Locale) -> dict[Any, Any]:
    return _STYLE | {"font.family": [FONTS[locale]]}


def draw(spec: ChartSpec, locale: Locale, fmt: Literal["svg", "png"]) -> bytes:
    """The chart as SVG or PNG bytes."""
    from matplotlib import rc_context

    buffer = io.BytesIO()
    with LOCK, rc_context(style(locale)):
        figure(spec, locale).savefig(buffer, format=fmt, metadata=_METADATA[fmt], dpi=PNG_DPI)
    return buffer.getvalue()


def svg_data_uri(spec: ChartSpec, locale: Locale) -> str:
    """The chart as a data: URI for an <img> in HTML and PDF."""
    return "data:image/svg+xml;base64," + base64.b64encode(draw(spec, locale, "svg")).decode("ascii")
