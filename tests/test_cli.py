"""The CLI contract, through CliRunner and through the installed `docgen` command."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.files import write_atomically
from docgen.inputs import load_records, parse_yaml
from docgen.samples import schema_path

from .conftest import SAMPLES
from .textutil import pdf_text

SAMPLE = str(SAMPLES / "offer_letter.yaml")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_types_lists_name_tab_title() -> None:
    result = run("types")
    assert result.exit_code == 0
    assert "offer_letter\t录用通知书" in result.stdout.splitlines()


def test_schema_prints_the_schema_file() -> None:
    result = run("schema", "offer_letter")
    assert result.exit_code == 0
    assert result.stdout == schema_path("offer_letter").read_text(encoding="utf-8")
    assert json.loads(result.stdout)["title"] == "offer_letter"


def test_sample_is_commented_and_valid(tmp_path: Path) -> None:
    result = run("sample", "offer_letter")
    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=")
    assert "# Base salary per month, before tax, in CNY\n  base_monthly: 15000.00" in result.stdout
    path = tmp_path / "offer.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    assert run("validate", "offer_letter", str(path)).exit_code == 0
    assert parse_yaml(result.stdout)["candidate"]["id_number"] == "310105199806154027"


def test_validate_reports_every_problem_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = (SAMPLES / "offer_letter.yaml").read_text(encoding="utf-8")
    text = text.replace("start_date: 2027-01-04", "start_date: 2027-02-30").replace("  name: 林晓雯", "  nmae: 林晓雯")
    path.write_text(text, encoding="utf-8")
    result = run("validate", "offer_letter", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: candidate.name: Field required",
        f"{path}: candidate.nmae: Extra inputs are not permitted",
        f"{path}: position.start_date: Input should be a valid date or datetime, day value is outside expected range",
    ]
    assert "Traceback" not in result.output


def test_a_total_too_large_for_words_fails_validate_and_issue_takes_no_number(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    text = (SAMPLES / "proposal.yaml").read_text(encoding="utf-8")
    first_line = 'quantity: "1"\n      unit: 项\n      unit_price: "30000.00"'
    assert first_line in text
    text = text.replace(first_line, 'quantity: "1000"\n      unit: 项\n      unit_price: "9999999999999.99"')
    path.write_text(text, encoding="utf-8")
    expected = f"{path}: quotation.lines.0.unit_price: 9999999999999.99 makes quotation.total "
    validated = run("validate", "proposal", str(path))
    assert validated.exit_code == 1
    assert validated.stderr.startswith(expected), validated.stderr
    db = str(tmp_path / "register.sqlite3")
    issued = run("issue", "proposal", str(path), "-f", "html", "-d", str(tmp_path / "out"), "--db", db)
    assert (issued.exit_code, issued.stdout) == (1, "")
    assert issued.stderr.startswith(expected), issued.stderr
    listed = run("register", "list", "--db", db)
    assert (listed.exit_code, listed.stdout) == (0, "")


def test_render_writes_a_draft_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    first = run("render", "offer_letter", SAMPLE, "--format", "pdf", "--locale", "zh_CN", "--output", str(out))
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == str(out)
    text = "".join(pdf_text(out.read_bytes()).split())
    assert "草稿" in text and "（草稿，签发时编号）" in text and "林晓雯" in text
    before = out.read_bytes()
    again = run("render", "offer_letter", SAMPLE, "--format", "pdf", "--output", str(out))
    assert again.exit_code == 1
    assert again.stderr.strip() == f"docgen: error: {out}: file exists; use --force to replace it"
    assert out.read_bytes() == before
    forced = run("render", "offer_letter", SAMPLE, "--format", "html", "--output", str(out), "--force")
    assert forced.exit_code == 0 and out.read_bytes().startswith(b"<!DOCTYPE html>")


def test_failed_render_leaves_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "tpl" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "document.html").write_text("<p>{{ doc.candidate.name }}</p><p>{{ nothing }}</p>", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run(
        "render", "offer_letter", SAMPLE, "-f", "pdf", "-o", str(out_dir / "x.pdf"), "--templates", str(folder.parent)
    )
    assert result.exit_code == 1
    assert "'nothing' is undefined" in result.stderr
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["render", "no_such_type", SAMPLE, "-o", "x.pdf"],
        ["render", "offer_letter", "missing.yaml", "-o", "x.pdf"],
        ["render", "offer_letter", SAMPLE, "-o", "x.pdf", "--format", "odt"],
        ["render", "offer_letter", SAMPLE, "-o", "x.pdf", "--locale", "fr_FR"],
        ["render", "offer_letter", SAMPLE],
        ["render", "offer_letter", SAMPLE, "-o", "x.pdf", "--no-such-option"],
        ["no-such-command"],
        ["schema", "no_such_type"],
        ["validate", "offer_letter", "missing.yaml"],
    ],
)
def test_command_line_mistakes_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "no_such_type", SAMPLE, "-o", "x.pdf"], "unknown document type 'no_such_type'; known types: "),
        (["validate", "offer_letter", "missing.yaml"], "missing.yaml: data file not found"),
        (
            ["render", "offer_letter", SAMPLE, "-o", "x.pdf", "-f", "odt"],
            "--format: 'odt' is not one of docx, html, pdf",
        ),
    ],
)
def test_usage_errors_are_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"docgen: error: {message}")


def test_malformed_yaml_is_one_line_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("candidate: [unclosed\n", encoding="utf-8")
    result = run("validate", "offer_letter", str(path))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{path}: malformed YAML: line 2")


def test_output_needs_exactly_one_record(tmp_path: Path) -> None:
    record = load_records(SAMPLE)[0].data
    many = tmp_path / "many.json"
    many.write_text(json.dumps([record, record], ensure_ascii=False), encoding="utf-8")
    assert run("validate", "offer_letter", str(many)).exit_code == 0
    result = run("render", "offer_letter", str(many), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "exactly one record, found 2" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_bad_project_file_is_reported_like_data(tmp_path: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text('[company]\nlegal_name = "X"\nuscc = "91310115MA1K4B7T6X"\n', encoding="utf-8")
    result = run("--config", str(config), "validate", "offer_letter", SAMPLE)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{config}: company.uscc: not a valid unified social credit code: "
        "The number's checksum or check digit is invalid.",
        f"{config}: company.address: Field required",
        f"{config}: company.phone: Field required",
        f"{config}: company.signatories.commercial: no signatory for commercial documents: "
        "give [company.signatories.commercial] (name, title), or one [company.signatory] for every kind",
        f"{config}: company.signatories.hr: no signatory for hr documents: "
        "give [company.signatories.hr] (name, title), or one [company.signatory] for every kind",
        f"{config}: company.signatories.finance: no signatory for finance documents: "
        "give [company.signatories.finance] (name, title), or one [company.signatory] for every kind",
    ]


def _installed_docgen() -> str:
    found = shutil.which("docgen", path=str(Path(sys.executable).parent))
    assert found, "the docgen command is not installed next to this Python"
    return found


def test_installed_command(tmp_path: Path) -> None:
    docgen = _installed_docgen()
    types = subprocess.run([docgen, "types"], capture_output=True, text=True, check=True)
    assert "offer_letter\t录用通知书" in types.stdout.splitlines()
    out = tmp_path / "letter.docx"
    rendered = subprocess.run(
        [docgen, "render", "offer_letter", SAMPLE, "--format", "docx", "--output", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stdout.strip() == str(out)
    unknown = subprocess.run([docgen, "render", "nope", SAMPLE, "-o", "x"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    assert run("render", "offer_letter", SAMPLE, "-f", "html", "-o", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]  # no temporary file left behind


def test_an_interrupted_write_leaves_no_part_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "x.html", b"<p>half</p>")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_devices_and_folders_are_never_replaced(tmp_path: Path, kind: str) -> None:
    # A FIFO stands in for /dev/null: a device must never be replaced, and a test must not risk the real one.
    path = tmp_path / kind
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    result = run("render", "offer_letter", SAMPLE, "-f", "html", "-o", str(path), "--force")
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    assert path.is_fifo() if kind == "fifo" else path.is_dir()


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_a_full_disk_leaves_the_old_file_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    out = tmp_path / "x.html"
    out.write_text("the old file", encoding="utf-8")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", full)
    else:
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullStream(fd, "wb"))
    result = run("render", "offer_letter", SAMPLE, "-f", "html", "-o", str(out), "--force")
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "the old file"
    assert [p.name for p in tmp_path.iterdir()] == ["x.html"]


class _FullStream(io.FileIO):
    """The temporary file, on a disk that is full."""

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_ctrl_c_while_writing_leaves_no_file(tmp_path: Path) -> None:
    from docgen.files import WrittenThenInterrupted, write_atomically_with

    def write(stream: io.BufferedWriter) -> None:
        stream.write(b"first half, ")
        os.kill(os.getpid(), signal.SIGINT)
        stream.write(b"second half")

    with pytest.raises(KeyboardInterrupt) as caught:
        write_atomically_with(tmp_path / "x.pdf", write)
    assert not isinstance(caught.value, WrittenThenInterrupted)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_a_file_is_put_in_place_says_where_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.files import WrittenThenInterrupted, write_atomically

    link = os.link

    def interrupted_link(source: str, target: str) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        link(source, target)

    monkeypatch.setattr(os, "link", interrupted_link)
    with pytest.raises(KeyboardInterrupt) as caught:
        write_atomically(tmp_path / "x.pdf", b"whole")
    assert isinstance(caught.value, WrittenThenInterrupted) and caught.value.path == tmp_path / "x.pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"] and (tmp_path / "x.pdf").read_bytes() == b"whole"


def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    from .registers import docgen_command

    # "\udc9b" reaches the child's argv as the raw byte 0x9B, which a terminal could take for CSI.
    target = tmp_path / "offer\udc9b.html"
    args = (
        "render",
        "offer_letter",
        str(SAMPLES / "offer_letter.yaml"),
        "-f",
        "html",
        "-l",
        "zh_CN",
        "-o",
        str(target),
    )
    command, env = docgen_command(*args)
    result = subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert target.is_file()
    assert result.stdout == f"{tmp_path}/offer\\udc9b.html\n".encode()


def test_a_reader_that_goes_away_is_no_internal_error() -> None:
    """`docgen types | head -1` style: the pipe's reader is gone before docgen writes."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "docgen", "types"], stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 1
