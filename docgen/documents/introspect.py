"""Looking into model fields: which models and plain types a field's annotation holds, for spreadsheets, samples and the registry."""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

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


def base_types(annotation: Any) -> set[Any]:
    """The plain types behind an annotation: Annotated[str, …] | None → {str, NoneType}."""
    if get_origin(annotation) is Annotated:
        return base_types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return {base for arg in get_args(annotation) for base in base_types(arg)}
    return {annotation}
