"""Outside types: a type folder named in a chosen config file, a package in docgen.types, and `template new`."""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen import outside, registry, scaffold
from docgen.cli import app
from docgen.config import load_settings
from docgen.documents import common
from docgen.errors import ConfigError
from docgen.inputs import load_records
from docgen.registry import document_types, type_origin
from docgen.resources import outside_folders
from docgen.web.forms import build_form

from .conftest import SAMPLES
from .textutil import pdf_text

PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


@pytest.fixture(autouse=True)
def _no_outside_types_after() -> Iterator[None]:
    """Each test puts its own folders in use; the next test starts from none."""
    yield
    outside.use_type_folders([])


def _config(where: Path, folders: list[str], name: str = "office.toml") -> Path:
    path = where / name
    path.write_text(f"type_folders = {json.dumps(folders)}\n" + PROFILE, encoding="utf-8")
    return path


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    """A type made by `docgen template new`, and a config file naming its folder."""
    result = run("template", "new", "purchase_order", str(tmp_path / "types" / "purchase_order"))
    assert result.exit_code == 0, result.output
    return _config(tmp_path, ["types/purchase_order"])


# ---------------------------------------------------------------- the names a type imports


def _imported_names(source: str, module: str | None = None) -> set[str]:
    """The names a module's `from … import` statements bring in (only from `module`, when given)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module != "__future__" and module in (None, node.module)
        for alias in node.names
    }


def test_the_face_for_type_authors_defines_nothing_and_lists_what_it_hands_on() -> None:
    source = Path(common.__file__).read_text(encoding="utf-8")
    body = ast.parse(source).body
    defined = [node for node in body if isinstance(node, ast.FunctionDef | ast.ClassDef)]
    assert defined == []
    assert sorted(common.__all__) == sorted(_imported_names(source))


def test_a_scaffolded_type_imports_only_names_the_face_lists() -> None:
    source = Path(scaffold.__file__).read_text(encoding="utf-8")
    model = source[source.index("from docgen.documents.common import") :].split("\n", 1)[0]
    assert _imported_names(model, "docgen.documents.common") <= set(common.__all__)


# ---------------------------------------------------------------- template new


def test_a_new_type_validates_and_renders_in_every_format(scaffolded: Path, tmp_path: Path) -> None:
    sample = tmp_path / "types" / "purchase_order" / "samples" / "purchase_order.yaml"
    result = run("--config", str(scaffolded), "validate", "purchase_order", str(sample))
    assert result.exit_code == 0, result.output
    for fmt in ("docx", "html", "pdf"):
        out = tmp_path / f"order.{fmt}"
        result = run("--config", str(scaffolded), "render", "purchase_order", str(sample), "-f", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
    text = pdf_text((tmp_path / "order.pdf").read_bytes())
    assert "店铺首页设计" in text and "15,500.50" in text
    english = tmp_path / "order.en.pdf"
    result = run(
        "--config",
        str(scaffolded),
        "render",
        "purchase_order",
        str(sample),
        "-f",
        "pdf",
        "-l",
        "en_US",
        "-o",
        str(english),
    )
    assert result.exit_code == 0, result.output
    assert "Total" in pdf_text(english.read_bytes())


def test_a_new_types_form_speaks_chinese_from_its_own_fields_files(scaffolded: Path) -> None:
    """Legends and help come with the type's template folder: no field of its form is left in English."""
    settings = load_settings(scaffolded)
    for lang in ("zh_CN", "zh_TW"):
        controls = build_form("purchase_order", {"lines": {"0": {}}}, lang, settings)
        shown = [(c.label, c.help) for c in _walk(controls)]
        assert not [pair for pair in shown if re.search("[A-Za-z]{3,}", " ".join(pair).replace("docgen.toml", ""))]


def _walk(controls: list[Any]) -> Iterator[Any]:
    for control in controls:
        yield control
        yield from _walk(control.children)


