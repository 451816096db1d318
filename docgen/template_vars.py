"""What a template reads, from the Jinja AST: the Jinja source of a template file, its `doc.a.b` paths, the names
it takes from outside, and which of those paths a model does not have (with the nearest path it does have)."""

from __future__ import annotations

import difflib
from pathlib import Path
from zipfile import BadZipFile

from jinja2 import Environment, meta, nodes
from pydantic import BaseModel

from .documents.introspect import nested_model
from .errors import TemplateFailure


def template_sources(path: Path) -> list[str]:
    """The Jinja source of a template file: the file's text, or a DOCX's patched body, headers and footers."""
    if path.suffix != ".docx":
        return [path.read_text(encoding="utf-8")]
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate  # loads python-docx: only for a DOCX template

    template = DocxTemplate(str(path))
    try:
        template.init_docx()
    except (PackageNotFoundError, BadZipFile, KeyError) as error:
        raise TemplateFailure("{path}: not a Word document: {detail}", path=path, detail=error) from None
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        sources += [template.patch_xml(template.get_part_xml(part)) for _, part in template.get_headers_footers(uri)]
    return sources


def attribute_chain(node: nodes.Getattr, root: str) -> tuple[str, ...] | None:
    names: list[str] = []
    current: nodes.Node = node
    while isinstance(current, nodes.Getattr):
        names.insert(0, current.attr)
        current = current.node
    if isinstance(current, nodes.Name) and current.name == root:
        return tuple(names)
    return None


def name_paths(ast: nodes.Template, root: str) -> set[tuple[str, ...]]:
    """Every attribute path read from the name root: ("client",) and ("client", "name") for root.client.name."""
    paths = {attribute_chain(node, root) for node in ast.find_all(nodes.Getattr)}
    return {path for path in paths if path}


def doc_paths(ast: nodes.Template) -> set[tuple[str, ...]]:
    return name_paths(ast, "doc")


def undeclared_names(env: Environment, source: str) -> set[str]:
    return set(meta.find_undeclared_variables(env.parse(source)))


def _fields(model: type[BaseModel]) -> dict[str, object]:
    return {**model.model_fields, **model.model_computed_fields}


def _annotation(field: object) -> object:
    return getattr(field, "annotation", None) or getattr(field, "return_type", None)


def unknown_doc_path(model: type[BaseModel], path: tuple[str, ...]) -> str | None:
    """The first segment of path the model does not have, as "a.b", or None if it resolves."""
    current: type[BaseModel] | None = model
    for depth, name in enumerate(path):
        if current is None:
            return None  # a scalar or list element: rendering checks it
        fields = _fields(current)
        if name not in fields:
            return ".".join(path[: depth + 1])
        current = nested_model(_annotation(fields[name]))
    return None


def nearest_doc_path(model: type[BaseModel], path: tuple[str, ...]) -> str | None:
    """The path with each unknown segment replaced by the model's closest name, or None when none is close."""
    current: type[BaseModel] | None = model
    fixed: list[str] = []
    for name in path:
        if current is None:
            fixed.append(name)
            continue
        fields = _fields(current)
        close = [name] if name in fields else difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
        if not close:
            return None
        fixed.append(close[0])
        current = nested_model(_annotation(fields[close[0]]))
    return ".".join(fixed)


def data_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The paths of the data a model takes (not what it computes), down to values, lists and free mappings."""
    paths: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        nested = nested_model(field.annotation)
        is_list = getattr(field.annotation, "__origin__", None) is list
        if nested is None or is_list or len(prefix) > 3:
            paths.append((*prefix, name))
        else:
            paths += data_fields(nested, (*prefix, name))
    return paths
