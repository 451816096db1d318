"""The XLSX reader: the cells a sheet holds, read from the workbook's XML as they exist, within stated bounds.

openpyxl's read-only reader trusts a sheet's `<dimension>` tag: it pads every row to
the width the tag claims and stops at the last row it names. A 42 KB file claiming
A1:XFD1048576 then takes gigabytes, and a stale tag (`A1`) silently drops rows.
This reader never looks at the tag. It keeps only cells that hold something, reads
every row that has data, refuses a sheet wider than the document type's columns or
longer than MAX_ROWS, and bounds the bytes the parts it reads unpack to, both from
the zip's directory before each part is parsed and while reading (the directory can lie). Cells it cannot read
as a value (an Excel error, a garbled date, a shared string that is not there) become
a CellFault, which the caller reports with the row and the field.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import IO, Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from .errors import InvalidData, Problem, UsageError, Wording

MAX_ROWS = 100_000  # data rows in a sheet, below its header row
MAX_UNPACKED = 128 * 2**20  # bytes the parts read may unpack to, together; 100,000 rows of 15 columns take 85 MB
EXCEL_COLUMNS = 16_384  # XFD, the widest sheet Excel makes
_HIDDEN = ("hidden", "veryHidden")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_INTEGER = re.compile(r"^-?\d+$")


class NoCachedValue:
    """A formula cell whose file was never saved by a program that computes formulas."""


@dataclass(frozen=True)
class CellFault:
    """A cell that holds no value docgen can read; the message says why."""

    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class DateSerial:
    """A number the workbook formats as a date: days since its epoch, read by the column's field."""

    number: float


@dataclass
class SheetCells:
    name: str
    rows: Generator[
        tuple[int, list[Any]], None, None
    ]  # (row number, cells from column A to the last one kept), rows with data only
    epoch: datetime


class _TooLarge(Exception):
    pass


class _Bounded:
    """A part's stream that stops once the workbook's unpacked bytes pass the bound, whatever the directory said."""

    def __init__(self, raw: IO[bytes], allowance: list[int]) -> None:
        self._raw, self._budget = raw, allowance

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise _TooLarge
        return data


# ---------------------------------------------------------------- the workbook


def read_sheet(path: Path, sheet_name: str | None, max_columns: int) -> SheetCells:
    """The named sheet, or the first visible one: every row holding data, no wider than max_columns.

    The rows are read as they are asked for, with the workbook open until the last one is read
    (or the rows are closed): the sheet is never held whole.
    """
    source = str(path)
    with _as_problems(source):
        archive = zipfile.ZipFile(path)
        try:
            cells = _Workbook(archive, source).sheet(sheet_name, max_columns)
        except BaseException:
            archive.close()
            raise
    return SheetCells(cells.name, _read_through(cells.rows, archive, source), cells.epoch)


def _read_through(
    rows: Generator[tuple[int, list[Any]], None, None], archive: zipfile.ZipFile, source: str
) -> Generator[tuple[int, list[Any]], None, None]:
    with archive, _as_problems(source), closing(rows):  # closing the rows closes the sheet's part at once
        yield from rows


@contextmanager
def _as_problems(source: str) -> Iterator[None]:
    """What goes wrong reading the workbook, as the problem a user can act on."""
    try:
        yield
    except _TooLarge:
        raise _too_large(source) from None
    except etree.XMLSyntaxError as error:
        raise InvalidData([Problem(source, "", _xml_problem(error))]) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        message = f"not a readable .xlsx workbook ({type(error).__name__})"
        raise InvalidData([Problem(source, "", message)]) from None


def _xml_problem(error: etree.XMLSyntaxError) -> str:
    if "Text node too long" in str(error):  # lxml stops a text at 10 MB unless huge_tree is set; no field takes that
        return "a cell holds more than 10 MB of text; no field takes that much"
    return f"not a readable .xlsx workbook (malformed XML: {error})"