def test_a_new_type_renders_in_worker_processes(scaffolded: Path, tmp_path: Path) -> None:
    """Workers start afresh: they import the type's module again by its private name and find its templates."""
    record = load_records(tmp_path / "types" / "purchase_order" / "samples" / "purchase_order.yaml")[0].data
    many = tmp_path / "many.json"
    many.write_text(json.dumps([record] * 3, default=str, ensure_ascii=False), encoding="utf-8")
    result = run(
        "--config",
        str(scaffolded),
        "render",
        "purchase_order",
        str(many),
        "-f",
        "html",
        "--output-dir",
        str(tmp_path / "out"),
        "--jobs",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.html"))) == 3


@pytest.mark.parametrize("name", ["Purchase", "2nd_type", "purchase-order", "_hidden", "service_contract"])
def test_template_new_refuses_a_name_that_is_no_new_type(name: str, tmp_path: Path) -> None:
    result = run("template", "new", name, str(tmp_path / "new"))
    assert result.exit_code == 2 and "NAME" in result.output
    assert not (tmp_path / "new").exists()


def test_template_new_leaves_a_folder_with_files_alone(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("template", "new", "purchase_order", str(tmp_path))
    assert result.exit_code == 1 and "not an empty folder" in result.output


# ---------------------------------------------------------------- where type folders may come from


def test_a_config_found_in_the_current_folder_cannot_load_code(
    scaffolded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scaffolded.rename(tmp_path / "docgen.toml")
    monkeypatch.chdir(tmp_path)
    result = run("types")
    assert result.exit_code == 1
    assert "docgen.toml: type_folders: type folders are code: name this file with --config or DOCGEN_CONFIG" in (
        result.output
    )
    assert "purchase_order" not in document_types()


def test_docgen_config_may_name_type_folders(scaffolded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_CONFIG", str(scaffolded))
    result = run("types")
    assert result.exit_code == 0 and "purchase_order\t新文档" in result.output


def test_the_user_level_config_file_may_name_type_folders(
    scaffolded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "xdg-config" / "docgen"  # XDG_CONFIG_HOME is tmp_path/xdg-config (conftest)
    user.mkdir(parents=True)
    _config(user, [str(tmp_path / "types" / "purchase_order")], "docgen.toml")
    monkeypatch.chdir(tmp_path)
    assert load_settings().source == user / "docgen.toml"
    assert "purchase_order" in document_types()


def test_sample_schema_and_doctor_know_an_outside_type(scaffolded: Path, tmp_path: Path) -> None:
    sample = run("--config", str(scaffolded), "sample", "purchase_order")
    assert sample.exit_code == 0 and "店铺首页设计" in sample.output and "# The client's legal name" in sample.output
    assert "yaml-language-server" not in sample.output  # no schema file of its own to point at
    schema = run("--config", str(scaffolded), "schema", "purchase_order")
    assert json.loads(schema.output)["title"] == "purchase_order"
    doctor = run("--config", str(scaffolded), "doctor")
    folder = tmp_path / "types" / "purchase_order"
    assert f"outside type     purchase_order: folder {folder.resolve()}" in doctor.output


# ---------------------------------------------------------------- refused types


def _type_folder(where: Path, type_name: str, body: str = "") -> Path:
    where.mkdir(parents=True)
    (where / f"{type_name}.py").write_text(
        "from typing import ClassVar\n"
        "from docgen.documents.common import DocumentModel, Kind\n"
        "class Note(DocumentModel):\n"
        f"    type_name: ClassVar[str] = {type_name!r}\n"
        "    number_pattern: ClassVar[str] = 'ZZ-{yyyy}-{seq:04}'\n"
        "    kind: ClassVar[Kind] = 'commercial'\n" + body,
        encoding="utf-8",
    )
    return where


def test_a_type_named_like_a_bundled_one_is_refused_naming_both(tmp_path: Path) -> None:
    folder = _type_folder(tmp_path / "mine", "service_contract")
    with pytest.raises(ConfigError) as caught:
        load_settings(_config(tmp_path, ["mine"]))
    assert f"'service_contract' is defined twice: by docgen itself and by folder {folder.resolve()}" in str(
        caught.value.problems[0]
    )


def test_a_type_in_two_folders_is_refused_naming_both(tmp_path: Path) -> None:
    first, second = _type_folder(tmp_path / "a", "tasting_note"), _type_folder(tmp_path / "b", "tasting_note")
    result = run("--config", str(_config(tmp_path, ["a", "b"])), "types")
    assert result.exit_code == 1
    assert f"defined twice: by folder {first.resolve()} and by folder {second.resolve()}" in result.output


def test_an_import_error_names_the_file_without_a_traceback(tmp_path: Path) -> None:
    _type_folder(tmp_path / "mine", "tasting_note", "    broken = undefined_name\n")
    result = run("--config", str(_config(tmp_path, ["mine"])), "types")
    assert result.exit_code == 1
    assert "tasting_note.py: cannot import the document type: NameError: name 'undefined_name'" in result.output
    assert "Traceback" not in result.output


def test_a_missing_type_folder_is_a_config_error(tmp_path: Path) -> None:
    result = run("--config", str(_config(tmp_path, ["nowhere"])), "types")
    assert result.exit_code == 1 and "nowhere: type_folders: type folder not found" in result.output


# ---------------------------------------------------------------- installed packages


@pytest.fixture
def installed_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package on sys.path with a docgen.types entry point naming its module, as pip would install it."""
    site = tmp_path / "site"
    _type_folder(site / "acme_types", "tasting_note")
    (site / "acme_types" / "__init__.py").write_text("", encoding="utf-8")
    info = site / "acme_types-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-types\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[docgen.types]\ntasting_note = acme_types.tasting_note\n", "utf-8")
    monkeypatch.syspath_prepend(str(site))
    outside._package_origins.cache_clear()
    registry.document_types.cache_clear()  # type: ignore[attr-defined]
    yield site
    monkeypatch.undo()
    outside._package_origins.cache_clear()
    registry.document_types.cache_clear()  # type: ignore[attr-defined]
    for name in ("acme_types", "acme_types.tasting_note"):
        sys.modules.pop(name, None)


def test_a_package_type_is_found_through_its_entry_point(installed_package: Path) -> None:
    outside.use_type_folders([])
    assert "tasting_note" in document_types()
    assert type_origin("tasting_note") == "package acme-types (acme_types.tasting_note)"
    assert outside_folders()[-1] == (installed_package / "acme_types").resolve()


def test_a_package_type_is_gone_once_its_package_is(installed_package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its class stays a subclass of DocumentModel in memory; it must not come back as a bundled type."""
    outside.use_type_folders([])
    assert "tasting_note" in document_types()
    monkeypatch.undo()
    for name in ("acme_types", "acme_types.tasting_note"):
        sys.modules.pop(name, None)
    outside._package_origins.cache_clear()
    registry.document_types.cache_clear()  # type: ignore[attr-defined]
    outside.use_type_folders([])
    assert "tasting_note" not in document_types()


def test_entry_points_are_scanned_again_only_when_a_folder_on_sys_path_changes(
    installed_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = outside._entry_points()
    monkeypatch.setattr(outside, "_scan_entry_points", lambda: pytest.fail("scanned although nothing changed"))
    assert outside._entry_points() == first
    monkeypatch.undo()
    monkeypatch.syspath_prepend(str(installed_package))
    (installed_package / "acme_types-1.0.dist-info" / "entry_points.txt").write_text("", encoding="utf-8")
    os.utime(installed_package, ns=(0, 0))  # as an install or uninstall changes the folder's time
    assert outside._entry_points() == []
