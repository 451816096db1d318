"""A small block structure that renders to both an HTML template and a DOCX template.

Long documents (contracts, statements) keep their structure once and their
wording per locale, so the Word and the HTML/PDF versions cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx_builder import SANS, SERIF, Builder, fix_widths, font


@dataclass
class H:
    text: str


@dataclass
class P:
    text: str
    right: bool = False
    small: bool = False


@dataclass
class If:
    cond: str
    body: list = field(default_factory=list)


@dataclass
class For:
    loop: str
    body: list = field(default_factory=list)


@dataclass
class Row:
    cells: list[str]
    loop: str | None = None  # "{%tr for loop %}" around the row
    cond: str | None = None  # "{%tr if cond %}" around the row
    total: bool = False  # a totals row, set in bold


@dataclass
class Table:
    header: list[str] | None
    rows: list[Row]
    numeric: tuple[int, ...] = ()  # columns aligned right
    wide: bool = False  # many columns: smaller type
    widths: tuple[float, ...] = ()  # column widths in millimetres for DOCX; empty: equal


@dataclass
class Chart:
    key: str  # charts.<key> from the model's chart_specs()
    caption: str


@dataclass
class Signatures:
    # each column: lines, or Seal boxes; "[seal]" marks room to stamp, "[our seal]" our seal image there
    columns: list[list[str | Seal]]


@dataclass
class Set:
    statement: str  # "name = expression" set before the blocks that use it; dict(...) not braces (see Document.setup)


@dataclass
class Seal:
    text: str  # a signature column's seal box, showing this text where there is no seal to stamp
    ours: bool = False  # our seal's image when there is one, else the text


# -- kinds for letters (offer letter, certificates): added for the one-structure letters


@dataclass
class Strong:
    """A paragraph set in bold, such as a salutation."""

    text: str


@dataclass
class Item:
    """An indented list item; its marker ("· ", "1. ") is part of the text, so DOCX and PDF read the same."""

    text: str


@dataclass
class Facts:
    """A two-column table of label and value (labels shaded in HTML); a "\\n" in a value breaks the line."""

    rows: list[Row]  # each Row's cells: [label, value]
    amounts: bool = False  # values aligned right


@dataclass
class Signature:
    """One signer's block, set to the right; the line "[our seal]" is our seal image, or a box saying seal_note."""

    lines: list[str]
    seal_note: str = ""


@dataclass
class Blanks:
    """One line of labels, each followed by a blank to fill in by hand (a signature, a date)."""

    labels: list[str]


@dataclass
class Slip:
    """A tear-off slip at the end: a dashed cut line, a centred title, then its blocks."""

    title: str
    body: list = field(default_factory=list)


@dataclass
class Document:
    number_label: str
    page_words: tuple[str, str, str]
    body: list
    landscape: bool = False
    setup: str = ""  # a statement such as "set x = 1" run before the body (no braces: docxtpl's {%p %} stops at "}")


LETTER_KINDS = (Strong, Item, Facts, Signature, Blanks, Slip)

# ---------------------------------------------------------------- HTML


def _html_blocks(blocks: list, out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, H):
            out.append(f"<h2>{block.text}</h2>")
        elif isinstance(block, P):
            classes = " ".join(c for c, on in (("right", block.right), ("small", block.small)) if on)
            out.append(f'<p class="{classes}">{block.text}</p>' if classes else f"<p>{block.text}</p>")
        elif isinstance(block, If):
            out.append(f"{{% if {block.cond} %}}")
            _html_blocks(block.body, out)
            out.append("{% endif %}")
        elif isinstance(block, For):
            out.append(f"{{% for {block.loop} %}}")
            _html_blocks(block.body, out)
            out.append("{% endfor %}")
        elif isinstance(block, Table):
            out.append(_html_table(block))
        elif isinstance(block, Signatures):
            out.append(_html_signatures(block))
        elif isinstance(block, Chart):
            out.append(f'<img class="chart" src="{{{{ charts.{block.key} }}}}" alt="{block.caption}">')
        elif isinstance(block, Set):
            out.append(f"{{% set {block.statement} %}}")
        elif isinstance(block, LETTER_KINDS):
            _html_letter_block(block, out)


def _html_cell(tag: str, text: str, index: int, numeric: tuple[int, ...]) -> str:
    cls = ' class="amount"' if index in numeric else ""
    return f"<{tag}{cls}>{text}</{tag}>"


def _html_table(table: Table) -> str:
    lines = ['<table class="grid wide">' if table.wide else '<table class="grid">']
    if table.header:
        cells = "".join(_html_cell("th", text, i, table.numeric) for i, text in enumerate(table.header))
        lines.append(f"<thead><tr>{cells}</tr></thead>")
    lines.append("<tbody>")
    for row in table.rows:
        cells = "".join(_html_cell("td", text, i, table.numeric) for i, text in enumerate(row.cells))
        html = f'<tr class="total">{cells}</tr>' if row.total else f"<tr>{cells}</tr>"
        if row.loop:
            html = f"{{% for {row.loop} %}}{html}{{% endfor %}}"
        if row.cond:
            html = f"{{% if {row.cond} %}}{html}{{% endif %}}"
        lines.append(html)
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _html_seal(seal: Seal) -> str:
    if seal.ours:
        return f'<div class="seal-box">{{% if images.seal %}}<img src="{{{{ images.seal }}}}" alt="">{{% else %}}{seal.text}{{% endif %}}</div>'
    return f'<div class="seal-box">{seal.text}</div>'


