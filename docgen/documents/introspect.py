"""Looking into model fields: which models a field's annotation holds, for spreadsheets, samples and the registry."""

from __future__ import annotations

from typing import get_args

from pydantic import BaseModel


def nested_models(annotation: object) -> list[type[BaseModel]]:
    """Every model an annotation holds, in order: `Party`, `list[LineItem]`, `Contact | None`, `Annotated[...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in nested_models(arg)]


def nested_model(annotation: object) -> type[BaseModel] | None:
    """The first model an annotation holds, or None for a plain value."""
    found = nested_models(annotation)
    return found[0] if found else None
