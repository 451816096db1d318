"""`docgen template copy` and `docgen template diff`; an office's copy used by every render; Word-only overrides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.resources import bundled_templates
from docgen.samples import sample_path

from .conftest import SAMPLES
from .textutil import pdf_text

OLD = "甲方有权查阅店铺运营数据，并对乙方的服务提出合理要求。"
NEW = "甲方可随时调阅店铺全部运营数据，乙方应在一个工作日内提供。"


def _run(*args: str, env: dict[str, str] | None = None, config: Path = SAMPLES / "docgen.toml"):
    return CliRunner().invoke(app, ["--config", str(config), *args], env=env)


def _copy(tmp_path: Path, type_name: str = "service_contract") -> Path:
    office = tmp_path / "office"
    office.mkdir(exist_ok=True)
    result = _run("template", "copy", type_name, str(office))
    assert result.exit_code == 0, result.output
    return office


def _render(type_name: str, fmt: str, output: Path, *more: str, locale: str = "zh_CN", **run):
    data = str(sample_path(type_name))
    return _run("render", type_name, data, "--format", fmt, "--locale", locale, "--output", str(output), *more, **run)


def test_copy_writes_the_source_and_records_each_bundled_files_hash(tmp_path: Path) -> None:
    office = _copy(tmp_path)
    names = sorted(path.name for path in (office / "service_contract").iterdir() if path.is_file())
    assert names == sorted(
        [".docgen-copy.toml", "outline.yaml", "structure.yaml"]
        + [f"{kind}.{locale}.yaml" for kind in ("fields", "wording") for locale in ("en_US", "zh_CN", "zh_TW")]
    )
    record = (office / "service_contract" / ".docgen-copy.toml").read_text(encoding="utf-8")
    assert 'docgen_version = "' in record
    assert '"wording.zh_CN.yaml" = "' in record and "\n" in record


def test_copy_of_a_type_with_template_files_copies_them(tmp_path: Path) -> None:
    office = _copy(tmp_path, "offer_letter")
    bundled = sorted(path.name for path in (bundled_templates() / "offer_letter").iterdir())
    copied = sorted(path.name for path in (office / "offer_letter").iterdir() if path.is_file() and path.name[0] != ".")
    assert copied == bundled


def test_copy_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    office = _copy(tmp_path)
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    wording.write_text("mine", encoding="utf-8")
    result = _run("template", "copy", "service_contract", str(office))
    assert result.exit_code == 1 and "file exists; use --force" in result.stderr
    assert wording.read_text(encoding="utf-8") == "mine"
    assert _run("template", "copy", "service_contract", str(office), "--force").exit_code == 0
    assert wording.read_text(encoding="utf-8") != "mine"


def test_copy_never_writes_outside_the_folder(tmp_path: Path) -> None:
    office, elsewhere = tmp_path / "office", tmp_path / "elsewhere"
    office.mkdir()
    elsewhere.mkdir()
    (office / "service_contract").symlink_to(elsewhere)
    result = _run("template", "copy", "service_contract", str(office))
    assert result.exit_code == 1 and "resolves outside" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_copy_onto_a_file_in_the_place_of_the_type_folder_is_a_plain_error(tmp_path: Path) -> None:
    (tmp_path / "service_contract").write_text("a file", encoding="utf-8")
    result = _run("template", "copy", "service_contract", str(tmp_path))
    assert result.exit_code == 1 and "Traceback" not in result.output and "internal error" not in result.stderr


def test_copy_of_an_unknown_type_or_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert _run("template", "copy", "no_such_type", str(tmp_path)).exit_code == 2
    assert _run("template", "copy", "service_contract", str(tmp_path / "missing")).exit_code == 2


def _edit_wording(office: Path, name: str = "wording.zh_CN.yaml") -> None:
    wording = office / "service_contract" / name
    assert OLD in wording.read_text(encoding="utf-8")
    wording.write_text(wording.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")


def test_one_locale_of_one_type_may_be_overridden_through_the_command_line(tmp_path: Path) -> None:
    office = tmp_path / "office" / "service_contract"
    office.mkdir(parents=True)
    english = (bundled_templates() / "service_contract" / "wording.en_US.yaml").read_text(encoding="utf-8")
    (office / "wording.en_US.yaml").write_text(english.replace("Exclusivity", "Sole engagement"), encoding="utf-8")
    for locale in ("en_US", "zh_CN"):
        result = _render(
            "service_contract", "pdf", tmp_path / f"{locale}.pdf", "--templates", str(office.parent), locale=locale
        )
        assert result.exit_code == 0, result.output
    assert "Sole engagement" in pdf_text((tmp_path / "en_US.pdf").read_bytes())
    assert "排他" in pdf_text((tmp_path / "zh_CN.pdf").read_bytes())
    other = _render("budget", "docx", tmp_path / "budget.docx", "--templates", str(office.parent))
    assert other.exit_code == 0, other.output  # the types the office left alone come from the bundled templates


def _word_only(tmp_path: Path) -> Path:
    """An office folder with only its own Word template for the contract, built here from the bundled source."""
    built = tmp_path / "built"
    assert _run("template", "build", "service_contract", "--output-dir", str(built)).exit_code == 0
    office = tmp_path / "office" / "service_contract"
    office.mkdir(parents=True)
    shutil.copy(built / "service_contract" / "document.zh_CN.docx", office / "document.docx")
    return office.parent


def test_a_word_only_override_serves_docx_and_refuses_pdf_and_html(tmp_path: Path) -> None:
    office = _word_only(tmp_path)
    docx = _render("service_contract", "docx", tmp_path / "out.docx", "--templates", str(office))
    assert docx.exit_code == 0, docx.output
    for fmt in ("pdf", "html"):
        result = _render("service_contract", fmt, tmp_path / f"out.{fmt}", "--templates", str(office))
        assert result.exit_code == 1, result.output
        assert "Word template has no PDF or HTML counterpart in zh_CN" in result.stderr
        assert "docgen template copy service_contract" in result.stderr
        assert not (tmp_path / f"out.{fmt}").exists()


def test_a_word_only_override_with_its_own_wording_renders_pdf(tmp_path: Path) -> None:
    office = _word_only(tmp_path)
    bundled = bundled_templates() / "service_contract" / "wording.zh_CN.yaml"
    shutil.copy(bundled, office / "service_contract" / "wording.zh_CN.yaml")
    result = _render("service_contract", "pdf", tmp_path / "out.pdf", "--templates", str(office))
    assert result.exit_code == 0, result.output


def test_diff_says_nothing_changed_right_after_a_copy(tmp_path: Path) -> None:
    office = _copy(tmp_path)
    result = _run("template", "diff", str(office))
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok\tno bundled change since the copy of service_contract\n"


def _bundled_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled templates that the test may change, put in place of the real ones."""
    bundled = tmp_path / "bundled"
    shutil.copytree(bundled_templates(), bundled)
    monkeypatch.setattr("docgen.template_copy.bundled_templates", lambda: bundled)
    return bundled


def test_diff_shows_a_bundled_fix_made_since_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = _bundled_copy(tmp_path, monkeypatch)
    office = _copy(tmp_path)
    _edit_wording(office)  # the office's own edit is not a bundled change
    wording = bundled / "service_contract" / "wording.zh_CN.yaml"
    fixed = "甲方有权依法查阅店铺运营数据。"
    wording.write_text(wording.read_text(encoding="utf-8").replace(OLD, fixed), encoding="utf-8")
    (bundled / "service_contract" / "wording.zh_TW.yaml").unlink()
    result = _run("template", "diff", str(office))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert (
        "changed\tservice_contract/wording.zh_CN.yaml" in lines
        and "removed\tservice_contract/wording.zh_TW.yaml" in lines
    )
    assert "--- service_contract/wording.zh_CN.yaml (as copied)" in lines
    assert any(line.startswith("-") and OLD in line for line in lines)
    assert any(line.startswith("+") and fixed in line for line in lines)
    assert not any(NEW in line for line in lines)  # measured from the copy as made, not from the office's edit