def _too_large(source: str) -> InvalidData:
    limit = MAX_UNPACKED // 2**20
    return InvalidData(
        [
            Problem.worded(
                source, "", "the workbook unpacks to more than {limit} MB; docgen reads at most that", limit=limit
            )
        ]
    )


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attribute(element: Any, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (r:id in transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive, self.source = archive, source
        self.allowance = [MAX_UNPACKED]
        self.book_path = self._office_document()
        self.relations = self._relations(self.book_path)

    def _parse(self, part: str) -> Any:
        with self.archive.open(self._declared_within_bound(part)) as raw:
            return etree.parse(_Bounded(raw, self.allowance), _parser()).getroot()

    def _iterate(self, part: str, tag: str) -> Generator[Any, None, None]:
        with self.archive.open(self._declared_within_bound(part)) as raw:
            stream = _Bounded(raw, self.allowance)
            for _, element in etree.iterparse(stream, events=("end",), **_PARSER_OPTIONS):
                if _local(element.tag) == tag:
                    yield element
                    element.clear(keep_tail=True)
                    while element.getprevious() is not None:  # cleared siblings would still pile up
                        del element.getparent()[0]

    def _declared_within_bound(self, part: str) -> str:
        """The part, once the zip's directory says it fits in what is left of the bound: checked before parsing."""
        if self.archive.getinfo(part).file_size > self.allowance[0]:
            raise _TooLarge
        return part

    def _office_document(self) -> str:
        if "_rels/.rels" in self.archive.namelist():
            for relation in self._parse("_rels/.rels"):
                if (relation.get("Type") or "").endswith("/officeDocument"):
                    return _joined("", relation.get("Target") or "")
        return "xl/workbook.xml"

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type's last word, part path) for a part."""
        folder, _, name = part.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if rels not in self.archive.namelist():
            return {}
        return {
            r.get("Id") or "": ((r.get("Type") or "").rsplit("/", 1)[-1], _joined(folder, r.get("Target") or ""))
            for r in self._parse(rels)
        }

    def _part(self, kind: str) -> str | None:
        return next((target for type_, target in self.relations.values() if type_ == kind), None)

    def sheet(self, wanted: str | None, max_columns: int) -> SheetCells:
        book = self._parse(self.book_path)
        sheets = [s for s in book.iter() if _local(s.tag) == "sheet"]
        chosen = _choose(sheets, wanted, self.source)
        target = self.relations.get(_attribute(chosen, "id") or "", ("", ""))[1]
        if target not in self.archive.namelist():
            raise KeyError(target)
        reader = _SheetReader(self.source, chosen.get("name") or "", max_columns, self._strings(), self._date_styles())
        return SheetCells(reader.name, reader.rows(self._iterate(target, "row")), _epoch(book))

    def _strings(self) -> list[str]:
        part = self._part("sharedStrings")
        if part is None or part not in self.archive.namelist():
            return []
        with closing(self._iterate(part, "si")) as items:
            return [_rich_text(item) for item in items]

    def _date_styles(self) -> list[bool]:
        """For each cell style (a cell's s="N"), whether it shows numbers as dates."""
        part = self._part("styles")
        if part is None or part not in self.archive.namelist():
            return []
        styles = self._parse(part)
        custom = {f.get("numFmtId"): f.get("formatCode") or "" for f in styles.iter() if _local(f.tag) == "numFmt"}
        formats: Any = next((e for e in styles if _local(e.tag) == "cellXfs"), [])
        return [_is_date_format(xf.get("numFmtId") or "0", custom) for xf in formats]


# No entities, no DTD, nothing from the network; huge_tree off keeps any one text under 10 MB while it is read.
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _parser() -> Any:
    return etree.XMLParser(**_PARSER_OPTIONS)


def _joined(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _choose(sheets: list[Any], wanted: str | None, source: str) -> Any:
    """The named sheet, hidden or not; without a name, the first one a user can see."""
    names = [s.get("name") or "" for s in sheets]
    if wanted is not None:
        if wanted not in names:
            raise UsageError(
                "{source}: no sheet named {wanted!r}; sheets: {names}",
                source=source,
                wanted=wanted,
                names=", ".join(names),
            )
        return sheets[names.index(wanted)]
    visible = [s for s in sheets if s.get("state") not in _HIDDEN]
    if not visible:
        raise InvalidData([Problem(source, "", "the workbook has no visible sheet; name one with --sheet")])
    return visible[0]


def _epoch(book: Any) -> datetime:
    properties = next((e for e in book if _local(e.tag) == "workbookPr"), None)
    mac = properties is not None and (properties.get("date1904") or "").lower() in ("1", "true")
    epoch: datetime = CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900
    return epoch


def _is_date_format(number_format: str, custom: dict[str | None, str]) -> bool:
    code = custom.get(number_format)
    if code is None and number_format.isdigit():
        code = BUILTIN_FORMATS.get(int(number_format))
    return bool(code) and is_date_format(code)


def _rich_text(item: Any) -> str:
    """A shared or inline string: its own text or its runs' text, without the phonetic guide (rPh)."""
    parts = []
    for child in item:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


# ---------------------------------------------------------------- the sheet


class _SheetReader:
    def __init__(self, source: str, name: str, max_columns: int, strings: list[str], dates: list[bool]) -> None:
        self.source, self.name, self.max_columns = source, name, min(max_columns, EXCEL_COLUMNS)
        self.strings, self.dates = strings, dates
        self.width = self.max_columns  # the header row's width, once it is read

    def rows(self, elements: Generator[Any, None, None]) -> Generator[tuple[int, list[Any]], None, None]:
        """Each row holding data as it is parsed; the parsed elements are cleared behind it."""
        number, first = 0, True
        with closing(elements):  # closes the part at once when a row is refused
            for element in elements:
                number = self._row_number(element, number)
                cells = self._cells(element, number)
                if not cells:
                    continue
                if first and number != 1:
                    raise self._refusal(
                        "has nothing in row 1 but data in row {row}; row 1 must name the columns", row=number
                    )
                if number > MAX_ROWS + 1:
                    raise self._refusal(
                        "has more than {rows:,} rows; split it into files of at most that many", rows=MAX_ROWS
                    )
                row = self._laid_out(cells)
                if first:
                    self.width, first = len(row), False
                yield number, row

    def _row_number(self, element: Any, previous: int) -> int:
        given = element.get("r")
        number = int(given) if given and given.isdigit() else previous + 1
        if number <= previous:
            raise self._refusal(
                "lists row {row} after row {previous}; open the file in Excel and save it again",
                row=number,
                previous=previous,
            )
        return number

    def _cells(self, row: Any, number: int) -> dict[int, Any]:
        """Column number → value, for the cells of a row that hold something."""
        cells: dict[int, Any] = {}
        column = 0
        for cell in row:
            if _local(cell.tag) != "c":
                continue
            column = _column(cell.get("r"), column)
            value = self._value(cell)
            if value is None:  # a formatted empty cell, however far away, holds nothing
                continue
            if column > self.max_columns:
                where = cell.get("r") or Wording.of("column {column} of row {row}", column=column, row=number)
                said = "is wider than its document type's {columns:,} columns (a cell at {where})"
                raise self._refusal(said, columns=self.max_columns, where=where)
            cells[column] = value
        return cells

    def _laid_out(self, cells: dict[int, Any]) -> list[Any]:
        """The row's values from column A, up to its last value or the header's width: nothing is padded further."""
        width = min(max(cells), self.width)
        return [cells.get(column) for column in range(1, width + 1)]

    def _refusal(self, what: str, **params: object) -> InvalidData:
        """The sheet refused: "sheet 'name' " and what is wrong with it, each worded (what is a msgid too)."""
        return InvalidData(
            [Problem.worded(self.source, "", "sheet {name!r} {what}", name=self.name, what=Wording.of(what, **params))]
        )

    def _value(self, cell: Any) -> Any:
        parts = {_local(child.tag): child for child in cell}
        kind = cell.get("t") or "n"
        if kind == "inlineStr":
            return _rich_text(parts["is"]) if "is" in parts else None
        text = parts["v"].text if "v" in parts else None
        if not text:
            return NoCachedValue() if "f" in parts and kind != "str" else None
        return self._typed(kind, text, cell.get("s"))

    def _typed(self, kind: str, text: str, style: str | None) -> Any:
        if kind == "s":
            return self._shared(text)
        if kind in ("str", "inlineStr"):
            return text
        if kind == "e":
            return CellFault(f"the cell holds the Excel error {text}")
        if kind == "b":
            return _boolean(text)
        if kind == "d":
            return _iso_date(text)
        return self._number(text, style)

    def _shared(self, text: str) -> Any:
        index = int(text) if text.strip().isdigit() else -1
        if not 0 <= index < len(self.strings):
            return CellFault(f"the cell points to shared string {text!r}, which the workbook does not hold")
        return self.strings[index]

    def _number(self, text: str, style: str | None) -> Any:
        try:
            number: int | float = int(text) if _INTEGER.match(text.strip()) else float(text)
        except ValueError:
            return CellFault(f"the cell holds {text[:40]!r}, which is not a number")
        if not math.isfinite(number):
            return CellFault(f"the cell holds {text.strip()}, which is not a number")
        index = int(style) if style and style.isdigit() else 0
        return DateSerial(number) if index < len(self.dates) and self.dates[index] else number


def _column(reference: str | None, previous: int) -> int:
    """A cell's column number from its reference (C7), or the next one when the writer left it out."""
    match = _CELL_REF.match(reference or "")
    return column_index_from_string(match.group(1)) if match else previous + 1


def _boolean(text: str) -> Any:
    if text.strip() in ("0", "1"):
        return text.strip() == "1"
    return CellFault(f"the cell holds {text[:40]!r}, which is not true or false")


def _iso_date(text: str) -> Any:
    """A t="d" cell: an ISO 8601 date or date and time."""
    try:
        moment = datetime.fromisoformat(text.strip().removesuffix("Z"))
    except ValueError:
        return CellFault(f"the cell holds {text[:40]!r}, which is not a date")
    return moment.date() if moment.time() == time() and "T" not in text else moment


def serial_date(number: float, epoch: datetime) -> datetime:
    """A serial as Excel shows it, or ValueError for one no date can be."""
    from openpyxl.utils.datetime import from_excel

    if number < 0:
        raise ValueError(f"the cell holds {shown(number)}, a negative serial, which is no date")
    try:
        moment = from_excel(number, epoch)
    except (OverflowError, ValueError):
        raise ValueError(f"the cell holds {shown(number)}, which is beyond any date") from None
    if not isinstance(moment, datetime):  # below 1: Excel's time of day on no day
        raise ValueError(f"the cell holds {shown(number)}, a time of day with no date")
    return moment


def shown(number: float) -> str:
    """A number as a user would recognise it: 99999999 rather than 1e+08."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))
