"""`docgen template check`: every problem in a templates folder, each as FILE:LINE: message.

For each type folder it reads every template text the office may edit (each wording
text, each literal text and expression of structure.yaml, each HTML template and the
patched XML of each DOCX template) and reports: Jinja syntax errors, `doc.` paths the
model does not have (with the nearest it does have), names that come from nowhere,
unknown filters and tests, clause references to clauses outline.yaml does not
hold, and label / choice_label paths the fields file does not word. The kit's own reading of each locale adds wording keys missing from a locale or
never used. A data field that no template of the type shows is a warning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from jinja2 import TemplateSyntaxError, nodes
from pydantic import BaseModel

from .errors import TemplateFailure
from .kit import yamlfile
from .kit.source import STRUCTURE_FILE, is_key, key_problems, located, wording_file
from .kit.yamlfile import LineDict, line_of
from .locale import LOCALES, fields
from .registry import document_types
from .render.context import CONTEXT_KEYS
from .render.environment import make_environment
from .render.templates import search_path
from .template_vars import (
    attribute_chain,
    data_fields,
    nearest_doc_path,
    template_sources,
    unknown_doc_path,
)

JINJA_NAMES = frozenset({"loop", "caller", "varargs", "kwargs"})  # names Jinja itself defines where they are used
TEMPLATE_PATTERNS = ("wording.*.yaml", STRUCTURE_FILE, "document*.html", "document*.docx")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem (or, for a warning, one thing worth a look) in one file."""

    file: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        if self.warning:
            return f"{self.file}: warning: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Text:
    """A piece of template text and where it starts."""

    file: Path
    line: int
    source: str


def check_folder(root: Path) -> list[Finding]:
    """Every finding in every type folder of root, sorted by file and line."""
    types = document_types()
    findings: list[Finding] = []
    for folder in sorted(path for path in root.iterdir() if path.is_dir() and path.name[0] not in "._"):
        if folder.name not in types:
            findings.append(Finding(folder, 0, f"{folder.name} is not a document type; known: {', '.join(types)}"))
            continue
        findings += TypeCheck(root, folder.name, types[folder.name]).run()
    return sorted(set(findings))


def effective_files(type_name: str, folders: tuple[Path, ...], *patterns: str) -> list[Path]:
    """The type's template files in use: for each file name, the copy first along the search path."""
    chosen: dict[str, Path] = {}
    for root in folders:
        for pattern in patterns or TEMPLATE_PATTERNS:
            for path in sorted((root / type_name).glob(pattern)):
                chosen.setdefault(path.name, path)
    return sorted(chosen.values())


def _whens(clauses: Any) -> Iterator[str]:
    for clause in clauses if isinstance(clauses, list) else []:
        if isinstance(clause, dict):
            if isinstance(clause.get("when"), str):
                yield clause["when"]
            yield from _whens(clause.get("children", []))


def _keys(clauses: Any) -> Iterator[str]:
    for clause in clauses if isinstance(clauses, list) else []:
        if isinstance(clause, dict) and isinstance(clause.get("key"), str):
            yield clause["key"]
            yield from _keys(clause.get("children", []))


