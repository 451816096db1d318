"""The register's chain: whoever edits the database without the key is caught by register check, verify and doctor.

Each tampering test runs on SQLite and on PostgreSQL (see conftest.register_url).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from pathlib import Path

import pytest

from docgen.store import open_register, schema
from docgen.store.chain import Event, key_file

from .conftest import SAMPLES
from .registers import offer, run, write_data

SAMPLE = str(SAMPLES / "offer_letter.yaml")


def _issue_two(url: str, folder: Path) -> Path:
    """LY-2026-0001 issued and LY-2026-0002 issued then voided; the path of LY-2026-0002's file."""
    other = write_data(folder / "other.json", offer("周杰"))
    for data in (SAMPLE, str(other)):
        result = run("issue", "offer_letter", data, "-f", "html", "-d", str(folder), "--db", url)
        assert result.exit_code == 0, result.output
    assert run("register", "void", "LY-2026-0002", "--reason", "sent by mistake", "--db", url).exit_code == 0
    return folder / "LY-2026-0002.html"


def _sql(url: str, statement: str, *params: object) -> None:
    with open_register(url) as register:
        register._db.change(statement, params)


def _check(url: str) -> tuple[int, str]:
    result = run("register", "check", "--db", url)
    return result.exit_code, result.stdout + result.stderr


def _events(url: str) -> list[Event]:
    with open_register(url) as register:
        return [Event(*row) for row in register._db.query("SELECT * FROM docgen_events ORDER BY seq")]


