"""Building blocks for the bundled DOCX templates: an A4 letter with letterhead, footer page fields and tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
NAVY = RGBColor(0x1F, 0x3A, 0x68)


def font(run, name: str, size: float | None = None, bold: bool = False, color: RGBColor | None = None):
    run.font.name = name
    run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    return run


def field(paragraph, code: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def fix_widths(table, widths: Sequence[float]) -> None:
    """Fixed table layout with these column widths (mm): Word and LibreOffice then wrap a long run inside
    its cell instead of widening the table past the page, and keep python-docx's widths otherwise."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


class Builder:
    def __init__(self, landscape: bool = False) -> None:
        self.doc = Document()
        self.text_width = 257.0 if landscape else 170.0  # mm between the margins
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(22)
        normal = self.doc.styles["Normal"]
        normal.font.name = SERIF
        normal.font.size = Pt(10.5)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), SERIF)

    def letterhead(self, number_label: str, page_words: tuple[str, str, str]) -> None:
        header = self.doc.sections[0].header
        top = header.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(top.add_run("{% if meta.draft %}{{ meta.draft_label }} · {% endif %}" + number_label), SANS, 8)
        font(top.add_run("{{ meta.number }}"), SANS, 8)
        name = header.add_paragraph()
        font(name.add_run("{{ images.logo if images.logo else '' }}"), SANS, 8)
        font(name.add_run("{{ company.legal_name }}"), SANS, 14, bold=True, color=NAVY)
        contact = header.add_paragraph()
        font(contact.add_run("{{ company.address }} · {{ company.phone }}"), SANS, 8)
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(footer.add_run(page_words[0]), SANS, 8)
        field(footer, "PAGE")
        font(footer.add_run(page_words[1]), SANS, 8)
        field(footer, "NUMPAGES")
        font(footer.add_run(page_words[2]), SANS, 8)

    def title(self, number_label: str) -> None:
        title = self.doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        font(title.add_run("{{ meta.title }}"), SANS, 20, bold=True)
        number = self.doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        font(number.add_run(number_label + "{{ meta.number }}"), SANS, 9)

    def heading(self, text: str) -> None:
        font(self.doc.add_paragraph().add_run(text), SANS, 11.5, bold=True)

    def para(self, text: str, bold: bool = False) -> None:
        font(self.doc.add_paragraph().add_run(text), SERIF, bold=bold)

    def optional(self, condition: str, text: str) -> None:
        """A paragraph that disappears entirely when the condition is false."""
        self.para("{%p if " + condition + " %}")
        self.para(text)
        self.para("{%p endif %}")

    def table(self, rows: list[tuple[str, str]]) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(label)
            cells[1].paragraphs[0].add_run(value)
        fix_widths(table, (55, 115))
        self.doc.add_paragraph()

    def each(self, loop: str, text: str) -> None:
        """One paragraph per item: loop is the inside of a for tag, e.g. "item in doc.lessons"."""
        self.para("{%p for " + loop + " %}")
        self.para(text)
        self.para("{%p endfor %}")

    def grid(
        self, headers: Sequence[str], rows: list[Sequence[str]], widths: Sequence[float], right: Sequence[int] = ()
    ) -> None:
        """A table with a bold header row; a row of one cell holding a {%tr %} tag becomes a docxtpl row tag."""
        table = self.doc.add_table(rows=0, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for number, values in enumerate([headers, *rows]):
            cells = table.add_row().cells
            for column, cell in enumerate(cells):
                paragraph = cell.paragraphs[0]
                if column in right and number > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                run = paragraph.add_run(values[column] if column < len(values) else "")
                run.bold = number == 0 or None
        fix_widths(table, widths)
        self.doc.add_paragraph()

    def right(self, texts: Sequence[str]) -> None:
        """Right-aligned lines, e.g. a signature block."""
        for text in texts:
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            font(paragraph.add_run(text), SERIF)

    def centred(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.core_properties.title = ""
        self.doc.core_properties.author = ""
        self.doc.save(str(path))
