"""Document types, discovered from the modules in docgen/documents/ and from outside the package (docgen.outside).

A module defines one DocumentModel subclass with a type_name; adding the
module is all it takes for the CLI, the API and the contract tests to see it.
Duplicate names are refused at import, not at render time; between an outside
type and another, with a ConfigError naming both origins.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Mapping
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from . import documents
from .documents.base import DocumentModel, Kind
from .documents.introspect import nested_model, nested_models
from .errors import ConfigError, Problem, UsageError, Wording
from .outside import Origin, outside_classes, outside_modules, type_folders

# Templates read fields as attributes of plain dicts, where these names would
# find the dict's method instead of the field.
_SHADOWING_NAMES = frozenset(name for name in dir(dict) if not name.startswith("_"))


def _check_field_names(model: type[BaseModel]) -> None:
    names = [*model.model_fields, *model.model_computed_fields]
    for name in names:
        if name in _SHADOWING_NAMES:
            raise TypeError(f"{model.__name__}.{name}: field name shadows a dict method in templates")
    for field in model.model_fields.values():
        for nested in nested_models(field.annotation):
            _check_field_names(nested)


def _document_classes() -> list[type[DocumentModel]]:
    for module in pkgutil.iter_modules(documents.__path__):
        if module.name != "common":
            importlib.import_module(f"{documents.__name__}.{module.name}")
    outside = outside_modules()  # an outside type's class stays a subclass after its folder is no longer in use
    return [
        cls
        for cls in _all_subclasses(DocumentModel)
        if "type_name" in cls.__dict__
        and not cls.__module__.startswith(outside)
        and cls.__module__ in sys.modules  # a class stays a subclass, too, after its module is unloaded
    ]


def _all_subclasses(cls: type[DocumentModel]) -> list[type[DocumentModel]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_subclasses(sub)]
    return found


def _check_facts(cls: type[DocumentModel], names: Mapping[str, type[DocumentModel]]) -> None:
    """A type's declared facts must hold together: refused at import, not when a command first needs them."""
    name = cls.type_name
    if not isinstance(getattr(cls, "number_pattern", None), str) or getattr(cls, "kind", None) not in get_args(Kind):
        raise TypeError(f"document type {name!r} needs a number_pattern and a kind ({', '.join(get_args(Kind))})")
    for other in [*cls.cites.values(), *cls.derived_from]:
        if other not in names:
            raise TypeError(f"document type {name!r} names an unknown type {other!r}")
    _check_citing_facts(cls, names)
    # Unknown keys under [types.<name>] must be an error, not ignored: an office would think its setting applied.
    if cls.settings_model is not None and cls.settings_model.model_config.get("extra") != "forbid":
        raise TypeError(f"document type {name!r}: its settings_model must forbid extra keys")


def _check_citing_facts(cls: type[DocumentModel], types: Mapping[str, type[DocumentModel]]) -> None:
    """repeats, difference_reasons and expiry_acknowledgements name cited fields, and paths both models have."""
    name = cls.type_name
    facts: dict[str, Mapping[str, object]] = {"repeats": cls.repeats, "difference_reasons": cls.difference_reasons,
                                              "expiry_acknowledgements": cls.expiry_acknowledgements}  # fmt: skip
    for fact, declared in facts.items():
        for field in declared:
            if field not in cls.cites:
                raise TypeError(f"document type {name!r}: {fact} names {field!r}, which is not in its cites")
    for field, paths in cls.repeats.items():
        cited = types.get(cls.cites[field])
        for here, there in paths.items():
            _check_path(cls, here, f"document type {name!r}: repeats")
            _check_path(cited, there, f"document type {name!r}: repeats (in {cls.cites[field]})")
    for field, (last_day, acknowledgement) in cls.expiry_acknowledgements.items():
        where = f"document type {name!r}: expiry_acknowledgements"
        _check_path(types.get(cls.cites[field]), last_day, f"{where} (in {cls.cites[field]})")
        _check_path(cls, acknowledgement, where)
    for reason in cls.difference_reasons.values():
        _check_path(cls, reason, f"document type {name!r}: difference_reasons")
    for personal in cls.personal_fields:
        _check_path(cls, personal, f"document type {name!r}: personal_fields")


def _check_path(model: type[BaseModel] | None, path: str, fact: str) -> None:
    """A dotted path of fields or computed fields that the model has (* for every entry of a list)."""
    if model is None:
        return  # a type not known: _check_facts refuses its name
    node: Any = model
    for part in path.split("."):
        if node is None:
            raise TypeError(f"{fact}: {path!r} goes into a plain value")
        if part == "*":
            continue
        fields = {**node.model_fields, **node.model_computed_fields}
        if part not in fields:
            raise TypeError(f"{fact}: {node.__name__} has no field {part!r} (in {path!r})")
        found = fields[part]
        node = nested_model(getattr(found, "annotation", None) or getattr(found, "return_type", None))


def document_types() -> dict[str, type[DocumentModel]]:
    """Every registered type by name, in name order: the bundled ones and the outside ones in use."""
    return _types(type_folders())


@cache
def _bundled_types() -> dict[str, type[DocumentModel]]:
    types: dict[str, type[DocumentModel]] = {}
    for cls in _document_classes():
        if cls.type_name in types:
            raise TypeError(f"document type {cls.type_name!r} is defined twice")
        _check_field_names(cls)
        types[cls.type_name] = cls
    for cls in types.values():
        _check_facts(cls, types)
    return types


@cache
def _types(folders: tuple[object, ...]) -> dict[str, type[DocumentModel]]:
    """The bundled types with the outside ones of these type folders (the key of the cache) and of the packages."""
    types, origins = dict(_bundled_types()), dict[str, Origin]()
    for cls, origin in outside_classes():
        if cls.type_name in types:
            raise ConfigError([_twice(cls.type_name, origins.get(cls.type_name), origin)])
        _outside_check(cls, origin, _check_field_names, cls)
        types[cls.type_name], origins[cls.type_name] = cls, origin
    for name, origin in origins.items():
        _outside_check(types[name], origin, _check_facts, types[name], types)
    return dict(sorted(types.items()))


def _twice(name: str, first: Origin | None, second: Origin) -> Problem:
    where = first.label if first is not None else Wording("docgen itself")
    template = "document type {name!r} is defined twice: by {first} and by {second}"
    return Problem.worded(second.label, "", template, name=name, first=where, second=second.label)


def _outside_check(cls: type[DocumentModel], origin: Origin, check: Any, *args: Any) -> None:
    """A check of an outside type: its failure is the office's configuration problem, naming the type's file."""
    try:
        check(*args)
    except TypeError as error:
        file = getattr(sys.modules.get(cls.__module__), "__file__", None) or origin.label
        raise ConfigError([Problem(str(file), "", str(error))]) from None


def _clear() -> None:
    _bundled_types.cache_clear()
    _types.cache_clear()


# Tests that register a type of their own clear what was found, as they did when document_types was itself cached.
document_types.cache_clear = _clear  # type: ignore[attr-defined]


def type_origin(name: str) -> str | None:
    """Where an outside type comes from ("folder …" or "package …"); None for a bundled type."""
    for cls, origin in outside_classes():
        if cls.type_name == name:
            return origin.label
    return None


def get_type(name: str) -> type[DocumentModel]:
    types = document_types()
    if name not in types:
        raise UsageError("unknown document type {name!r}; known types: {known}", name=name, known=", ".join(types))
    return types[name]
