"""The block structure of a built template: headings, paragraphs, conditions, loops, tables, charts, signatures,
and the letter kinds (bold lines, notices, items, label/value facts, one signer's block, blanks to fill in, a tear-off slip).

Every text here is already Jinja template text in one locale: the wording has
been looked up (source.py) before the writers (html_writer, docx_writer) see it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    right: bool = False
    small: bool = False


@dataclass(frozen=True)
class If:
    cond: str
    body: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class For:
    loop: str
    body: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    cells: list[str]
    loop: str | None = None  # "{%tr for loop %}" around the row
    cond: str | None = None  # "{%tr if cond %}" around the row
    total: bool = False  # a totals row, set in bold


@dataclass(frozen=True)
class Table:
    header: list[str] | None
    rows: list[Row]
    numeric: tuple[int, ...] = ()  # columns aligned right
    wide: bool = False  # many columns: smaller type
    widths: tuple[float, ...] = ()  # column widths in millimetres for DOCX; empty: equal


@dataclass(frozen=True)
class Chart:
    key: str  # charts.<key> from the model's chart_specs()
    caption: str


SEAL = "[seal]"  # room for the other party to stamp
OUR_SEAL = "[our seal]"  # our seal's image, or room to stamp it


@dataclass(frozen=True)
class Seal:
    """A signature column's seal box, showing this text where there is no seal to stamp."""

    text: str
    ours: bool = False  # our seal's image when there is one, else the text


@dataclass(frozen=True)
class Signatures:
    columns: list[list[str | Seal]]  # each column: lines or seal boxes; SEAL or OUR_SEAL as a line marks a seal's place


@dataclass(frozen=True)
class Set:
    statement: str  # "name = expression", set before the blocks that use it; dict(...), not braces (see Document.setup)


@dataclass(frozen=True)
class Strong:
    """A paragraph set in bold, such as a salutation."""

    text: str


@dataclass(frozen=True)
class Notice:
    """A line set apart so nobody can miss it, such as a draft's "not approved" mark: bold, red, centred, framed."""

    text: str


@dataclass(frozen=True)
class Item:
    """An indented list item; its marker ("· ", "1. ") is part of the text, so DOCX and PDF read the same."""

    text: str


@dataclass(frozen=True)
class Facts:
    """A two-column table of label and value (labels shaded in HTML); a "\\n" in a value breaks the line."""

    rows: list[Row]  # each Row's cells: [label, value]; total is not used
    amounts: bool = False  # values aligned right


@dataclass(frozen=True)
class Signature:
    """One signer's block, set to the right; the line OUR_SEAL is our seal image, or a box saying seal_note."""

    lines: list[str]
    seal_note: str = ""


@dataclass(frozen=True)
class Blanks:
    """One line of labels, each followed by a blank to fill in by hand (a signature, a date)."""

    labels: list[str]


@dataclass(frozen=True)
class Slip:
    """A tear-off slip at the end: a dashed cut line, a centred title, then its blocks."""

    title: str
    body: list[Block] = field(default_factory=list)


Block = (
    Heading
    | Paragraph
    | If
    | For
    | Table
    | Chart
    | Signatures
    | Set
    | Strong
    | Notice
    | Item
    | Facts
    | Signature
    | Blanks
    | Slip
)


@dataclass(frozen=True)
class Document:
    number_label: str
    page_words: tuple[str, str, str]
    body: list[Block]
    landscape: bool = False
    setup: str = ""  # a statement such as "set x = 1" run before the body (no braces: docxtpl's {%p %} stops at "}")


def closing(body: list[Block]) -> frozenset[int]:
    """The ids of the blocks that close a document: those after its last heading, table or facts, outside loops.

    The writers keep each of them on the page of the block before it, so that the last clause, its sign-off,
    the signatures and a reply slip share a page: no page then holds only a signature block or a lone note.
    A loop's items and a chart may still start a page, so a long list or a chart does not pull the whole ending to
    a new page.
    """
    leaves = list(_leaves(body, in_loop=False))
    anchors = [index for index, (block, _) in enumerate(leaves) if isinstance(block, Heading | Table | Facts)]
    after = leaves[anchors[-1] + 1 :] if anchors else leaves
    return frozenset(id(block) for block, in_loop in after if not in_loop and not isinstance(block, Set | Chart))


def _leaves(blocks: list[Block], in_loop: bool) -> Iterator[tuple[Block, bool]]:
    """Every block in reading order, inside conditions and loops (a slip counts as one), and whether in a loop."""
    for block in blocks:
        if isinstance(block, If):
            yield from _leaves(block.body, in_loop)
        elif isinstance(block, For):
            yield from _leaves(block.body, True)
        else:
            yield block, in_loop
