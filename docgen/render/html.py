"""HTML output: the type's template rendered in the sandbox."""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from .templates import TemplateChoice


def render_html(choice: TemplateChoice, context: dict[str, Any], env: ImmutableSandboxedEnvironment) -> str:
    return env.get_template(choice.name).render(context)
