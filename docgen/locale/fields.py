"""A document type's wording about its data, from templates/<type>/fields.<locale>.yaml.

The file holds the type's title (and the title of each variant a document may
print instead), its field labels (spreadsheet column titles), its choice labels
and its validation messages. An office's templates folder may hold its own
file for a locale, which then replaces the bundled one. The type's module names
no wording: this module reads it, keyed by the type's name.

The messages of rules several types share are worded once, in the messages
section of templates/_base/fields.<locale>.yaml (which an office's own
_base/fields.<locale>.yaml replaces); a type's own file may still word one of
them its way.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import TemplateFailure
from ..resources import bundled_templates, outside_templates

# The file's sections, each mapping a key to a label (choices: a field path to such a mapping).
_SECTIONS = ("title_variants", "fields", "choices", "messages", "charts", "legends", "help")
_SHARED_SECTIONS = {"messages", "fields", "legends", "help"}  # _base words no title, choices or charts
_CHART_KEYS = {"title", "series", "categories"}
SHARED = "_base"  # the folder whose fields files word the messages of the shared rules


@dataclass(frozen=True)
class TypeFields:
    """One locale's wording of a type's data; empty where the file says nothing."""

    title: str
    title_variants: dict[str, str] = field(default_factory=dict)  # a variant's key (the model's title_variant())
    fields: dict[str, str] = field(default_factory=dict)  # field path, "#" for a list index → label
    choices: dict[str, dict[str, str]] = field(default_factory=dict)  # field path → code → label
    messages: dict[str, str] = field(default_factory=dict)  # message key → wording with {params}
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)  # chart key → title, series, categories
    legends: dict[str, str] = field(default_factory=dict)  # the web form: a part's or a list's (or row's) title
    help: dict[str, str] = field(default_factory=dict)  # the web form: a field's help text, by path


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice, which would otherwise silently keep the last label."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def fields_file(type_name: str, locale: str, templates: Path | None = None) -> Path | None:
    """The office's file for the locale if it has one, else the bundled one (or an outside type's), else None."""
    folders = [bundled_templates(), *outside_templates()]
    for folder in [templates, *folders] if templates is not None else folders:
        path = folder / type_name / f"fields.{locale}.yaml"
        if path.is_file():
            return path
    return None


def type_fields(type_name: str, locale: str, templates: Path | None = None) -> TypeFields:
    """The type's wording in a locale; a type without a file for it is titled by its name."""
    return _type_fields(type_name, locale, templates, outside_templates())


@cache
def _type_fields(type_name: str, locale: str, templates: Path | None, outside: tuple[Path, ...]) -> TypeFields:
    """Cached per outside folders in use too: a file found (or not) under other folders says nothing here."""
    path = fields_file(type_name, locale, templates)
    if path is None:
        return TypeFields(title=type_name)
    return _parse(path, _load(path))


@cache
def shared_fields(locale: str, templates: Path | None = None) -> TypeFields:
    """_base's file in a locale: the shared rules' messages, and the labels, legends and help of the parts every
    type has (company, signatory, issue_date), which a type's own file may word its way."""
    path = fields_file(SHARED, locale, templates)
    if path is None:
        return TypeFields(title=SHARED)
    data = _load(path)
    if not isinstance(data, dict) or set(data) - _SHARED_SECTIONS:
        only = ", ".join(sorted(_SHARED_SECTIONS))
        raise TemplateFailure("{path}: needs a mapping of sections, only {sections}", path=path, sections=only)
    sections = {name: _labels(path, name, data.get(name) or {}) for name in _SHARED_SECTIONS}
    return TypeFields(
        SHARED,
        fields=sections["fields"],
        messages=sections["messages"],
        legends=sections["legends"],
        help=sections["help"],
    )


def shared_messages(locale: str, templates: Path | None = None) -> dict[str, str]:
    """The wording of the shared rules' messages in a locale, by key: the messages section of _base's file."""
    return shared_fields(locale, templates).messages


