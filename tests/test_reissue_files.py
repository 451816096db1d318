"""Issuing an issued record again when its files are gone, or into another folder: the same number, written again.

Bytes the same as before change nothing in the register; other bytes add their hash, and every copy verifies.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen import pipeline
from docgen.store import open_register

from .conftest import SAMPLES
from .registers import lines, run

SAMPLE = str(SAMPLES / "offer_letter.yaml")


def _issue(url: str, out: Path, *extra: str) -> list[tuple[str, str]]:
    """HTML and DOCX by default; the DOCX's modified time makes its bytes differ from one second to the next."""
    extra = extra if "-f" in extra else ("-f", "html", "-f", "docx", *extra)
    result = run("issue", "offer_letter", SAMPLE, "-d", str(out), "--db", url, *extra)
    assert result.exit_code == 0, result.output
    return lines(result.stdout)


def _register(url: str) -> tuple[object, ...]:
    """Everything the register holds about its documents, and its events."""
    with open_register(url) as register:
        return tuple(
            register._db.query(f"SELECT * FROM {table} ORDER BY 1, 2")
            for table in ("docgen_documents", "docgen_files", "docgen_hashes", "docgen_events")
        )


def _every_path_exists(printed: list[tuple[str, str]]) -> None:
    assert printed and all(Path(path).is_file() for _, path in printed), printed


def test_deleted_files_are_written_again_under_the_same_number(register_url: str, tmp_path: Path) -> None:
    first = _issue(register_url, tmp_path, "-f", "html")
    before = _register(register_url)
    for _, path in first:
        Path(path).unlink()
    again = run("issue", "offer_letter", SAMPLE, "-f", "html", "-d", str(tmp_path), "--db", register_url)
    assert again.exit_code == 0, again.output
    assert lines(again.stdout) == first
    _every_path_exists(lines(again.stdout))
    assert "LY-2026-0001: already issued; its missing files were written again" in again.stderr
    assert _register(register_url) == before  # the same bytes: nothing changes in the register
    for _, path in first:
        assert run("verify", path, "--db", register_url).exit_code == 0


def test_another_output_folder_gets_its_own_copies(register_url: str, tmp_path: Path) -> None:
    first = _issue(register_url, tmp_path / "a", "-f", "html")
    before = _register(register_url)
    second = _issue(register_url, tmp_path / "b", "-f", "html")
    assert [number for number, _ in second] == ["LY-2026-0001"]
    assert [Path(path).parent for _, path in second] == [(tmp_path / "b").absolute()]
    _every_path_exists(first + second)
    assert _register(register_url) == before


def test_copies_in_place_are_not_rendered_again(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _issue(register_url, tmp_path)

    def no_rendering(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr(pipeline, "render_document", no_rendering)
    assert _issue(register_url, tmp_path, "--jobs", "1") == first


def test_other_bytes_add_their_hash_and_the_copy_already_sent_still_verifies(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [(number, html), _] = _issue(register_url, tmp_path / "a")
    sent = tmp_path / "sent.html"
    shutil.copy(html, sent)
    Path(html).unlink()
    render = pipeline.render_document

    def newer_renderer(*args: object, **kwargs: object) -> bytes:
        return render(*args, **kwargs) + b"\n"  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_document", newer_renderer)
    again = _issue(register_url, tmp_path / "a", "--jobs", "1")
    assert [n for n, _ in again] == [number, number]
    _every_path_exists(again)
    assert Path(html).read_bytes() != sent.read_bytes()
    for copy in (sent, Path(html)):
        verified = run("verify", str(copy), "--db", register_url)
        assert verified.exit_code == 0, verified.output
        assert verified.stdout.startswith(f"{number}\toffer_letter\t")
    with open_register(register_url) as register:
        [entry] = register.entries()
        assert entry.status == "issued" and len(register.hashes(entry.entity, number)) == 3
        assert {item.path for item in entry.files} == {path for _, path in again}
        register.check()
