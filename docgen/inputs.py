"""Data files to records: strict YAML and JSON loaders that keep provenance.

YAML is read so that what the user typed stays text: only null is resolved
implicitly, so `NO`, `0012`, `12:30` or `+8613800138000` reach the model as
strings and the model decides what each field means. Duplicate keys are errors
in both formats, because the second value would silently replace the first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import InvalidData, NoRecords, Problem, UsageError

if TYPE_CHECKING:
    from .documents.common import DocumentModel

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
SHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Record:
    """One document's raw data and where it came from."""

    data: dict[str, Any]
    source: str
    row: int | None = None

    def problem(self, path: str, message: str) -> Problem:
        return Problem(self.source, path, message, self.row)


class _NullOnlyResolver(BaseResolver):
    """Resolves `~`, `null` and empty values to None, and nothing else."""


_NullOnlyResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)


class _StrictLoader(Reader, Scanner, Parser, Composer, SafeConstructor, _NullOnlyResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _NullOnlyResolver.__init__(self)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # An alias repeats a node by reference: nine nested levels of nine make 387 million values to
        # check, and the check would never end. Business data needs no aliases, so refuse them.
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None, None, f"aliases (*{event.anchor}) are not accepted; write the values out", event.start_mark
            )
        node: Node | None = super().compose_node(parent, index)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first given on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _yaml_error_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"malformed YAML: {where}{problem}"


def parse_yaml(text: str) -> Any:
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


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


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise UsageError(f"{path}: data file not found")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidData([Problem(str(path), "", f"not UTF-8 text ({error.reason} at byte {error.start})")]) from None


MAX_DEPTH = 32  # levels of lists and mappings; a document needs fewer than ten


def _parse(path: Path, text: str) -> Any:
    try:
        parsed = parse_json(text) if path.suffix.lower() == ".json" else parse_yaml(text)
        too_deep = _depth(parsed) > MAX_DEPTH
    except yaml.YAMLError as error:
        raise InvalidData([Problem(str(path), "", _yaml_error_message(error))]) from None
    except ValueError as error:
        raise InvalidData([Problem(str(path), "", f"malformed JSON: {error}")]) from None
    except RecursionError:  # far deeper than MAX_DEPTH
        too_deep = True
    if too_deep:
        raise InvalidData([Problem(str(path), "", f"nested more than {MAX_DEPTH} levels deep")])
    return parsed


def _depth(value: Any) -> int:
    """How deeply lists and mappings nest, counted without recursion (the data may be hostile)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, level = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is not None:
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in children)
    return deepest


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
) -> list[Record]:
    """Read a data file into records, refusing anything ambiguous.

    CSV and XLSX need the document type's model, which maps their columns to fields.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{path}: unsupported data file type; use one of {', '.join(SUFFIXES)}")
    if suffix in SHEET_SUFFIXES:
        records = _sheet_records(path, model, sheet, group_by)
    else:
        records = _as_records(path, _parse(path, _read_text(path)))
    if not records:
        raise NoRecords(str(path))
    return records


def _sheet_records(
    path: Path, model: type[DocumentModel] | None, sheet: str | None, group_by: str | None
) -> list[Record]:
    from .spreadsheet import read_csv, read_xlsx, sheet_records

    if model is None:
        raise UsageError(f"{path}: a spreadsheet needs the document type to map its columns")
    if not path.is_file():
        raise UsageError(f"{path}: data file not found")
    table = read_csv(path) if path.suffix.lower() == ".csv" else read_xlsx(path, sheet, model)
    return sheet_records(table, model, group_by)
