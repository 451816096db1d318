"""The strict YAML loader: only null is resolved, and duplicate keys and aliases are refused.

YAML is read so that what the user typed stays text: `NO`, `0012`, `12:30` or
`+8613800138000` reach the model as strings and the model decides what each
field means. A key given twice is an error, because the second value would
silently replace the first. libyaml parses when PyYAML has it; the pure-Python
parser words every error, so a message is the same whichever is installed.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .errors import MalformedYaml


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
            if not isinstance(key, Hashable):  # e.g. "{}:": a mapping as a key
                raise ConstructorError(None, None, "found unhashable key", key_node.start_mark)
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


def parse_strict(text: str) -> Any:
    """parse_yaml, with a malformed text raised as MalformedYaml naming the line and column."""
    try:
        return parse_yaml(text)
    except yaml.YAMLError as error:
        raise MalformedYaml(_yaml_error_message(error)) from None
