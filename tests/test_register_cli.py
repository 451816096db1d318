"""docgen register list, void, seed and repair; separate number spaces per company."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from docgen.store import Request, open_register

from .conftest import SAMPLES
from .registers import docgen_process, entries, lines, offer, run, write_data

SAMPLE = str(SAMPLES / "offer_letter.yaml")
INJECTIONS = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)")


def _issue(url: str, data: str | Path, out: Path, *extra: str) -> list[tuple[str, str]]:
    result = run("issue", "offer_letter", str(data), "-f", "html", "-d", str(out), "--db", url, *extra)
    assert result.exit_code == 0, result.output
    return lines(result.stdout)


@pytest.fixture
def three(register_url: str, tmp_path: Path) -> str:
    """A register holding LY-2026-0001 (林晓雯, issued), LY-2026-0002 (Zhou Jie, void) and LY-2025-0001 (王芳)."""
    _issue(register_url, SAMPLE, tmp_path)
    _issue(register_url, write_data(tmp_path / "zhou.json", offer("Zhou Jie")), tmp_path)
    _issue(register_url, write_data(tmp_path / "wang.json", offer("王芳", issue_date="2025-06-01")), tmp_path)
    assert run("register", "void", "LY-2026-0002", "--reason", "offer withdrawn", "--db", register_url).exit_code == 0
    return register_url


def _numbers(url: str, *args: str) -> list[str]:
    result = run("register", "list", "--db", url, *args)
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def test_list_filters_by_type_year_status_and_search(three: str) -> None:
    assert _numbers(three) == ["LY-2025-0001", "LY-2026-0001", "LY-2026-0002"]
    assert _numbers(three, "--year", "2026") == ["LY-2026-0001", "LY-2026-0002"]
    assert _numbers(three, "--status", "void") == ["LY-2026-0002"]
    assert _numbers(three, "--type", "offer_letter", "--status", "issued") == ["LY-2025-0001", "LY-2026-0001"]
    assert _numbers(three, "--type", "nda") == []
    assert _numbers(three, "--search", "林晓雯") == ["LY-2026-0001"]  # a candidate
    assert _numbers(three, "--search", "zhou jie") == ["LY-2026-0002"]  # case does not matter
    assert _numbers(three, "--search", "2025-0001") == ["LY-2025-0001"]  # a number
    assert _numbers(three, "--search", "云帆") == ["LY-2025-0001", "LY-2026-0001", "LY-2026-0002"]  # the company
    assert _numbers(three, "--search", "100%_") == []  # LIKE wildcards are plain text


def test_list_lines_and_json(three: str) -> None:
    result = run("register", "list", "--db", three, "--status", "void")
    number, status, type_name, when, company, reason, issued_by, voided_by = result.stdout.rstrip("\n").split("\t")
    assert datetime.fromisoformat(when).tzinfo is not None and issued_by and voided_by
    assert (number, status, type_name, company, reason) == (
        "LY-2026-0002",
        "void",
        "offer_letter",
        "上海云帆电子商务运营有限公司",
        "offer withdrawn",
    )
    [item] = json.loads(run("register", "list", "--db", three, "--json", "--year", "2025").stdout)
    assert item["number"] == "LY-2025-0001" and item["status"] == "issued" and item["formats"] == ["html"]
    assert len(item["files"][0]["sha256"]) == 64


def test_list_refuses_two_exports_and_unknown_status(three: str, tmp_path: Path) -> None:
    assert run("register", "list", "--db", three, "--json", "--csv").exit_code == 2
    assert run("register", "list", "--db", three, "--status", "lost").exit_code == 2


def _injected(register_url: str, tmp_path: Path) -> None:
    """Entries whose company name and void reasons start like formulas."""
    for index, text in enumerate(INJECTIONS):
        data = offer(f"候选人{index}", company={"legal_name": text})
        [(number, _)] = _issue(register_url, write_data(tmp_path / f"{index}.json", data), tmp_path)
        assert run("register", "void", number, "--reason", text, "--db", register_url).exit_code == 0


def test_csv_writes_formula_like_cells_as_text(register_url: str, tmp_path: Path) -> None:
    _injected(register_url, tmp_path)
    result = run("register", "list", "--db", register_url, "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["company"], row["reason"]) for row in rows] == [(f"'{text}", f"'{text}") for text in INJECTIONS]
    assert rows[0]["number"] == "LY-2026-0001"  # ordinary cells are left alone


def test_xlsx_writes_formula_like_cells_as_text(register_url: str, tmp_path: Path) -> None:
    _injected(register_url, tmp_path)
    book = tmp_path / "register.xlsx"
    result = run("register", "list", "--db", register_url, "--xlsx", str(book))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(book) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere
    sheet = openpyxl.load_workbook(book).active
    header = [cell.value for cell in sheet[1]]
    company, reason = header.index("company"), header.index("reason")
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[company].value, row[reason].value) for row in rows] == [(text, text) for text in INJECTIONS]
    assert all(row[reason].data_type == "s" and row[reason].quotePrefix for row in rows)
    again = run("register", "list", "--db", register_url, "--xlsx", str(book))
    assert again.exit_code == 1 and "file exists" in again.stderr


def test_void_needs_a_reason_and_a_known_number_and_happens_once(three: str) -> None:
    assert run("register", "void", "LY-2026-0001", "--db", three).exit_code == 2
    assert run("register", "void", "LY-2026-0001", "--reason", "  ", "--db", three).exit_code == 2
    unknown = run("register", "void", "LY-2026-0099", "--reason", "typo", "--db", three)
    assert unknown.exit_code == 1 and "LY-2026-0099 is not in the register" in unknown.stderr
    twice = run("register", "void", "LY-2026-0002", "--reason", "again", "--db", three)
    assert twice.exit_code == 1 and "already void: offer withdrawn" in twice.stderr
    done = run("register", "void", "LY-2026-0001", "--reason", "candidate declined", "--db", three)
    assert done.stdout == "LY-2026-0001\tvoid\tcandidate declined\n"


def test_seed_continues_a_hand_kept_sequence_and_never_goes_back(register_url: str, tmp_path: Path) -> None:
    seed = ("register", "seed", "offer_letter", "--year", "2026", "--db", register_url)
    assert run(*seed, "--next", "42").exit_code == 0
    assert _issue(register_url, SAMPLE, tmp_path)[0][0] == "LY-2026-0042"
    backwards = run(*seed, "--next", "42")
    assert backwards.exit_code == 1
    assert "LY-2026-0042 is already used; --next must be at least 43" in backwards.stderr
    assert run(*seed, "--next", "0").exit_code == 1
    assert run(*seed, "--next", "50").exit_code == 0
    assert _issue(register_url, write_data(tmp_path / "b.json", offer("周杰")), tmp_path)[0][0] == "LY-2026-0050"
    assert run("register", "seed", "offer_letter", "--year", "2025", "--next", "7", "--db", register_url).exit_code == 0
    other_year = write_data(tmp_path / "c.json", offer("王芳", issue_date="2025-05-05"))
    assert _issue(register_url, other_year, tmp_path)[0][0] == "LY-2025-0007"
    assert run("register", "seed", "invoice", "--year", "2026", "--next", "1", "--db", register_url).exit_code == 2


def test_two_companies_have_separate_number_spaces(register_url: str, tmp_path: Path) -> None:
    branch = {"legal_name": "杭州云帆电子商务有限公司", "uscc": "91330106MA2B0Y8R48"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _issue(register_url, SAMPLE, tmp_path / "a")[0][0] == "LY-2026-0001"
    other = write_data(tmp_path / "hz.json", offer("周杰", company=branch))
    assert _issue(register_url, other, tmp_path / "b")[0][0] == "LY-2026-0001"
    assert _issue(register_url, write_data(tmp_path / "c.json", offer("王芳")), tmp_path / "a")[0][0] == "LY-2026-0002"
    assert {(entry.entity, entry.number) for entry in entries(register_url)} == {
        ("91310115MA1K4B7T6N", "LY-2026-0001"),
        ("91310115MA1K4B7T6N", "LY-2026-0002"),
        ("91330106MA2B0Y8R48", "LY-2026-0001"),
    }
    ambiguous = run("register", "void", "LY-2026-0001", "--reason", "x", "--db", register_url)
    assert ambiguous.exit_code == 1 and "several companies" in ambiguous.stderr
    voided = run("register", "void", "LY-2026-0001", "--reason", "x", "--entity", branch["uscc"], "--db", register_url)
    assert voided.exit_code == 0, voided.output
    seeded = ("register", "seed", "offer_letter", "--year", "2026", "--next", "9", "--db", register_url)
    assert run(*seeded, "--entity", branch["uscc"]).exit_code == 0
    third = write_data(tmp_path / "d.json", offer("李雷", company=branch))
    assert _issue(register_url, third, tmp_path / "b")[0][0] == "LY-2026-0009"


def _reserve(url: str, seq_owner_pid: int | None = None) -> str:
    """A reservation as a process would leave it, owned by seq_owner_pid (default: this process)."""
    request = Request(
        "91310115MA1K4B7T6N", "云帆", "offer_letter", 2026, "LY-{yyyy}-{seq:04}", "zh_CN", ("pdf",), "{}", "k"
    )
    with open_register(url) as register:
        entry = register.reserve(request)
    if seq_owner_pid is not None:
        with open_register(url) as register:
            register._db.change("UPDATE docgen_documents SET pid = ? WHERE number = ?", (seq_owner_pid, entry.number))
    return entry.number


def test_repair_voids_only_reservations_whose_process_is_gone(register_url: str) -> None:
    ours = _reserve(register_url)  # this process is alive: its reservation may still complete
    gone = _reserve(register_url, seq_owner_pid=2**22 + 12345)  # above the kernel's pid limit: never a live process
    result = run("register", "repair", "--db", register_url)
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{gone}\tvoid\tabandoned: process {2**22 + 12345} on ")
    assert [entry.number for entry in entries(register_url, status="reserved")] == [ours]
    stale = run("register", "repair", "--older-than", "0", "--db", register_url)
    assert stale.stdout.startswith(f"{ours}\tvoid\tabandoned: still reserved after 0 minutes")
    assert entries(register_url, status="reserved") == []


# Stored text that could drive a terminal: an OSC title change, a line wipe, a C1 CSI, a bidi override.
HOSTILE = "\x1b]0;owned\x07\r\x1b[2K\x9b2J\u202e"
HOSTILE_SHOWN = "\\x1b]0;owned\\x07\\x0d\\x1b[2K\\u009b2J\\u202e"


def _stored_straight(url: str, number: str, **columns: str) -> None:
    """Change a row the way another client could, straight in the database, past docgen's checks."""
    with open_register(url) as register:
        sets = ", ".join(f"{column} = ?" for column in columns)
        register._db.change(f"UPDATE docgen_documents SET {sets} WHERE number = ?", (*columns.values(), number))


