"""Choice fields in a sheet: every code has a label per locale, labels map to codes, and the empty sheet offers them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.errors import InvalidData
from docgen.inputs import load_records
from docgen.locale.columns import TITLED_LOCALES, title_for
from docgen.locale.fields import type_fields
from docgen.pipeline import validate_records
from docgen.registry import document_types, get_type
from docgen.samples import sample_path
from docgen.spreadsheet import BODY_ROWS, _choices, _leaf_paths

TYPES = list(document_types())
OFFER = get_type("offer_letter")


def _choice_fields(type_name: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(field path pattern, codes) of every choice field a sheet may fill, company and signatory included."""
    seen = set()
    for path, annotation in _leaf_paths(get_type(type_name), skipped=()):
        pattern = ".".join("#" if part.isdigit() else part for part in path)
        if _choices(annotation) and pattern not in seen:
            seen.add(pattern)
            yield pattern, _choices(annotation)


def _catalog(type_name: str, locale: str) -> dict[str, dict[str, str]]:
    """The fields file's choices: field path pattern → code → label."""
    return type_fields(type_name, locale).choices


def test_the_types_have_choice_fields() -> None:
    # Guards the tests below against finding no choice at all (they would pass vacuously).
    assert dict(_choice_fields("offer_letter"))["terms.contract_type"] == ("fixed_term", "open_ended", "task_based")
    assert sum(1 for type_name in TYPES for _ in _choice_fields(type_name)) >= 20


@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_choice_has_a_label(type_name: str, locale: str) -> None:
    catalog = _catalog(type_name, locale)
    missing = [
        f"{pattern}={code}"
        for pattern, codes in _choice_fields(type_name)
        for code in codes
        if code not in catalog.get(pattern, {})
    ]
    assert not missing, f"{type_name}/fields.{locale}.yaml has no label for {sorted(missing)}"


@pytest.mark.parametrize("locale", TITLED_LOCALES)
@pytest.mark.parametrize("type_name", TYPES)
def test_every_label_names_a_code_of_its_field(type_name: str, locale: str) -> None:
    fields = dict(_choice_fields(type_name))
    for pattern, labels in _catalog(type_name, locale).items():
        assert set(labels) - set(fields.get(pattern, ())) == set(), f"{type_name} {pattern}"


@pytest.mark.parametrize("type_name", TYPES)
def test_a_label_names_one_code_of_its_field(type_name: str) -> None:
    for pattern, codes in _choice_fields(type_name):
        named: dict[str, str] = {}  # label → code, over both locales
        for locale in TITLED_LOCALES:
            labels = [_catalog(type_name, locale)[pattern][code] for code in codes]
            assert len(set(labels)) == len(labels), f"{pattern}: two codes share a {locale} label: {labels}"
            for code, label in zip(codes, labels, strict=True):
                assert named.setdefault(label, code) == code, f"{pattern}: {label} names two codes"
                assert label not in set(codes) - {code}, f"{pattern}: {label} is another code"
                # The dropdown's list is one quoted, comma-separated string.
                assert not set(label) & set(',"'), f"{pattern}: {label} cannot be listed in a dropdown"


# ---------------------------------------------------------------- reading


def _offer_sheet(path: Path, contract_type: Any, header: str = "合同类型") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", header])
    sheet.append(["王小明", contract_type])
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("固定期限", "fixed_term"),
        (" 无固定期限 ", "open_ended"),
        ("不定期", "open_ended"),
        ("task_based", "task_based"),
    ],
)
def test_a_choice_by_label_in_either_locale_or_by_code(tmp_path: Path, cell: str, code: str) -> None:
    [record] = load_records(_offer_sheet(tmp_path / "o.xlsx", cell), OFFER)
    assert record.data["terms"] == {"contract_type": code}


def test_a_code_typed_in_full_width_letters_is_the_code(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["适用法域"])
    workbook.active.append(["ＴＷ"])
    workbook.save(tmp_path / "j.xlsx")
    [record] = load_records(tmp_path / "j.xlsx", OFFER)
    assert record.data["jurisdiction"] == "TW"


@pytest.mark.parametrize(
    ("header", "offered"),
    [
        ("合同类型", "固定期限, 无固定期限, 以完成一定工作任务为期限 (or fixed_term, open_ended, task_based)"),
        ("契約類型", "定期, 不定期, 特定工作 (or fixed_term, open_ended, task_based)"),
        ("terms.contract_type", "fixed_term, open_ended, task_based"),
    ],
)
def test_an_unknown_choice_names_row_and_field_and_lists_the_column_locales_labels(
    tmp_path: Path, header: str, offered: str
) -> None:
    path = _offer_sheet(tmp_path / "o.xlsx", "固定", header)
    with pytest.raises(InvalidData) as caught:
        load_records(path, OFFER)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:row 2: terms.contract_type: '固定' is not one of {offered}"
    ]


def test_a_yaml_record_takes_codes_only(settings) -> None:
    # Labels are a spreadsheet convenience: structured data keeps to the codes the schema lists.
    [record] = load_records(sample_path("offer_letter"))
    record.data["terms"]["contract_type"] = "固定期限"
    with pytest.raises(InvalidData) as caught:
        validate_records("offer_letter", [record], settings)
    assert [problem.path for problem in caught.value.problems] == ["terms.contract_type"]


# ---------------------------------------------------------------- the empty sheet


def _dropdowns(path: Path) -> dict[str, tuple[str, str]]:
    """Each dropdown's column title → (its list, the cells it covers)."""
    sheet = openpyxl.load_workbook(path).active
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        [cells] = str(validation.sqref).split()
        column = "".join(letter for letter in cells.split(":")[0] if letter.isalpha())
        found[sheet[f"{column}1"].value] = (validation.formula1, cells.replace(column, ""))
    return found


@pytest.mark.parametrize("locale", [*TITLED_LOCALES, "en_US"])
@pytest.mark.parametrize("type_name", TYPES)
def test_the_empty_sheet_offers_each_choice_columns_labels(type_name: str, locale: str, tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    result = CliRunner().invoke(app, ["sample", type_name, "--xlsx", str(path), "--locale", locale])
    assert result.exit_code == 0, result.output
    expected = {}
    for field_path, annotation in _leaf_paths(get_type(type_name)):
        codes = _choices(annotation)
        if codes:
            name = ".".join(field_path)
            pattern = ".".join("#" if part.isdigit() else part for part in field_path)
            labels = (
                [_catalog(type_name, locale)[pattern][code] for code in codes] if locale in TITLED_LOCALES else codes
            )
            title = title_for(type_name, name, locale) or name
            expected[title] = ('"' + ",".join(labels) + '"', f"{BODY_ROWS.start}:{BODY_ROWS.stop - 1}")
    assert _dropdowns(path) == expected


def test_the_empty_offer_sheet_offers_contract_types(tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    assert CliRunner().invoke(app, ["sample", "offer_letter", "--xlsx", str(path), "--locale", "zh_CN"]).exit_code == 0
    assert _dropdowns(path)["合同类型"] == ('"固定期限,无固定期限,以完成一定工作任务为期限"', "2:1001")
