"""Each outline clause's own text, read back from a rendered HTML document by its data-clause marks.

The kit's HTML writer marks the element that prints a clause's label with
data-clause="<key>", and a heading of no clause, a sign-off, a signature block
or a slip with data-clause="". A clause's own text runs from its mark to the
next mark of any kind, so an article's text is its heading and whatever precedes
its first sub-clause, and a sub-clause's is its own paragraphs and tables. Block
elements end a line and table cells are separated by tabs, so a table reads row
by row. An HTML template without marks (an office's own) yields nothing.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

_LINES = frozenset({"p", "div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "br", "li"})
_CELLS = frozenset({"td", "th"})


def clause_texts(html: str) -> dict[str, str]:
    """Clause key → its own text as rendered, for every clause marked in the HTML."""
    if " data-clause=" not in html:
        return {}
    body = lxml_html.document_fromstring(html).find("body")
    texts: dict[str, list[str]] = {}
    current: list[str] | None = None  # the clause whose text is being read, if any
    for event, element in etree.iterwalk(body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment, whose text is no text
        if event == "start" and tag is not None and element.get("data-clause") is not None:
            key = element.get("data-clause")
            current = texts.setdefault(key, []) if key else None
        if current is not None:
            current.append(_separator(tag, event))
            if event == "start" and tag is not None:
                current.append(element.text or "")
            if event == "end":
                current.append(element.tail or "")
    return {key: _tidy(pieces) for key, pieces in texts.items()}


def _separator(tag: str | None, event: str) -> str:
    """A line ends at a block element's start and end; a tab goes before each cell."""
    if tag in _LINES:
        return "\n"
    return "\t" if tag in _CELLS and event == "start" else ""


def _tidy(pieces: list[str]) -> str:
    """Lines without runs of spaces or empty cells at their ends; no empty lines."""
    lines = []
    for line in "".join(pieces).split("\n"):
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        tidy = "\t".join(cells).strip("\t ")
        if tidy:
            lines.append(tidy)
    return "\n".join(lines)
