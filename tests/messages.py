"""The msgids docgen uses, collected from its source and its models, for the catalogs' completeness test.

Three families: docgen's own messages (every constant template given to an error, a Problem, a Wording or the
CLI's _said), the Pydantic error types docgen's models can produce, and (checked elsewhere) the validators'
keyed messages, which the types' fields files word.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

import docgen
from docgen import errors
from docgen.config import Settings
from docgen.problems import EMPTY, THOUSANDS, pydantic_templates
from docgen.registry import document_types, get_type

PACKAGE = Path(docgen.__file__).parent
ERRORS = {
    name for name, value in vars(errors).items() if inspect.isclass(value) and issubclass(value, errors.DocgenError)
}
# Calls whose argument at this index is a message template (a msgid); cls( is an error's own classmethod.
TEMPLATE_ARGUMENT = {
    **dict.fromkeys(ERRORS, 0),
    **{"Wording": 0, "Wording.of": 0, "Problem": 2, "Problem.worded": 2, "_said": 0, "cls": 0, ".problem": 1},
    "N_": 0,  # a msgid marked to be translated where it is shown
    "PageProblem": 1,  # a register page's message: its status, then its msgid
    "Verdict.of": 2,  # verify's reason: its status and entry, then its msgid
    "._refusal": 0,  # a sheet's refusal, after "sheet 'name' "
}
TAKE_PROBLEMS = {"InvalidData", "ConfigError", "NoRecords"}  # built from Problems, not from a template

# Each kind of core schema node docgen's models use, and the Pydantic error types a value can fail it with.
SCHEMA_ERRORS: dict[str, tuple[str, ...]] = {
    "bool": ("bool_type", "bool_parsing"),
    "date": ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
    "decimal": (
        *("decimal_type", "decimal_parsing", "decimal_max_digits", "decimal_max_places", "decimal_whole_digits"),
        *("finite_number", "greater_than", "greater_than_equal", "less_than", "less_than_equal"),
    ),
    "int": (
        *("int_type", "int_parsing", "int_from_float", "int_parsing_size"),
        *("greater_than", "greater_than_equal", "less_than", "less_than_equal"),
    ),
    "list": ("list_type", "too_short", "too_long"),
    "literal": ("literal_error",),
    "model": ("model_type", "model_attributes_type"),
    "model-fields": ("model_attributes_type", "missing", "extra_forbidden"),
    "str": ("string_type", "string_too_short", "string_too_long", "string_pattern_mismatch", "string_unicode"),
    "dict": ("dict_type",),
    "is-instance": ("is_instance_of",),
    **dict.fromkeys(("function-after", "function-before", "function-plain"), ("value_error", "assertion_error")),
    # Nodes that only hold or choose other nodes: their errors are their members'.
    **dict.fromkeys(
        ("any", "computed-field", "default", "definition-ref", "definitions", "json-or-python", "lax-or-strict"), ()
    ),
    **dict.fromkeys(("model-field", "no-info", "nullable", "union", "with-info"), ()),
}
# Worded by the validator itself (a RuleViolation's key) or by docgen: never Pydantic's template.
OWN_WORDING = {"value_error", "assertion_error"}


def _nodes(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("type"), str):
            yield schema["type"]
        for value in schema.values():
            yield from _nodes(value)
    elif isinstance(schema, list | tuple):
        for value in schema:
            yield from _nodes(value)


def schema_kinds() -> set[str]:
    """Every kind of core schema node in the models of docgen's types and of its project file."""
    models: list[type[BaseModel]] = [get_type(name) for name in document_types()]
    kinds = set()
    for model in [*models, Settings]:
        model.model_rebuild(force=True)  # a deferred model's schema is built on first use
        kinds |= set(_nodes(model.__pydantic_core_schema__))
    return {kind.lower() for kind in kinds}


def pydantic_msgids() -> dict[str, str]:
    """error type → msgid, for every Pydantic error type docgen's models can produce, and docgen's own two."""
    types = {error for kind in schema_kinds() for error in SCHEMA_ERRORS.get(kind, ())} - OWN_WORDING
    return {error: pydantic_templates()[error] for error in sorted(types)} | {"<empty>": EMPTY, "<,>": THOUSANDS}


def _constants(function: ast.AST) -> dict[str, str]:
    """Names bound to a string constant in a function (or module): a template put in a variable first."""
    return {
        target.id: node.value.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _called(node: ast.Call) -> str:
    """Name(, Name.attr( or, on any other receiver, .attr(."""
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        receiver = function.value.id if isinstance(function.value, ast.Name) else ""
        return f"{receiver if receiver[:1].isupper() else ''}.{function.attr}"
    return ""


def _template(node: ast.Call, names: dict[str, str]) -> str | None:
    name = _called(node)
    index = TEMPLATE_ARGUMENT.get(name)
    if index is None or name in TAKE_PROBLEMS or len(node.args) <= index:
        return None
    if name == ".problem" and not node.keywords:  # record.problem(path, message) with no values: not a template
        return None
    argument = node.args[index]
    if isinstance(argument, ast.Name):
        return names.get(argument.id)
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def source_msgids() -> dict[str, str]:
    """msgid → where it is used, for every constant message template in docgen's source."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]
        for scope in scopes:
            names = _constants(scope)
            for node in ast.walk(scope):
                template = _template(node, names) if isinstance(node, ast.Call) else None
                if template:
                    found.setdefault(template, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def error_calls_with_fstrings(names: set[str]) -> list[str]:
    """Each call of these error classes (or Problem, Wording …) whose message is an f-string: English only, as no
    catalog can hold it."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _called(node) if isinstance(node, ast.Call) else ""
            index = TEMPLATE_ARGUMENT.get(name, 0) if name in names else None
            if index is not None and len(node.args) > index and isinstance(node.args[index], ast.JoinedStr):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found