def test_an_untouched_register_checks_out(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    code, output = _check(register_url)
    assert code == 0, output
    # start; reserve and issue twice; void
    assert output.startswith("ok\tchain\t6 events verified since ") and "head at event 6" in output


def test_a_void_row_set_back_to_issued_is_caught(register_url: str, tmp_path: Path) -> None:
    voided = _issue_two(register_url, tmp_path)
    assert run("verify", str(voided), "--db", register_url).exit_code == 1
    _sql(register_url, "UPDATE docgen_documents SET status = 'issued', reason = NULL WHERE number = 'LY-2026-0002'")
    code, output = _check(register_url)
    assert code == 1
    assert "LY-2026-0002: its row says reason None, its events say 'sent by mistake': the row was edited" in output
    verified = run("verify", str(voided), "--db", register_url)
    assert verified.exit_code == 1
    assert "the register cannot vouch for it: LY-2026-0002: its row says" in verified.stderr


def test_why_the_register_cannot_vouch_is_worded_in_the_language_whole(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chain's fault inside verify's reason is translated too, not left in English inside a Chinese frame."""
    voided = _issue_two(register_url, tmp_path)
    _sql(register_url, "UPDATE docgen_documents SET status = 'issued', reason = NULL WHERE number = 'LY-2026-0002'")
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    verified = run("verify", str(voided), "--db", register_url)
    assert verified.exit_code == 1
    assert (
        "登记簿无法为它作担保：LY-2026-0002: 记录中的 reason 为 None，事件中为 'sent by mistake': 记录已被修改"
        in verified.stderr
    )


def test_an_edited_event_with_every_later_mac_recomputed_without_the_key_is_caught(
    register_url: str, tmp_path: Path
) -> None:
    _issue_two(register_url, tmp_path)
    _sql(register_url, "UPDATE docgen_documents SET status = 'issued', reason = NULL WHERE number = 'LY-2026-0002'")
    events = _events(register_url)
    void = events[-1]
    assert void.kind == "void"
    # Make the void an issue again, then chain every event from there on with a key of one's own.
    forged = Event(void.seq, void.at, "issue", void.entity, void.number, '{"files":[]}', "")
    guess = b"not the register's key"
    previous = events[-2].mac
    mac = hmac.new(guess, f"{previous}\n{forged.canonical()}".encode(), hashlib.sha256).hexdigest()
    _sql(
        register_url,
        "UPDATE docgen_events SET kind = ?, body = ?, mac = ? WHERE seq = ?",
        *("issue", forged.body, mac, void.seq),
    )
    code, output = _check(register_url)
    assert code == 1
    assert f"the chain is broken at event {void.seq} (issue LY-2026-0002): its MAC does not match" in output


def test_deleting_the_last_events_is_caught_by_the_head_kept_outside(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    # Undo the void entirely: the row as before it, and its event gone. What is left is a valid, shorter chain.
    _sql(register_url, "UPDATE docgen_documents SET status = 'issued', reason = NULL WHERE number = 'LY-2026-0002'")
    _sql(register_url, "DELETE FROM docgen_events WHERE seq = 6")
    code, output = _check(register_url)
    assert code == 1
    assert "the chain ends at event 5 but this machine last saw event 6: events were deleted" in output


def test_a_deleted_row_is_caught(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    for table in ("docgen_clauses", "docgen_citations", "docgen_files", "docgen_hashes", "docgen_documents"):
        _sql(register_url, f"DELETE FROM {table} WHERE number = 'LY-2026-0001'")
    code, output = _check(register_url)
    assert code == 1
    assert "LY-2026-0001 (91310115MA1K4B7T6N) is not in the register's rows: a row was added or deleted" in output


def test_a_deleted_middle_event_is_caught(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    _sql(register_url, "DELETE FROM docgen_events WHERE seq = 3")
    code, output = _check(register_url)
    assert code == 1 and "the chain is broken at event 3: it is missing" in output


def test_the_key_file_is_made_once_private_and_the_environment_can_give_it_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    monkeypatch.setenv("DOCGEN_REGISTER_KEY", "a server's own key, kept in its secrets")
    _issue_two(url, tmp_path)
    assert not key_file().exists()
    assert _check(url)[0] == 0
    monkeypatch.setenv("DOCGEN_REGISTER_KEY", "another key, from another machine")
    code, output = _check(url)
    assert code == 1 and "the chain is broken at event 1 (start): its MAC does not match" in output
    refused = run("issue", "offer_letter", SAMPLE, "-f", "docx", "-d", str(tmp_path), "--db", url)
    assert refused.exit_code == 1 and "does not verify with this machine's register key" in refused.stderr
    monkeypatch.delenv("DOCGEN_REGISTER_KEY")
    second = f"sqlite:///{tmp_path / 'second.sqlite3'}"
    with open_register(second):
        pass
    assert stat.S_IMODE(os.stat(key_file()).st_mode) == 0o600
    key = key_file().read_bytes()
    with open_register(f"sqlite:///{tmp_path / 'third.sqlite3'}"):
        pass
    assert key_file().read_bytes() == key and len(key.strip()) == 64


def test_an_older_register_starts_its_chain_at_the_upgrade(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old.setattr(schema, "SCHEMA_VERSION", 1)
        with open_register(register_url) as register:
            register._db.change(
                "INSERT INTO docgen_documents (entity, number, entity_name, type, year, seq, locale, formats, "
                "request_key, data, status, reserved_at, issued_at, issued_by, host, pid) VALUES "
                "('E', 'LY-2025-0001', '云帆', 'offer_letter', 2025, 1, 'zh_CN', 'html', 'k', '{}', 'issued', "
                "'2025-01-01', '2025-01-01', 'hr', 'pc', 1)"
            )
            register._db.change(
                "INSERT INTO docgen_files VALUES ('E', 'LY-2025-0001', 'html', '/old/LY-2025-0001.html', ?)",
                ("c" * 64,),
            )
    code, output = _check(register_url)
    assert code == 0, output
    assert "2 events verified" in output
    assert "started when the register was upgraded: the history of its 1 earlier documents" in output
    with open_register(register_url) as register:
        assert [entry.number for entry in register.by_sha256("c" * 64)] == ["LY-2025-0001"]
    _sql(register_url, "UPDATE docgen_documents SET status = 'void', reason = 'x' WHERE number = 'LY-2025-0001'")
    assert _check(register_url)[0] == 1


def test_doctor_names_the_broken_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    _issue_two(url, tmp_path)
    monkeypatch.setenv("DOCGEN_DB", url)
    healthy = run("doctor")
    assert "ok    chain            6 events verified" in healthy.stdout
    _sql(url, "DELETE FROM docgen_events WHERE seq = 6")
    broken = run("doctor")
    assert broken.exit_code == 1
    assert "FAIL  chain            the chain ends at event 5 but this machine last saw event 6" in broken.stdout


def test_doctor_creates_no_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_DB", str(tmp_path / "none.sqlite3"))
    assert "ok    chain            no chained register yet" in run("doctor").stdout
    assert not (tmp_path / "none.sqlite3").exists()
