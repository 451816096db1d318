"""CSV and XLSX sheets to records: a row (or a group of rows) per document, with spreadsheet row numbers.

Columns name fields by dotted path (`candidate.name`, `pay.allowances.0.name`)
or by the field's title in a locale (`姓名`), so an office's own sheet works.
Cells are turned into the text a user would have typed, so that the models
validate sheets exactly as they validate YAML; what a sheet cannot express
faithfully (an ID number Excel stored as a float, a formula without a saved
value) is refused with the row and the field rather than guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .documents.base import DocumentModel
from .documents.introspect import base_types, nested_model
from .documents.values import MAX_ITEMS, MONTH_PATTERN, SheetSlots
from .errors import InvalidData, Problem, UsageError
from .locale import Locale
from .locale.choices import choice_code, choice_labels
from .locale.columns import column_titles, title_locale
from .records import Record
from .text import dotted
from .xlsx import MAX_ROWS, CellFault, DateSerial, NoCachedValue, read_sheet, serial_date, shown

# Excel keeps 15 significant digits; more would print binary noise (0.1 + 0.2).
_EXCEL_DIGITS = 15
_TEXT_DATE = re.compile(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?$")
_TEXT_MONTH = re.compile(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*月?$")
_YES_NO = {"是": "true", "否": "false"}  # how a Chinese sheet answers a yes/no column


class EmptyItem:
    """An empty cell in a list whose items may be empty: a gap that keeps the later items in their places."""


EMPTY_ITEM = EmptyItem()


@dataclass
class Sheet:
    source: str
    headers: list[str]
    rows: Generator[tuple[int, list[Any]], None, None]  # (spreadsheet row number, cells) below the header, read once
    epoch: datetime | None = None  # the workbook's date system, for serial dates


# ---------------------------------------------------------------- reading


_CHUNK = 2**20  # bytes read at a time: a CSV is checked and read without holding the whole file


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GBK/GB18030, checked over the whole file a chunk at a time."""
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InvalidData([Problem(str(path), "", "not UTF-8 or GBK/GB18030 text; save the CSV as UTF-8")])


def read_csv(path: Path) -> Sheet:
    """The header row now, the other rows as they are read: the file is never held whole."""
    rows = _csv_rows(path, _encoding(path))
    header = next(rows, None)
    if header is None:
        raise InvalidData([Problem(str(path), "", "the file is empty; the first row must name the columns")])
    return Sheet(str(path), header[1], _with_data(rows))


def _with_data(rows: Generator[tuple[int, list[str]], None, None]) -> Generator[tuple[int, list[Any]], None, None]:
    with closing(rows):
        yield from ((number, cells) for number, cells in rows if any(c.strip() for c in cells))


def _csv_rows(path: Path, encoding: str) -> Generator[tuple[int, list[str]], None, None]:
    """(row number, cells) for every row, the header being row 1; at most MAX_ROWS below the header."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                if number > MAX_ROWS + 1:
                    message = (
                        f"has more than {MAX_ROWS:,} rows below its header; split it into files of at most that many"
                    )
                    raise InvalidData([Problem(str(path), "", message)])
                yield number, cells
        except csv.Error as error:
            raise InvalidData([Problem(str(path), "", _csv_problem(error), number + 1)]) from None


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a cell holds more than {csv.field_size_limit():,} characters; no field takes that much text"
    return f"malformed CSV: {error}"


def read_xlsx(path: Path, sheet_name: str | None, model: type[DocumentModel]) -> Sheet:
    """The sheet's rows that hold data, whatever its <dimension> tag claims; see docgen.xlsx for the bounds."""
    cells = read_sheet(path, sheet_name, column_limit(model))
    header = next(cells.rows, None)
    if header is None:
        raise InvalidData(
            [
                Problem.worded(
                    str(path), "", "sheet {name!r} is empty; its first row must name the columns", name=cells.name
                )
            ]
        )
    headers = ["" if cell is None else str(cell) for cell in header[1]]
    return Sheet(str(path), headers, cells.rows, cells.epoch)


def column_limit(model: type[BaseModel]) -> int:
    """How many columns a sheet of this type can use: every field, each list at its longest (MAX_ITEMS)."""
    return sum(_columns_of(_field_annotation(field)) for field in model.model_fields.values())


