"""Numbering a loaded outline's clauses for one rendering, with each clause's condition evaluated in the sandbox.

Render receives the outline already loaded and validated (docgen/outlines.py reads outline.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateFailure
from ..locale.clauses import Outline, number_outline


class LoadedOutline(NamedTuple):
    """A type's validated outline, and the file it came from as messages name it (<type>/outline.yaml)."""

    outline: Outline
    source: str


@lru_cache(maxsize=512)
def _compiled(env: ImmutableSandboxedEnvironment, expression: str) -> Callable[..., Any]:
    return env.compile_expression(expression, undefined_to_none=False)


def _condition(env: ImmutableSandboxedEnvironment, context: dict[str, Any], source: str) -> Callable[[str], bool]:
    def is_on(expression: str) -> bool:
        try:
            return bool(_compiled(env, expression)(**context))
        except TemplateError as error:
            raise TemplateFailure(
                "{source}: condition {expression!r}: {detail}",
                source=source,
                expression=expression,
                detail=error.message,
            ) from None

    return is_on


def numbered_clauses(
    loaded: LoadedOutline | None, env: ImmutableSandboxedEnvironment, context: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Each clause's label and reference by key; nothing for a type without an outline."""
    if loaded is None:
        return {}
    return number_outline(loaded.outline, context["meta"]["locale"], _condition(env, context, loaded.source))
