"""validate --locale: warnings about data in another script than the document's, never a change to the data."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from docgen.cli import app
from docgen.samples import sample_path

SAMPLE = yaml.safe_load(sample_path("resignation_certificate").read_text(encoding="utf-8"))


def _data(tmp_path: Path, *changes: dict[str, object]) -> Path:
    """The sample resignation certificate, once per change, as a YAML list of records."""
    records = [copy.deepcopy(SAMPLE) | change for change in changes]
    path = tmp_path / "certificates.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    return path


def _validate(path: Path, *options: str) -> list[str]:
    result = CliRunner().invoke(app, ["validate", "resignation_certificate", str(path), *options])
    assert result.exit_code == 0, result.output  # warnings never fail a file
    return result.stderr.splitlines()


def _employee(name: str) -> dict[str, object]:
    return {"employee": SAMPLE["employee"] | {"name": name}}


def test_en_us_warns_of_a_description_in_chinese_only_naming_file_row_and_field(tmp_path: Path) -> None:
    path = _data(tmp_path, {"position": "Store Operations Specialist"}, {"position": "天猫店铺运营专员"})
    lines = _validate(path, "--locale", "en_US")
    warnings = [line for line in lines if line.startswith("docgen: warning:")]
    assert (
        f"docgen: warning: {path}:row 2: position: holds only Chinese, which the English document prints as typed"
        in warnings
    )
    assert not any(":row 1: position" in line for line in warnings)  # English, or English with Chinese, passes
    assert lines[-1] == f"{path}: 2 valid resignation_certificate record(s)"


def test_a_name_is_never_flagged(tmp_path: Path) -> None:
    path = _data(tmp_path, _employee("陈思远") | {"position": "Operations", "department": "Tmall"})
    assert [line for line in _validate(path, "--locale", "en_US") if line.startswith("docgen: warning:")] == []
    assert [line for line in _validate(path, "--locale", "zh_TW") if line.startswith("docgen: warning:")] == []


def test_zh_tw_warns_of_simplified_characters_and_names_them(tmp_path: Path) -> None:
    path = _data(tmp_path, {"position": "天貓店鋪營運專員", "department": "天猫事业部"})
    warnings = [line for line in _validate(path, "-l", "zh_TW") if line.startswith("docgen: warning:")]
    assert warnings == [
        f"docgen: warning: {path}:row 1: department: holds simplified characters (猫 (貓)、业 (業)), "
        "which the Traditional Chinese document prints as typed"
    ]


def test_nothing_is_converted(tmp_path: Path) -> None:
    path = _data(tmp_path, {"department": "天猫事业部"})
    before = path.read_bytes()
    _validate(path, "-l", "zh_TW")
    assert path.read_bytes() == before


@pytest.mark.parametrize("options", [(), ("--locale", "zh_CN")])
def test_no_warning_without_a_locale_to_check_against(tmp_path: Path, options: tuple[str, ...]) -> None:
    path = _data(tmp_path, {"department": "天猫事业部"})
    assert [line for line in _validate(path, *options) if line.startswith("docgen: warning:")] == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_CN", "docgen: 警告: {path}:row 1: department: 含有简体字（业 (業)），繁体中文文件将照原样印出"),
        ("zh_TW", "docgen: 警告: {path}:row 1: department: 含有簡體字（业 (業)），繁體中文文件將照原樣印出"),
    ],
)
def test_the_warning_is_worded_in_the_interface_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    monkeypatch.setenv("DOCGEN_LANG", lang)
    path = _data(tmp_path, {"department": "天貓事业部"})
    assert expected.format(path=path) in _validate(path, "-l", "zh_TW")
