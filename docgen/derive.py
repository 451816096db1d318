"""Deriving one document's data from another's, through the derivations the target type declares.

A type names its sources in derived_from (source type → derivation); the
derivation lives in the target type's module and returns a Derived. This module
only finds it and writes its result as commented YAML.
"""

from __future__ import annotations

from .documents.base import DocumentModel
from .documents.derived import Derivation
from .errors import UsageError
from .registry import document_types, get_type
from .samples import commented_yaml


def source_type(target: str) -> str:
    """The type a target is derived from (the first its derived_from names)."""
    sources = get_type(target).derived_from
    if not sources:
        known = ", ".join(name for name, model in document_types().items() if model.derived_from)
        raise UsageError("nothing derives a {target}; docgen derives: {known}", target=target, known=known)
    return next(iter(sources))


def _derivation(target: str, source: DocumentModel) -> Derivation:
    derivation = get_type(target).derived_from.get(source.type_name)
    if derivation is None:
        raise UsageError("a {target} is not derived from a {source}", target=target, source=source.type_name)
    return derivation


def derive_yaml(target: str, source: DocumentModel, number: str | None = None) -> str:
    """The target's data as commented YAML, with every field still to fill marked."""
    derived = _derivation(target, source)(source, number)
    schema_line, body = commented_yaml(get_type(target), derived.data, derived.to_fill).split("\n", 1)
    origin = f"{source.type_name} {number}" if number else source.type_name
    return (
        f"{schema_line}\n# {target} derived from {origin}.\n"
        "# Fields marked TO FILL are empty: `docgen validate` names each until it is filled in.\n" + body
    )
