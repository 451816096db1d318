"""Spreadsheet column titles: every field of every type has one per locale, and a sample survives a titled sheet."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.inputs import load_records
from docgen.locale.choices import choice_labels
from docgen.locale.columns import LIST_SLOTS, TITLED_LOCALES, column_titles, expand, pattern_titles, title_for
from docgen.pipeline import validate_records
from docgen.registry import document_types, get_type
from docgen.samples import sample_path
from docgen.spreadsheet import _choices, _leaf, _leaf_paths

TYPES = list(document_types())


def _pattern(path: tuple[str, ...]) -> str:
    return ".".join("#" if part.isdigit() else part for part in path)


def _patterns(type_name: str, skipped: tuple[str, ...] | None = None) -> set[str]:
    model = get_type(type_name)
    paths = _leaf_paths(model) if skipped is None else _leaf_paths(model, skipped=skipped)
    return {_pattern(path) for path, _ in paths}


@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_column_of_the_empty_sheet_has_a_title(type_name: str, locale: str) -> None:
    missing = _patterns(type_name) - set(pattern_titles(type_name, locale))
    assert not missing, f"{type_name}/fields.{locale}.yaml has no title for: {sorted(missing)}"


@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_title_names_a_field(type_name: str, locale: str) -> None:
    # Company and signatory are left out of the empty sheet (the project file supplies them) but a sheet may give them.
    stale = set(pattern_titles(type_name, locale)) - _patterns(type_name, skipped=())
    assert not stale, f"{type_name}/fields.{locale}.yaml names no field: {sorted(stale)}"


def _expanded(type_name: str, locale: str) -> Iterator[tuple[str, str]]:
    for pattern, title in pattern_titles(type_name, locale).items():
        yield from expand(pattern, title)


@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_titles_are_unique_and_never_a_field_path(type_name: str, locale: str) -> None:
    counts = Counter(title for title, _ in _expanded(type_name, locale))
    assert [title for title, count in counts.items() if count > 1] == []
    model = get_type(type_name)
    assert [title for title in counts if _leaf(model, tuple(title.split("."))) is not None] == []


@pytest.mark.parametrize("type_name", TYPES)
def test_a_title_shared_by_both_locales_names_the_same_field(type_name: str) -> None:
    simplified, traditional = (dict(_expanded(type_name, locale)) for locale in TITLED_LOCALES)
    clashes = {t: (simplified[t], traditional[t]) for t in simplified.keys() & traditional.keys()}
    assert {t: paths for t, paths in clashes.items() if paths[0] != paths[1]} == {}


def test_nested_list_titles_count_both_indices() -> None:
    assert title_for("budget", "lines.1.budget.11", "zh_CN") == "项目2第12期预算"
    assert title_for("budget", "lines.0.actual.2", "zh_TW") == "項目1第3期實際"
    assert column_titles("budget")["项目11第1期预算"] == "lines.10.budget.0"
    assert column_titles("budget")["項目1第11期預算"] == "lines.0.budget.10"


# ---------------------------------------------------------------- the samples through a titled sheet


def _flatten(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, (*path, str(index)))
    else:
        yield ".".join(path), value


_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def _as_excel_keeps_it(text: str | None) -> Any:
    """The cell Excel makes of text typed into a General cell: numbers, dates (a bare YYYY-MM too), TRUE/FALSE."""
    if text is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return date.fromisoformat(f"{text}-01")
    if text in ("true", "false"):
        return text == "true"
    digits = len(text.replace("-", "").replace(".", "").lstrip("0"))
    if _NUMBER.match(text) and digits <= 15:  # longer ones (IDs, fapiao numbers) are typed into text cells
        return float(text) if "." in text else int(text)
    return text


def _as_label(type_name: str, field_path: str, value: Any, locale: str) -> Any:
    """The label a clerk would pick for a choice field's code; any other value as it is."""
    codes = _choices(_leaf(get_type(type_name), tuple(field_path.split("."))))
    return choice_labels(type_name, codes, locale)[codes.index(value)] if codes else value


def _sample_as_sheet(type_name: str, locale: str, cells_as: str, path: Path) -> Path:
    [record] = load_records(sample_path(type_name))
    headers, cells = [], []
    for field_path, value in _flatten(record.data):
        if cells_as == "labels":
            value = _as_label(type_name, field_path, value, locale)
        indices = [int(part) for part in field_path.split(".") if part.isdigit()]
        # A titled sheet numbers list items up to LIST_SLOTS; a sample with more could not be written this way.
        assert all(index < LIST_SLOTS for index in indices), f"{field_path}: more items than a titled sheet holds"
        title = title_for(type_name, field_path, locale)
        assert title is not None, f"no {locale} title for {field_path}"
        headers.append(title)
        cells.append(value if cells_as == "text" else _as_excel_keeps_it(value))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    sheet.append(cells)
    workbook.save(path)
    return path


# text: every cell as the sample's text; typed: as Excel keeps what is typed; labels: typed, choices by label.
@pytest.mark.parametrize("cells_as", ["text", "typed", "labels"])
@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_sample_round_trips_through_a_titled_sheet(
    type_name: str, locale: str, cells_as: str, tmp_path: Path, settings
) -> None:
    sheet = _sample_as_sheet(type_name, locale, cells_as, tmp_path / f"{type_name}.xlsx")
    [from_sheet] = validate_records(type_name, load_records(sheet, get_type(type_name)), settings)
    [from_yaml] = validate_records(type_name, load_records(sample_path(type_name)), settings)
    assert from_sheet.model_dump() == from_yaml.model_dump()
    assert from_sheet == from_yaml


# ---------------------------------------------------------------- the empty sheet


@pytest.mark.parametrize(
    ("type_name", "locale", "first", "inside"),
    [("proposal", "zh_CN", "提案日期", "服务2名称"), ("budget", "zh_TW", "編製日期", "項目2第2期實際")],
)
def test_sample_command_writes_titles(type_name: str, locale: str, first: str, inside: str, tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    result = CliRunner().invoke(app, ["sample", type_name, "--xlsx", str(path), "--locale", locale])
    assert result.exit_code == 0, result.output
    headers = [cell.value for cell in openpyxl.load_workbook(path).active[1]]
    assert headers[0] == first and inside in headers
    paths = [".".join(field_path) for field_path, _ in _leaf_paths(get_type(type_name))]
    assert [column_titles(type_name).get(header) for header in headers] == paths


def test_an_empty_budget_sheet_has_a_column_for_every_month(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    assert CliRunner().invoke(app, ["sample", "budget", "--xlsx", str(path), "--locale", "zh_CN"]).exit_code == 0
    headers = [cell.value for cell in openpyxl.load_workbook(path).active[1]]
    for kind in ("预算", "实际"):
        assert [h for h in headers if str(h).startswith("项目1第") and str(h).endswith(f"期{kind}")] == [
            f"项目1第{month}期{kind}" for month in range(1, 13)
        ]
