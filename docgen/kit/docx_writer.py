"""Writing a block Document as a DOCX template: an A4 letter with letterhead, footer page fields and tables.

The Jinja tags go into the runs as text ({%p %} and {%tr %} paragraphs and rows
for docxtpl), so docxtpl renders the file like any DOCX an office wrote itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.run import Run

from .blocks import (
    OUR_SEAL,
    SEAL,
    Blanks,
    Block,
    Chart,
    Document,
    Facts,
    For,
    Heading,
    If,
    Item,
    Notice,
    Paragraph,
    Row,
    Seal,
    Set,
    Signature,
    Signatures,
    Slip,
    Strong,
    Table,
    closing,
)

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# Word draws CJK text in the face it is given: zh_TW in the SC faces shows simplified glyph shapes (for 說, 讓 …).
FACES = {"zh_TW": {SERIF: "Noto Serif CJK TC", SANS: "Noto Sans CJK TC"}}
LANGUAGES = {"zh_CN": "zh-CN", "en_US": "en-US", "zh_TW": "zh-TW"}  # w:lang, for proofing and glyph choice
SHORT_TABLE = 8  # rows: a table this short is kept on one page
NAVY = RGBColor(0x1F, 0x3A, 0x68)
RED = RGBColor(0xBB, 0x33, 0x33)  # the seal boxes' and notices' red


def to_docx(document: Document, locale: str = "zh_CN") -> bytes:
    builder = _Builder(landscape=document.landscape, keep=closing(document.body))
    builder.letterhead(document.number_label, document.page_words)
    builder.title(document.number_label)
    if document.setup:
        builder.para("{%p " + document.setup + " %}")
    _blocks(builder, document.body)
    _localize(builder.doc, locale)
    return builder.save()


def _localize(doc: DocxDocument, locale: str) -> None:
    """The locale's CJK faces in every run, style and header, and its language as the default of every run."""
    faces = FACES.get(locale, {})
    section = doc.sections[0]
    parts = (doc.styles.element, doc.element, section.header._element, section.first_page_header._element)
    for part in (*parts, section.footer._element, section.first_page_footer._element):
        for fonts in part.iter(qn("w:rFonts")):
            for key, value in fonts.attrib.items():
                fonts.set(key, faces.get(value, value))
    language = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    language.set(qn("w:val"), LANGUAGES[locale])
    language.set(qn("w:eastAsia"), LANGUAGES[locale])


def keep_with_next(element: Any) -> None:
    """A paragraph, or every paragraph of a table, stays on the page of what follows; a table row is not split."""
    for row in element.iter(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = OxmlElement("w:trPr")
            row.insert(1 if row.find(qn("w:tblPrEx")) is not None else 0, properties)
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, OxmlElement("w:cantSplit"))
    for paragraph in [element] if element.tag == qn("w:p") else element.iter(qn("w:p")):
        paragraph.get_or_add_pPr().keepNext_val = True  # python-docx orders it among the other properties


def font(run: Run, name: str, size: float | None = None, bold: bool = False, color: RGBColor | None = None) -> Run:
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph: Any, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def fix_widths(table: DocxTable, widths: Sequence[float]) -> None:
    """Fixed table layout with these column widths (mm): Word and LibreOffice then wrap a long run inside
    its cell instead of widening the table past the page, and keep python-docx's widths otherwise."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


class _Builder:
    """An empty A4 letter (portrait or landscape) being filled in."""

    def __init__(self, landscape: bool = False, keep: frozenset[int] = frozenset()) -> None:
        self.doc: DocxDocument = new_docx()
        self.keep = keep  # the ids of the closing blocks (blocks.closing)
        self.text_width = 257.0 if landscape else 170.0  # mm between the margins
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(22)
        normal: Any = self.doc.styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(10.5)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)

    def letterhead(self, number_label: str, page_words: tuple[str, str, str]) -> None:
        """The letterhead on every page; the number in it from page 2 on, as page 1 shows it under the title."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        draft = "{% if meta.draft %}{{ meta.draft_label }}{% endif %}"
        later = "{% if meta.draft %}{{ meta.draft_label }} · {% endif %}" + number_label + "{{ meta.number }}"
        for header, top_line in ((section.header, later), (section.first_page_header, draft)):
            top = header.paragraphs[0]
            top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            font(top.add_run(top_line), SANS, 8)
            name = header.add_paragraph()
            font(name.add_run("{{ images.logo if images.logo else '' }}"), SANS, 8)
            font(name.add_run("{{ company.legal_name }}"), SANS, 14, bold=True, color=NAVY)
            contact = header.add_paragraph()
            font(contact.add_run("{{ company.address }} · {{ company.phone }}"), SANS, 8)
        self._footer(section.footer, page_words)
        self._footer(section.first_page_footer, page_words)

    def _footer(self, part: Any, page_words: tuple[str, str, str]) -> None:
        footer = part.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(footer.add_run(page_words[0]), SANS, 8)
        _field(footer, "PAGE")
        font(footer.add_run(page_words[1]), SANS, 8)
        _field(footer, "NUMPAGES")
        font(footer.add_run(page_words[2]), SANS, 8)

    def title(self, number_label: str) -> None:
        title = self.doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(title.add_run("{{ meta.title }}"), SANS, 20, bold=True)
        number = self.doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(number.add_run(number_label + "{{ meta.number }}"), SANS, 9)

    def para(self, text: str) -> None:
        font(self.doc.add_paragraph().add_run(text), SERIF)

    def save(self) -> bytes:
        self.doc.core_properties.title = ""
        self.doc.core_properties.author = ""
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _blocks(builder: _Builder, blocks: list[Block]) -> None:
    for block in blocks:
        if isinstance(block, If | For):
            keyword, head = ("if", block.cond) if isinstance(block, If) else ("for", block.loop)
            builder.para(f"{{%p {keyword} {head} %}}")
            _blocks(builder, block.body)
            builder.para(f"{{%p end{keyword} %}}")
        elif id(block) in builder.keep:
            _closing(builder, block)
        else:
            _block(builder, block)


