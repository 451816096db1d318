"""Reading a rendered PDF page by page for the layout tests: each page's own text, without the page's furniture.

The furniture is what every page repeats (the number in the header, "Page 1 of 3" at the foot) and the draft
mark; a page's own text is the rest, with white space taken out, so that a line break never hides a match.
"""

from __future__ import annotations

import io
import re

import pypdf
from lxml import html as lxml_html

FOOTER = re.compile(r"^(第 ?\d+ ?[页頁] ?共 ?\d+ ?[页頁]|Page \d+ of \d+)$")
DRAFT = ("草稿", "DRAFT")
# What signs, where the kit's HTML writer puts it: signature blocks, the tear-off slip, sign-offs set to the right.
SIGNING = "//*[contains(@class, 'signature') or contains(@class, 'sign-grid') or @class='slip' or @class='right']"


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_lines(pdf: bytes, html: str) -> list[list[str]]:
    """Each page's lines of its own text, in the order pypdf reads them (upright text only: not the draft mark)."""
    number = number_text(html)
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        lines = [line.strip() for line in page.extract_text(orientations=(0,)).splitlines()]
        pages.append([line for line in lines if line and not _furniture(line, number)])
    return pages


def number_text(html: str) -> str:
    """The document's number as printed with its label ("编号：（草稿，签发时编号）"), squeezed."""
    [number] = lxml_html.document_fromstring(html).xpath("//div[@class='doc-number']")
    return squeezed(number.text_content())


def shows_a_chart(pdf: bytes) -> list[bool]:
    """Whether each page draws a chart: its labels are drawn as outlines, and only a chart draws curves."""
    return [b" c\n" in page.get_contents().get_data() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _furniture(line: str, number: str) -> bool:
    return bool(FOOTER.match(line)) or line in DRAFT or squeezed(line) == number


def signing_texts(html: str) -> list[str]:
    """The text of every paragraph or box in the document's signature blocks, slip and sign-offs, squeezed."""
    root = lxml_html.document_fromstring(html)
    texts = []
    for block in root.xpath(SIGNING):
        parts = block.xpath(".//p | .//h2 | .//div[contains(@class, 'seal-box')]") or [block]
        texts += [squeezed(part.text_content()) for part in parts]
    return sorted((text for text in texts if text), key=len, reverse=True)


def own_text(lines: list[str], signing: list[str]) -> str:
    """A page's text that is not part of a signature block, slip or sign-off."""
    text = squeezed("".join(lines))
    for part in signing:
        text = text.replace(part, "")
    return text


def heading_texts(html: str) -> list[str]:
    root = lxml_html.document_fromstring(html)
    return [squeezed(h.text_content()) for h in root.xpath("//body//h2")]


def paragraph_texts(html: str) -> set[str]:
    """The text of every paragraph outside the signature blocks, slip and sign-offs, squeezed."""
    root = lxml_html.document_fromstring(html)
    signing = {id(p) for block in root.xpath(SIGNING) for p in block.iter()}
    return {squeezed(p.text_content()) for p in root.xpath("//body//p") if id(p) not in signing}


def alone(lines: list[str], html: str) -> bool:
    """Whether a page holds only signatures (a signature block, a slip, a sign-off), with one paragraph at most."""
    own = own_text(lines, signing_texts(html))
    return not own or own in paragraph_texts(html)
