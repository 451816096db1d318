"""Hostile and odd workbooks, written part by part: only the cells that exist are read, within stated bounds."""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl.utils.cell import get_column_letter
from typer.testing import CliRunner

from docgen import xlsx
from docgen.cli import app
from docgen.errors import InvalidData
from docgen.inputs import load_records
from docgen.registry import get_type
from docgen.spreadsheet import column_limit

from .test_spreadsheet import HEADERS, _row

OFFER = get_type("offer_letter")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT = Path(__file__).resolve().parent.parent


def _cell(reference: str, value: Any) -> str:
    """A cell as Excel writes it: text inline, numbers bare, ("e", "#N/A") as a cell of that type."""
    if isinstance(value, tuple):
        kind, text = value
        return f'<c r="{reference}" t="{kind}"><v>{escape(text)}</v></c>'
    if isinstance(value, str):
        return f'<c r="{reference}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{reference}"><v>{value}</v></c>'


def _sheet_xml(rows: list[list[Any]], dimension: str = "A1", extra: str = "") -> str:
    body = "".join(
        f'<row r="{number}">'
        + "".join(_cell(f"{get_column_letter(column)}{number}", v) for column, v in enumerate(row, 1) if v is not None)
        + "</row>"
        for number, row in enumerate(rows, start=1)
    )
    return f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>{body}{extra}</sheetData></worksheet>'


def _workbook(
    path: Path,
    sheets: list[tuple[str, str, str]],  # (name, state, sheet XML)
    strings: list[str] = (),  # type: ignore[assignment]
) -> Path:
    entries = "".join(
        f'<sheet name="{name}" sheetId="{n}" {f"state={state!r} " if state else ""}r:id="rId{n}"/>'
        for n, (name, state, _) in enumerate(sheets, start=1)
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    relations += f'<Relationship Id="rS" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="r1" Type="{DOC_RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{entries}</sheets></workbook>'
        )
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELS}">{relations}</Relationships>')
        shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{shared}</sst>')
        for n, (_, _, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", xml)
    return path


def _content_types(sheets: int) -> str:
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = [("/xl/workbook.xml", "sheet.main"), ("/xl/sharedStrings.xml", "sharedStrings")]
    parts += [(f"/xl/worksheets/sheet{n}.xml", "worksheet") for n in range(1, sheets + 1)]
    overrides = "".join(f'<Override PartName="{name}" ContentType="{ml}.{kind}+xml"/>' for name, kind in parts)
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def _one_sheet(path: Path, rows: list[list[Any]], dimension: str = "A1", extra: str = "", **options: Any) -> Path:
    return _workbook(path, [("Sheet1", "", _sheet_xml([HEADERS, *rows], dimension, extra))], **options)


def _problems(path: Path, **options: Any) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        load_records(path, OFFER, **options)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- the dimension tag


@pytest.mark.parametrize("dimension", ["A1", "A1:O2", "A1:XFD1048576"])
def test_every_row_with_data_is_read_whatever_the_dimension_says(tmp_path: Path, dimension: str) -> None:
    path = _one_sheet(tmp_path / "stale.xlsx", [_row("王小明"), _row("李雷"), _row("韩梅梅")], dimension)
    records = load_records(path, OFFER)
    assert [(r.row, r.data["candidate"]["name"]) for r in records] == [(2, "王小明"), (3, "李雷"), (4, "韩梅梅")]


def test_validate_counts_every_row_beyond_a_stale_dimension(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "stale.xlsx", [_row("王小明"), _row("李雷"), _row("韩梅梅")], "A1")
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{path}: 3 valid offer_letter record(s)\n"


def _claims_to_be_huge(path: Path) -> Path:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _one_sheet(path, [_row()], "A1:XFD1048576", extra=far)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))


def test_a_tiny_workbook_claiming_to_be_huge_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = _claims_to_be_huge(tmp_path / "hostile.xlsx")
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "validate", "offer_letter", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path)},
    )
    assert result.returncode == 1, result.stderr
    columns = f"{column_limit(OFFER):,}"
    assert result.stderr.splitlines() == [
        f"{path}: sheet 'Sheet1' is wider than its document type's {columns} columns (a cell at XFD1048576)"
    ]


