"""What a template reads: its top-level names and every `doc.a.b` path, from the Jinja AST."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from docgen.documents.introspect import nested_model
from docgen.render.templates import has_kit_source, write_built
from docgen.resources import bundled_templates


@cache
def _built_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="docgen-built-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def bundled_template_files(type_name: str) -> list[Path]:
    """The type's bundled template files: the explicit ones, and those docgen.kit builds from its source."""
    folder = bundled_templates() / type_name
    if has_kit_source(type_name, None):
        folder = _built_folder() / type_name
        if not folder.is_dir():
            write_built(type_name, None, _built_folder())
    return sorted(folder.glob("document*.html")) + sorted(folder.glob("document*.docx"))


def template_sources(path: Path) -> list[str]:
    if path.suffix != ".docx":
        return [path.read_text(encoding="utf-8")]
    template = DocxTemplate(str(path))
    template.init_docx()
    sources = [template.patch_xml(template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        sources += [template.patch_xml(template.get_part_xml(part)) for _, part in template.get_headers_footers(uri)]
    return sources


def _chain(node: nodes.Getattr) -> tuple[str, ...] | None:
    names: list[str] = []
    current: nodes.Node = node
    while isinstance(current, nodes.Getattr):
        names.insert(0, current.attr)
        current = current.node
    if isinstance(current, nodes.Name) and current.name == "doc":
        return tuple(names)
    return None


def doc_paths(ast: nodes.Template) -> set[tuple[str, ...]]:
    paths = {_chain(node) for node in ast.find_all(nodes.Getattr)}
    return {path for path in paths if path}


def undeclared_names(env: ImmutableSandboxedEnvironment, source: str) -> set[str]:
    return set(meta.find_undeclared_variables(env.parse(source)))


def unknown_doc_path(model: type[BaseModel], path: tuple[str, ...]) -> str | None:
    """The first segment of path the model does not have, or None if it resolves."""
    current: type[BaseModel] | None = model
    for depth, name in enumerate(path):
        if current is None:
            return None  # a scalar or list element: the render test covers it
        fields = {**current.model_fields, **current.model_computed_fields}
        if name not in fields:
            return ".".join(path[: depth + 1])
        field = fields[name]
        annotation = getattr(field, "annotation", None) or getattr(field, "return_type", None)
        current = nested_model(annotation)
    return None