def _columns_of(annotation: Any) -> int:
    item = _list_item(annotation)
    if item is not None:
        return MAX_ITEMS * _columns_of(item)
    nested = nested_model(annotation)
    return column_limit(nested) if nested is not None else 1


# ---------------------------------------------------------------- columns


def _field_annotation(field: FieldInfo) -> Any:
    """The field's type with its constraints, which Pydantic keeps apart (a Month's pattern)."""
    if not field.metadata:
        return field.annotation
    return Annotated[(field.annotation, *field.metadata)]


def _list_item(annotation: Any) -> Any:
    """The item type of a list (list[X] | None gives X), or None when the annotation is no list."""
    for base in base_types(annotation):
        if get_origin(base) is list:
            return get_args(base)[0]
    return None


def _list_field(model: type[BaseModel], name: str) -> bool:
    field = model.model_fields.get(name)
    return field is not None and _list_item(field.annotation) is not None


def _leaf(model: type[BaseModel], path: tuple[str, ...]) -> Any:
    """The annotation of the field or list item a path ends at, or None when the path names none."""
    current: type[BaseModel] | None = model
    annotation: Any = None
    for part in path:
        if part.isdigit() or part == "#":
            annotation = _list_item(annotation)
            if annotation is None:
                return None
            continue
        if current is None or part not in current.model_fields:
            return None
        annotation = _field_annotation(current.model_fields[part])
        current = nested_model(annotation)
    return annotation


def _header_name(header: str) -> str:
    return header.strip().replace("\u00a0", " ")


def _column_path(header: str, titles: dict[str, str], model: type[DocumentModel]) -> tuple[str, ...] | None:
    name = _header_name(header)
    path = titles.get(name, name)
    parts = tuple(path.split("."))
    return parts if _leaf(model, parts) is not None else None


def _is_date(annotation: Any) -> bool:
    return date in base_types(annotation)


def _is_month(annotation: Any) -> bool:
    """A Month field (YYYY-MM as text), known by its pattern however deep in Annotated and unions it sits."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        constraints = [c for item in metadata for c in (item.metadata if isinstance(item, FieldInfo) else [item])]
        return any(getattr(c, "pattern", None) == MONTH_PATTERN for c in constraints) or _is_month(base)
    if get_origin(annotation) in (Union, UnionType):
        return any(_is_month(arg) for arg in get_args(annotation))
    return False


def _choices(annotation: Any) -> tuple[str, ...]:
    """The codes a choice field (a Literal, maybe optional) takes; none for any other field."""
    return tuple(code for base in base_types(annotation) if get_origin(base) is Literal for code in get_args(base))


def _may_be_empty(path: tuple[str, ...], annotation: Any) -> bool:
    """A list item that may be None (an actual of a month not yet closed)."""
    return path[-1].isdigit() and type(None) in base_types(annotation)


# ---------------------------------------------------------------- cells


@dataclass(frozen=True)
class _Kind:
    """What a column's field takes, worked out once per column rather than once per cell."""

    date: bool = False
    month: bool = False
    boolean: bool = False
    choices: tuple[str, ...] = ()
    locale: Locale = "en_US"  # whose labels an error lists: the locale of the column's title
    type_name: str = ""  # whose fields file labels the choices
    templates: Path | None = None  # an office's folder, whose fields files replace the bundled ones


def _kind(annotation: Any, locale: Locale, type_name: str, templates: Path | None) -> _Kind:
    return _Kind(
        _is_date(annotation),
        _is_month(annotation),
        bool in base_types(annotation),
        _choices(annotation),
        locale,
        type_name,
        templates,
    )


