"""Each outline clause's own text, read back from a rendered HTML document by its data-clause marks.

The kit's HTML writer marks the element that prints a clause's label with
data-clause="<key>", and a heading of no clause, a sign-off, a signature block
or a slip with data-clause="". A clause's own text runs from its mark to the next mark
of any kind, so an article's text is its heading and whatever precedes its
first sub-clause, and a sub-clause's is its own paragraphs and tables. Block
elements end a line and table cells are separated by tabs, so a table reads
row by row. An HTML template without marks (an office's own) yields nothing.
"""

from __future__ import annotations

from html.parser import HTMLParser

_LINES = frozenset({"p", "div", "section", "header", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "br", "li"})
_CELLS = frozenset({"td", "th"})
_HIDDEN = frozenset({"head", "style", "script", "title"})


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {}
        self.current: list[str] | None = None  # the clause whose text is being read, if any
        self.hidden = 0  # inside <head>, <style> …: never text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marks = dict(attrs)
        if "data-clause" in marks:
            key = marks["data-clause"] or ""
            self.current = self.texts.setdefault(key, []) if key else None
        self.hidden += tag in _HIDDEN
        self._separate(tag, cell="\t")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in _HIDDEN
        self._separate(tag, cell="")

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.hidden:
            self.current.append(data)

    def _separate(self, tag: str, cell: str) -> None:
        """A line ends at a block element's start and end; a tab goes before each cell."""
        if self.current is not None:
            self.current.append("\n" if tag in _LINES else cell if tag in _CELLS else "")


def _tidy(pieces: list[str]) -> str:
    """Lines without runs of spaces or empty cells at their ends; no empty lines."""
    lines = []
    for line in "".join(pieces).split("\n"):
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        tidy = "\t".join(cells).strip("\t ")
        if tidy:
            lines.append(tidy)
    return "\n".join(lines)


def clause_texts(html: str) -> dict[str, str]:
    """Clause key → its own text as rendered, for every clause marked in the HTML."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return {key: _tidy(pieces) for key, pieces in reader.texts.items()}
