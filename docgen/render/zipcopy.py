"""Zip archives rewritten with some entries replaced, the others copied still compressed.

A DOCX template holds large parts that never change from one document to the
next (styles, themes, fonts, numbering). Compressing them again for every
document costs more than rendering the document, so ZipImage keeps each entry
exactly as stored in the template archive and writes only the replaced entries
afresh.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

_LOCAL = struct.Struct("<4s5H3I2H")
_CENTRAL = struct.Struct("<4s6H3I5H2I")
_END = struct.Struct("<4s4H2IH")
_DATA_DESCRIPTOR = 0x08


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    size: int
    data: bytes  # compressed, as stored
    version: int
    system: int
    external_attr: int


def _dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def _stored_entry(archive: bytes, info: zipfile.ZipInfo) -> _Entry:
    header = _LOCAL.unpack_from(archive, info.header_offset)
    start = info.header_offset + _LOCAL.size + header[9] + header[10]
    dos_time, dos_date = _dos_stamp(info.date_time)
    return _Entry(
        name=info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"),
        flags=info.flag_bits & ~_DATA_DESCRIPTOR,
        method=info.compress_type,
        dos_time=dos_time,
        dos_date=dos_date,
        crc=info.CRC,
        size=info.file_size,
        data=archive[start : start + info.compress_size],
        version=info.create_version,
        system=info.create_system,
        external_attr=info.external_attr,
    )


def _fresh_entry(like: _Entry, content: bytes, stamp: tuple[int, int]) -> _Entry:
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return _Entry(
        name=like.name,
        flags=like.flags,
        method=zipfile.ZIP_DEFLATED,
        dos_time=stamp[0],
        dos_date=stamp[1],
        crc=zlib.crc32(content),
        size=len(content),
        data=data,
        version=like.version,
        system=like.system,
        external_attr=like.external_attr,
    )


def _local_header(entry: _Entry) -> bytes:
    return _LOCAL.pack(
        b"PK\x03\x04", 20, entry.flags, entry.method, entry.dos_time, entry.dos_date,
        entry.crc, len(entry.data), entry.size, len(entry.name), 0,
    ) + entry.name  # fmt: skip


def _central_header(entry: _Entry, offset: int) -> bytes:
    return _CENTRAL.pack(
        b"PK\x01\x02", entry.version | entry.system << 8, 20, entry.flags, entry.method, entry.dos_time,
        entry.dos_date, entry.crc, len(entry.data), entry.size, len(entry.name), 0, 0, 0, 0,
        entry.external_attr, offset,
    ) + entry.name  # fmt: skip


class ZipImage:
    """The entries of a zip archive, in order and still compressed, ready to be written again."""

    def __init__(self, archive: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(archive)) as source:
            self._entries = [_stored_entry(archive, info) for info in source.infolist()]
        self.names = frozenset(entry.name.decode("utf-8") for entry in self._entries)

    def write(self, replacements: Mapping[str, bytes]) -> bytes:
        """The archive with the named entries' content replaced (deflated, stamped now)."""
        unknown = set(replacements) - self.names
        if unknown:
            raise KeyError(f"no entry {sorted(unknown)[0]!r} in the archive")
        stamp = _dos_stamp(time.localtime()[:6])
        out, central = io.BytesIO(), io.BytesIO()
        for stored in self._entries:
            content = replacements.get(stored.name.decode("utf-8"))
            entry = stored if content is None else _fresh_entry(stored, content, stamp)
            central.write(_central_header(entry, out.tell()))
            out.write(_local_header(entry))
            out.write(entry.data)
        directory = central.getvalue()
        count = len(self._entries)
        out.write(directory)
        out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), out.tell() - len(directory), 0))
        return out.getvalue()
