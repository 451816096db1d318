"""The register as text, JSON, CSV and XLSX, for `docgen register list`.

CSV and XLSX are opened in spreadsheets, where a cell starting with =, +, -
or @ would run as a formula (a reason or a name typed by anyone could carry
one). Such cells are written as text: prefixed with ' in CSV, and stored as a
string with the quote-prefix style in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from ..text import printable
from .chain import Event
from .register import Entry

COLUMNS = (
    "number",
    "status",
    "type",
    "year",
    "entity",
    "company",
    "locale",
    "formats",
    "reserved_at",
    "issued_at",
    "issued_by",
    "voided_at",
    "voided_by",
    "reason",
    "sha256",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row(entry: Entry) -> list[str]:
    hashes = "; ".join(f"{item.format}={item.sha256}" for item in entry.files)
    values = (
        entry.number,
        entry.status,
        entry.type_name,
        entry.year,
        entry.entity,
        entry.entity_name,
        entry.locale,
        ",".join(entry.formats),
        entry.reserved_at,
        entry.issued_at,
        entry.issued_by,
        entry.voided_at,
        entry.voided_by,
        entry.reason,
        hashes,
    )
    # Escaped: openpyxl refuses control characters, and a CSV may be read on a terminal.
    return ["" if value is None else printable(str(value)) for value in values]


def as_lines(entries: list[Entry]) -> list[str]:
    """NUMBER, STATUS, TYPE, DATE (issued, else reserved), COMPANY, REASON, ISSUED BY and VOIDED BY, tab-separated.

    Who acted comes last, so that scripts reading the first six columns read what they did before."""
    lines = []
    for entry in entries:
        date = entry.issued_at or entry.reserved_at
        issued_by = entry.issued_by if entry.issued_at else None  # a reservation's row names who reserved it
        shown = (entry.number, entry.status, entry.type_name, date, entry.entity_name, entry.reason)
        cells = (*shown, issued_by, entry.voided_by)
        lines.append("\t".join(_cell(cell) for cell in cells))
    return lines


def as_trail_lines(events: list[Event]) -> list[str]:
    """AT, ACTION, NUMBER, BY, FROM and WHAT (the reason, the files' formats, or the detail), tab-separated."""
    lines = []
    for event in events:
        body = json.loads(event.body)
        cells = (event.at, event.kind, event.number, body["by"], body["from"], what_of(body))
        lines.append("\t".join(_cell(str(cell)) for cell in cells))
    return lines


def what_of(body: dict[str, Any]) -> str:
    """What an audit record says beyond who, when and where: a void's reason, an issue's formats, else its detail."""
    if "reason" in body:
        return str(body["reason"])
    if "files" in body:
        return ",".join(fmt for fmt, _ in body["files"])
    if "fields" in body:  # a purge: which personal fields were taken out
        return ",".join(body["fields"])
    return "; ".join(f"{name}={value}" for name, value in sorted(body.get("detail", {}).items()))


def as_void_line(entry: Entry) -> str:
    """NUMBER, void and the reason, tab-separated: what void and repair print."""
    return "\t".join((entry.number, "void", _cell(entry.reason)))


def _cell(text: str | None) -> str:
    # One line per entry: a tab or line break stored in a cell must not start a column or a line of its own.
    return " ".join(printable(text or "").split())


def as_json(entries: list[Entry]) -> str:
    items: list[dict[str, Any]] = [asdict(entry) for entry in entries]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def is_formula(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS)


def as_csv(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(f"'{cell}" if is_formula(cell) else cell for cell in row(entry))
    return buffer.getvalue()


def as_xlsx(entries: list[Entry]) -> bytes:
    from openpyxl import Workbook  # imported only for this export: it is slow to load

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "register"
    sheet.append(COLUMNS)
    for entry in entries:
        sheet.append(row(entry))
        for cell in sheet[sheet.max_row]:
            # openpyxl stores a string starting with = as a formula; make every cell plain text.
            cell.data_type = "s"
            if is_formula(str(cell.value)):
                cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