class _PlainFormatter(string.Formatter):
    """str.format for wording an office may write: {name} and a short spec ({floor:.2f}), nothing more.

    Plain str.format would let "{amount.__class__}" walk attributes, or "{amount:>999999999}" fill memory.
    """

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if not field_name.isidentifier():
            raise ValueError(f"{{{field_name}}} may only name a parameter")
        return super().get_field(field_name, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if not _SHORT_SPEC.fullmatch(format_spec):
            raise ValueError(f"format {format_spec!r} is not allowed; use e.g. .2f")
        return super().format_field(value, format_spec)


_SHORT_SPEC = re.compile(r"(\.\d)?[df]?")  # nothing, or places and a type: .2f
_PLAIN = _PlainFormatter()


def _load(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except UnicodeDecodeError as error:
        raise TemplateFailure("{path}: not UTF-8 text ({reason})", path=path, reason=error.reason) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise TemplateFailure(
            "{where}: malformed YAML: {detail}", where=where, detail=getattr(error, "problem", None) or error
        ) from None


def _parse(path: Path, data: Any) -> TypeFields:
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise TemplateFailure("{path}: needs a mapping with a title", path=path)
    unknown = sorted(set(data) - {"title", *_SECTIONS})
    if unknown:
        raise TemplateFailure(
            "{path}: unknown section {unknown!r}; known: title, {names}",
            path=path,
            unknown=unknown[0],
            names=", ".join(_SECTIONS),
        )
    sections = {
        name: _labels(path, name, data.get(name) or {}) for name in _SECTIONS if name not in ("choices", "charts")
    }
    raw_choices = data.get("choices") or {}
    if not isinstance(raw_choices, dict):
        raise TemplateFailure("{path}: choices: must map field paths to code → label", path=path)
    choices = {str(key): _labels(path, f"choices.{key}", value) for key, value in raw_choices.items()}
    charts = data.get("charts") or {}
    if not isinstance(charts, dict):
        raise TemplateFailure("{path}: charts: must map chart keys to their words", path=path)
    return TypeFields(
        title=data["title"], choices=choices, charts={str(k): _chart(path, k, v) for k, v in charts.items()}, **sections
    )


def _chart(path: Path, key: str, words: Any) -> dict[str, Any]:
    """A chart's title, series names and (optional) category names."""
    if not isinstance(words, dict) or set(words) - _CHART_KEYS or not {"title", "series"} <= set(words):
        raise TemplateFailure(
            "{path}: charts.{key}: needs a title and series (and may have categories)", path=path, key=key
        )
    if not isinstance(words["title"], str):
        raise TemplateFailure("{path}: charts.{key}.title: must be a text", path=path, key=key)
    for name in ("series", "categories"):
        value = words.get(name, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise TemplateFailure("{path}: charts.{key}.{name}: must be a list of texts", path=path, key=key, name=name)
    return words


def _labels(path: Path, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(label, str) for label in value.values()):
        raise TemplateFailure("{path}: {where}: must map each key to a text", path=path, where=where)
    return {str(key): label for key, label in value.items()}


def title(type_name: str, locale: str, variant: str | None = None, templates: Path | None = None) -> str:
    """The title a document prints: its variant's if the file words that variant, else the type's."""
    wording = type_fields(type_name, locale, templates)
    return wording.title_variants.get(variant, wording.title) if variant else wording.title


def message(
    type_name: str, key: str, params: dict[str, Any], locale: str, *, english: str, templates: Path | None = None
) -> str:
    """A validation message in the locale: the type's file's wording, else the shared file's, else the English."""
    own = type_fields(type_name, locale, templates).messages
    folder = type_name if key in own else SHARED
    wording = own[key] if key in own else shared_messages(locale, templates).get(key, english)
    try:
        return _PLAIN.format(wording, **params)
    except (KeyError, IndexError, ValueError, TypeError) as error:
        path = fields_file(folder, locale, templates)
        raise TemplateFailure(
            "{path}: messages.{key}: cannot fill in {detail}", path=path, key=key, detail=error
        ) from None


def _layers(type_name: str, locale: str, templates: Path | None) -> list[TypeFields]:
    """The office's file, then the bundled (or outside type's) one: a file that words only some labels still lets
    a document print the rest."""
    own = type_fields(type_name, locale, templates)
    return [own] if templates is None else [own, type_fields(type_name, locale)]


def field_label(type_name: str, locale: str, path: str, templates: Path | None = None) -> str | None:
    """A field's label for a template, or None when no fields file words the path."""
    return next((layer.fields[path] for layer in _layers(type_name, locale, templates) if path in layer.fields), None)


def choice_labels(type_name: str, locale: str, path: str, templates: Path | None = None) -> dict[str, str] | None:
    """A choice field's labels (code → label) for a template, or None when no fields file words the path."""
    layers = _layers(type_name, locale, templates)
    return next((layer.choices[path] for layer in layers if path in layer.choices), None)


def form_label(type_name: str, locale: str, path: str, templates: Path | None = None) -> str | None:
    """A form control's label: the field's label, else the legend of its part or list, from the type's file then
    _base's; None when neither words the path."""
    for layer in [*_layers(type_name, locale, templates), shared_fields(locale, templates)]:
        found = layer.fields.get(path) or layer.legends.get(path)
        if found is not None:
            return found
    return None


def form_help(type_name: str, locale: str, path: str, templates: Path | None = None) -> str | None:
    """A form control's help text from the type's file, else _base's; None when neither words the path."""
    layers = [*_layers(type_name, locale, templates), shared_fields(locale, templates)]
    return next((layer.help[path] for layer in layers if path in layer.help), None)
