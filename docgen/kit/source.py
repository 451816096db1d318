"""A type's kit source: structure.yaml (locale-free blocks) and wording.<locale>.yaml (its words), read strictly.

structure.yaml holds `body` (a list of blocks) and optionally `landscape: true` and
`setup` (a Jinja statement run first, such as "set c = doc.fees"). Each block is a
mapping whose first key names its kind:

    - heading: TEXT
    - paragraph: TEXT            (options: right: true, small: true)
    - if: EXPRESSION             (body: [blocks])
    - for: NAME in EXPRESSION    (body: [blocks])
    - table: {header: TEXTS, rows: [{cells: TEXTS, for: LOOP, if: EXPRESSION, total: true}],
              numeric: [column numbers from 0], wide: true, widths: [millimetres]}
    - chart: KEY                 (caption: TEXT; the picture is charts.KEY)
    - signatures: [TEXTS, ...]   (one TEXTS per column; "[seal]" and "[our seal]" mark a seal's place; in a
                                  column's list, {seal: TEXT} is a seal box showing TEXT, and with ours: true
                                  our seal's image where there is one, else TEXT)
    - set: TEXT                  (a statement "name = expression" run here, often a wording key; dict(...),
                                  not braces: DOCX puts it in a {%p %} tag, which a "}" would end)
    - strong: TEXT               (a paragraph in bold, such as a salutation)
    - notice: TEXT               (a line set apart, bold, red and framed, such as a draft's "not approved" mark)
    - item: TEXT                 (an indented list item; its marker, "· " or "1. ", is part of TEXT)
    - facts: [{cells: [LABEL, VALUE], for: LOOP, if: EXPRESSION}]
                                 (label and value rows; amounts: true aligns the values right; "\\n" in a
                                  value breaks the line)
    - signature: TEXTS           (one signer's lines, to the right; "[our seal]" is our seal's image, else a
                                  box saying seal_note: TEXT)
    - blanks: TEXTS              (labels, each followed by a blank to fill in by hand)
    - slip: TEXT                 (a tear-off slip titled TEXT under a cut line; body: [blocks])

A TEXT that is a bare snake_case name (`client_line`, `total`) is a wording key: the
text is that key's value in wording.<locale>.yaml. Anything else (with a space, a
brace, a capital, CJK, punctuation, or empty) is literal template text shared by
every locale, such as "{{ line.amount | money }}". TEXTS is a list of TEXT, or one
wording key whose value is a list (a table's header in one line).

wording.<locale>.yaml maps each key to its text (Jinja expressions such as
{{ doc.client.name }} print the data), and holds `number_label` and `page` (the three
words around the page number and page count in the DOCX footer). A key the structure
uses that a wording file lacks, and a key a wording file holds that the structure never
uses, are errors naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateSyntaxError

from ..errors import TemplateFailure
from . import yamlfile
from .blocks import (
    Blanks,
    Block,
    Chart,
    Document,
    Facts,
    For,
    Heading,
    If,
    Item,
    Notice,
    Paragraph,
    Row,
    Seal,
    Set,
    Signature,
    Signatures,
    Slip,
    Strong,
    Table,
)
from .yamlfile import LineDict, line_of

KEY = re.compile(r"[a-z][a-z0-9_]*")
STRUCTURE_FILE = "structure.yaml"
FURNITURE = ("number_label", "page")  # wording every file holds, used around the body


def wording_file(locale: str) -> str:
    return f"wording.{locale}.yaml"


def is_key(text: str) -> bool:
    return KEY.fullmatch(text) is not None


def build_document(structure_path: Path, wording_path: Path) -> Document:
    """The blocks of one locale, every key looked up; a TemplateFailure for anything amiss in either file."""
    structure = _mapping(structure_path, yamlfile.read(structure_path), "the file")
    wording = _wording(wording_path)
    reader = _Reader(structure_path, wording_path, wording)
    document = reader.document(structure)
    reader.check_all_used()
    return document


def _mapping(path: Path, value: Any, what: str) -> LineDict:
    if not isinstance(value, LineDict):
        raise TemplateFailure(
            "{path} line {line}: {what} should be a mapping", path=path, line=line_of(value, 1), what=what
        )
    return value


def _wording(path: Path, *, syntax: bool = True) -> LineDict:
    wording = _mapping(path, yamlfile.read(path), "the file")
    for key, value in wording.items():
        where = f"{path} line {wording.key_lines[key]}"
        if not is_key(key):
            raise TemplateFailure(
                "{where}: {key!r} is not a wording key (lower-case letters, digits and _)", where=where, key=key
            )
        if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            raise TemplateFailure("{where}: {key} should be text or a list of texts", where=where, key=key)
    for key, value in wording.items() if syntax else ():
        for text in [value] if isinstance(value, str) else value:
            _check_syntax(text, f"{path} line {wording.key_lines[key]}: {key}")
    for key in FURNITURE:
        if key not in wording:
            raise TemplateFailure("{path}: {key} is missing", path=path, key=key)
    if not isinstance(wording["page"], list) or len(wording["page"]) != 3:
        raise TemplateFailure(
            "{path} line {line}: page should be a list of three texts", path=path, line=wording.key_lines["page"]
        )
    return wording


_PARSER = Environment()  # only parses: nothing is rendered with it


def _check_syntax(text: str, where: str) -> None:
    """Each text is a whole piece of template: a tag it opens it closes, so a mistake is found in its own line."""
    try:
        _PARSER.parse(text)
    except TemplateSyntaxError as error:
        raise TemplateFailure("{where}: {detail}", where=where, detail=error.message) from None


_OPTIONS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "heading": {},
    "paragraph": {"right": bool, "small": bool},
    "if": {"body": list},
    "for": {"body": list},
    "table": {},
    "chart": {"caption": str},
    "signatures": {},
    "set": {},
    "strong": {},
    "notice": {},
    "item": {},
    "facts": {"amounts": bool},
    "signature": {"seal_note": str},
    "blanks": {},
    "slip": {"body": list},
}
_REQUIRED = {"if": ("body",), "for": ("body",), "chart": ("caption",), "slip": ("body",)}
_FACT_OPTIONS: dict[str, type | tuple[type, ...]] = {"cells": (str, list), "for": str, "if": str}
_SEAL_OPTIONS: dict[str, type | tuple[type, ...]] = {"seal": str, "ours": bool}
_TABLE_OPTIONS: dict[str, type | tuple[type, ...]] = {
    "header": (str, list),
    "rows": list,
    "numeric": list,
    "wide": bool,
    "widths": list,
}
_ROW_OPTIONS: dict[str, type | tuple[type, ...]] = {"cells": (str, list), "for": str, "if": str, "total": bool}
_TOP_OPTIONS: dict[str, type | tuple[type, ...]] = {"body": list, "landscape": bool, "setup": str}


class _Reader:
    """Turns the structure's mappings into blocks, looking each key up in one locale's wording."""

    def __init__(self, structure_path: Path, wording_path: Path, wording: LineDict) -> None:
        self.path = structure_path
        self.wording_path = wording_path
        self.wording = wording
        self.used: set[str] = set(FURNITURE)

    def fail(self, line: int, message: str) -> TemplateFailure:
        return TemplateFailure("{path} line {line}: {detail}", path=self.path, line=line, detail=message)

    def document(self, top: LineDict) -> Document:
        self.check_options(top, _TOP_OPTIONS, "the structure", required=("body",))
        page = self.wording["page"]
        return Document(
            number_label=self.wording["number_label"],
            page_words=(page[0], page[1], page[2]),
            body=self.blocks(top["body"]),
            landscape=top.get("landscape", False),
            setup=top.get("setup", ""),
        )

    def check_options(
        self, mapping: LineDict, allowed: dict[str, Any], what: str, required: tuple[str, ...] = ()
    ) -> None:
        for key, value in mapping.items():
            line = mapping.key_lines[key]
            if key not in allowed:
                known = ", ".join(allowed) or "none"
                raise self.fail(line, f"unknown option {key!r} for {what}; it takes: {known}")
            if not isinstance(value, allowed[key]):
                raise self.fail(line, f"{key} of {what} has the wrong kind of value: {value!r}")
        for key in required:
            if key not in mapping:
                raise self.fail(mapping.line, f"{what} needs {key}")

    def blocks(self, items: Any) -> list[Block]:
        if not isinstance(items, list):
            raise self.fail(line_of(items), "a body should be a list of blocks")
        return [self.block(item) for item in items]

    def block(self, item: Any) -> Block:
        if not isinstance(item, LineDict) or not item:
            raise self.fail(line_of(item), f"a block should be a mapping such as {{paragraph: key}}, not {item!r}")
        kinds = [key for key in item if key in _OPTIONS]
        if len(kinds) != 1:
            found = ", ".join(map(repr, kinds or item))
            raise self.fail(item.line, f"a block has one kind of {', '.join(_OPTIONS)}; found {found}")
        kind, value = kinds[0], item[kinds[0]]
        options = LineDict((k, v) for k, v in item.items() if k != kind)
        options.line, options.key_lines = item.line, item.key_lines
        self.check_options(options, _OPTIONS[kind], kind, _REQUIRED.get(kind, ()))
        return _BUILDERS[kind](self, value, options)

    def text(self, value: Any, line: int) -> str:
        if not isinstance(value, str):
            raise self.fail(line, f"expected text or a wording key, found {value!r}")
        if not is_key(value):
            _check_syntax(value, f"{self.path} line {line}")
            return value
        found = self.lookup(value, line)
        if not isinstance(found, str):
            raise self.fail(line, f"wording key {value} holds a list in {self.wording_path}; text is needed here")
        return found

    def texts(self, value: Any, line: int) -> list[str]:
        if isinstance(value, str) and is_key(value):
            found = self.lookup(value, line)
            if isinstance(found, list):
                return list(found)
            raise self.fail(line, f"wording key {value} holds text in {self.wording_path}; a list is needed here")
        if not isinstance(value, list):
            raise self.fail(line, f"expected a list of texts or a wording key holding one, found {value!r}")
        return [self.text(item, line_of(value, line)) for item in value]

    def lookup(self, key: str, line: int) -> Any:
        if key not in self.wording:
            raise TemplateFailure(
                "{wording_path}: wording key {key} is missing (used in {path} line {line})",
                wording_path=self.wording_path,
                key=key,
                path=self.path,
                line=line,
            )
        self.used.add(key)
        return self.wording[key]

    def check_all_used(self) -> None:
        for key in self.wording:
            if key not in self.used:
                line = self.wording.key_lines[key]
                raise TemplateFailure(
                    "{wording_path} line {line}: wording key {key} is not used in {path}",
                    wording_path=self.wording_path,
                    line=line,
                    key=key,
                    path=self.path,
                )

    def expression(self, value: Any, line: int, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(line, f"{what} needs an expression, found {value!r}")
        if "%}" in value or "}}" in value:
            raise self.fail(line, f"{what} takes a bare expression, without {{% %}} or {{{{ }}}}")
        return value


def _heading(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Heading(reader.text(value, options.line))


def _paragraph(reader: _Reader, value: Any, options: LineDict) -> Block:
    text = reader.text(value, options.line)
    return Paragraph(text, right=options.get("right", False), small=options.get("small", False))


def _if(reader: _Reader, value: Any, options: LineDict) -> Block:
    return If(reader.expression(value, options.line, "if"), reader.blocks(options["body"]))


def _for(reader: _Reader, value: Any, options: LineDict) -> Block:
    return For(reader.expression(value, options.line, "for"), reader.blocks(options["body"]))


def _chart(reader: _Reader, value: Any, options: LineDict) -> Block:
    if not isinstance(value, str) or not is_key(value):
        raise reader.fail(options.line, f"chart takes the chart's name (charts.NAME), found {value!r}")
    return Chart(value, reader.text(options["caption"], options.line))


def _signatures(reader: _Reader, value: Any, options: LineDict) -> Block:
    if not isinstance(value, list) or not value:
        raise reader.fail(options.line, "signatures takes a list of columns")
    return Signatures([_column(reader, column, line_of(value, options.line)) for column in value])


def _column(reader: _Reader, column: Any, line: int) -> list[str | Seal]:
    """A signature column's lines: a wording key holding a list, or a list of texts and seal boxes."""
    if not isinstance(column, list):
        return list(reader.texts(column, line))
    return [
        _seal(reader, item) if isinstance(item, LineDict) else reader.text(item, line_of(column, line))
        for item in column
    ]