def _closing(builder: _Builder, block: Block) -> None:
    """A closing block, kept on the page of the content before it, its own paragraphs and rows kept together."""
    body = builder.doc.element.body
    for element in _content_before(body):
        keep_with_next(_last_row(element) if element.tag == qn("w:tbl") else element)
    start = len(body)
    _block(builder, block)
    for element in list(body)[start - 1 : -1]:  # the block's elements, written before the section's properties
        keep_with_next(element)


def _content_before(body: Any) -> list[Any]:
    """The last elements written, back to the first that prints: docxtpl drops {%p %} paragraphs, and an empty
    paragraph after a table only spaces it."""
    found = []
    for element in reversed(body[:-1]):  # the last child is the section's properties
        text = _text(element)
        if element.tag == qn("w:p") and text.startswith("{%p "):
            continue
        found.append(element)
        if element.tag != qn("w:p") or text:
            break
    return found


def _last_row(table: Any) -> Any:
    """A table's last row that prints ({%tr %} rows are dropped by docxtpl)."""
    rows = [row for row in table.iter(qn("w:tr")) if not _text(row).startswith("{%tr ")]
    return rows[-1]


def _text(element: Any) -> str:
    return "".join(text.text or "" for text in element.iter(qn("w:t")))


def _block(builder: _Builder, block: Block) -> None:
    if isinstance(block, Heading):
        heading = builder.doc.add_paragraph()
        heading.paragraph_format.keep_with_next = True  # a heading never ends a page
        font(heading.add_run(block.text), SANS, 11.5, bold=True)
    elif isinstance(block, Paragraph):
        _paragraph(builder, block)
    elif isinstance(block, Table):
        _table(builder, block)
    elif isinstance(block, Signatures):
        _signatures(builder, block)
    elif isinstance(block, Chart):
        paragraph = builder.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(f"{{{{ charts.{block.key} }}}}")
    else:
        _letter_block(builder, block)


def _paragraph(builder: _Builder, block: Paragraph) -> None:
    paragraph = builder.doc.add_paragraph()
    if block.right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    font(paragraph.add_run(block.text), SERIF, 9 if block.small else None)


def _row(table: DocxTable, cells: list[str], numeric: tuple[int, ...], bold: bool, size: float) -> None:
    row = table.add_row().cells  # type: ignore[no-untyped-call]
    for index, text in enumerate(cells):
        paragraph = row[index].paragraphs[0]
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(paragraph.add_run(text), SANS if bold else SERIF, size, bold=bold)


def _tag_row(table: DocxTable, tag: str) -> None:
    table.add_row().cells[0].paragraphs[0].add_run(tag)  # type: ignore[no-untyped-call]


