"""Commented sample YAML and JSON Schemas, both generated from the models.

`docgen sample TYPE` prints the bundled sample with each field's description
as a comment above it, so the model stays the one place a field is explained.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from .documents.base import DocumentModel
from .documents.introspect import nested_model
from .inputs import load_records
from .resources import sample_file, schemas_dir

# Plain scalars where every YAML reader agrees on the text; longer digit strings (IDs, account
# numbers) and anything else stay quoted.
_PLAIN = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|(?:0|[1-9]\d{0,11})|(?:0|[1-9]\d*)\.\d+|true|false)$")


def schema_text(model: type[DocumentModel]) -> str:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = model.type_name
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schema_path(type_name: str) -> Any:
    return schemas_dir() / f"{type_name}.schema.json"


def sample_path(type_name: str) -> Any:
    return sample_file(type_name)


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    text = str(value) if not isinstance(value, bool) else str(value).lower()
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def _comment(description: str | None, pad: str) -> list[str]:
    return [f"{pad}# {' '.join(description.split())}"] if description else []


def _mapping_lines(
    model: type[BaseModel] | None, data: dict[str, Any], indent: int, to_fill: dict[str, str] | None = None
) -> list[str]:
    pad, lines = " " * indent, []
    fields = model.model_fields if model else {}
    for key, value in data.items():
        field = fields.get(key)
        lines += _comment(field.description if field else None, pad)
        if to_fill and key in to_fill:
            lines.append(f"{pad}# TO FILL: {to_fill[key]}")
        lines += _value_lines(key, value, nested_model(field.annotation) if field else None, indent)
    return lines


def _value_lines(key: str, value: Any, model: type[BaseModel] | None, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        return [f"{pad}{key}:", *_mapping_lines(model, value, indent + 2)]
    if isinstance(value, list):
        if not any(isinstance(item, dict | list) for item in value):
            return [f"{pad}{key}: [{', '.join(_scalar(item) for item in value)}]"]
        return [f"{pad}{key}:", *(line for item in value for line in _item_lines(item, model, indent + 2))]
    return [f"{pad}{key}: {_scalar(value)}"]


def _item_lines(item: Any, model: type[BaseModel] | None, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict):
        inner = _mapping_lines(model, item, indent + 2)
        first = next(i for i, line in enumerate(inner) if not line.lstrip().startswith("#"))
        inner[first] = f"{pad}- {inner[first].lstrip()}"
        return inner
    return [f"{pad}- {_scalar(item)}"]


def commented_yaml(model: type[DocumentModel], data: dict[str, Any], to_fill: dict[str, str] | None = None) -> str:
    """Data for a type as YAML with each field's description above it (top-level fields in to_fill marked)."""
    schema = schema_path(model.type_name)
    # An outside type has no schema file to point an editor at (docgen schema TYPE prints one).
    header = [f"# yaml-language-server: $schema={schema.resolve().as_uri()}"] if schema.is_file() else []
    return "\n".join([*header, *_mapping_lines(model, data, 0, to_fill)]) + "\n"


def commented_sample(model: type[DocumentModel]) -> str:
    """The bundled sample for a type, re-emitted with a comment on every field."""
    return commented_yaml(model, load_records(sample_path(model.type_name))[0].data)


def write_schemas() -> list[Any]:
    """Regenerate schemas/<type>.schema.json for every registered type."""
    from .registry import document_types

    written = []
    for type_name, model in document_types().items():
        path = schema_path(type_name)
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written


def _citation_depth(type_name: str, seen: frozenset[str] = frozenset()) -> int:
    """How many citations lie below a type: 0 for a type that cites nothing."""
    from .registry import get_type

    cited = set(get_type(type_name).cites.values()) - seen - {type_name}
    return max((_citation_depth(name, seen | {type_name}) + 1 for name in cited), default=0)


def issue_order() -> list[str]:
    """Every type, in the order its sample can be issued: a cited document before any document citing it.

    Citations point back in time, so samples go by issue_date; on the same day, a type that cites
    another comes after it. A new type's sample joins the chain with no edit here.
    """
    from .registry import document_types

    def key(type_name: str) -> tuple[str, int, str]:
        data = load_records(sample_path(type_name))[0].data
        return str(data.get("issue_date", "")), _citation_depth(type_name), type_name

    return sorted(document_types(), key=key)


if __name__ == "__main__":
    for written_path in write_schemas():
        print(written_path)