def _no_controls(text: str) -> None:
    assert not any((ord(char) < 0x20 and char not in "\t\n") or 0x7F <= ord(char) < 0xA0 for char in text), repr(text)
    assert "\u202e" not in text


@pytest.mark.parametrize("reason", ["\x1b]0;owned\x07", "ok\r\x1b[2K", "ok\x9b2J", "ok\u202eko", "a\nb", "\udc9b"])
def test_void_refuses_control_characters_in_the_reason(three: str, reason: str) -> None:
    result = run("register", "void", "LY-2026-0001", "--reason", reason, "--db", three)
    assert result.exit_code == 2, result.output
    assert "docgen: error: --reason: character U+" in result.stderr and "is not allowed" in result.stderr
    _no_controls(result.stderr)
    assert [entry.status for entry in entries(three, year=2026)] == ["issued", "void"]


@pytest.mark.parametrize(
    "args",
    [
        ("void", "LY-2026\x1b[2J", "--reason", "typo"),
        ("void", "LY-2026-0001", "--reason", "typo", "--entity", "\x9b"),
        ("list", "--search", "\x1b]0;x\x07"),
        ("list", "--type", "\udc9b"),
    ],
)
def test_register_commands_refuse_control_characters_in_what_they_look_up(three: str, args: tuple[str, ...]) -> None:
    result = run("register", *args, "--db", three)
    assert result.exit_code == 2, result.output
    assert "is not allowed" in result.stderr and "internal error" not in result.stderr
    _no_controls(result.stderr)


