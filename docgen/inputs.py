"""Data files to records: strict YAML and JSON loaders that keep provenance.

YAML is read so that what the user typed stays text: only null is resolved
implicitly, so `NO`, `0012`, `12:30` or `+8613800138000` reach the model as
strings and the model decides what each field means. Duplicate keys are errors
in both formats, because the second value would silently replace the first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidData, MalformedYaml, NoRecords, Problem, UsageError
from .records import Record as Record  # named here too: callers load records and name them from one place

if TYPE_CHECKING:
    from .documents.base import DocumentModel

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
SHEET_SUFFIXES = (".csv", ".xlsx")


def parse_yaml(text: str) -> Any:
    """YAML by the rules of docgen/yaml_loader.py; MalformedYaml names the line of a problem."""
    from .yaml_loader import parse_strict  # PyYAML loads for YAML files only: a JSON file never waits for it

    return parse_strict(text)


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # built in C; a key given twice leaves it shorter than the pairs
    if len(result) != len(pairs):
        raise ValueError(f"duplicate key {_first_repeated(key for key, _ in pairs)!r}")
    return result


def _first_repeated(keys: Iterator[str]) -> str | None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            return key
        seen.add(key)
    return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number docgen accepts")


def _json_number(text: str) -> Decimal | str:
    # 1e3 is not written as digits: kept as typed, so money refuses it as it refuses the YAML 1e3.
    return text if "e" in text.lower() else Decimal(text)


def parse_json(text: str) -> Any:
    return json.loads(
        text,
        parse_float=_json_number,
        object_pairs_hook=_refuse_duplicates,
        parse_constant=_refuse_constant,
    )


# A YAML or JSON file is parsed whole; these keep its process under 300 MiB. libyaml's node tree
# takes about 36 bytes of memory per byte of YAML, JSON about 6.
MAX_JSON_BYTES = 16 * 2**20  # about 7,500 service contracts
MAX_YAML_BYTES = 4 * 2**20  # about 2,000


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise UsageError("{path}: data file not found", path=path)
    limit = MAX_JSON_BYTES if path.suffix.lower() == ".json" else MAX_YAML_BYTES
    if path.stat().st_size > limit:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        message = f"larger than {limit // 2**20} MB; a {kind} file is read whole: split it, or use CSV or XLSX"
        raise InvalidData([Problem(str(path), "", message)])
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem.worded(
            str(path), "", "not UTF-8 text ({reason} at byte {byte})", reason=error.reason, byte=error.start
        )
        raise InvalidData([problem]) from None


MAX_DEPTH = 32  # levels of lists and mappings; a document needs fewer than ten


def _parse(path: Path, text: str) -> Any:
    try:
        parsed = parse_json(text) if path.suffix.lower() == ".json" else parse_yaml(text)
        too_deep = _depth(parsed) > MAX_DEPTH
    except MalformedYaml as error:
        raise InvalidData([Problem(str(path), "", str(error))]) from None
    except ValueError as error:
        raise InvalidData([Problem.worded(str(path), "", "malformed JSON: {detail}", detail=error)]) from None
    except RecursionError:  # far deeper than MAX_DEPTH
        too_deep = True
    if too_deep:
        raise InvalidData([Problem.worded(str(path), "", "nested more than {depth} levels deep", depth=MAX_DEPTH)])
    return parsed


def _depth(value: Any) -> int:
    """How deeply lists and mappings nest, up to one level past MAX_DEPTH: counted a level at a time,
    without recursion (the data may be hostile)."""
    level, current = 0, [value]
    while level <= MAX_DEPTH:
        containers = [node for node in current if isinstance(node, dict | list)]
        if not containers:
            break
        level += 1
        current = []
        for node in containers:
            current.extend(node.values() if isinstance(node, dict) else node)
    return level


def _as_records(path: Path, parsed: Any) -> list[Record]:
    source = str(path)
    if isinstance(parsed, dict):
        return [Record(parsed, source)]
    if isinstance(parsed, list) and all(isinstance(item, dict) for item in parsed):
        return [Record(item, source, row) for row, item in enumerate(parsed, start=1)]
    raise InvalidData([Problem(source, "", "expected a mapping of fields (or a list of them) at the top level")])


def load_records(
    path: str | Path,
    model: type[DocumentModel] | None = None,
    *,
    sheet: str | None = None,
    group_by: str | None = None,
    templates: Path | None = None,
) -> list[Record]:
    """Read a data file into records, refusing anything ambiguous.

    CSV and XLSX need the document type's model, which maps their columns to fields; their headers
    may be the column titles of the type's fields files (an office's templates folder first).
    """
    return list(stream_records(path, model, sheet=sheet, group_by=group_by, templates=templates))


def stream_records(
    path: str | Path,
    model: type[DocumentModel] | None = None,
    *,
    sheet: str | None = None,
    group_by: str | None = None,
    templates: Path | None = None,
) -> Iterator[Record]:
    """load_records one record at a time, for a batch of any size: a CSV or XLSX sheet is read row by row.

    What the command line got wrong (the file's type, a missing file) is raised at once; what the
    file holds, as the records are read. An empty file raises NoRecords when the records are asked for.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            "{path}: unsupported data file type; use one of {allowed}", path=path, allowed=", ".join(SUFFIXES)
        )
    if not path.is_file():
        raise UsageError("{path}: data file not found", path=path)
    if suffix in SHEET_SUFFIXES and model is None:
        raise UsageError("{path}: a spreadsheet needs the document type to map its columns", path=path)
    return _not_empty(path, _records(path, model, sheet, group_by, templates))


def _records(
    path: Path, model: type[DocumentModel] | None, sheet: str | None, group_by: str | None, templates: Path | None
) -> Iterator[Record]:
    if path.suffix.lower() not in SHEET_SUFFIXES:
        yield from _as_records(path, _parse(path, _read_text(path)))
        return
    from .spreadsheet import read_csv, read_xlsx, sheet_records

    assert model is not None
    table = read_csv(path) if path.suffix.lower() == ".csv" else read_xlsx(path, sheet, model)
    yield from sheet_records(table, model, group_by, templates)


def _not_empty(path: Path, records: Iterator[Record]) -> Iterator[Record]:
    empty = True
    for record in records:
        empty = False
        yield record
    if empty:
        raise NoRecords(str(path))