_HTML_SEAL_BOXES = {
    "[seal]": '<div class="seal-box"></div>',
    "[our seal]": '<div class="seal-box">{% if images.seal %}<img src="{{ images.seal }}" alt="">{% endif %}</div>',
}


def _html_signatures(block: Signatures) -> str:
    columns = []
    for column in block.columns:
        parts = [
            _html_seal(line) if isinstance(line, Seal) else _HTML_SEAL_BOXES.get(line, f"<p>{line}</p>")
            for line in column
        ]
        columns.append('<div class="party">' + "".join(parts) + "</div>")
    return '<div class="sign-grid">' + "".join(columns) + "</div>"


# -- HTML of the letter kinds


def _html_letter_block(block: object, out: list[str]) -> None:
    if isinstance(block, Strong):
        out.append(f"<p><strong>{block.text}</strong></p>")
    elif isinstance(block, Item):
        out.append(f'<p class="item">{block.text}</p>')
    elif isinstance(block, Facts):
        out.append(_html_facts(block))
    elif isinstance(block, Signature):
        out.append(_html_signature(block))
    elif isinstance(block, Blanks):
        out.append("<p>" + "&emsp;".join(f'{label}<span class="blank"></span>' for label in block.labels) + "</p>")
    elif isinstance(block, Slip):
        out.append(f'<section class="slip"><h2>{block.title}</h2>')
        _html_blocks(block.body, out)
        out.append("</section>")


def _html_facts(block: Facts) -> str:
    value_tag = '<td class="amount">' if block.amounts else "<td>"
    lines = ['<table class="facts">']
    for row in block.rows:
        label, value = row.cells[0], row.cells[1].replace("\n", "<br>")
        html = f"<tr><th>{label}</th>{value_tag}{value}</td></tr>"
        if row.loop:
            html = f"{{% for {row.loop} %}}{html}{{% endfor %}}"
        if row.cond:
            html = f"{{% if {row.cond} %}}{html}{{% endif %}}"
        lines.append(html)
    lines.append("</table>")
    return "\n".join(lines)


def _html_signature(block: Signature) -> str:
    seal = (
        '<div class="seal-box">{% if images.seal %}<img src="{{ images.seal }}" alt="">{% else %}'
        + block.seal_note
        + "{% endif %}</div>"
    )
    parts = [seal if line == "[our seal]" else f"<p>{line}</p>" for line in block.lines]
    return '<div class="signature"><div class="block">' + "".join(parts) + "</div></div>"


