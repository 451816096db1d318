"""Backing up a register while it is in use, and moving a SQLite register into PostgreSQL unchanged."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from .conftest import SAMPLES
from .registers import docgen_command, offer, run, write_data
from .test_held_keys import _issue as _issue_statement
from .test_held_keys import _with_contract, statement

SAMPLE = str(SAMPLES / "offer_letter.yaml")


def _issue(url: str, folder: Path, name: str = "林晓雯") -> str:
    folder.mkdir(parents=True, exist_ok=True)
    data = write_data(folder / f"{name}.json", offer(name))
    result = run("issue", "offer_letter", str(data), "-f", "html", "-d", str(folder), "--db", url)
    assert result.exit_code == 0, result.output
    return result.stdout.split("\t")[0]


def _issued(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM docgen_documents WHERE status = 'issued'").fetchone()[0])


def _check_elsewhere(url: str, heads: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """register check as another machine would run it: a copy is behind this machine's head by design."""
    monkeypatch.setenv("DOCGEN_REGISTER_HEADS", str(heads))
    result = run("register", "check", "--db", url)
    monkeypatch.delenv("DOCGEN_REGISTER_HEADS")
    return result.exit_code, result.output


def test_a_backup_taken_while_another_process_issues_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "register.sqlite3"
    _issue(str(database), tmp_path)
    batch = write_data(tmp_path / "batch.json", [offer(f"候选人{index}") for index in range(12)])
    command, env = docgen_command(
        "issue", "offer_letter", str(batch), "-f", "html", "-d", str(tmp_path / "out"), "--db", str(database)
    )
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    writer = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    copies: list[tuple[Path, int]] = []
    while writer.poll() is None and len(copies) < 20:
        before = _issued(database)
        copy = tmp_path / f"copy{len(copies)}.sqlite3"
        assert run("register", "backup", str(copy), "--db", str(database)).exit_code == 0
        copies.append((copy, before))
        time.sleep(0.1)
    _, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors
    assert len(copies) >= 2, "the writer finished before two backups could be taken"
    for index, (copy, before) in enumerate(copies):
        assert not Path(f"{copy}-wal").exists()
        assert _issued(copy) >= before  # everything committed before the backup began is in it
        code, output = _check_elsewhere(str(copy), tmp_path / f"heads{index}", monkeypatch)
        assert code == 0, (copy, output)


def test_a_backup_holds_what_is_committed_but_not_yet_checkpointed(tmp_path: Path) -> None:
    """A commit may still sit in the write-ahead log while the app keeps the register open; a copy of the
    file alone would lose it, SQLite's online backup does not."""
    database = tmp_path / "register.sqlite3"
    _issue(str(database), tmp_path)
    with closing(sqlite3.connect(database)) as app_open:  # the last connection to close would checkpoint
        app_open.execute("SELECT count(*) FROM docgen_documents").fetchone()
        _issue(str(database), tmp_path, "王芳")
        assert Path(f"{database}-wal").stat().st_size > 0
        copy = tmp_path / "copy.sqlite3"
        assert run("register", "backup", str(copy), "--db", str(database)).exit_code == 0
    assert _issued(copy) == 2


def test_a_backup_never_replaces_a_file_unless_forced(tmp_path: Path) -> None:
    database = tmp_path / "register.sqlite3"
    _issue(str(database), tmp_path)
    existing = tmp_path / "kept.sqlite3"
    existing.write_text("keep me", encoding="utf-8")
    refused = run("register", "backup", str(existing), "--db", str(database))
    assert refused.exit_code == 2
    assert f"{existing} already exists: give another file, or --force to replace it" in refused.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert run("register", "backup", str(existing), "--force", "--db", str(database)).exit_code == 0
    assert _issued(existing) == 1
    special = run("register", "backup", "/dev/null", "--force", "--db", str(database))
    assert special.exit_code == 2 and "cannot back up into /dev/null" in special.stderr
    onto_itself = run("register", "backup", str(database), "--force", "--db", str(database))
    assert onto_itself.exit_code == 2 and "onto itself" in onto_itself.stderr


def test_a_postgresql_backup_is_the_pg_dump_command_with_the_password_masked(tmp_path: Path) -> None:
    url = "postgresql://office:s3cret-pw@db.example:5432/register"
    result = run("register", "backup", str(tmp_path / "r.dump"), "--db", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"pg_dump --format=custom --file={tmp_path / 'r.dump'} --dbname 'postgresql://office:***@db.example:5432/register'"
    )
    assert "s3cret" not in result.output and not (tmp_path / "r.dump").exists()


