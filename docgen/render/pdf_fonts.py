"""Fonts for PDF output: loaded once per process, and never copied whole for one document.

For every document, WeasyPrint builds a new font configuration, copies the whole
file of every face it uses (a Noto CJK collection is 20-27 MB, and copying it
also pages all of it into memory), then subsets the face twice with HarfBuzz.
Here instead:

- one FontConfiguration per process, so fontconfig and Pango find and open the
  fonts once;
- a face's data is read only if WeasyPrint really uses the whole font (no
  subsetting, a bitmap font, a failed subset), not for every document;
- each face is subset in one HarfBuzz pass that asks for what WeasyPrint's two
  passes give: the used glyphs with their ids kept, WeasyPrint's tables dropped,
  desubroutinised, without hinting unless asked;
- font streams are compressed at zlib level 6 rather than pydyf's 9: a subset
  CJK font (mostly empty glyph slots, as glyph ids are kept) compresses to
  within 1% of the size in half the time;
- a CFF font program goes through a PNG "Sub" predictor before zlib. Keeping
  glyph ids keeps an empty slot for every glyph below the highest one used, about
  63,000 in Noto CJK, and the CFF CharStrings index gives each a 3-byte offset,
  one more than the last: a counter that zlib cannot shrink, 130-150 KB of each
  face's 145-195 KB stream. Each byte less the byte three before it turns the
  counter into a repeated "0 0 1". The font program itself is unchanged, but for
  a few zero bytes after its last table to fill the predictor's last row (fewer
  than three a row, a row being up to 12 KB); an offer letter's two faces shrink
  from about 320 KB to 60-90 KB.

Subsetting stays HarfBuzz's (libharfbuzz-subset). This relies on the shape of
WeasyPrint's Font, so it is installed only for the WeasyPrint versions it was
checked against and only when HarfBuzz subsetting is available; otherwise
WeasyPrint's own code runs unchanged and only the shared configuration applies.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from functools import cache
from types import SimpleNamespace
from typing import Any

import pydyf
import weasyprint
from weasyprint.logger import LOGGER
from weasyprint.pdf import fonts as weasy_fonts
from weasyprint.text import ffi as weasy_ffi
from weasyprint.text.fonts import FontConfiguration, get_hb_object_data

CHECKED_VERSIONS = ("70.",)
_MAX_FACES = 32
_WORTH_REMEMBERING = 64 * 1024
_PIXEL = 3  # bytes the PNG predictor looks back: the size of an offset in a large CFF CharStrings index
_PNG_SUB = 1  # a row's filter type
_ROW_PIXELS = 4096  # at most, as wide as an image's row: readers cap a row's width (pypdf at 250,000 pixels)
_LOCK = threading.Lock()
_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


@cache
def font_configuration() -> FontConfiguration:
    """The process's font configuration, shared by every PDF it renders."""
    return FontConfiguration()


def _face_data_later(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
    # Font.__init__ is the only caller in weasyprint.pdf.fonts once _harfbuzz_subset is replaced:
    # None records "not read yet", and Font.file_content reads the face when first asked.
    if ot_color is None:
        return None
    return get_hb_object_data(hb_object, ot_color, glyph)


def _file_content(font: Any) -> Any:
    content = font.__dict__.get("_file_content")
    if content is None:
        content = font.__dict__["_file_content"] = get_hb_object_data(font.hb_face)
    return content


def _set_file_content(font: Any, content: Any) -> None:
    font.__dict__["_file_content"] = content


def _sorted_set(hb_set: Any, values: list[int]) -> None:
    array = weasy_ffi.ffi.new(f"hb_codepoint_t[{len(values)}]", values)
    weasy_ffi.harfbuzz.hb_set_add_sorted_array(hb_set, array, len(values))


def _subset_input(font: Any, to_unicode: dict[int, str], hinting: bool) -> Any:
    """What WeasyPrint's two passes ask for, in one: the used glyphs, their ids kept, its tables dropped."""
    ffi, harfbuzz, subset = weasy_ffi.ffi, weasy_ffi.harfbuzz, weasy_ffi.harfbuzz_subset
    wanted = ffi.gc(subset.hb_subset_input_create_or_fail(), subset.hb_subset_input_destroy)
    _sorted_set(subset.hb_subset_input_glyph_set(wanted), sorted(to_unicode))
    flags = subset.HB_SUBSET_FLAGS_RETAIN_GIDS | subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
    flags |= subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    subset.hb_subset_input_set_flags(wanted, flags)
    tags = sorted(harfbuzz.hb_tag_from_string(name, -1) for name in _DROPPED_TABLES)
    _sorted_set(subset.hb_subset_input_set(wanted, subset.HB_SUBSET_SETS_DROP_TABLE_TAG), tags)
    return wanted


class _Recent:
    """The last few results, oldest dropped first; keys hold what keeps them unique (see _face_key)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        with _LOCK:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def put(self, key: Any, value: Any) -> None:
        with _LOCK:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_SUBSETS = _Recent(16)  # (face, glyphs, options) → subset font: headings and labels repeat from document to document
_COMPRESSED = _Recent(16)  # id of a cached subset → (the subset, its compressed stream)
_FACES: dict[int, Any] = {}  # address → a reference that keeps the face, and so its address, alive


def _face_key(face: Any) -> int | None:
    """The face's address, kept unique by holding a reference to the face; None past _MAX_FACES faces."""
    ffi, harfbuzz = weasy_ffi.ffi, weasy_ffi.harfbuzz
    address = int(ffi.cast("uintptr_t", face))
    with _LOCK:
        if address not in _FACES:
            if len(_FACES) >= _MAX_FACES:
                return None
            _FACES[address] = ffi.gc(harfbuzz.hb_face_reference(face), harfbuzz.hb_face_destroy)
    return address


def _harfbuzz_subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """Font._harfbuzz_subset in one pass; on failure the whole font is kept, with WeasyPrint's warning.

    The same glyphs of the same face with the same options give the same subset, so the last few are reused.
    """
    face_key = _face_key(font.hb_face)
    key = (face_key, frozenset(to_unicode), hinting, bool(font.missing))
    content = _SUBSETS.get(key) if face_key is not None else None
    if content is None:
        content = _cut(font, to_unicode, hinting)
        if content and face_key is not None:
            _SUBSETS.put(key, content)
    if content:
        font.file_content = content
        return
    LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)


