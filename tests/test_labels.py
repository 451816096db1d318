"""Templates take field and choice labels from the fields file: one wording per locale, in the documents too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from docgen.cli import app
from docgen.config import Settings
from docgen.errors import TemplateFailure
from docgen.inputs import load_records
from docgen.locale import LOCALES
from docgen.locale.fields import type_fields
from docgen.pipeline import render_document, validate_records
from docgen.registry import document_types
from docgen.resources import bundled_templates
from docgen.samples import sample_path
from docgen.template_copy import copy_type

from .conftest import SAMPLES
from .textutil import docx_text, pdf_text

# Wording values that equal a label of the fields file on purpose, each with why it stays as it is.
ALLOWED = {
    ("service_contract", "zh_CN", "parties_rows_2"): "the row title covers both parties, not the client's field",
    ("service_contract", "zh_TW", "parties_rows_2"): "the row title covers both parties, not the client's field",
}


def _contract(settings: Settings) -> Any:
    [document] = validate_records("service_contract", load_records(sample_path("service_contract")), settings)
    return document


def _office(tmp_path: Path, type_name: str) -> Path:
    root = (tmp_path / "office").resolve()
    root.mkdir()
    copy_type(type_name, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(content.replace(old, new), encoding="utf-8")


READERS = {"docx": docx_text, "pdf": pdf_text}


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_choice_label_edited_in_an_offices_fields_file_reaches_the_document(
    settings: Settings, tmp_path: Path, fmt: str
) -> None:
    office = _office(tmp_path, "service_contract")
    fields_file = office / "service_contract" / "fields.zh_CN.yaml"
    _edit(fields_file, 'legal_representative: "法定代表人"', 'legal_representative: "法定代表人（董事长）"')
    own = settings.with_overrides(templates=office)
    text = "".join(READERS[fmt](render_document(_contract(settings), own, fmt=fmt, locale="zh_CN")).split())
    assert "法定代表人（董事长）沈佳怡" in text


def test_a_field_label_edited_in_an_offices_fields_file_reaches_the_document(
    settings: Settings, tmp_path: Path
) -> None:
    office = _office(tmp_path, "offer_letter")
    _edit(office / "offer_letter" / "fields.zh_CN.yaml", 'position.title: "职位"', 'position.title: "岗位名称"')
    [document] = validate_records("offer_letter", load_records(sample_path("offer_letter")), settings)
    own = settings.with_overrides(templates=office)
    text = "".join(docx_text(render_document(document, own, fmt="docx", locale="zh_CN")).split())
    assert "岗位名称电商运营经理" in text


def test_an_unknown_label_path_fails_the_render_naming_it(settings: Settings, tmp_path: Path) -> None:
    office = _office(tmp_path, "service_contract")
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    _edit(wording, 'choice_label("client.representative_role")', 'choice_label("client.role")')
    own = settings.with_overrides(templates=office)
    with pytest.raises(TemplateFailure) as raised:
        render_document(_contract(settings), own, fmt="html", locale="zh_CN")
    assert "choice_label 'client.role'" in raised.value.message
    assert "fields.zh_CN.yaml has no client.role in choices" in raised.value.message


def test_template_check_reports_an_unknown_label_path_at_its_line(tmp_path: Path) -> None:
    office = _office(tmp_path, "offer_letter")
    wording = office / "offer_letter" / "wording.zh_CN.yaml"
    _edit(wording, '"position.title" | label', '"position.titel" | label')
    line = next(n for n, text in enumerate(wording.read_text(encoding="utf-8").splitlines(), 1) if "titel" in text)
    result = CliRunner().invoke(app, ["--config", str(SAMPLES / "docgen.toml"), "template", "check", str(office)])
    assert result.exit_code == 1, result.output
    expected = f"{wording}:{line}: label('position.titel'): {office / 'offer_letter' / 'fields.zh_CN.yaml'}"
    assert f"{expected} has no position.titel in fields" in result.stdout


def _values(key: str, value: Any) -> Iterator[tuple[str, str]]:
    """Each text of a wording file with its key: a value, or an item of a list or mapping."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(f"{key}.{index}", item)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _values(f"{key}.{name}", item)


def _labels(type_name: str, locale: str) -> dict[str, str]:
    """The fields file's field and choice labels: label → where it is worded."""
    wording = type_fields(type_name, locale)
    found = {label: f"fields.{path}" for path, label in wording.fields.items()}
    for path, choices in wording.choices.items():
        found |= {label: f"choices.{path}.{code}" for code, label in choices.items()}
    return found


def _duplicates(type_name: str, locale: str) -> list[tuple[str, str, str]]:
    """(wording key, text, fields file key) for each wording text that is exactly one of the type's labels."""
    path = bundled_templates() / type_name / f"wording.{locale}.yaml"
    if not path.is_file():
        return []
    labels = _labels(type_name, locale)
    wording = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [item for key, value in wording.items() for item in _values(key, value)]
    return [(key, text, labels[text]) for key, text in texts if text in labels]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", list(document_types()))
def test_no_wording_repeats_a_label_of_the_fields_file(type_name: str, locale: str) -> None:
    repeated = [
        f"{key}: {text!r} is {where}; write it as a label or choice_label reference"
        for key, text, where in _duplicates(type_name, locale)
        if (type_name, locale, key) not in ALLOWED
    ]
    assert not repeated, f"{type_name}/wording.{locale}.yaml: " + "; ".join(repeated)


def test_each_allowed_repetition_is_still_one() -> None:
    # An allow-list entry whose wording has since changed would hide nothing and should go.
    stale = [entry for entry in ALLOWED if entry[2] not in {key for key, _, _ in _duplicates(*entry[:2])}]
    assert not stale