def test_a_sheet_wider_than_the_types_columns_is_refused(tmp_path: Path) -> None:
    limit = column_limit(OFFER)
    assert 20 < limit < xlsx.EXCEL_COLUMNS
    beyond = get_column_letter(limit + 1)
    path = _one_sheet(tmp_path / "wide.xlsx", [[*_row(), *[None] * (limit - len(HEADERS)), "x"]])
    assert _problems(path) == [
        f"{path}: sheet 'Sheet1' is wider than its document type's {limit:,} columns (a cell at {beyond}2)"
    ]


def test_a_sheet_longer_than_the_row_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    rows = [_row(f"候选人{n}") for n in range(3)]
    assert len(load_records(_one_sheet(tmp_path / "three.xlsx", rows), OFFER)) == 3
    path = _one_sheet(tmp_path / "four.xlsx", [*rows, _row("多一个")])
    assert _problems(path) == [f"{path}: sheet 'Sheet1' has more than 3 rows; split it into files of at most that many"]


def test_cells_without_values_count_for_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    styled = '<row r="900000"><c r="XFD900000" s="0"/></row>'  # a formatted, empty cell far away
    path = _one_sheet(tmp_path / "styled.xlsx", [_row()], "A1:XFD900000", extra=styled)
    assert len(load_records(path, OFFER)) == 1


def test_a_sheet_without_a_header_row_or_with_rows_out_of_order_is_refused(tmp_path: Path) -> None:
    headless = _sheet_xml([[], HEADERS, _row()])
    path = _workbook(tmp_path / "headless.xlsx", [("Sheet1", "", headless)])
    assert _problems(path) == [
        f"{path}: sheet 'Sheet1' has nothing in row 1 but data in row 2; row 1 must name the columns"
    ]
    shuffled = _sheet_xml([HEADERS, _row(), _row()]).replace('<row r="3">', '<row r="2">', 1)
    path = _workbook(tmp_path / "shuffled.xlsx", [("Sheet1", "", shuffled)])
    assert _problems(path) == [
        f"{path}: sheet 'Sheet1' lists row 2 after row 2; open the file in Excel and save it again"
    ]


# ---------------------------------------------------------------- unpacked size


class _Counted(xlsx._Bounded):
    """The reader's stream, counting the bytes it hands to the parser."""

    total = 0

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        _Counted.total += len(data)
        return data


def test_a_workbook_unpacking_past_the_bound_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_sheet(tmp_path / "bomb.xlsx", [_row("x" * (xlsx.MAX_UNPACKED + 1))])
    assert path.stat().st_size < 1_000_000
    monkeypatch.setattr(xlsx, "_Bounded", _Counted)
    monkeypatch.setattr(_Counted, "total", 0)
    limit = xlsx.MAX_UNPACKED // 2**20
    assert _problems(path) == [f"{path}: the workbook unpacks to more than {limit} MB; docgen reads at most that"]
    assert _Counted.total < 10_000  # the small parts only: the sheet itself was never parsed


def test_a_workbook_with_large_pictures_is_bounded_by_the_parts_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_sheet(tmp_path / "logo.xlsx", [_row()])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/media/image1.png", b"\0" * 200_000)
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 100_000)
    assert len(load_records(path, OFFER)) == 1


def test_reading_stops_at_the_bound_even_when_the_directory_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _one_sheet(tmp_path / "liar.xlsx", [_row("x" * 200_000)])
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 100_000)
    monkeypatch.setattr(xlsx._Workbook, "_declared_within_bound", lambda self, part: part)  # sizes that claim to fit
    assert _problems(path) == [f"{path}: the workbook unpacks to more than 0 MB; docgen reads at most that"]


def test_a_cell_of_more_than_10_mb_of_text_is_refused_while_it_is_read(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "long.xlsx", [_row("x" * 11_000_000)])
    assert _problems(path) == [f"{path}: a cell holds more than 10 MB of text; no field takes that much"]


# ---------------------------------------------------------------- sheets


def _named(path: Path, first_state: str) -> Path:
    hidden = _sheet_xml([HEADERS, _row("隐藏的人")])
    shown = _sheet_xml([HEADERS, _row("看得见的人")])
    return _workbook(path, [("草稿", first_state, hidden), ("2027届", "", shown)])


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_the_first_visible_sheet_is_read_and_a_hidden_one_only_by_name(tmp_path: Path, state: str) -> None:
    path = _named(tmp_path / "hidden.xlsx", state)
    assert load_records(path, OFFER)[0].data["candidate"]["name"] == "看得见的人"
    assert load_records(path, OFFER, sheet="草稿")[0].data["candidate"]["name"] == "隐藏的人"