def _cell_text(cell: Any, kind: _Kind, epoch: datetime | None) -> str | None:
    """The cell as the text a user would have typed, or None when it is empty."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, NoCachedValue):
        raise ValueError("a formula without a saved value; open the file in Excel and save it again")
    if isinstance(cell, CellFault):
        raise ValueError(cell.message)
    if isinstance(cell, DateSerial):
        cell = _serial_moment(cell.number, kind, epoch)
    if isinstance(cell, datetime) and cell.time() == time():
        cell = cell.date()
    if isinstance(cell, date) and kind.month:
        return _month_text(cell)
    if isinstance(cell, date):  # a datetime with its time of day too
        return cell.isoformat()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int | float):
        return _number_text(cell, kind, epoch)
    return _text(str(cell).strip(), kind)


def _number_text(cell: float, kind: _Kind, epoch: datetime | None) -> str:
    if kind.date:
        return _serial_moment(cell, kind, epoch).date().isoformat()
    if abs(cell) >= 10**_EXCEL_DIGITS and float(cell).is_integer():
        shown = f"{cell:.1E}"
        raise ValueError(
            f"Excel stored this as the number {shown} and has lost its last digits; "
            "format the column as text and type the value again"
        )
    return f"{cell:.{_EXCEL_DIGITS}g}" if isinstance(cell, float) else str(cell)


def _serial_moment(number: float, kind: _Kind, epoch: datetime | None) -> datetime:
    """A serial as the date (and time) Excel shows; a date or month column takes whole days only."""
    moment = serial_date(number, epoch or CALENDAR_WINDOWS_1900)
    if (kind.date or kind.month) and number != int(number):
        raise ValueError(f"the cell holds {shown(number)}, a date with a time of day; give the date alone")
    return moment


def _month_text(day: date) -> str:
    """Excel stores a typed 2027-01 as the date 2027-01-01; any other day is a date, not a month."""
    if day.day != 1 or isinstance(day, datetime):
        raise ValueError(f"the cell holds the date {day.isoformat()}, not a month; give the month as YYYY-MM")
    return f"{day.year:04d}-{day.month:02d}"


def _text(value: str, kind: _Kind) -> str:
    match = _TEXT_DATE.match(value) if kind.date else None
    if match:
        year, month, day = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = _TEXT_MONTH.match(value) if kind.month else None
    if match:
        year, month = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}"
    if kind.boolean and value in _YES_NO:
        return _YES_NO[value]
    if kind.choices:
        return _choice(value, kind)
    return value


def _choice(value: str, kind: _Kind) -> str:
    code = choice_code(kind.type_name, kind.choices, value, kind.templates)
    if code is not None:
        return code
    labels = choice_labels(kind.type_name, kind.choices, kind.locale, kind.templates)
    codes = "" if labels == list(kind.choices) else f" (or {', '.join(kind.choices)})"
    raise ValueError(f"{value!r} is not one of {', '.join(labels)}{codes}")


# ---------------------------------------------------------------- records


@dataclass
class _Columns:
    paths: list[tuple[str, ...] | None]  # per column; None for the group key column when unused
    kinds: list[_Kind]
    keeps_empty: list[bool]  # an empty cell is an empty list item, not a missing one


def _columns(sheet: Sheet, model: type[DocumentModel], templates: Path | None) -> _Columns:
    titles = column_titles(model.type_name, templates)
    paths: list[tuple[str, ...] | None] = []
    annotations: list[Any] = []
    locales: list[Locale] = []
    problems: list[Problem] = []
    for header in sheet.headers:
        locales.append(title_locale(model.type_name, _header_name(header), templates) or "en_US")
        if not header.strip():
            paths.append(None)
            annotations.append(None)
            continue
        path = _column_path(header, titles, model)
        if path is None:
            said = "column {header!r} names no field of {type_name}"
            problems.append(Problem.worded(sheet.source, "", said, 1, header=header, type_name=model.type_name))
        paths.append(path)
        annotations.append(_leaf(model, path) if path else None)
    if problems:
        raise InvalidData(problems)
    keeps_empty = [
        path is not None and _may_be_empty(path, annotation)
        for path, annotation in zip(paths, annotations, strict=True)
    ]
    kinds = [
        _kind(annotation, locale, model.type_name, templates)
        for annotation, locale in zip(annotations, locales, strict=True)
    ]
    return _Columns(paths, kinds, keeps_empty)


def _place(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put a value at a dotted path, creating dicts and lists (indices as digits) on the way."""
    node: Any = target
    for part, following in zip(path, (*path[1:], None), strict=True):
        key: Any = int(part) if part.isdigit() else part
        if following is None:
            _assign(node, key, value)
            return
        empty: Any = [] if following.isdigit() else {}
        node = _child(node, key, empty)