def _seal(reader: _Reader, item: LineDict) -> Seal:
    reader.check_options(item, _SEAL_OPTIONS, "a seal box", required=("seal",))
    return Seal(reader.text(item["seal"], item.line), ours=item.get("ours", False))


def _set(reader: _Reader, value: Any, options: LineDict) -> Block:
    statement = reader.text(value, options.line)
    if not re.fullmatch(r"\s*[A-Za-z_]\w*\s*=[^=].*", statement, re.S) or "}" in statement or "{" in statement:
        raise reader.fail(
            options.line, f"set takes NAME = EXPRESSION, without braces (dict(...) for a mapping): {statement!r}"
        )
    _check_syntax("{% set " + statement + " %}", f"{reader.path} line {options.line}")
    return Set(statement)


def _strong(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Strong(reader.text(value, options.line))


def _notice(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Notice(reader.text(value, options.line))


def _item(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Item(reader.text(value, options.line))


def _facts(reader: _Reader, value: Any, options: LineDict) -> Block:
    if not isinstance(value, list) or not value:
        raise reader.fail(options.line, "facts takes a list of rows, each {cells: [label, value]}")
    rows = [_row(reader, row, _FACT_OPTIONS, "a facts row") for row in value]
    for row, item in zip(rows, value, strict=True):
        if len(row.cells) != 2:
            raise reader.fail(
                line_of(item, options.line), f"a facts row has two cells, label and value; found {len(row.cells)}"
            )
    return Facts(rows, amounts=options.get("amounts", False))


def _signature(reader: _Reader, value: Any, options: LineDict) -> Block:
    note = reader.text(options["seal_note"], options.key_lines["seal_note"]) if "seal_note" in options else ""
    return Signature(reader.texts(value, options.line), seal_note=note)


def _blanks(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Blanks(reader.texts(value, options.line))


def _slip(reader: _Reader, value: Any, options: LineDict) -> Block:
    return Slip(reader.text(value, options.line), reader.blocks(options["body"]))


def _table(reader: _Reader, value: Any, options: LineDict) -> Block:
    table = _mapping(reader.path, value, f"the table at line {options.line}")
    reader.check_options(table, _TABLE_OPTIONS, "table", required=("rows",))
    header = reader.texts(table["header"], table.line) if "header" in table else None
    rows = [_row(reader, row, _ROW_OPTIONS, "a table row") for row in table["rows"]]
    if not rows:
        raise reader.fail(table.line, "a table needs at least one row")
    columns = len(header or rows[0].cells)
    numeric = tuple(_numbers(reader, table, "numeric", int))
    widths = tuple(_numbers(reader, table, "widths", int | float))
    _check_columns(reader, table, columns, [len(row.cells) for row in rows], numeric, widths)
    return Table(header, rows, numeric=numeric, wide=table.get("wide", False), widths=widths)


def _row(reader: _Reader, value: Any, allowed: dict[str, Any], what: str) -> Row:
    row = _mapping(reader.path, value, what)
    reader.check_options(row, allowed, what, required=("cells",))
    loop = reader.expression(row["for"], row.line, "for") if "for" in row else None
    cond = reader.expression(row["if"], row.line, "if") if "if" in row else None
    return Row(reader.texts(row["cells"], row.line), loop=loop, cond=cond, total=row.get("total", False))


def _numbers(reader: _Reader, table: LineDict, key: str, kind: Any) -> list[Any]:
    values = table.get(key, [])
    if not all(isinstance(v, kind) and not isinstance(v, bool) and v >= 0 for v in values):
        raise reader.fail(table.key_lines[key], f"{key} should be a list of numbers")
    return list(values)


def _check_columns(
    reader: _Reader, table: LineDict, columns: int, counts: list[int], numeric: tuple[int, ...], widths: tuple[Any, ...]
) -> None:
    if any(count != columns for count in counts):
        raise reader.fail(table.line, f"every row of the table needs {columns} cells, as many as its first")
    if any(index >= columns for index in numeric):
        raise reader.fail(table.key_lines["numeric"], f"numeric names a column past the table's {columns}")
    if widths and len(widths) != columns:
        raise reader.fail(table.key_lines["widths"], f"widths should give {columns} columns")


_BUILDERS: dict[str, Callable[[_Reader, Any, LineDict], Block]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "if": _if,
    "for": _for,
    "table": _table,
    "chart": _chart,
    "signatures": _signatures,
    "set": _set,
    "strong": _strong,
    "notice": _notice,
    "item": _item,
    "facts": _facts,
    "signature": _signature,
    "blanks": _blanks,
    "slip": _slip,
}


Problem = tuple[Path, int, str]  # file, line, message


def key_problems(structure_path: Path, wording_path: Path) -> list[Problem]:
    """Every wording key the structure uses that the wording lacks, and every one it holds but is never used,
    after the first mistake of another kind if there is one; for `docgen template check`, which wants them all.
    Template syntax is left to that check, which reads every text itself."""
    try:
        wording = _wording(wording_path, syntax=False)
        structure = _mapping(structure_path, yamlfile.read(structure_path), "the file")
    except TemplateFailure as error:
        return [located(error)]
    reader = _Collector(structure_path, wording_path, wording)
    try:
        reader.document(structure)
    except TemplateFailure as error:
        reader.problems.append(located(error))
    reader.check_all_used()
    return reader.problems


def located(error: TemplateFailure) -> Problem:
    """The file, line (0 when none) and message of a failure whose message starts `FILE line N: `."""
    found = re.fullmatch(r"(.+?)(?: line (\d+))?: (.*)", error.message, re.DOTALL)
    if not found:
        return Path(error.message), 0, error.message
    return Path(found[1]), int(found[2] or 0), found[3]


class _Collector(_Reader):
    """A reader that notes a missing or unused key and goes on, instead of stopping at the first."""

    def __init__(self, structure_path: Path, wording_path: Path, wording: LineDict) -> None:
        super().__init__(structure_path, wording_path, wording)
        self.problems: list[Problem] = []

    def text(self, value: Any, line: int) -> str:
        if isinstance(value, str) and is_key(value) and value not in self.wording:
            return str(self.lookup(value, line))
        return super().text(value, line)

    def texts(self, value: Any, line: int) -> list[str]:
        if isinstance(value, str) and is_key(value) and value not in self.wording:
            self.lookup(value, line)
            return []
        return super().texts(value, line)

    def lookup(self, key: str, line: int) -> Any:
        if key in self.wording:
            return super().lookup(key, line)
        self.problems.append((self.path, line, f"wording key {key} is missing from {self.wording_path}"))
        return ""

    def check_all_used(self) -> None:
        for key in [key for key in self.wording if key not in self.used]:
            line = self.wording.key_lines[key]
            self.problems.append((self.wording_path, line, f"wording key {key} is not used in {self.path}"))
