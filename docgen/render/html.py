"""HTML output: the type's template rendered in the sandbox."""

from __future__ import annotations

from typing import Any

from .environment import make_environment
from .templates import TemplateChoice


def render_html(choice: TemplateChoice, context: dict[str, Any]) -> str:
    env = make_environment(choice.search_path)
    return env.get_template(choice.name).render(context)