def _table(url: str, sql: str) -> list[tuple[object, ...]]:
    from docgen.store import open_register

    with open_register(url) as register:
        return [tuple(row) for row in register._db.query(sql)]


_SAME = (
    "SELECT seq, at, kind, entity, number, body, mac FROM docgen_events ORDER BY seq",
    "SELECT * FROM docgen_register",
    "SELECT entity, type, year, last_seq FROM docgen_counters ORDER BY entity, type, year",
    "SELECT entity, number, data, status, issued_by, folded FROM docgen_documents ORDER BY number",
    "SELECT entity, number, format, path, sha256 FROM docgen_files ORDER BY number, format",
    "SELECT entity, number, format, sha256 FROM docgen_hashes ORDER BY number, format, sha256",
    "SELECT entity, number, position, clause_key, reference, text FROM docgen_clauses ORDER BY number, position",
    "SELECT entity, space, held_key, number, field FROM docgen_held_keys ORDER BY number, space",
    "SELECT entity, number, field, cited FROM docgen_citations ORDER BY number, field",
    "SELECT name, role, password_hash, disabled FROM docgen_accounts ORDER BY name",
    "SELECT token_sha256, name FROM docgen_tokens ORDER BY token_sha256",
)


def _filled_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    _issue(url, tmp_path, "林晓雯")
    _issue(url, tmp_path, "周杰")
    assert run("register", "void", "LY-2026-0002", "--reason", "sent by mistake", "--db", url).exit_code == 0
    _with_contract(url, tmp_path)  # a citation (the statement cites the contract) and a held key (a billed line)
    billed = _issue_statement(url, tmp_path, "statement", statement())
    assert billed.exit_code == 0, billed.output
    added = CliRunnerInput.add_user(url)
    assert added.exit_code == 0, added.output
    assert run("users", "token", "li", "--db", url).exit_code == 0
    return url


class CliRunnerInput:
    @staticmethod
    def add_user(url: str) -> object:
        from typer.testing import CliRunner

        from docgen.cli import app

        return CliRunner().invoke(
            app,
            ["users", "add", "li", "--role", "hr", "--password-stdin", "--db", url],
            input="a long enough passphrase\n",
        )


def test_a_sqlite_register_moves_into_postgresql_unchanged(tmp_path: Path, pg_url: str) -> None:
    source = _filled_sqlite(tmp_path)
    moved = run("register", "migrate", "--to", pg_url, "--db", source)
    assert moved.exit_code == 0, moved.output
    assert "docgen_events\t" in moved.stdout
    for sql in _SAME:
        assert _table(pg_url, sql) == _table(source, sql), sql
        assert _table(source, sql), f"nothing to compare: {sql}"
    check = run("register", "check", "--db", pg_url)
    assert check.exit_code == 0, check.output
    assert _issue(pg_url, tmp_path / "after", "王芳") == "LY-2026-0003"
    verified = run("verify", str(tmp_path / "LY-2026-0001.html"), "--db", pg_url)
    assert verified.exit_code == 0 and "LY-2026-0001" in verified.stdout


def test_a_move_into_a_register_already_in_use_is_refused_and_changes_nothing(tmp_path: Path, pg_url: str) -> None:
    source = _filled_sqlite(tmp_path)
    number = _issue(pg_url, tmp_path / "there", "陈静")
    before = _table(pg_url, _SAME[0])
    refused = run("register", "migrate", "--to", pg_url, "--db", source)
    assert refused.exit_code == 1
    assert "is not empty (docgen_clauses has 6 rows): move only into an empty database" in refused.stderr
    assert _table(pg_url, _SAME[0]) == before and number == "LY-2026-0001"


def test_a_move_into_a_register_docgen_only_created_is_accepted(tmp_path: Path, pg_url: str) -> None:
    source = _filled_sqlite(tmp_path)
    assert run("register", "check", "--db", pg_url).exit_code == 0  # creates the tables and the chain's start
    moved = run("register", "migrate", "--to", pg_url, "--db", source)
    assert moved.exit_code == 0, moved.output
    assert _table(pg_url, _SAME[0]) == _table(source, _SAME[0])