def test_list_prints_stored_controls_escaped_in_every_format(three: str, tmp_path: Path) -> None:
    _stored_straight(three, "LY-2026-0002", reason=HOSTILE, entity_name=f"云帆{HOSTILE}")
    shown = run("register", "list", "--db", three, "--status", "void")
    assert shown.exit_code == 0, shown.output
    _no_controls(shown.stdout)
    [cells] = [line.split("\t") for line in shown.stdout.splitlines()]
    assert (cells[4], cells[5]) == (f"云帆{HOSTILE_SHOWN}", HOSTILE_SHOWN)
    as_json = run("register", "list", "--db", three, "--status", "void", "--json")
    _no_controls(as_json.stdout)
    assert json.loads(as_json.stdout)[0]["reason"] == HOSTILE  # JSON escapes lose nothing
    as_csv = run("register", "list", "--db", three, "--status", "void", "--csv")
    _no_controls(as_csv.stdout)
    [row] = csv.DictReader(io.StringIO(as_csv.stdout))
    assert row["reason"] == HOSTILE_SHOWN
    book = tmp_path / "register.xlsx"
    assert run("register", "list", "--db", three, "--xlsx", str(book)).exit_code == 0
    reasons = [row[13].value for row in openpyxl.load_workbook(book).active.iter_rows(min_row=2)]
    assert HOSTILE_SHOWN in reasons


