"""Where a form starts: the type's sample, an uploaded data file's row, or derive from an issued document."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from ..config import Settings
from ..derive import derive_yaml, source_type
from ..errors import DocgenError, InvalidData, Problem, UploadTooLarge, UsageError
from ..inputs import load_records, parse_yaml
from ..records import Record
from ..registry import get_type
from ..samples import sample_path
from ..store import Entry, open_register
from ..validation import validate_records
from .storage import upload_limit

UPLOAD_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
_ZIP = b"PK\x03\x04"  # an XLSX is a zip archive


def sample_data(type_name: str) -> dict[str, Any]:
    return load_records(sample_path(type_name))[0].data


def issued_entry(number: str, settings: Settings, shown: Callable[[Entry], bool] = lambda entry: True) -> Entry:
    """The register's entry of an issued number; UsageError when it is not one, or not one shown (the user's role
    may not see it: answered as a number not issued)."""
    with open_register(settings.database) as register:
        issued = [entry for entry in register.lookup(number) if entry.status == "issued" and shown(entry)]
    if not issued:
        raise UsageError("{number}: no issued document has this number", number=number)
    return issued[0]


def derived_data(
    target: str, number: str, settings: Settings, shown: Callable[[Entry], bool] = lambda entry: True
) -> dict[str, Any]:
    """The target's data derived from the issued document number, as `docgen derive --from NUMBER` writes it;
    only from a document shown to the user (see issued_entry)."""
    entry = issued_entry(number, settings, shown)
    source_name = source_type(target, entry.type_name, number)
    with open_register(settings.database) as register:
        _, data = register.stored_data(entry.number, entry.entity)
    document = validate_records(source_name, [Record(data, f"{entry.number} (register)")], settings)[0]
    parsed = parse_yaml(derive_yaml(target, document, entry.number))
    return parsed if isinstance(parsed, dict) else {}


async def uploaded_data(type_name: str, upload: UploadFile, row: str, settings: Settings) -> dict[str, Any]:
    """The chosen row (from 1) of an uploaded file, read from a temporary folder only, within the upload limit."""
    name, suffix, content = await read_upload(upload, settings)
    with tempfile.TemporaryDirectory(prefix="docgen-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"  # never the sent name: it only says which reader to use
        path.write_bytes(content)
        try:
            records = load_records(path, get_type(type_name), templates=settings.templates)
        except InvalidData as error:  # named as the user knows the file, not by the temporary folder
            raise InvalidData([replace(item, source=name) for item in error.problems]) from None
        except DocgenError as error:
            raise type(error)(error.message.replace(str(path), name)) from None
    return _row(records, row, name)


async def read_upload(upload: UploadFile, settings: Settings) -> tuple[str, str, bytes]:
    """An uploaded data file's name (without folders), suffix and content, checked: a known suffix, within the
    upload limit (UploadTooLarge), and content that is what the suffix says."""
    name = Path(upload.filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UsageError("{name}: upload a {suffixes} file", name=name, suffixes=", ".join(UPLOAD_SUFFIXES))
    limit = upload_limit(settings)
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise UploadTooLarge("{name}: larger than the upload limit of {mb} MB", name=name, mb=limit // (1024 * 1024))
    _check_content(name, suffix, content)
    return name, suffix, content


def _check_content(name: str, suffix: str, content: bytes) -> None:
    """The content must be what the name says: a zip archive for XLSX, UTF-8 text otherwise."""
    if suffix == ".xlsx":
        if not content.startswith(_ZIP):
            raise UsageError("{name}: not an XLSX workbook", name=name)
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("{name}: not UTF-8 text", name=name) from None
    if "\x00" in text:
        raise UsageError("{name}: not a text file", name=name)


def _row(records: list[Record], row: str, name: str) -> dict[str, Any]:
    if not row.isdigit() or not 1 <= int(row) <= len(records):
        said = "row {asked}: the file holds {count} record(s)"
        raise InvalidData([Problem.worded(name, "", said, asked=row, count=len(records))])
    return records[int(row) - 1].data
