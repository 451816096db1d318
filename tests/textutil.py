"""Text extraction from rendered documents, for golden files and phrase checks."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
import pypdf
from docx.table import Table


def _table_text(table: Table) -> list[str]:
    return [cell.text for row in table.rows for cell in row.cells]


def docx_text(data: bytes) -> str:
    """Body (paragraphs and tables in order), then headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for block in document.iter_inner_content():
        parts += _table_text(block) if isinstance(block, Table) else [block.text]
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
            for table in part.tables:
                parts += _table_text(table)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(data: bytes) -> str:
    parser = _TextParser()
    parser.feed(data.decode("utf-8"))
    return " ".join(parser.parts)


EXTRACT = {"docx": docx_text, "pdf": pdf_text, "html": html_text}


def tokens(text: str) -> list[str]:
    """White space normalised away: PDF extraction breaks lines mid-phrase."""
    return text.split()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