def _cut(font: Any, to_unicode: dict[int, str], hinting: bool) -> bytes | None:
    ffi, harfbuzz, subset = weasy_ffi.ffi, weasy_ffi.harfbuzz, weasy_ffi.harfbuzz_subset
    face = ffi.gc(
        subset.hb_subset_or_fail(font.hb_face, _subset_input(font, to_unicode, hinting)), harfbuzz.hb_face_destroy
    )
    return get_hb_object_data(face) if face else None


class FontStream(pydyf.Stream):  # type: ignore[misc]
    """A pydyf stream compressed at zlib level 6, a CFF font program after a PNG predictor (see above).

    Streams built from other than bytes are left to pydyf. A font program reused from _SUBSETS is compressed once.
    """

    @property
    def data(self) -> bytes:
        if not self.compress or not all(isinstance(item, bytes) for item in self.stream):
            return bytes(super().data)
        single = len(self.stream) == 1
        content = self.stream[0] if single else b"\n".join(self.stream)
        stream = self._compressed(content, remember=single)
        extra = pydyf.Dictionary({**self.extra, "Filter": "/FlateDecode", "Length": len(stream)})
        if _is_cff(content):
            extra["DecodeParms"] = _sub_parameters(content)
        return b"\n".join((extra.data, b"stream", stream, b"endstream"))

    def _compressed(self, content: bytes, remember: bool) -> bytes:
        known = _COMPRESSED.get(id(content)) if remember else None
        if known is not None and known[0] is content:
            return bytes(known[1])
        compressor = zlib.compressobj(level=6)
        stream = compressor.compress(_sub_filtered(content) if _is_cff(content) else content) + compressor.flush()
        if remember and len(content) > _WORTH_REMEMBERING:
            _COMPRESSED.put(id(content), (content, stream))  # holding the content keeps its id unique
        return stream


def _is_cff(content: bytes) -> bool:
    return content[:4] == b"OTTO"


def _rows(length: int) -> tuple[int, int]:
    """Rows and pixels a row for a program of length bytes: as few rows as fit within _ROW_PIXELS."""
    pixels = -(-length // _PIXEL)
    rows = -(-pixels // _ROW_PIXELS)
    return rows, -(-pixels // rows)


def _sub_filtered(program: bytes) -> bytes:
    """The program as PNG rows of 3-byte pixels, "Sub" filtered: each byte less the one three before it in its row."""
    import numpy  # only where a CFF font is written

    rows, columns = _rows(len(program))
    width = columns * _PIXEL
    padded = program + bytes(rows * width - len(program))
    pixels = numpy.frombuffer(padded, dtype=numpy.uint8).reshape(rows, width)
    filtered = numpy.empty((rows, 1 + width), dtype=numpy.uint8)
    filtered[:, 0] = _PNG_SUB
    filtered[:, 1:] = pixels
    filtered[:, 1 + _PIXEL :] -= pixels[:, :-_PIXEL]  # wraps around modulo 256, as the predictor's sum does
    return filtered.tobytes()


def _sub_parameters(program: bytes) -> pydyf.Dictionary:
    columns = _rows(len(program))[1]
    return pydyf.Dictionary({"Predictor": 11, "Colors": _PIXEL, "BitsPerComponent": 8, "Columns": columns})


def _fits() -> bool:
    subsetting = weasy_ffi.harfbuzz_subset and weasy_ffi.harfbuzz.hb_version_atleast(4, 1, 0)
    return (
        bool(subsetting)
        and weasyprint.__version__.startswith(CHECKED_VERSIONS)
        and weasy_fonts.get_hb_object_data is get_hb_object_data
        and weasy_fonts.pydyf is pydyf
    )


@cache
def install() -> bool:
    """Make WeasyPrint's PDF fonts read a face only when needed and subset it in one pass; False if not applied."""
    if not _fits():
        return False
    font = weasy_fonts.Font
    font.file_content = property(_file_content, _set_file_content)
    font._harfbuzz_subset = _harfbuzz_subset
    weasy_fonts.get_hb_object_data = _face_data_later
    weasy_fonts.pydyf = SimpleNamespace(**vars(pydyf) | {"Stream": FontStream})  # streams made in weasyprint.pdf.fonts
    return True
