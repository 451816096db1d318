"""DOCX templates prepared once per process: patched and compiled once, then rendered many times.

docxtpl's DocxTemplate re-reads the .docx for every document, parses every part,
runs its regular expressions over the XML again and recompiles the Jinja source.
A PreparedDocx does that work once per template file. For each document it only
renders the compiled body, headers and footers and writes the archive again,
copying the parts that do not change (styles, theme, numbering …) still
compressed.

The steps are docxtpl's own, in the same order (patch_xml, the line marks before
each paragraph, the "{_{" unescaping, resolve_listing, fix_tables, the drawing
ids), applied by the same DocxTemplate methods, so each document's XML is what
DocxTemplate.render() makes. Templates with footnotes (and any whose body is not
the usual w:body) are left to docxtpl: PreparedDocx.supported is then False.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from .zipcopy import ZipImage

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_LINE_MARK = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # as in DocxTemplate.resolve_listing
_LISTING = re.compile("[\t\a\n\f]")
_UNESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_ARCHIVES = 8


@dataclass(frozen=True)
class TemplateStamp:
    """A template file as it is now on disk, with the environment its includes resolve in."""

    path: str
    mtime_ns: int
    size: int
    search_path: tuple[Path, ...]


def stamp(path: Path, search_path: tuple[Path, ...]) -> TemplateStamp:
    status = path.stat()
    return TemplateStamp(str(path), status.st_mtime_ns, status.st_size, search_path)


@dataclass(frozen=True)
class _Section:
    """A header or footer part and its compiled template."""

    part: Part
    template: Template
    encoding: str


class PreparedDocx:
    """One DOCX template, loaded, patched and compiled; render() makes one document."""

    def __init__(self, path: Path, env: ImmutableSandboxedEnvironment) -> None:
        self.template = DocxTemplate(str(path))
        self.template.render_init()
        self._env = env
        self._body = self._compile(self.template.get_xml())
        self._around_body = _around_body(self.template.docx.element)
        self._sections = list(self._headers_and_footers())
        has_footnotes = any(part.content_type == FOOTNOTES for part in self.package.parts)
        self.supported = self._around_body is not None and not has_footnotes  # else docxtpl renders it
        self.template.docx.core_properties  # noqa: B018 - adds a default part if the template has none
        self._core_part = self.package.part_related_by(RT.CORE_PROPERTIES)
        self._archives: dict[tuple[Any, ...], ZipImage] = {}  # one per set of pictures in use
        self._lock = threading.Lock()

    @property
    def package(self) -> Any:
        return self.template.docx.part.package

    def _compile(self, xml: str) -> Template:
        return self._env.from_string(_LINE_MARK.sub(r"\n<w:p\1", self.template.patch_xml(xml)))

    def _headers_and_footers(self) -> Iterator[_Section]:
        template = self.template
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            for _, part in template.get_headers_footers(uri):
                xml = template.get_part_xml(part)
                yield _Section(part, self._compile(xml), template.get_headers_footers_encoding(xml))

    def _finish(self, xml: str) -> str:
        """docxtpl's steps after rendering: drop the line marks, unescape, then \\n → <w:br/> and so on."""
        xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", xml)
        for escaped, plain in _UNESCAPES:
            xml = xml.replace(escaped, plain)
        if not _LISTING.search(xml):
            return xml
        return _PARAGRAPH.sub(self._resolve_paragraph, xml)

    def _resolve_paragraph(self, match: re.Match[str]) -> str:
        paragraph = match.group(0)
        return str(self.template.resolve_listing(paragraph)) if _LISTING.search(paragraph) else paragraph

    def render(self, context: dict[str, Any], set_properties: Callable[[DocxTemplate], None]) -> bytes:
        """One document: context as for DocxTemplate.render(); set_properties fills the core properties.

        Pictures (InlineImage) add image parts and relationships to the cached package while it
        renders; they are taken out again afterwards, so every document starts from the template.
        """
        with self._lock:
            relationships = {part: set(part.rels) for part in self._story_parts}
            images = len(self.package.image_parts)
            try:
                parts = {self._name(self.template.docx.part): self._render_body(context)}
                for section in self._sections:
                    parts[self._name(section.part)] = self._render_section(section, context)
                set_properties(self.template)
                parts[self._name(self._core_part)] = self._core_part.blob
                return self._current_archive().write(parts)
            finally:
                self._forget_pictures(relationships, images)

    @property
    def _story_parts(self) -> list[Part]:
        return [self.template.docx.part, *(section.part for section in self._sections)]

    def _forget_pictures(self, relationships: dict[Part, set[str]], images: int) -> None:
        for part, before in relationships.items():
            for rel_id in set(part.rels) - before:
                part.drop_rel(rel_id)  # the template's own XML never refers to it
        del self.package.image_parts._image_parts[images:]  # python-docx offers no public way

    def _render_body(self, context: dict[str, Any]) -> bytes:
        """document.xml as docxtpl writes it, without moving the new body into the cached document.

        docxtpl swaps the rendered body into the document, where lxml drops every namespace
        declaration the document element already makes, and serialises the whole. Here the same
        bytes are joined from the unchanged start and end of document.xml and the body serialised
        alone, without those declarations. The cached document keeps the template's body, which
        pictures are numbered from, as with docxtpl.
        """
        template = self.template
        template.current_rendering_part = template.docx.part
        tree = template.fix_tables(self._finish(self._body.render(context)))
        template.docx_ids_index = 1000
        template.fix_docpr_ids(tree)
        if self._around_body is None:
            raise RuntimeError("render() needs a supported template")
        start, end, declared = self._around_body

        def undeclare(tag: re.Match[bytes]) -> bytes:
            return _DECLARATION.sub(lambda d: b"" if d.group(0) in declared else d.group(0), tag.group(0))

        return start + _TAG_WITH_DECLARATIONS.sub(undeclare, etree.tostring(tree, encoding="UTF-8")) + end

    def _render_section(self, section: _Section, context: dict[str, Any]) -> bytes:
        self.template.current_rendering_part = section.part
        xml = self._finish(section.template.render(context)).encode(section.encoding)
        return bytes(serialize_part_xml(parse_xml(xml)))

    @staticmethod
    def _name(part: Part) -> str:
        return str(part.partname).lstrip("/")

    def _current_archive(self) -> ZipImage:
        """The archive of the package as it is now: parts, their relationships and the pictures' content."""
        shape = tuple(
            (str(part.partname), tuple(part.rels), getattr(part, "sha1", None)) for part in self.package.iter_parts()
        )
        if shape not in self._archives:
            if len(self._archives) >= _ARCHIVES:
                del self._archives[next(iter(self._archives))]
            buffer = BytesIO()
            self.template.docx.save(buffer)
            self._archives[shape] = ZipImage(buffer.getvalue())
        return self._archives[shape]


