"""The document number a file carries inside itself, as `docgen issue` writes it: never its file name.

A download renamed `LY-2026-0001 (1).pdf`, or a copy saved as `offer.docx`, still says which number it
claims. Issue writes the number into:

- DOCX: the core properties' identifier (`dc:identifier` in docProps/core.xml);
- PDF: the document information's Title, "<title> <number>" (WeasyPrint takes it from the HTML <title>);
- HTML: its <title>, the same text.

A number never holds a space (number patterns refuse one), so in a title it is the last word. The file is
told by its content, not its suffix. A file that is none of these, is malformed, or names no number gives
None: to verify, it is a file docgen knows nothing about.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

CORE_PROPERTIES = "docProps/core.xml"
IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"
MAX_CORE_BYTES = 1 << 20  # docgen writes under 2 KB; a larger part is not docgen's, and is not read
HTML_HEAD_BYTES = 64 * 1024  # the <title> is in the head, near the start
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def embedded_number(path: Path) -> str | None:
    """The document number the file's own metadata names, or None."""
    with path.open("rb") as stream:
        head = stream.read(HTML_HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _docx_identifier(path)
    if b"%PDF-" in head[:1024]:  # a PDF may have bytes before its header (ISO 32000, 7.5.2 … 1024)
        return _last_word(_pdf_title(path))
    found = TITLE.search(head.decode("utf-8", errors="replace"))
    return _last_word(html.unescape(found.group(1)) if found else None)


def _last_word(title: str | None) -> str | None:
    words = (title or "").split()
    return words[-1] if words else None


def _docx_identifier(path: Path) -> str | None:
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CORE_PROPERTIES)
            if info.file_size > MAX_CORE_BYTES:
                return None
            core = archive.read(info)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        found = etree.fromstring(core, parser).find(IDENTIFIER)
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):  # not a Word file docgen wrote
        return None
    text = found.text if found is not None else None
    return (text or "").strip() or None


def _pdf_title(path: Path) -> str | None:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:  # qpdf repairs what it can and keeps its warnings to itself
            title = pdf.docinfo.get("/Title")
            return str(title) if title is not None else None
    except (pikepdf.PdfError, OSError, ValueError):  # not a PDF it can read: it then names no number
        return None
