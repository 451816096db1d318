"""Loading a type's outline.yaml and numbering its clauses for one rendering."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import ValidationError

from ..errors import InvalidData, TemplateFailure
from ..inputs import load_records
from ..locale.clauses import Outline, number_outline
from ..validation import problems_from_validation_error
from .templates import TemplateChoice

OUTLINE_FILE = "outline.yaml"


def load_outline(type_name: str, choice: TemplateChoice) -> Outline | None:
    """The first outline.yaml for the type along the template search path, if any."""
    for root in choice.search_path:
        path = root / type_name / OUTLINE_FILE
        if path.is_file():
            status = path.stat()
            return _read_outline(path, status.st_mtime_ns, status.st_size)
    return None


@lru_cache(maxsize=64)
def _read_outline(path: Path, mtime_ns: int, size: int) -> Outline:
    """Read once per version of the file: the modification time and size are part of the key."""
    try:
        return Outline.model_validate(load_records(path)[0].data)
    except ValidationError as error:
        raise InvalidData(problems_from_validation_error(error, str(path))) from None


@lru_cache(maxsize=512)
def _compiled(env: ImmutableSandboxedEnvironment, expression: str) -> Callable[..., Any]:
    return env.compile_expression(expression, undefined_to_none=False)


def _condition(env: ImmutableSandboxedEnvironment, context: dict[str, Any], source: str) -> Callable[[str], bool]:
    def is_on(expression: str) -> bool:
        try:
            return bool(_compiled(env, expression)(**context))
        except TemplateError as error:
            raise TemplateFailure(f"{source}: condition {expression!r}: {error.message}") from None

    return is_on


def numbered_clauses(
    type_name: str, choice: TemplateChoice, env: ImmutableSandboxedEnvironment, context: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    outline = load_outline(type_name, choice)
    if outline is None:
        return {}
    source = f"{type_name}/{OUTLINE_FILE}"
    return number_outline(outline, context["meta"]["locale"], _condition(env, context, source))
