"""The store: where the register is, its schema and migrations, number patterns, and clear failures."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from docgen.config import load_settings
from docgen.errors import ConfigError, StoreError
from docgen.store import (
    SCHEMA_VERSION,
    Request,
    StoredFile,
    default_register,
    format_number,
    open_register,
    parse_location,
    schema,
)
from docgen.store.location import redact

from .conftest import SAMPLES
from .registers import run

PROFILE = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
SAMPLE = str(SAMPLES / "offer_letter.yaml")


@pytest.mark.parametrize(
    ("value", "kind", "target"),
    [
        ("registers/main.db", "sqlite", "registers/main.db"),
        ("/srv/docgen/register.db", "sqlite", "/srv/docgen/register.db"),
        ("sqlite:///relative.db", "sqlite", "relative.db"),
        ("sqlite:////srv/register.db", "sqlite", "/srv/register.db"),
        ("postgresql://docgen@db.example.com/office", "postgresql", "postgresql://docgen@db.example.com/office"),
        ("postgres://db/office", "postgresql", "postgres://db/office"),
    ],
)
def test_locations(value: str, kind: str, target: str) -> None:
    location = parse_location(value)
    assert (location.kind, location.target, location.is_default) == (kind, target, False)


def test_bad_locations_are_refused() -> None:
    for value in ("mysql://db/office", "sqlite://relative.db", "sqlite:///"):
        with pytest.raises(StoreError, match="register URL"):
            parse_location(value)


def test_default_register_is_per_user_not_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    location = parse_location(None)
    assert location.is_default and Path(location.target) == tmp_path / "data" / "docgen" / "register.sqlite3"
    monkeypatch.chdir(tmp_path)
    with open_register(None) as register:  # creates its folder
        assert register.entries() == []
    assert default_register().is_file()
    doctor = run("doctor")
    assert f"sqlite:///{default_register()}" in doctor.stdout


def test_passwords_never_appear_in_messages() -> None:
    assert redact("postgresql://docgen:s3cret@db:5433/office") == "postgresql://docgen:***@db:5433/office"
    result = run("register", "list", "--db", "postgresql://docgen:s3cret@127.0.0.1:1/office")
    assert result.exit_code == 1
    assert result.stderr.startswith("docgen: error: cannot reach the register at postgresql://docgen:***@127.0.0.1:1/")
    assert "s3cret" not in result.output and "Traceback" not in result.output
    doctor = run("doctor")
    assert "s3cret" not in doctor.stdout


def test_doctor_shows_the_register_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_DB", "postgresql://docgen:s3cret@127.0.0.1:1/office")
    [line] = [line for line in run("doctor").stdout.splitlines() if line.split()[1:2] == ["register"]]
    assert "postgresql://docgen:***@127.0.0.1:1/office" in line and "s3cret" not in line


def test_relative_database_in_the_project_file_is_relative_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text(PROFILE.replace('# database = "sqlite:///register.db"', 'database = "sqlite:///register.db"'))
    monkeypatch.chdir(SAMPLES)
    assert load_settings(config).database == f"sqlite:///{tmp_path / 'register.db'}"
    config.write_text(PROFILE.replace('# database = "sqlite:///register.db"', 'database = "mysql://x/y"'))
    with pytest.raises(ConfigError, match="database: register URL 'mysql://x/y'"):
        load_settings(config)


def test_unreachable_or_unusable_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    missing = run("register", "list", "--db", str(tmp_path / "no" / "such" / "folder.db"))
    assert missing.exit_code == 1 and "folder" in missing.stderr and "does not exist" in missing.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, only some text " * 200)
    result = run("register", "list", "--db", str(junk))
    assert result.exit_code == 1 and "not a database" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("LY-{seq:04}", "must contain {yyyy}"),
        ("LY-{yyyy}", "must contain {seq}"),
        ("LY-{yyyy}-{seq}-{seq}", "once each"),
        ("LY-{yyyy}-{month}-{seq}", "no other field"),
        ("LY-{yyyy:02}-{seq}", "{seq:0N}"),
        ("LY-{yyyy}-{seq:>4}", "{seq:0N}"),
        ("LY/{yyyy}/{seq:04}", "'/'"),
        ("LY {yyyy}-{seq}", "' '"),
        (".LY-{yyyy}-{seq}", "start with '.'"),
        ("LY-{yyyy-{seq}", "malformed"),
    ],
)
def test_bad_patterns_are_refused_in_the_project_file(tmp_path: Path, pattern: str, problem: str) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text(PROFILE.replace('offer_letter = "LY-{yyyy}-{seq:04}"', f'offer_letter = "{pattern}"'))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    [found] = caught.value.problems
    assert found.path == "numbers" and problem in found.message


def test_good_patterns_and_one_pattern_per_type(tmp_path: Path) -> None:
    assert format_number("LY-{yyyy}-{seq:04}", 2026, 42) == "LY-2026-0042"
    assert format_number("云帆人字〔{yyyy}〕第{seq:03}号", 2026, 7) == "云帆人字〔2026〕第007号"
    assert format_number("{yyyy}{seq}", 2026, 12345) == "202612345"
    config = tmp_path / "docgen.toml"
    config.write_text(PROFILE.replace('offer_letter = "LY-{yyyy}-{seq:04}"', 'offer_letter = "HT-{yyyy}-{seq:04}"'))
    with pytest.raises(ConfigError, match="can both give the number 'HT-0000-0001'"):
        load_settings(config)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_schema_is_created_with_its_version(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite3"
    with open_register(str(path)):
        pass
    assert {"docgen_schema", "docgen_counters", "docgen_documents", "docgen_files", "docgen_seeds"} <= _tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM docgen_schema").fetchall() == [(SCHEMA_VERSION,)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_older_register_is_migrated_on_open(register_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_register(register_url) as register:
        assert register.entries() == []
    later = (*schema.MIGRATIONS, ("ALTER TABLE docgen_documents ADD COLUMN note TEXT",))
    monkeypatch.setattr(schema, "MIGRATIONS", later)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(later))
    with open_register(register_url) as register:
        assert register._db.query("SELECT version FROM docgen_schema") == [(len(later),)]
        assert register._db.query("SELECT note FROM docgen_documents") == []


def test_a_newer_register_is_refused(register_url: str) -> None:
    with open_register(register_url) as register:
        register._db.change("UPDATE docgen_schema SET version = ?", (SCHEMA_VERSION + 1,))
    result = run("register", "list", "--db", register_url)
    assert result.exit_code == 1
    assert (
        f"schema version {SCHEMA_VERSION + 1}; this docgen knows up to {SCHEMA_VERSION}: upgrade docgen"
        in result.stderr
    )


def _request(key: str = "same document") -> Request:
    return Request(
        "91310115MA1K4B7T6N", "云帆", "offer_letter", 2026, "LY-{yyyy}-{seq:04}", "zh_CN", ("pdf",), "{}", key
    )


def test_the_same_document_completed_twice_keeps_the_first_and_voids_the_second(register_url: str) -> None:
    with open_register(register_url) as register:
        first, second = register.reserve(_request()), register.reserve(_request())
        assert register.complete(first, [StoredFile("pdf", "/out/a.pdf", "a" * 64)]).number == first.number
        winner = register.complete(second, [StoredFile("pdf", "/out/b.pdf", "b" * 64)])
        assert winner.number == first.number and winner.files[0].path == "/out/a.pdf"
        loser = register.entry(second.entity, second.number)
    assert loser is not None and loser.status == "void"
    assert loser.reason == f"duplicate of {first.number}, issued at the same moment" and loser.files == ()


def test_a_reservation_voided_meanwhile_is_not_issued(register_url: str) -> None:
    with open_register(register_url) as register:
        entry = register.reserve(_request())
        register.void(entry, "repaired too early")
        with pytest.raises(StoreError, match="is no longer reserved \\(void: repaired too early\\); it was not issued"):
            register.complete(entry, [StoredFile("pdf", "/out/a.pdf", "a" * 64)])
        assert register.by_sha256("a" * 64) == []  # the files rolled back with the status


def test_void_if_reserved_never_touches_an_issued_number(register_url: str) -> None:
    with open_register(register_url) as register:
        issued = register.reserve(_request())
        register.complete(issued, [StoredFile("pdf", "/out/a.pdf", "a" * 64)])
        reserved = register.reserve(_request())
        assert register.void_if_reserved(issued, "the batch stopped") is False
        assert register.void_if_reserved(reserved, "the batch stopped") is True
        assert [(e.number, e.status, e.reason) for e in register.entries()] == [
            (issued.number, "issued", None),
            (reserved.number, "void", "the batch stopped"),
        ]