def _child(node: Any, key: Any, empty: Any) -> Any:
    if isinstance(node, list):
        while len(node) <= key:
            node.append(None)
        if node[key] is None:
            node[key] = empty
        return node[key]
    return node.setdefault(key, empty)


def _assign(node: Any, key: Any, value: Any) -> None:
    if isinstance(node, list):
        while len(node) <= key:
            node.append(None)
    node[key] = value


def _row_record(sheet: Sheet, columns: _Columns, number: int, cells: list[Any]) -> tuple[dict[str, Any], list[Problem]]:
    data: dict[str, Any] = {}
    problems = []
    cells = [*cells, *[None] * (len(columns.paths) - len(cells))]  # a row may end before its last columns
    for path, kind, keeps_empty, cell in zip(columns.paths, columns.kinds, columns.keeps_empty, cells, strict=False):
        if path is None:
            continue
        try:
            text = _cell_text(cell, kind, sheet.epoch)
        except ValueError as error:
            problems.append(Problem(sheet.source, dotted(path), str(error), number))
            continue
        if text is not None:
            _place(data, path, text)
        elif keeps_empty:
            _place(data, path, EMPTY_ITEM)
    return _without_blank_lists(data) or {}, problems


def _without_blank_lists(value: Any) -> Any:
    """None for a list of nothing but empty cells (and a mapping left with nothing), so blank columns give no field."""
    if isinstance(value, dict):
        kept = {key: item for key, item in ((k, _without_blank_lists(v)) for k, v in value.items()) if item is not None}
        return kept or None
    if isinstance(value, list):
        items = [_without_blank_lists(item) for item in value]
        return items if any(item is not None and item is not EMPTY_ITEM for item in items) else None
    return value


def sheet_records(
    sheet: Sheet, model: type[DocumentModel], group_by: str | None = None, templates: Path | None = None
) -> Iterator[Record]:
    """One record per row as the rows are read, or per run of rows sharing the group column's value.

    Headers may be the column titles of templates/<type>/fields.<locale>.yaml, from the office's
    templates folder where it has one for the locale.

    The cells no field can take are reported together once every row is read, in one InvalidData
    raised at the end: a batch validates everything before it renders, so it has rendered nothing yet.
    """
    with closing(sheet.rows):  # the file is closed at once whenever reading stops
        columns = _columns(sheet, model, templates)
        if group_by is not None:
            yield from _grouped_records(sheet, columns, model, group_by, templates)
            return
        problems = []
        for number, cells in sheet.rows:
            data, row_problems = _row_record(sheet, columns, number, cells)
            problems += row_problems
            yield Record(_compact(data), sheet.source, number)
        if problems:
            raise InvalidData(problems)


def _compact(value: Any) -> Any:
    """Drop list slots no column filled (items.0 and items.2 given: two items); empty cells become None."""
    if isinstance(value, dict):
        return {key: _compact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_compact(item) for item in value if item is not None]
    return None if value is EMPTY_ITEM else value


def _group_column(sheet: Sheet, model: type[DocumentModel], group_by: str, templates: Path | None) -> int:
    titles = column_titles(model.type_name, templates)
    wanted = titles.get(group_by, group_by)
    for index, header in enumerate(sheet.headers):
        if header.strip() == group_by or titles.get(header.strip(), header.strip()) == wanted:
            return index
    raise UsageError(
        "{source}: --group-by {column!r} names no column of the sheet", source=sheet.source, column=group_by
    )


def _grouped_records(
    sheet: Sheet, columns: _Columns, model: type[DocumentModel], group_by: str, templates: Path | None
) -> list[Record]:
    key_column = _group_column(sheet, model, group_by, templates)
    groups: dict[str, list[tuple[int, list[Any]]]] = {}
    for number, cells in sheet.rows:
        key = "" if key_column >= len(cells) or cells[key_column] is None else str(cells[key_column]).strip()
        groups.setdefault(key, []).append((number, cells))
    records, problems = [], []
    for rows in groups.values():
        data, group_problems = _group_record(sheet, columns, model, rows)
        problems += group_problems
        records.append(Record(_compact(data), sheet.source, rows[0][0]))
    if problems:
        raise InvalidData(problems)
    return records


