"""docgen verify finds a document by the number in the file's own metadata, never by the file's name."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest

from .conftest import SAMPLES
from .registers import lines, run

SAMPLE = str(SAMPLES / "offer_letter.yaml")


@pytest.fixture
def issued(tmp_path: Path) -> tuple[str, dict[str, Path]]:
    """An offer letter issued as PDF and DOCX into a fresh register: its URL and the files by format."""
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    result = run("issue", "offer_letter", SAMPLE, "-f", "pdf", "-f", "docx", "-d", str(tmp_path / "out"), "--db", url)
    assert result.exit_code == 0, result.output
    return url, {Path(path).suffix.lstrip("."): Path(path) for _, path in lines(result.stdout)}


def altered_pdf(source: Path, target: Path) -> Path:
    """The PDF saved again by another program: other bytes, the same metadata."""
    with pikepdf.open(source) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(target)
    return target


def altered_docx(source: Path, target: Path) -> Path:
    """The Word file with one figure of its text changed, its core properties as issued."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                assert b"15,000.00" in data
                data = data.replace(b"15,000.00", b"25,000.00")
            new.writestr(item, data)
    target.write_bytes(buffer.getvalue())
    return target


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_renamed_download_still_verifies(issued: tuple[str, dict[str, Path]], tmp_path: Path, fmt: str) -> None:
    url, files = issued
    renamed = tmp_path / f"LY-2026-0001 (1).{fmt}"
    renamed.write_bytes(files[fmt].read_bytes())
    result = run("verify", str(renamed), "--db", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("LY-2026-0001\toffer_letter\t") and result.stdout.endswith("\tissued\n")


@pytest.mark.parametrize(("fmt", "alter"), [("pdf", altered_pdf), ("docx", altered_docx)])
def test_a_changed_and_renamed_copy_is_altered_naming_the_number_in_its_metadata(
    issued: tuple[str, dict[str, Path]], tmp_path: Path, fmt: str, alter: object
) -> None:
    url, files = issued
    copy = alter(files[fmt], tmp_path / f"合同 (1).{fmt}")  # type: ignore[operator]
    result = run("verify", str(copy), "--db", url)
    assert result.exit_code == 1
    assert result.stderr == f"docgen: error: {copy}: altered: its SHA-256 differs from the issued LY-2026-0001\n"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_changed_copy_of_a_void_number_says_void(
    issued: tuple[str, dict[str, Path]], tmp_path: Path, fmt: str
) -> None:
    url, files = issued
    assert run("register", "void", "LY-2026-0001", "--reason", "sent to the wrong person", "--db", url).exit_code == 0
    copy = (altered_pdf if fmt == "pdf" else altered_docx)(files[fmt], tmp_path / f"copy.{fmt}")
    result = run("verify", str(copy), "--db", url)
    assert result.exit_code == 1
    assert result.stderr == f"docgen: error: {copy}: LY-2026-0001 is void: sent to the wrong person\n"


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_file_without_a_number_is_unknown_whatever_its_name(
    issued: tuple[str, dict[str, Path]], tmp_path: Path, fmt: str
) -> None:
    """A draft (no number in it) named like the issued document is not that document altered: it is unknown."""
    url, _ = issued
    named_like_it = tmp_path / f"LY-2026-0001.{fmt}"
    drafted = run("render", "offer_letter", SAMPLE, "-f", fmt, "-o", str(named_like_it))
    assert drafted.exit_code == 0, drafted.output
    result = run("verify", str(named_like_it), "--db", url)
    assert result.exit_code == 1
    assert f"docgen: error: {named_like_it}: unknown: no document in the register" in result.stderr


def test_a_file_that_is_no_document_at_all_is_unknown(issued: tuple[str, dict[str, Path]], tmp_path: Path) -> None:
    url, _ = issued
    for name, data in (("LY-2026-0001.pdf", b"%PDF-1.7\nnot really"), ("LY-2026-0001.docx", b"PK\x03\x04broken")):
        path = tmp_path / name
        path.write_bytes(data)
        result = run("verify", str(path), "--db", url)
        assert result.exit_code == 1 and "unknown: no document in the register" in result.stderr, result.output