class TypeCheck:
    """The check of one type folder: its texts read once, then each kind of problem looked for in them."""

    def __init__(self, root: Path, type_name: str, model: type[BaseModel]) -> None:
        self.type_name, self.model = type_name, model
        self.folders = search_path(root)
        self.own = self.folders[0] / type_name
        self.env = make_environment(self.folders)
        self.findings: list[Finding] = []
        self.conditions: list[Text] = []  # the outline's `when` expressions
        self.outline_path = self.own / "outline.yaml"

    def problem(self, file: Path, line: int, message: str) -> None:
        if file.is_relative_to(self.own):  # the bundled files the office did not copy are not its problem
            self.findings.append(Finding(file, line, message))

    def run(self) -> list[Finding]:
        parsed = [(text, ast) for text in self.texts() if (ast := self.parse(text)) is not None]
        assigned = {n.name for _, ast in parsed for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
        known = set(CONTEXT_KEYS) | set(self.env.globals) | assigned | JINJA_NAMES
        outline = self.outline()
        clauses = None if outline is None else set(_keys(outline))
        self.conditions = [Text(self.outline_path, 0, f"{{{{ {when} }}}}") for when in _whens(outline or [])]
        for text, ast in parsed:
            self.check_names(text, ast, known)
            self.check_filters(text, ast)
            self.check_doc_paths(text, ast)
            self.check_clauses(text, ast, clauses)
            self.check_labels(text, ast)
        self.check_keys()
        self.check_shown([ast for _, ast in parsed])
        return self.findings

    def texts(self) -> Iterator[Text]:
        statements = self.statement_keys()
        for path in effective_files(self.type_name, self.folders):
            try:
                yield from file_texts(path, statements)
            except TemplateFailure as error:
                self.problem(*located(error))
            except (OSError, UnicodeDecodeError, ValueError, KeyError, BadZipFile) as error:
                self.problem(path, 0, f"cannot be read as a template: {error}")

    def statement_keys(self) -> frozenset[str]:
        """Wording keys that a `set:` block runs as a statement, such as set_me: `me = "I"`."""
        [path] = _first(self.folders, self.type_name, STRUCTURE_FILE)
        try:
            structure = yamlfile.read(path) if path else None
        except TemplateFailure:
            return frozenset()  # reported where the structure's texts are read
        return frozenset(_set_keys(structure))

    def outline(self) -> list[Any] | None:
        """The clauses of the type's outline.yaml (the first along the search path), or None without one."""
        [path] = _first(self.folders, self.type_name, "outline.yaml")
        if path is None:
            return None
        self.outline_path = path
        try:
            top = yamlfile.read(path)
        except TemplateFailure as error:
            self.problem(*located(error))
            return []
        clauses = top.get("clauses", []) if isinstance(top, dict) else []
        return clauses if isinstance(clauses, list) else []

    def parse(self, text: Text) -> nodes.Template | None:
        try:
            return self.env.parse(text.source)
        except TemplateSyntaxError as error:
            self.problem(text.file, text.line + (error.lineno or 1) - 1, error.message or "syntax error")
            return None

    def check_names(self, text: Text, ast: nodes.Template, known: set[str]) -> None:
        for node in ast.find_all(nodes.Name):
            if node.ctx == "load" and node.name not in known:
                hint = _did_you_mean(node.name, known)
                self.problem(text.file, text.line + node.lineno - 1, f"unknown name {node.name}{hint}")

    def check_filters(self, text: Text, ast: nodes.Template) -> None:
        for node in ast.find_all((nodes.Filter, nodes.Test)):
            kind, names = ("filter", self.env.filters) if isinstance(node, nodes.Filter) else ("test", self.env.tests)
            if node.name not in names:
                hint = _did_you_mean(node.name, set(names))
                self.problem(text.file, text.line + node.lineno - 1, f"unknown {kind} {node.name}{hint}")

    def check_doc_paths(self, text: Text, ast: nodes.Template) -> None:
        for path, lineno in _longest_chains(ast, "doc").items():
            unknown = unknown_doc_path(self.model, path)
            if unknown:
                nearest = nearest_doc_path(self.model, path)
                hint = f"; did you mean doc.{nearest}?" if nearest else ""
                message = f"doc.{'.'.join(path)}: {self.type_name} has no field doc.{unknown}{hint}"
                self.problem(text.file, text.line + lineno - 1, message)

    def check_clauses(self, text: Text, ast: nodes.Template, keys: set[str] | None) -> None:
        for path, lineno in _longest_chains(ast, "clauses").items():
            if keys is None:
                self.problem(text.file, text.line + lineno - 1, f"clauses.{path[0]}: the type has no outline.yaml")
            elif path[0] not in keys:
                hint = _did_you_mean(path[0], keys)
                message = f"clauses.{'.'.join(path)}: no clause {path[0]} in outline.yaml{hint}"
                self.problem(text.file, text.line + lineno - 1, message)

    def check_labels(self, text: Text, ast: nodes.Template) -> None:
        """Each label / choice_label path written as a literal, against the fields file of each locale the text
        is rendered in (a wording file's own locale; every locale for structure.yaml and the rest)."""
        for node in ast.find_all(nodes.Filter):
            path = _label_path(node)
            if path is None:
                continue
            for locale in _text_locales(text.file):
                try:
                    missing = self.unworded(node.name, path, locale)
                except TemplateFailure as error:  # a malformed fields file: say so where it is
                    self.problem(*located(error))
                    continue
                if missing:
                    self.problem(text.file, text.line + node.lineno - 1, missing)

    def unworded(self, filter_name: str, path: str, locale: str) -> str | None:
        """What the locale's fields file lacks for the filter's path, or None when it words it."""
        section, worded = (
            ("fields", fields.field_label) if filter_name == "label" else ("choices", fields.choice_labels)
        )
        if worded(self.type_name, locale, path, self.folders[0]) is not None:
            return None
        file = fields.fields_file(self.type_name, locale, self.folders[0])
        return f"{filter_name}({path!r}): {file or f'fields.{locale}.yaml'} has no {path} in {section}"

    def check_keys(self) -> None:
        """Wording keys missing from a locale or never used, as the kit reads each locale."""
        for locale in LOCALES:
            structure, wording = _first(self.folders, self.type_name, STRUCTURE_FILE, wording_file(locale))
            if structure and wording:
                for file, line, message in key_problems(structure, wording):
                    self.problem(file, line, message)

    def check_shown(self, asts: list[nodes.Template]) -> None:
        """A field counts as shown when a template, the letterhead or a clause's condition reads it, what holds
        it or a part of it; also through a name set to a part of doc, or a context name such as company."""
        asts = asts + self.outline_and_letterhead()
        # Only the longest paths: doc.client.name shows client.name, not all of client.
        used = {path for ast in asts for path in _longest_chains(ast, "doc")}
        prefixes = {name: (name,) for name in CONTEXT_KEYS - {"doc"}} | _aliases(asts)
        for name, prefix in prefixes.items():
            used |= {(*prefix, *path) for ast in asts for path in _longest_chains(ast, name)}
        for field in data_fields(self.model):
            if not any(field[: len(path)] == path or path[: len(field)] == field for path in used):
                message = f"field {'.'.join(field)} is shown by no locale"
                self.findings.append(Finding(self.own, 0, message, warning=True))

    def outline_and_letterhead(self) -> list[nodes.Template]:
        base = [text for path in effective_files("_base", self.folders, "*.html") for text in file_texts(path)]
        return [ast for text in self.conditions + base if (ast := self.parse(text)) is not None]


def _aliases(asts: list[nodes.Template]) -> dict[str, tuple[str, ...]]:
    """Names set to a part of doc, such as c in `set c = doc.fees`: what they read, doc reads."""
    found: dict[str, tuple[str, ...]] = {}
    for ast in asts:
        for node in ast.find_all(nodes.Assign):
            if isinstance(node.target, nodes.Name) and isinstance(node.node, nodes.Getattr):
                path = attribute_chain(node.node, "doc")
                if path:
                    found[node.target.name] = path
    return found


def _label_path(node: nodes.Filter) -> str | None:
    """The literal field path of a label or choice_label filter: its value, or its argument."""
    if node.name == "label" and isinstance(node.node, nodes.Const):
        return str(node.node.value)
    if node.name == "choice_label" and node.args and isinstance(node.args[0], nodes.Const):
        return str(node.args[0].value)
    return None


def _text_locales(file: Path) -> tuple[str, ...]:
    """The locales a file's texts are rendered in: a wording file's own, else all of them."""
    locale = file.name.removeprefix("wording.").removesuffix(".yaml")
    return (locale,) if file.name.startswith("wording.") and locale in LOCALES else tuple(LOCALES)


def _did_you_mean(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _longest_chains(ast: nodes.Template, root: str) -> dict[tuple[str, ...], int]:
    """Each attribute path read from root that is not the start of a longer one, with its line."""
    chains: dict[tuple[str, ...], int] = {}
    for node in ast.find_all(nodes.Getattr):
        path = attribute_chain(node, root)
        if path:
            chains.setdefault(path, node.lineno)
    return {path: line for path, line in chains.items() if not any(o[: len(path)] == path != o for o in chains)}


def _first(folders: tuple[Path, ...], type_name: str, *names: str) -> list[Path | None]:
    return [next((root / type_name / n for root in folders if (root / type_name / n).is_file()), None) for n in names]


def _set_keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "set" and isinstance(item, str) and is_key(item):
                yield item
            else:
                yield from _set_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _set_keys(item)


def file_texts(path: Path, statements: frozenset[str] = frozenset()) -> list[Text]:
    """The template texts of one file, each with the line it starts on; statements: wording keys run by `set:`."""
    if path.name.startswith("wording."):
        return _wording_texts(path, statements)
    if path.name == STRUCTURE_FILE:
        return list(_structure_texts(path, yamlfile.read(path), 1))
    return [Text(path, 1, source) for source in template_sources(path)]


BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")  # `key: |`: the text starts on the next line


def _wording_texts(path: Path, statements: frozenset[str]) -> list[Text]:
    wording = yamlfile.read(path)
    if not isinstance(wording, LineDict):
        raise TemplateFailure("{path}: the file should be a mapping", path=path)
    lines = path.read_text(encoding="utf-8").splitlines()
    texts = []
    for key, value in wording.items():
        line = wording.key_lines[key]
        start = line + 1 if BLOCK_SCALAR.search(lines[line - 1]) else line
        wrap = "{{% set {} %}}" if key in statements else "{}"
        texts += [Text(path, start, wrap.format(text)) for text in _strings(value)]
    return texts


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return [value] if isinstance(value, str) else []


def _structure_texts(path: Path, value: Any, line: int) -> Iterator[Text]:
    """Literal texts and expressions of structure.yaml, each as a whole piece of template; wording keys are skipped."""
    if isinstance(value, LineDict):
        for key, item in value.items():
            at = value.key_lines[key]
            if key in ("if", "for") and isinstance(item, str):
                yield Text(path, at, f"{{% {key} {item} %}}{{% end{key} %}}")
            elif key == "setup" and isinstance(item, str):
                yield Text(path, at, f"{{% {item} %}}")
            elif key == "set" and isinstance(item, str):
                if not is_key(item):  # a key's statement is read with its wording
                    yield Text(path, at, f"{{% set {item} %}}")
            elif key != "chart":
                yield from _structure_texts(path, item, at)
    elif isinstance(value, list):
        for item in value:
            yield from _structure_texts(path, item, line_of(item, line))
    elif isinstance(value, str) and not is_key(value):
        yield Text(path, line, value)