def _repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _narrow_margins(table: DocxTable) -> None:
    """Cell margins of 0.5 mm, so that many figures fit across the page."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "28")  # twentieths of a point: 1.4 pt ≈ 0.5 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _table(builder: _Builder, block: Table) -> None:
    columns = len(block.header or block.rows[0].cells)
    _count_rows(builder, block.rows)
    table = builder.doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    size = 7 if block.wide else 9.5
    if block.header:
        _row(table, block.header, block.numeric, bold=True, size=size)
        _repeat_header(table)
    for row in block.rows:
        _table_row(table, row, block.numeric, size)
    fix_widths(table, block.widths or _equal(builder.text_width, columns))
    if block.wide:
        _narrow_margins(table)
    _keep_if_short(table)
    builder.doc.add_paragraph()


def _count_rows(builder: _Builder, rows: list[Row]) -> None:
    """Sets short_table before the table: whether it renders at most SHORT_TABLE rows, its loops counted as they
    run (docxtpl drops the {%p %} paragraphs; no "<" in them, which the XML would escape)."""
    fixed = [f"(1 if {row.cond} else 0)" if row.cond else "1" for row in rows if not row.loop]
    builder.para("{%p set table_rows = namespace(count=" + " + ".join(fixed or ["0"]) + ") %}")
    for row in rows:
        if row.loop:
            builder.para(f"{{%p for {row.loop} %}}")
            builder.para("{%p set table_rows.count = table_rows.count + 1 %}")
            builder.para("{%p endfor %}")
    builder.para(f"{{%p set short_table = table_rows.count is le {SHORT_TABLE} %}}")


def _keep_if_short(table: DocxTable) -> None:
    """No row is split; and when the table is short, each row keeps with the next, so it is not split at all."""
    keep_with_next(table._tbl)
    for keep in table._tbl.iter(qn("w:keepNext")):
        keep.set(qn("w:val"), "{% if short_table %}1{% else %}0{% endif %}")


def _table_row(table: DocxTable, row: Row, numeric: tuple[int, ...], size: float) -> None:
    opening = f"{{%tr for {row.loop} %}}" if row.loop else f"{{%tr if {row.cond} %}}" if row.cond else None
    if opening:
        _tag_row(table, opening)
    _row(table, row.cells, numeric, bold=row.total, size=size)
    if opening:
        _tag_row(table, "{%tr endfor %}" if row.loop else "{%tr endif %}")


def _equal(width: float, columns: int) -> tuple[float, ...]:
    return (width / columns,) * columns


def _signatures(builder: _Builder, block: Signatures) -> None:
    table = builder.doc.add_table(rows=1, cols=len(block.columns))
    fix_widths(table, _equal(builder.text_width, len(block.columns)))
    for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
        cell.paragraphs[0].add_run("")
        for line in column:
            if isinstance(line, Seal):
                _seal(cell, line)
            elif line == SEAL:  # room to stamp the seal
                for _ in range(4):
                    cell.add_paragraph()
            elif line == OUR_SEAL:  # our seal's image, or room to stamp it when there is none
                cell.add_paragraph().add_run("{% if images.seal %}{{ images.seal }}{% endif %}")
                cell.add_paragraph().add_run("{%p if not images.seal %}")
                for _ in range(3):
                    cell.add_paragraph()
                cell.add_paragraph().add_run("{%p endif %}")
            else:
                font(cell.add_paragraph().add_run(line), SERIF)


def _seal(cell: Any, seal: Seal) -> None:
    text = (
        f"{{% if images.seal %}}{{{{ images.seal }}}}{{% else %}}{seal.text}{{% endif %}}" if seal.ours else seal.text
    )
    font(cell.add_paragraph().add_run(text), SERIF)


# -- the letter kinds


def _letter_block(builder: _Builder, block: Block) -> None:
    if isinstance(block, Set):
        builder.para(f"{{%p set {block.statement} %}}")
    elif isinstance(block, Strong):
        font(builder.doc.add_paragraph().add_run(block.text), SERIF, bold=True)
    elif isinstance(block, Notice):
        _notice(builder, block)
    elif isinstance(block, Item):
        paragraph = builder.doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(7)
        font(paragraph.add_run(block.text), SERIF)
    elif isinstance(block, Facts):
        _facts(builder, block)
    elif isinstance(block, Signature):
        _signature(builder, block)
    elif isinstance(block, Blanks):
        _blanks(builder, block)
    elif isinstance(block, Slip):
        _slip_title(builder, block.title)
        _blocks(builder, block.body)


def _facts(builder: _Builder, block: Facts) -> None:
    _count_rows(builder, block.rows)
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
    _keep_if_short(table)
    builder.doc.add_paragraph()


def _signature(builder: _Builder, block: Signature) -> None:
    builder.doc.add_paragraph()
    seal = "{% if images.seal %}{{ images.seal }}{% else %}" + block.seal_note + "{% endif %}"
    for line in block.lines:
        paragraph = builder.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(paragraph.add_run(seal if line == OUR_SEAL else line), SERIF)


def _notice(builder: _Builder, block: Notice) -> None:
    """Bold red text, centred in a red frame: what the HTML's p.notice shows."""
    paragraph = builder.doc.add_paragraph()
    borders = OxmlElement("w:pBdr")  # first: python-docx then puts spacing and alignment after it, in schema order
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "8"), ("space", "4"), ("color", "BB3333")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(paragraph.add_run(block.text), SANS, 12, bold=True, color=RED)


def _blanks(builder: _Builder, block: Blanks) -> None:
    """Each blank is underlined ideographic space: a line to write on that holds no text."""
    paragraph = builder.doc.add_paragraph()
    for index, label in enumerate(block.labels):
        font(paragraph.add_run(("\u3000\u3000" if index else "") + label), SERIF)
        font(paragraph.add_run("\u3000" * 8), SERIF).underline = True


def _slip_title(builder: _Builder, title: str) -> None:
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
    paragraph.paragraph_format.keep_with_next = True
    font(paragraph.add_run(title), SANS, 11.5, bold=True)
