"""Contract tests: every registered type keeps these promises, with no per-type code."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from jinja2 import nodes

from docgen.inputs import load_records, parse_yaml
from docgen.locale import LOCALES
from docgen.pipeline import FORMATS, render_document, validate_records
from docgen.registry import document_types
from docgen.render.context import CONTEXT_KEYS
from docgen.render.environment import make_environment
from docgen.resources import bundled_templates
from docgen.samples import commented_sample, sample_path, schema_path, schema_text
from docgen.template_vars import doc_paths, template_sources, undeclared_names, unknown_doc_path

from .templatevars import bundled_template_files

TYPES = sorted(document_types())


def _templates(type_name: str) -> list[Path]:
    return bundled_template_files(type_name)


def test_every_type_has_a_sample_schema_and_templates() -> None:
    assert TYPES, "no document types registered"
    for type_name in TYPES:
        assert sample_path(type_name).is_file()
        assert schema_path(type_name).is_file()
        assert {p.suffix for p in _templates(type_name)} == {".html", ".docx"}


@pytest.mark.parametrize("type_name", TYPES)
def test_sample_validates(type_name: str, settings) -> None:
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    assert document.type_name == type_name


@pytest.mark.parametrize("type_name", TYPES)
def test_schema_file_is_current(type_name: str) -> None:
    current = schema_text(document_types()[type_name])
    assert schema_path(type_name).read_text(encoding="utf-8") == current, "run `make regen`"
    assert json.loads(current)["additionalProperties"] is False
    # Pydantic writes constraints it cannot express as its own keys ("gt", "ge" …): not JSON Schema.
    assert not re.search(r'"(gt|ge|lt|le)":', current)


@pytest.mark.parametrize("type_name", TYPES)
def test_sample_starts_with_schema_line(type_name: str) -> None:
    first = sample_path(type_name).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{type_name}.schema.json"


@pytest.mark.parametrize("type_name", TYPES)
def test_commented_sample_round_trips(type_name: str, settings) -> None:
    model = document_types()[type_name]
    text = commented_sample(model)
    assert parse_yaml(io.StringIO(text).read()) == load_records(sample_path(type_name))[0].data
    lines = text.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+:", line)]
    assert keys
    for index in keys:
        assert lines[index - 1].lstrip().startswith("# "), f"no description above {lines[index]!r}"


@pytest.mark.parametrize("path", [p for t in TYPES for p in _templates(t)], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_template_reads_only_the_documented_context(path: Path) -> None:
    env = make_environment([bundled_templates()])
    model = document_types()[path.parent.name]
    for source in template_sources(path):
        ast = env.parse(source)
        # A name the template sets itself, even inside an {% if %} (the kit's table counters), is not context.
        assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "store"}
        assert undeclared_names(env, source) - assigned <= CONTEXT_KEYS
        unknown = [unknown_doc_path(model, p) for p in doc_paths(ast)]
        assert not [u for u in unknown if u], f"fields not in {model.__name__}: {unknown}"


def test_the_check_catches_a_misspelt_field() -> None:
    env = make_environment([bundled_templates()])
    model = document_types()["offer_letter"]
    paths = doc_paths(env.parse("{{ doc.candidate.nmae }} {{ doc.pay.monthly_wage }}"))
    assert {unknown_doc_path(model, p) for p in paths} == {"candidate.nmae", None}
    assert undeclared_names(env, "{{ secret }}") - CONTEXT_KEYS == {"secret"}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("type_name", TYPES)
def test_type_renders_in_every_format(type_name: str, fmt: str, settings) -> None:
    [document] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    content = render_document(document, settings, fmt=fmt, locale="zh_CN")
    magic = {"docx": b"PK\x03\x04", "pdf": b"%PDF-", "html": b"<!DOCTYPE html>"}[fmt]
    assert content.startswith(magic)


def test_locales_are_the_three_promised() -> None:
    assert LOCALES == ("zh_CN", "en_US", "zh_TW")
