"""docgen doctor: ok, or what to install."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen import doctor
from docgen.cli import app
from docgen.store import SCHEMA_VERSION, open_register


def _doctor(*args: str):
    return CliRunner().invoke(app, ["doctor", *args])


def _line(output: str, name: str) -> str:
    [line] = [line for line in output.splitlines() if line.split()[1:2] == [name]]
    return line


def test_healthy_machine_reports_ok() -> None:
    result = _doctor()
    assert result.exit_code == 0, result.output
    assert _line(result.stdout, "fonts").startswith("ok")
    assert _line(result.stdout, "config").endswith("samples/docgen.toml")
    assert "register.sqlite3" in _line(result.stdout, "register")


def test_font_folder_without_cjk_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>',
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    result = _doctor()
    assert result.exit_code == 1
    line = _line(result.stdout, "fonts")
    assert line.startswith("FAIL") and "U+" in line and "apt-get install fonts-noto-cjk" in line


def test_rare_characters_in_data_are_named(tmp_path: Path) -> None:
    data = tmp_path / "names.yaml"
    # Extension G: no Debian font draws it (Noto CJK and Hanazono stop earlier).
    data.write_text('name: "\U0003134a"\n', encoding="utf-8")
    result = _doctor(str(data))
    assert result.exit_code == 1
    assert "U+3134A \U0003134a" in _line(result.stdout, "fonts")


def test_missing_libraries_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.ctypes.util, "find_library", lambda name: None)
    result = _doctor()
    assert result.exit_code == 1
    assert "apt-get install libharfbuzz-subset0" in _line(result.stdout, "harfbuzz-subset")
    assert "apt-get install libpango-1.0-0" in _line(result.stdout, "pango")


def test_characters_in_use_skip_ascii_and_spaces() -> None:
    assert doctor.characters_in(["ab 中\u3000文\n", "¥"]) == {"中", "文", "¥"}


def _register_line(monkeypatch: pytest.MonkeyPatch, database: str) -> tuple[int, str]:
    monkeypatch.setenv("DOCGEN_DB", database)
    result = _doctor()
    return result.exit_code, _line(result.stdout, "register")


def test_a_register_in_a_missing_folder_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, line = _register_line(monkeypatch, str(tmp_path / "gone" / "register.db"))
    assert code == 1 and line.startswith("FAIL") and "does not exist" in line
    assert not (tmp_path / "gone").exists()


def test_a_file_that_is_not_a_database_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"only some text, not a database " * 200)
    code, line = _register_line(monkeypatch, str(junk))
    assert code == 1 and line.startswith("FAIL") and "not a database" in line


def test_an_unreachable_postgresql_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    code, line = _register_line(monkeypatch, "postgresql://docgen:s3cret@127.0.0.1:1/office")
    assert code == 1 and line.startswith("FAIL") and "cannot reach the register" in line
    assert "postgresql://docgen:***@127.0.0.1:1/office" in line and "s3cret" not in line


def test_a_register_docgen_is_too_old_for_fails(register_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_register(register_url) as register:
        register._db.change("UPDATE docgen_schema SET version = ?", (SCHEMA_VERSION + 1,))
    code, line = _register_line(monkeypatch, register_url)
    assert code == 1 and line.startswith("FAIL") and "upgrade docgen" in line


def test_a_usable_register_is_ok_with_its_version(register_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_register(register_url):
        pass
    _, line = _register_line(monkeypatch, register_url)
    assert line.startswith("ok") and line.endswith(f"(schema version {SCHEMA_VERSION})")


def test_doctor_creates_no_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    _, line = _register_line(monkeypatch, str(empty))
    assert line.startswith("ok") and "no docgen tables yet" in line and empty.stat().st_size == 0
    _, line = _register_line(monkeypatch, str(tmp_path / "new.db"))
    assert line.startswith("ok") and "not created yet" in line and not (tmp_path / "new.db").exists()