def to_html(document: Document) -> str:
    out = ['{% extends "_base/letter.html" %}', "{% block number_label %}" + document.number_label + "{% endblock %}"]
    if document.landscape:
        out.append(
            "{% block page_style %}@page { size: A4 landscape; } img.chart { width: 150mm; margin: 2mm auto; }{% endblock %}"
        )
    out.append("{% block body %}")
    if document.setup:
        out.append("{% " + document.setup + " %}")
    _html_blocks(document.body, out)
    out.append("{% endblock %}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- DOCX


def _docx_blocks(builder: Builder, blocks: list) -> None:
    for block in blocks:
        if isinstance(block, H):
            builder.heading(block.text)
        elif isinstance(block, P):
            paragraph = builder.doc.add_paragraph()
            if block.right:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            font(paragraph.add_run(block.text), SERIF, 9 if block.small else None)
        elif isinstance(block, If):
            builder.para(f"{{%p if {block.cond} %}}")
            _docx_blocks(builder, block.body)
            builder.para("{%p endif %}")
        elif isinstance(block, For):
            builder.para(f"{{%p for {block.loop} %}}")
            _docx_blocks(builder, block.body)
            builder.para("{%p endfor %}")
        elif isinstance(block, Table):
            _docx_table(builder, block)
        elif isinstance(block, Signatures):
            _docx_signatures(builder, block)
        elif isinstance(block, Chart):
            paragraph = builder.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(f"{{{{ charts.{block.key} }}}}")
        elif isinstance(block, Set):
            builder.para(f"{{%p set {block.statement} %}}")
        elif isinstance(block, LETTER_KINDS):
            _docx_letter_block(builder, block)


def _docx_row(table, cells: list[str], numeric: tuple[int, ...], bold: bool = False, size: float = 9.5) -> None:
    row = table.add_row().cells
    for index, text in enumerate(cells):
        paragraph = row[index].paragraphs[0]
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(paragraph.add_run(text), SANS if bold else SERIF, size, bold=bold)


def _tag_row(table, tag: str) -> None:
    table.add_row().cells[0].paragraphs[0].add_run(tag)


def _repeat_header(table) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _narrow_margins(table) -> None:
    """Cell margins of 0.5 mm, so that many figures fit across the page."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "28")  # twentieths of a point: 1.4 pt ≈ 0.5 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _docx_table(builder: Builder, block: Table) -> None:
    columns = len(block.header or block.rows[0].cells)
    table = builder.doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    size = 7 if block.wide else 9.5
    if block.header:
        _docx_row(table, block.header, block.numeric, bold=True, size=size)
        _repeat_header(table)
    for row in block.rows:
        opening = f"{{%tr for {row.loop} %}}" if row.loop else f"{{%tr if {row.cond} %}}" if row.cond else None
        if opening:
            _tag_row(table, opening)
        _docx_row(table, row.cells, block.numeric, bold=row.total, size=size)
        if opening:
            _tag_row(table, "{%tr endfor %}" if row.loop else "{%tr endif %}")
    fix_widths(table, block.widths or _equal(builder.text_width, columns))
    if block.wide:
        _narrow_margins(table)
    builder.doc.add_paragraph()


def _docx_seal(cell, seal: Seal) -> None:
    text = (
        f"{{% if images.seal %}}{{{{ images.seal }}}}{{% else %}}{seal.text}{{% endif %}}" if seal.ours else seal.text
    )
    font(cell.add_paragraph().add_run(text), SERIF)


def _equal(width: float, columns: int) -> tuple[float, ...]:
    return (width / columns,) * columns


def _docx_signatures(builder: Builder, block: Signatures) -> None:
    table = builder.doc.add_table(rows=1, cols=len(block.columns))
    fix_widths(table, _equal(builder.text_width, len(block.columns)))
    for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
        cell.paragraphs[0].add_run("")
        for line in column:
            if isinstance(line, Seal):
                _docx_seal(cell, line)
            elif line == "[seal]":  # room to stamp the seal
                for _ in range(4):
                    cell.add_paragraph()
            elif line == "[our seal]":  # our seal's image, or room to stamp it when there is none
                cell.add_paragraph().add_run("{% if images.seal %}{{ images.seal }}{% endif %}")
                cell.add_paragraph().add_run("{%p if not images.seal %}")
                for _ in range(3):
                    cell.add_paragraph()
                cell.add_paragraph().add_run("{%p endif %}")
            else:
                font(cell.add_paragraph().add_run(line), SERIF)


# -- DOCX of the letter kinds


def _docx_letter_block(builder: Builder, block: object) -> None:
    if isinstance(block, Strong):
        font(builder.doc.add_paragraph().add_run(block.text), SERIF, bold=True)
    elif isinstance(block, Item):
        paragraph = builder.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(7)
        font(paragraph.add_run(block.text), SERIF)
    elif isinstance(block, Facts):
        _docx_facts(builder, block)
    elif isinstance(block, Signature):
        _docx_signature(builder, block)
    elif isinstance(block, Blanks):
        _docx_blanks(builder, block)
    elif isinstance(block, Slip):
        _docx_slip_title(builder, block.title)
        _docx_blocks(builder, block.body)


def _docx_facts(builder: Builder, block: Facts) -> None:
    table = builder.doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in block.rows:
        opening = f"{{%tr for {row.loop} %}}" if row.loop else f"{{%tr if {row.cond} %}}" if row.cond else None
        if opening:
            _tag_row(table, opening)
        label, value = table.add_row().cells
        label.paragraphs[0].add_run(row.cells[0])
        if block.amounts:
            value.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        value.paragraphs[0].add_run(row.cells[1])  # python-docx writes "\n" as a line break
        if opening:
            _tag_row(table, "{%tr endfor %}" if row.loop else "{%tr endif %}")
    fix_widths(table, (55, builder.text_width - 55))
    builder.doc.add_paragraph()


def _docx_signature(builder: Builder, block: Signature) -> None:
    builder.doc.add_paragraph()
    seal = "{% if images.seal %}{{ images.seal }}{% else %}" + block.seal_note + "{% endif %}"
    builder.right([seal if line == "[our seal]" else line for line in block.lines])


def _docx_blanks(builder: Builder, block: Blanks) -> None:
    """Each blank is underlined ideographic space: a line to write on that holds no text."""
    paragraph = builder.doc.add_paragraph()
    for index, label in enumerate(block.labels):
        font(paragraph.add_run(("\u3000\u3000" if index else "") + label), SERIF)
        font(paragraph.add_run("\u3000" * 8), SERIF).underline = True


def _docx_slip_title(builder: Builder, title: str) -> None:
    """The slip's title under a dashed line across the page, where it is cut off."""
    paragraph = builder.doc.add_paragraph()
    borders = OxmlElement("w:pBdr")  # first: python-docx then puts spacing and alignment after it, in schema order
    top = OxmlElement("w:top")
    for key, value in (("val", "dashed"), ("sz", "8"), ("space", "12"), ("color", "555555")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(24)
    font(paragraph.add_run(title), SANS, 11.5, bold=True)


def to_docx(document: Document) -> Builder:
    builder = Builder(landscape=document.landscape)
    builder.letterhead(document.number_label, document.page_words)
    builder.title(document.number_label)
    if document.setup:
        builder.para("{%p " + document.setup + " %}")
    _docx_blocks(builder, document.body)
    return builder
