"""Reading a kit source file: YAML whose mappings and lists remember the line they start on.

The files may come from an office's folder, so they are read strictly: no aliases
(one alias can repeat a value millions of times), no duplicate keys, text keys only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import TemplateFailure

MAX_BYTES = 1_000_000  # a long contract's wording is about 20 kB


class LineDict(dict[str, Any]):
    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases are not accepted; write the text out", mark)
        return super().compose_node(parent, index)


def read(path: Path) -> Any:
    """The file's content, with line numbers; a TemplateFailure naming the file and line when it is not usable."""
    if path.stat().st_size > MAX_BYTES:
        raise TemplateFailure("{path}: larger than {max_bytes:,} bytes", path=path, max_bytes=MAX_BYTES)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except UnicodeDecodeError:
        raise TemplateFailure("{path}: not UTF-8 text", path=path) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise TemplateFailure(
            "{path}{where}: {detail}", path=path, where=where, detail=getattr(error, "problem", None) or error
        ) from None
    return None if node is None else _value(path, node)


def _value(path: Path, node: Node) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        return _mapping(path, node, line)
    if isinstance(node, SequenceNode):
        items = LineList(_value(path, item) for item in node.value)
        items.line = line
        return items
    assert isinstance(node, ScalarNode)
    return yaml.SafeLoader("").construct_object(node)


def _mapping(path: Path, node: MappingNode, line: int) -> LineDict:
    mapping = LineDict()
    mapping.line = line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = _value(path, key_node)
        if not isinstance(key, str):
            raise TemplateFailure(
                "{path} line {line}: the key {key!r} is not text", path=path, line=key_node.start_mark.line + 1, key=key
            )
        if key in mapping:
            raise TemplateFailure(
                "{path} line {line}: {key!r} appears twice", path=path, line=key_node.start_mark.line + 1, key=key
            )
        mapping[key] = _value(path, value_node)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def line_of(value: Any, default: int = 0) -> int:
    return getattr(value, "line", default)