def test_errors_and_verify_print_stored_controls_escaped(register_url: str, tmp_path: Path) -> None:
    [(number, path)] = _issue(register_url, SAMPLE, tmp_path)
    _stored_straight(register_url, number, status="void", reason=HOSTILE)
    again = run("register", "void", number, "--reason", "again", "--db", register_url)
    assert again.exit_code == 1 and f"already void: {HOSTILE_SHOWN}" in again.stderr
    # Written straight into the database, the row no longer matches the register's chain: verify says so.
    verified = run("verify", path, "--db", register_url)
    assert verified.exit_code == 1 and "the row was edited" in verified.stderr and "\\x1b]0;owned" in verified.stderr
    for result in (again, verified):
        _no_controls(result.stderr)


def test_the_register_stores_reasons_it_is_given_escaped(three: str) -> None:
    with open_register(three) as register:
        register.void(register.resolve("LY-2026-0001"), f"issue failed: {HOSTILE}")
    [entry] = entries(three, year=2026, status="void", search="LY-2026-0001")
    assert entry.reason == f"issue failed: {HOSTILE_SHOWN}"


def test_a_byte_that_is_not_utf8_on_the_command_line_gets_a_plain_message(three: str) -> None:
    # "\udc9b" reaches the child's argv as the raw byte 0x9B, which Python reads back as U+DC9B.
    for args in (["void", "LY-2026-0001", "--reason", "\udc9b"], ["void", "\udc9b", "--reason", "typo"]):
        result = docgen_process("register", *args, "--db", three)
        assert result.returncode == 2, result.stderr
        assert (
            "character U+DC9B (an unpaired surrogate, e.g. a byte that is not UTF-8) at position 1 is not allowed"
            in result.stderr
        )
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_bytes_that_are_not_utf8_stored_by_another_client_are_listed_escaped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    _issue(url, SAMPLE, tmp_path)
    with sqlite3.connect(tmp_path / "register.sqlite3") as db:
        db.execute("UPDATE docgen_documents SET reason = CAST(X'9B1B' AS TEXT)")
    shown = run("register", "list", "--db", url)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.rstrip("\n").split("\t")[5] == "\\x9b\\x1b"


def test_derive_from_a_name_with_a_byte_that_is_not_utf8_finds_no_file(three: str, tmp_path: Path) -> None:
    target = tmp_path / "contract.yaml"
    result = run("derive", "service_contract", "--from", "LY\udc9b", "--output", str(target), "--db", three)
    assert result.exit_code == 2, result.output
    assert result.stderr == "docgen: error: LY\\udc9b: data file not found\n"
