"""The block structure of a built template: headings, paragraphs, conditions, loops, tables, charts, signatures.

Every text here is already Jinja template text in one locale: the wording has
been looked up (source.py) before the writers (html_writer, docx_writer) see it.
"""

from __future__ import annotations

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
class Signatures:
    columns: list[list[str]]  # each column: lines; SEAL or OUR_SEAL as a line marks a seal's place


Block = Heading | Paragraph | If | For | Table | Chart | Signatures


@dataclass(frozen=True)
class Document:
    number_label: str
    page_words: tuple[str, str, str]
    body: list[Block]
    landscape: bool = False
    setup: str = ""  # a statement such as "set x = 1" run before the body (no braces: docxtpl's {%p %} stops at "}")
