"""Forms built from a type's model and its wording, with no per-type code, and submitted forms back to records.

Each field is one control named by its dotted path (`candidate.name`, `pay.allowances.0.name`): nested models
become fieldsets, lists become rows, Literal choices dropdowns with the kit's labels, dates date inputs, money
a text input (the model checks it as Decimal), booleans checkboxes. A submitted form is first a raw tree that
keeps every row, empty or not (to show the form again), then a record that leaves out what a YAML author
would leave out: empty fields, empty rows, and the company profile's values as the profile gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..config import Settings
from ..documents.introspect import base_types
from ..locale.fields import choice_labels, form_help, form_label
from ..registry import get_type

PROFILE_FIELDS = ("company", "signatory")  # what the company profile supplies: shown prefilled, omitted unchanged
_INDEX = re.compile(r"\.\d+(?=\.|$)")
_ONE_LINE_LIMIT = 200  # a text up to this long is one line (ShortText); a longer one gets a text area


@dataclass
class Control:
    """One form control, or a fieldset (group) or a list of rows, with what the page shows about it."""

    name: str  # dotted path
    kind: str  # text | textarea | date | money | integer | bool | choice | group | list
    label: str
    help: str = ""
    required: bool = False
    value: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    children: list[Control] = field(default_factory=list)  # a group's fields; a list's rows
    profile: bool = False  # prefilled from the company profile
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Shape:
    """What an annotation asks for: its kind, and the model, list item or choices behind it."""

    kind: str
    inner: Any = None
    optional: bool = False


def shape_of(annotation: Any, info: FieldInfo | None = None) -> Shape:
    """The control an annotation becomes; info: its field, for the length of a text."""
    bases = base_types(annotation)
    optional = type(None) in bases
    (base,) = bases - {type(None)} or {str}
    origin = get_origin(base)
    if origin is list:
        return Shape("list", get_args(base)[0], optional)
    if origin is Literal:
        return Shape("choice", tuple(str(code) for code in get_args(base)), optional)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return Shape("group", base, optional)
    kinds = {date: "date", Decimal: "money", bool: "bool", int: "integer"}
    kind = next((name for cls, name in kinds.items() if base is cls), "text")
    if kind == "text" and _max_length(annotation, info) > _ONE_LINE_LIMIT:
        kind = "textarea"
    return Shape(kind, None, optional)


def _max_length(annotation: Any, info: FieldInfo | None) -> float:
    """The longest text a field takes (infinite when unlimited), from its Field and its Annotated metadata."""
    metadata = list(info.metadata) if info is not None else []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if get_origin(current) is Annotated:
            for extra in get_args(current)[1:]:
                metadata += extra.metadata if isinstance(extra, FieldInfo) else [extra]
        stack += [arg for arg in get_args(current) if get_origin(current) is not Literal]
    lengths = [item.max_length for item in metadata if isinstance(item, MaxLen)]
    return min(lengths) if lengths else float("inf")


# ---------------------------------------------------------------- data → controls


@dataclass(frozen=True)
class Wording:
    """Who the form is for: the type, the interface language, the office's templates and the profile's values."""

    type_name: str
    lang: str
    settings: Settings

    def label(self, name: str, fallback: str) -> str:
        key = _INDEX.sub(".#", name)
        worded = form_label(self.type_name, self.lang, key, self.settings.templates)
        numbers = [int(part) + 1 for part in name.split(".") if part.isdigit()] or [1]
        if worded is None:  # a locale whose file words no labels (en_US sheets use the field names)
            return fallback.replace("_", " ").capitalize()
        return worded.replace("{n}", str(numbers[0])).replace("{m}", str(numbers[-1]))

    def help(self, name: str, description: str) -> str:
        """The fields files' help for the field, else its description in the model (English)."""
        worded = form_help(self.type_name, self.lang, _INDEX.sub(".#", name), self.settings.templates)
        return description if worded is None else worded

    def choices(self, name: str, codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        labels = choice_labels(self.type_name, self.lang, _INDEX.sub(".#", name), self.settings.templates) or {}
        return tuple((code, labels.get(code, code.replace("_", " "))) for code in codes)

    def profile(self) -> dict[str, Any]:
        """The profile's values of the fields it supplies, as a record would give them."""
        company = self.settings.company
        own = {key: getattr(company, key) for key in ("legal_name", "uscc", "address", "phone")}
        signatory = company.signatory_for(get_type(self.type_name).kind)
        return {"company": own, "signatory": signatory.model_dump(exclude_none=True)}


def build_form(type_name: str, data: Mapping[str, Any], lang: str, settings: Settings) -> list[Control]:
    """The type's form, filled with data (a record, or a submitted form's raw tree); the profile fills the rest."""
    wording = Wording(type_name, lang, settings)
    profile = wording.profile()
    controls = _fields(get_type(type_name), data, "", wording)
    for control in controls:
        if control.name in PROFILE_FIELDS and not data.get(control.name):
            _prefill(control, profile[control.name])
    return controls


def _prefill(control: Control, values: Mapping[str, Any]) -> None:
    control.profile = True
    for child in control.children:
        child.profile = True
        child.value = _text(values.get(child.name.rsplit(".", 1)[-1]))


def _fields(model: type[BaseModel], data: Mapping[str, Any], prefix: str, wording: Wording) -> list[Control]:
    return [
        _control(prefix + name, info.annotation, info, data.get(name, _default(info)), wording)
        for name, info in model.model_fields.items()
    ]


def _default(info: FieldInfo) -> Any:
    """A plain default shows in the form as if typed (submitting it gives the same document); others: nothing."""
    plain = info.default is not PydanticUndefined and isinstance(info.default, str | int | Decimal | date)
    return info.default if plain else None


def _control(name: str, annotation: Any, info: FieldInfo | None, value: Any, wording: Wording) -> Control:
    shape = shape_of(annotation, info)
    label = wording.label(name, info.title or name.rsplit(".", 1)[-1] if info else name.rsplit(".", 1)[-1])
    required = bool(info and info.is_required())
    control = Control(name, shape.kind, label, wording.help(name, (info.description or "") if info else ""), required)
    if shape.kind == "group":
        control.children = _fields(shape.inner, value if isinstance(value, Mapping) else {}, name + ".", wording)
    elif shape.kind == "list":
        control.children = [_control(f"{name}.{i}", shape.inner, None, item, wording) for i, item in _rows(value)]
    elif shape.kind == "choice":
        control.choices, control.value = wording.choices(name, shape.inner), _text(value)
    elif shape.kind == "bool":
        control.value = "true" if _truthy(value) else "false"
    else:
        control.value = _text(value)
    return control


def _rows(value: Any) -> list[tuple[int, Any]]:
    """A list's items by position: from a record's list, or a raw tree's {"0": …, "1": …}."""
    if isinstance(value, Mapping):
        value = [value[key] for key in sorted(value, key=int)]
    return list(enumerate(value)) if isinstance(value, list) else []


def _text(value: Any) -> str:
    if value is None or isinstance(value, Mapping):  # a row just added is an empty mapping
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _truthy(value: Any) -> bool:
    try:
        return bool(TypeAdapter(bool).validate_python(value)) if value is not None else False
    except ValidationError:
        return False


def all_names(controls: Iterable[Control]) -> set[str]:
    """Every control's dotted name, fieldsets and lists included: where a message can stand."""
    return {name for control in controls for name in (control.name, *all_names(control.children))}


def attach(controls: Iterable[Control], messages: Mapping[str, list[str]]) -> None:
    """Put each message next to its field."""
    for control in controls:
        control.messages = list(messages.get(control.name, []))
        attach(control.children, messages)


# ---------------------------------------------------------------- submitted form → record


def form_tree(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The submitted fields as a nested tree of texts, every row kept; the last value of a name wins
    (a checkbox after its hidden false). Names starting with "_" (buttons) and the CSRF token are not data."""
    tree: dict[str, Any] = {}
    for name, value in items:
        if name.startswith("_") or name == "csrf_token" or not name:
            continue
        *parents, leaf = name.split(".")
        node = tree
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[leaf] = value
    return tree


_EMPTY = object()


def form_data_to_record(
    type_name: str, form: Mapping[str, Any] | Iterable[tuple[str, str]], settings: Settings
) -> dict[str, Any]:
    """The record a submitted form stands for, as a YAML author would write it.

    form: the form's (name, value) pairs, or a raw tree from form_tree.
    """
    tree = form if isinstance(form, Mapping) else form_tree(form)
    record = _group_record(get_type(type_name), tree)
    profile = Wording(type_name, "zh_CN", settings).profile()
    _drop_profile_values(record, profile)
    return record


def _group_record(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for name, info in model.model_fields.items():
        if name in raw:
            value = _value(shape_of(info.annotation, info), raw[name])
            if value is not _EMPTY:
                out[name] = value
    return out


def _value(shape: Shape, raw: Any) -> Any:
    if shape.kind == "group":
        values = _group_record(shape.inner, raw if isinstance(raw, Mapping) else {})
        return _EMPTY if not values or (shape.optional and _only_defaults(shape.inner, values)) else values
    if shape.kind == "list":
        return _list_value(shape, raw)
    if shape.kind == "bool":
        return raw == "true"
    if not isinstance(raw, str):
        return _EMPTY
    text = raw.replace("\r\n", "\n")  # browsers send a text area's lines with CR LF
    return text if text else _EMPTY


def _only_defaults(model: type[BaseModel], values: Mapping[str, Any]) -> bool:
    """Whether an optional part holds nothing but the defaults the form showed: the author left it out."""
    fields = model.model_fields
    return all(_text(_default(fields[name])) == _text(value) for name, value in values.items())


def _list_value(shape: Shape, raw: Any) -> Any:
    item = shape_of(shape.inner)
    values = [_value(item, value) for _, value in _rows(raw)]
    if item.optional and item.kind not in ("group", "list"):  # a gap keeps its place: figures by month
        kept = [None if value is _EMPTY else value for value in values]
        return kept if any(value is not None for value in kept) else _EMPTY
    kept = [value for value in values if value is not _EMPTY]
    return kept or _EMPTY


def _drop_profile_values(record: dict[str, Any], profile: Mapping[str, Any]) -> None:
    """Leave out what the profile supplies as it gives it: the company's fields one by one, the signatory whole."""
    company = record.get("company")
    if isinstance(company, dict):
        for key in [key for key, value in company.items() if value == _text(profile["company"].get(key))]:
            del company[key]
        if not company:
            del record["company"]
    if record.get("signatory") == {key: _text(value) for key, value in profile["signatory"].items()}:
        del record["signatory"]


# ---------------------------------------------------------------- rows added and removed


def add_row(tree: dict[str, Any], path: str) -> None:
    """One more (empty) row at the end of the list at path."""
    rows = _container(tree, path)
    rows[str(len(rows))] = {}


def remove_row(tree: dict[str, Any], path: str) -> None:
    """Remove the row at path (`pay.allowances.1`); the rows after it move up."""
    parent, _, index = path.rpartition(".")
    rows = _container(tree, parent)
    items = [value for key, value in sorted(rows.items(), key=lambda item: int(item[0])) if key != index]
    rows.clear()
    rows.update({str(i): value for i, value in enumerate(items)})


def _container(tree: dict[str, Any], path: str) -> dict[str, Any]:
    node = tree
    for part in path.split("."):
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    return node
