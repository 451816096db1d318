"""Data files to records: strict YAML and JSON loaders that keep provenance.

YAML is read so that what the user typed stays text: only null is resolved
implicitly, so `NO`, `0012`, `12:30` or `+8613800138000` reach the model as
strings and the model decides what each field means. Duplicate keys are errors
in both formats, because the second value would silently replace the first.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import InvalidData, NoRecords, Problem, UsageError
from .records import Record as Record  # named here too: callers load records and name them from one place

if TYPE_CHECKING:
    from .documents.common import DocumentModel

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
SHEET_SUFFIXES = (".csv", ".xlsx")


class _NullOnlyResolver(BaseResolver):
    """Resolves `~`, `null` and empty values to None, and nothing else.

    It answers at once rather than through BaseResolver's table of patterns:
    resolving is called for every value, and the table's lookups cost a third of a libyaml load.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


_NULLS = frozenset(("~", "null", "Null", "NULL", ""))
_NULL_TAG = "tag:yaml.org,2002:null"


class _StrictConstructor(SafeConstructor):
    """SafeConstructor that refuses a key given twice in one mapping."""

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


class _PureLoader(Reader, Scanner, Parser, Composer, _StrictConstructor, _NullOnlyResolver):
    """The pure-Python parser: slower, and the one that words every error (see parse_yaml)."""

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


def _libyaml_loader() -> type | None:
    """The same rules on libyaml's parser, three times faster, when PyYAML has it.

    Only from libyaml 0.2.6, which caps nesting at 1,000 levels: its composer recurses
    in C, where deeper data would overflow the stack instead of raising RecursionError.
    """
    try:
        from yaml._yaml import CParser, get_version
    except ImportError:
        return None
    if get_version() < (0, 2, 6):
        return None

    class _LibyamlLoader(CParser, _StrictConstructor, _NullOnlyResolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _NullOnlyResolver.__init__(self)
            self.may_alias = "*" in stream  # an alias is written *name: text without a star holds none

        def get_single_data(self) -> Any:
            node = self.get_single_node()
            return None if node is None else _build(self, node, set() if self.may_alias else None)

    return _LibyamlLoader


_STR, _SEQ, _MAP = BaseResolver.DEFAULT_SCALAR_TAG, BaseResolver.DEFAULT_SEQUENCE_TAG, BaseResolver.DEFAULT_MAPPING_TAG


def _build(loader: _StrictConstructor, node: Node, seen: set[int] | None) -> Any:
    """The data of a tree libyaml composed, with SafeConstructor's results and the rules above.

    Text, null, lists and mappings (nearly all of a data file) are built here
    directly, at a third of SafeConstructor's cost; a node with another tag
    (`!!int 5`) goes to SafeConstructor. libyaml composes aliases in C, so an alias
    shows as a node met twice: refused before anything expands it. seen is None for a text that holds no alias.
    """
    if seen is not None:
        if id(node) in seen:
            raise ComposerError(None, None, "aliases are not accepted; write the values out", node.start_mark)
        seen.add(id(node))
    if node.tag == _STR:
        return node.value
    if node.tag == _NULL_TAG:
        return None
    if node.tag == _SEQ:
        return [_build(loader, child, seen) for child in node.value]
    if node.tag == _MAP:
        return _build_mapping(loader, node, seen)
    _refuse_aliases(node, set() if seen is None else seen)
    return loader.construct_object(node, deep=True)


def _build_mapping(loader: _StrictConstructor, node: Node, seen: set[int] | None) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = _build(loader, key_node, seen)
        if not isinstance(key, Hashable):
            raise ConstructorError(None, None, "found unhashable key", key_node.start_mark)
        if key in mapping:
            raise ConstructorError(
                None, None, f"duplicate key {key!r} (first given on line {lines[key]})", key_node.start_mark
            )
        lines[key] = key_node.start_mark.line + 1
        mapping[key] = _build(loader, value_node, seen)
    return mapping


def _refuse_aliases(root: Node, seen: set[int]) -> None:
    """An alias makes a node appear twice in the tree; raise at the first one, before anything expands it."""
    pending = [root]
    seen.discard(id(root))
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise ComposerError(None, None, "aliases are not accepted; write the values out", node.start_mark)
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


_LIBYAML = _libyaml_loader()


def _yaml_error_message(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"malformed YAML: {where}{problem}"


def _load(loader_class: type, text: str) -> Any:
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_yaml(text: str) -> Any:
    """YAML by the rules above: on libyaml when PyYAML has it, else on the pure-Python parser.

    A file libyaml refuses is parsed again by the pure-Python parser, which words the
    error: so a message names the same problem at the same line whichever parser is installed.
    """
    if _LIBYAML is None:
        return _load(_PureLoader, text)
    try:
        return _load(_LIBYAML, text)
    except yaml.YAMLError:
        return _load(_PureLoader, text)


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
        raise UsageError(f"{path}: data file not found")
    limit = MAX_JSON_BYTES if path.suffix.lower() == ".json" else MAX_YAML_BYTES
    if path.stat().st_size > limit:
        kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
        message = f"larger than {limit // 2**20} MB; a {kind} file is read whole: split it, or use CSV or XLSX"
        raise InvalidData([Problem(str(path), "", message)])
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
) -> list[Record]:
    """Read a data file into records, refusing anything ambiguous.

    CSV and XLSX need the document type's model, which maps their columns to fields.
    """
    return list(stream_records(path, model, sheet=sheet, group_by=group_by))


def stream_records(
    path: str | Path,
    model: type[DocumentModel] | None = None,
    *,
    sheet: str | None = None,
    group_by: str | None = None,
) -> Iterator[Record]:
    """load_records one record at a time, for a batch of any size: a CSV or XLSX sheet is read row by row.

    What the command line got wrong (the file's type, a missing file) is raised at once; what the
    file holds, as the records are read. An empty file raises NoRecords when the records are asked for.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{path}: unsupported data file type; use one of {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise UsageError(f"{path}: data file not found")
    if suffix in SHEET_SUFFIXES and model is None:
        raise UsageError(f"{path}: a spreadsheet needs the document type to map its columns")
    return _not_empty(path, _records(path, model, sheet, group_by))


def _records(
    path: Path, model: type[DocumentModel] | None, sheet: str | None, group_by: str | None
) -> Iterator[Record]:
    if path.suffix.lower() not in SHEET_SUFFIXES:
        yield from _as_records(path, _parse(path, _read_text(path)))
        return
    from .spreadsheet import read_csv, read_xlsx, sheet_records

    assert model is not None
    table = read_csv(path) if path.suffix.lower() == ".csv" else read_xlsx(path, sheet, model)
    yield from sheet_records(table, model, group_by)


def _not_empty(path: Path, records: Iterator[Record]) -> Iterator[Record]:
    empty = True
    for record in records:
        empty = False
        yield record
    if empty:
        raise NoRecords(str(path))
