"""Deriving one document's data from another's, through the derivations the target type declares.

A type names its sources in derived_from (source type → derivation); the
derivation lives in the target type's module and returns a Derived. This module
only finds it and writes its result as commented YAML. A --from number's type is
the register's; a data file is read as the type --from-type names, else as the
target's first source (a file does not say its own type).
"""

from __future__ import annotations

from .documents.base import DocumentModel
from .documents.derived import Derivation
from .errors import UsageError
from .registry import document_types, get_type
from .samples import commented_yaml


def source_types(target: str) -> tuple[str, ...]:
    """The types a target is derived from, in the order its derived_from names them."""
    sources = tuple(get_type(target).derived_from)
    if not sources:
        known = ", ".join(name for name, model in document_types().items() if model.derived_from)
        raise UsageError("nothing derives a {target}; docgen derives: {known}", target=target, known=known)
    return sources


def source_type(target: str, given: str | None = None, origin: str = "") -> str:
    """The type of the --from document origin: given (the register's type of a number, or --from-type for a data
    file) when the target derives from it, else the first the target names."""
    sources = source_types(target)
    if given is not None and given not in sources:
        raise UsageError(
            "{origin} is a {source}: a {target} is derived only from {sources}",
            origin=origin or "--from",
            source=given,
            target=target,
            sources=", ".join(sources),
        )
    return sources[0] if given is None else given


def _derivation(target: str, source: DocumentModel) -> Derivation:
    return get_type(target).derived_from[source_type(target, source.type_name)]


def derive_yaml(target: str, source: DocumentModel, number: str | None = None) -> str:
    """The target's data as commented YAML, with every field still to fill marked."""
    derived = _derivation(target, source)(source, number)
    schema_line, body = commented_yaml(get_type(target), derived.data, derived.to_fill).split("\n", 1)
    origin = f"{source.type_name} {number}" if number else source.type_name
    note = "".join(f"# {line}\n" for line in derived.note.splitlines())
    return (
        f"{schema_line}\n# {target} derived from {origin}.\n{note}"
        "# Fields marked TO FILL are empty: `docgen validate` names each until it is filled in.\n" + body
    )