def _item_path(model: type[DocumentModel], path: tuple[str, ...], position: int) -> tuple[str, ...]:
    """`items.name` in a group: the row's position in the group becomes the list index."""
    current: type[BaseModel] | None = model
    for depth, part in enumerate(path[:-1]):
        if current is None:
            break
        if _list_field(current, part) and not path[depth + 1].isdigit():
            return (*path[: depth + 1], str(position), *path[depth + 1 :])
        current = nested_model(current.model_fields[part].annotation) if part in current.model_fields else None
    return path


def _group_record(
    sheet: Sheet, columns: _Columns, model: type[DocumentModel], rows: list[tuple[int, list[Any]]]
) -> tuple[dict[str, Any], list[Problem]]:
    data: dict[str, Any] = {}
    first_seen: dict[tuple[str, ...], tuple[str, int]] = {}
    problems = []
    for position, (number, cells) in enumerate(rows):
        row_data, row_problems = _row_record(sheet, columns, number, cells)
        problems += row_problems
        for path, value in leaf_values(row_data):
            placed = _item_path(model, path, position)
            if placed != path:
                _place(data, placed, value)
            elif path not in first_seen:
                first_seen[path] = (value, number)
                _place(data, path, value)
            elif first_seen[path][0] != value:
                first, seen = first_seen[path]
                said = "{value!r} differs from {first!r} in row {seen} of the same group"
                problems.append(
                    Problem.worded(sheet.source, dotted(path), said, number, value=value, first=first, seen=seen)
                )
    return data, problems


def leaf_values(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every scalar in nested data with its path, list indices as digits; empty list items are skipped."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_values(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if item is not None:
                yield from leaf_values(item, (*path, str(index)))
    else:
        yield path, value


# ---------------------------------------------------------------- empty sheet

LIST_COLUMNS = 2  # slots offered for each list field in an empty sheet
_SKIPPED = ("company", "signatory")  # the project file supplies these


def _leaf_paths(
    model: type[BaseModel], prefix: tuple[str, ...] = (), skipped: tuple[str, ...] = _SKIPPED
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every column of an empty sheet: the path of each scalar field or list item, with its annotation."""
    for name, field in model.model_fields.items():
        if not prefix and name in skipped:
            continue
        slots = next((m.count for m in field.metadata if isinstance(m, SheetSlots)), LIST_COLUMNS)
        yield from _slot_paths((*prefix, name), _field_annotation(field), slots)


def _slot_paths(path: tuple[str, ...], annotation: Any, slots: int) -> Iterator[tuple[tuple[str, ...], Any]]:
    item = _list_item(annotation)
    if item is not None:
        for slot in range(slots):
            yield from _slot_paths((*path, str(slot)), item, LIST_COLUMNS)
        return
    nested = nested_model(annotation)
    if nested is not None:
        yield from _leaf_paths(nested, path)
    else:
        yield path, annotation


BODY_ROWS = range(2, 1002)  # the rows of an empty sheet given a column's format and dropdown


def write_empty_sheet(model: type[DocumentModel], locale: Locale, path: Path, templates: Path | None = None) -> None:
    """An .xlsx with one header row in the locale, text columns formatted as text so IDs keep every digit,
    and choice columns offering the locale's labels in a dropdown."""
    from openpyxl import Workbook

    from .locale.columns import title_for

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = model.type_name
    for column, (field_path, annotation) in enumerate(_leaf_paths(model), start=1):
        name = ".".join(field_path)
        cell = sheet.cell(row=1, column=column, value=title_for(model.type_name, name, locale, templates) or name)
        if str in base_types(annotation):
            for row in BODY_ROWS:
                sheet.cell(row=row, column=column).number_format = "@"
        codes = _choices(annotation)
        if codes:
            _add_dropdown(sheet, cell.column_letter, choice_labels(model.type_name, codes, locale, templates))
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 2)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    from .files import write_atomically

    write_atomically(path, buffer.getvalue(), force=False)


def _add_dropdown(sheet: Any, letter: str, labels: list[str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    # allow_blank: an optional choice may stay empty. Excel refuses a typed value not in the list.
    dropdown = DataValidation(type="list", formula1=f'"{",".join(labels)}"', allow_blank=True, showErrorMessage=True)
    dropdown.add(f"{letter}{BODY_ROWS.start}:{letter}{BODY_ROWS.stop - 1}")
    sheet.add_data_validation(dropdown)