def test_a_workbook_of_hidden_sheets_only_is_refused(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "h.xlsx", [("草稿", "hidden", _sheet_xml([HEADERS, _row()]))])
    assert _problems(path) == [f"{path}: the workbook has no visible sheet; name one with --sheet"]


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize("error", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!"])
def test_excel_error_values_are_refused(tmp_path: Path, error: str) -> None:
    path = _one_sheet(tmp_path / "e.xlsx", [_row(("e", error))])
    assert _problems(path) == [f"{path}:row 2: candidate.name: the cell holds the Excel error {error}"]


DATE, PAY, NAME = ("入职日期", "position.start_date"), ("基本工资", "pay.base_monthly"), ("姓名", "candidate.name")
ODD_CELLS = [
    pytest.param(DATE, 99999999, "the cell holds 99999999, which is beyond any date", id="serial_too_large"),
    pytest.param(DATE, ("n", "1E20"), "the cell holds 100000000000000000000, which is beyond any date", id="exponent"),
    pytest.param(DATE, -5, "the cell holds -5, a negative serial, which is no date", id="negative_serial"),
    pytest.param(
        DATE, 46391.5, "the cell holds 46391.5, a date with a time of day; give the date alone", id="serial_with_time"
    ),
    pytest.param(DATE, ("d", "2027-13-45"), "the cell holds '2027-13-45', which is not a date", id="impossible_iso"),
    pytest.param(DATE, ("d", "garbage"), "the cell holds 'garbage', which is not a date", id="garbage_iso"),
    pytest.param(PAY, ("n", "NaN"), "the cell holds NaN, which is not a number", id="nan"),
    pytest.param(PAY, ("n", "12abc"), "the cell holds '12abc', which is not a number", id="not_a_number"),
    pytest.param(
        NAME, ("s", "7"), "the cell points to shared string '7', which the workbook does not hold", id="missing_string"
    ),
    pytest.param(NAME, ("b", "2"), "the cell holds '2', which is not true or false", id="bad_boolean"),
]


@pytest.mark.parametrize(("column", "cell", "message"), ODD_CELLS)
def test_odd_cells_are_one_line_with_the_row_and_the_field(
    tmp_path: Path, column: tuple[str, str], cell: Any, message: str
) -> None:
    title, field = column
    path = _one_sheet(tmp_path / "odd.xlsx", [_row(**{title: cell})], strings=["王小明"])
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{path}:row 2: {field}: {message}"]


def test_a_whole_serial_and_an_iso_date_cell_are_read(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "ok.xlsx", [_row(start=46391), _row(start=("d", "2027-01-04"))])
    assert [r.data["position"]["start_date"] for r in load_records(path, OFFER)] == ["2027-01-04", "2027-01-04"]


def test_shared_strings_are_read_with_their_runs(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "s.xlsx", [_row(("s", "0"))], strings=["王小明"])
    assert load_records(path, OFFER)[0].data["candidate"]["name"] == "王小明"


# ---------------------------------------------------------------- a batch of nothing


def _empty_files(folder: Path) -> list[Path]:
    folder.mkdir()
    csv = folder / "header-only.csv"
    csv.write_text(",".join(HEADERS) + "\n", encoding="utf-8")
    listing = folder / "empty.yaml"
    listing.write_text("[]\n", encoding="utf-8")
    return [csv, listing, _one_sheet(folder / "header-only.xlsx", [])]


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["render", "--format", "html", "--output-dir", "{out}"],
        ["issue", "--format", "html", "--output-dir", "{out}", "--db", "{out}/register.db"],
    ],
)
def test_a_batch_of_nothing_is_an_error(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for path in _empty_files(tmp_path / "data"):
        arguments = [command[0], "offer_letter", str(path), *(a.format(out=out) for a in command[1:])]
        result = CliRunner().invoke(app, arguments)
        assert (result.exit_code, result.stderr.splitlines()) == (1, [f"no records in {path}"]), result.output
    assert [p.name for p in out.iterdir() if p.suffix == ".html"] == []