_DECLARATION = re.compile(rb'\s+xmlns(?::[\w.-]+)?="[^"]*"')
_TAG_WITH_DECLARATIONS = re.compile(rb"<[^<>]*\sxmlns[^<>]*>")  # text holds no raw "<", values no raw '"'


def _start_tag(xml: bytes) -> bytes:
    return xml[: xml.index(b">") + 1]


def _around_body(root: Any) -> tuple[bytes, bytes, frozenset[bytes]] | None:
    """document.xml before and after its body, and the namespace declarations the document element makes;
    None for a document whose body is not the usual prefixed w:body."""
    body = root.body
    placeholder = etree.Element(body.tag)
    root.replace(body, placeholder)
    try:
        xml = bytes(serialize_part_xml(root))
    finally:
        root.replace(placeholder, body)
    pieces = xml.split(f"<{body.prefix}:body/>".encode())
    if body.prefix is None or len(pieces) != 2:
        return None
    return pieces[0], pieces[1], frozenset(_DECLARATION.findall(_start_tag(xml[xml.index(b"<", 1) :])))


@lru_cache(maxsize=32)
def _prepared(key: TemplateStamp, env: ImmutableSandboxedEnvironment) -> PreparedDocx:
    return PreparedDocx(Path(key.path), env)


def prepared_docx(path: Path, env: ImmutableSandboxedEnvironment, search_path: tuple[Path, ...]) -> PreparedDocx:
    """The prepared template for the file as it is now; a changed file is prepared again."""
    return _prepared(stamp(path, search_path), env)
