"""CSV and XLSX inputs: columns by path or title, row numbers, Excel's realities, groups of rows."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from typer.testing import CliRunner

from docgen import spreadsheet
from docgen.cli import app
from docgen.errors import InvalidData
from docgen.inputs import load_records, stream_records
from docgen.pipeline import validate_records
from docgen.registry import get_type

OFFER = get_type("offer_letter")
SETTLEMENT = get_type("settlement_statement")

HEADERS = [
    "姓名",
    "身份证号码",
    "职位",
    "部门",
    "入职日期",
    "工作地点",
    "基本工资",
    "津贴1名称",
    "津贴1金额",
    "terms.contract_type",
    "terms.term_months",
    "试用期（月）",
    "试用期工资",
    "录用条件1",
    "回复截止日期",
    "签发日期",
]


def _row(name: str = "王小明", start: Any = "2027-01-04", **changes: Any) -> list[Any]:
    values = {
        "姓名": name,
        "身份证号码": "310105199806154027",
        "职位": "客服专员",
        "部门": "客服中心",
        "入职日期": start,
        "工作地点": "上海",
        "基本工资": 8000,
        "津贴1名称": "餐补",
        "津贴1金额": 500,
        "terms.contract_type": "fixed_term",
        "terms.term_months": 36,
        "试用期（月）": 3,
        "试用期工资": 6800,
        "录用条件1": "试用期内独立处理客户咨询，满意度不低于90%",
        "回复截止日期": "2026-12-20",
        "签发日期": "2026-12-01",
    }
    values.update(changes)
    return [values[h] for h in HEADERS]


def _xlsx(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS, epoch: Any = None) -> Path:
    workbook = openpyxl.Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _problems(path: Path, model=OFFER, settings=None, **options: Any) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        records = load_records(path, model, **options)
        validate_records(model.type_name, records, settings)
    return [str(p) for p in caught.value.problems]


def test_rows_become_records_with_spreadsheet_row_numbers(tmp_path: Path, settings) -> None:
    path = _xlsx(tmp_path / "intake.xlsx", [_row("王小明"), _row("李雷", dt.datetime(2027, 2, 1))])
    records = load_records(path, OFFER)
    assert [r.row for r in records] == [2, 3]
    assert records[0].data["candidate"] == {"name": "王小明", "id_number": "310105199806154027"}
    assert records[0].data["pay"] == {"base_monthly": "8000", "allowances": [{"name": "餐补", "monthly_amount": "500"}]}
    assert records[1].data["position"]["start_date"] == "2027-02-01"
    letters = validate_records("offer_letter", records, settings)
    assert [letter.pay.monthly_wage for letter in letters] == [8500, 8500]


def test_every_bad_row_is_named_by_row_and_field(tmp_path: Path, settings) -> None:
    rows = [_row(), _row(start="2027-02-30"), _row(**{"试用期工资": 100})]
    problems = _problems(_xlsx(tmp_path / "bad.xlsx", rows), settings=settings)
    assert (
        problems[0]
        == f"{tmp_path / 'bad.xlsx'}:row 3: position.start_date: Input should be a valid date or datetime, day value is outside expected range"
    )
    assert problems[1].startswith(
        f"{tmp_path / 'bad.xlsx'}:row 4: terms.probation_monthly_pay: probation pay 100.00 is below 80%"
    )


@pytest.mark.parametrize("typed", ["2027年1月4日", "2027/1/4", "2027.1.4", "2027-01-04", " 2027 年 1 月 4 日 "])
def test_dates_typed_as_text(tmp_path: Path, typed: str) -> None:
    [record] = load_records(_xlsx(tmp_path / "d.xlsx", [_row(start=typed)]), OFFER)
    assert record.data["position"]["start_date"] == "2027-01-04"


def test_serial_dates_in_both_date_systems(tmp_path: Path) -> None:
    # 46391 days after 1899-12-30 is 2027-01-04; the same day is 44929 in the 1904 system.
    [windows] = load_records(_xlsx(tmp_path / "w.xlsx", [_row(start=46391)]), OFFER)
    [mac] = load_records(_xlsx(tmp_path / "m.xlsx", [_row(start=44929)], epoch=CALENDAR_MAC_1904), OFFER)
    assert windows.data["position"]["start_date"] == mac.data["position"]["start_date"] == "2027-01-04"
    [dated] = load_records(
        _xlsx(tmp_path / "dd.xlsx", [_row(start=dt.date(2027, 1, 4))], epoch=CALENDAR_MAC_1904), OFFER
    )
    assert dated.data["position"]["start_date"] == "2027-01-04"


def test_id_number_stored_as_a_number_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "id.xlsx", [_row(**{"身份证号码": 3.10105199806154e17})])
    [problem] = _problems(path)
    assert problem == (
        f"{path}:row 2: candidate.id_number: Excel stored this as the number 3.1E+17 and has lost its "
        "last digits; format the column as text and type the value again"
    )


def test_formula_without_saved_value_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "f.xlsx", [_row(**{"基本工资": "=7000+1000"})])
    [problem] = _problems(path)
    assert (
        problem
        == f"{path}:row 2: pay.base_monthly: a formula without a saved value; open the file in Excel and save it again"
    )


def test_unknown_column_is_named(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "c.xlsx", [[*_row(), "x"]], headers=[*HEADERS, "工号"])
    assert _problems(path) == [f"{path}:row 1: column '工号' names no field of offer_letter"]


def test_sheet_by_name(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "s.xlsx", [_row()])
    workbook = openpyxl.load_workbook(path)
    workbook.active.title = "2027届"
    other = workbook.create_sheet("说明", 0)
    other.append(["这一页只是说明"])
    workbook.save(path)
    assert load_records(path, OFFER, sheet="2027届")[0].data["candidate"]["name"] == "王小明"
    with pytest.raises(Exception, match="no sheet named 'nope'"):
        load_records(path, OFFER, sheet="nope")


def _csv(path: Path, encoding: str) -> Path:
    lines = [",".join(HEADERS), ",".join(str(v) for v in _row())]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    [record] = load_records(_csv(tmp_path / "x.csv", encoding), OFFER)
    assert record.row == 2 and record.data["candidate"]["name"] == "王小明"


def test_csv_in_no_known_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x30" * 3)
    with pytest.raises(InvalidData, match="not UTF-8 or GBK/GB18030 text"):
        load_records(path, OFFER)


GROUP_HEADERS = [
    "合同编号",
    "客户名称",
    "统一社会信用代码",
    "客户地址",
    "法定代表人",
    "结算开始日期",
    "结算结束日期",
    "月服务费",
    "monthly_gmv.month",
    "monthly_gmv.gmv",
    "fees.commission.bands.0.above",
    "fees.commission.bands.0.rate",
    "结算周期",
    "签发日期",
]


def _group_row(contract: str, month: str, gmv: int, client: str = "杭州青禾美妆科技有限公司") -> list[Any]:
    return [
        contract,
        client,
        "91330106MA2H3K5P13",
        "杭州",
        "沈佳怡",
        "2027-01-01",
        "2027-03-31",
        80000,
        month,
        gmv,
        0,
        0.03,
        "按季",
        "2027-04-02",
    ]


def test_rows_grouped_into_documents(tmp_path: Path, settings) -> None:
    rows = [
        _group_row("HT-2026-0001", "2027-01", 100),
        _group_row("HT-2026-0002", "2027-01", 5),
        _group_row("HT-2026-0001", "2027-02", 200),
        _group_row("HT-2026-0001", "2027-03", 300),
    ]
    path = _xlsx(tmp_path / "g.xlsx", rows, headers=GROUP_HEADERS)
    records = load_records(path, SETTLEMENT, group_by="合同编号")
    assert [(r.row, r.data["contract_number"]) for r in records] == [(2, "HT-2026-0001"), (3, "HT-2026-0002")]
    assert [m["gmv"] for m in records[0].data["monthly_gmv"]] == ["100", "200", "300"]
    statements = validate_records("settlement_statement", records, settings)
    assert statements[0].fees_total == 240000 + 18  # 3 months' fixed fee and 3% of 600
    assert load_records(path, SETTLEMENT, group_by="contract_number")[0].data == records[0].data


def test_group_rows_that_disagree_are_refused(tmp_path: Path) -> None:
    rows = [_group_row("HT-1", "2027-01", 100), _group_row("HT-1", "2027-02", 200, client="别的公司")]
    path = _xlsx(tmp_path / "g.xlsx", rows, headers=GROUP_HEADERS)
    [problem] = _problems(path, SETTLEMENT, group_by="合同编号")
    assert (
        problem
        == f"{path}:row 3: client.legal_name: '别的公司' differs from '杭州青禾美妆科技有限公司' in row 2 of the same group"
    )


def test_empty_sheet_from_sample_command_round_trips(tmp_path: Path, settings) -> None:
    path = tmp_path / "intake.xlsx"
    result = CliRunner().invoke(app, ["sample", "offer_letter", "--xlsx", str(path), "--locale", "zh_TW"])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["簽發日期", "適用法域", "姓名"] and "到職日期" in headers
    assert sheet.cell(row=2, column=headers.index("身分證號碼") + 1).number_format == "@"
    values = {
        "姓名": "陳怡君",
        "身分證號碼": "310105199806154027",
        "職稱": "設計師",
        "部門": "視覺",
        "到職日期": "2027/1/4",
        "工作地點": "上海",
        "本薪": 9000,
        "契約類型": "open_ended",
        "回覆截止日期": "2026年12月20日",
    }
    for title, value in values.items():
        sheet.cell(row=2, column=headers.index(title) + 1, value=value)
    workbook.save(path)
    [letter] = validate_records("offer_letter", load_records(path, OFFER), settings)
    assert letter.candidate.name == "陳怡君" and letter.terms.contract_type == "open_ended"
    assert CliRunner().invoke(app, ["validate", "offer_letter", str(path)]).exit_code == 0


def test_a_csv_of_100000_rows_is_checked_row_by_row(tmp_path: Path) -> None:
    """The whole intake of a large company in one file: every row read, each bad one named by its row."""
    path = tmp_path / "intake.csv"
    rows = [_row(f"员工{n}") for n in range(100_000)]
    rows[49_998][HEADERS.index("入职日期")] = "2027-02-30"  # spreadsheet row 50,000
    rows[-1][HEADERS.index("基本工资")] = "８０００"  # row 100,001
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:row 50000: position.start_date: Input should be a valid date or datetime, day value is outside "
        "expected range",
        f"{path}:row 100001: pay.base_monthly: type '８０００' with half-width digits 0-9",
    ]


def test_full_width_digits_are_refused_after_every_model_is_rebuilt(tmp_path: Path) -> None:
    """A schema built again (model_rebuild(force=True), as tools reading the schemas do) keeps every check."""
    from docgen.config import Settings
    from docgen.registry import document_types

    for _ in range(2):
        for model in [*document_types().values(), Settings]:
            model.model_rebuild(force=True)
    path = tmp_path / "intake.csv"
    rows = [_row("员工1"), _row("员工2")]
    rows[-1][HEADERS.index("基本工资")] = "８０００"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    result = CliRunner().invoke(app, ["validate", "offer_letter", str(path)])
    assert result.stderr.splitlines() == [f"{path}:row 3: pay.base_monthly: type '８０００' with half-width digits 0-9"]


@pytest.mark.parametrize(
    "cell", [dt.datetime(2027, 1, 1), dt.date(2027, 1, 1), "2027-01", "2027-1", "2027年1月", "2027/1", "2027.01"]
)
def test_month_as_excel_keeps_it_or_as_typed(tmp_path: Path, cell: Any) -> None:
    # Excel turns a typed 2027-01 into the date 2027-01-01; the month field must still get 2027-01.
    path = _xlsx(tmp_path / "m.xlsx", [["HT-1", cell, 100]], headers=["合同编号", "月份1", "GMV1"])
    [record] = load_records(path, SETTLEMENT)
    assert record.data["monthly_gmv"] == [{"month": "2027-01", "gmv": "100"}]


def test_a_day_in_a_month_column_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "m.xlsx", [["HT-1", dt.date(2027, 1, 15)]], headers=["合同编号", "月份1"])
    assert _problems(path, SETTLEMENT) == [
        f"{path}:row 2: monthly_gmv.0.month: the cell holds the date 2027-01-15, not a month; give the month as YYYY-MM"
    ]


@pytest.mark.parametrize(("typed", "meant"), [("是", "true"), ("否", "false"), (True, "true")])
def test_yes_no_columns(tmp_path: Path, typed: Any, meant: str) -> None:
    path = _xlsx(tmp_path / "b.xlsx", [["HT-1", typed]], headers=["合同编号", "含税"])
    assert load_records(path, SETTLEMENT)[0].data["fees"] == {"prices_include_tax": meant}


BUDGET = get_type("budget")


def _budget_sheet(path: Path, actuals: list[list[Any]]) -> Path:
    headers = ["fiscal_year", "scope"]
    row: list[Any] = [2027, "公司整体"]
    for line, actual in enumerate(actuals):
        headers += [f"lines.{line}.category", f"lines.{line}.name"]
        row += ["expense", f"费用{line}"]
        headers += [f"lines.{line}.budget.{month}" for month in range(12)]
        row += [1000] * 12
        headers += [f"lines.{line}.actual.{month}" for month in range(12)]
        row += actual
    return _xlsx(path, [row], headers=headers)


def test_budget_actuals_keep_the_months_left_empty(tmp_path: Path, settings) -> None:
    # Actuals so far: the empty later months stay as empty items, so the line still has 12 figures.
    so_far = [900, None, 1100, *[None] * 9]
    path = _budget_sheet(tmp_path / "b.xlsx", [so_far, [None] * 12])
    [record] = load_records(path, BUDGET)
    first, second = record.data["lines"]
    assert first["actual"] == ["900", None, "1100", *[None] * 9]
    assert "actual" not in second
    [budget] = validate_records("budget", [record], settings)
    assert budget.lines[0].budget_to_date == 2000 and budget.lines[0].actual_total == 2000
    assert budget.lines[1].actual is None


def test_empty_sheet_formats_list_items_of_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "intake.xlsx"
    assert CliRunner().invoke(app, ["sample", "offer_letter", "--xlsx", str(path), "--locale", "zh_CN"]).exit_code == 0
    sheet = openpyxl.load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("报到材料1") + 1).number_format == "@"


def _csv_rows(path: Path, rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def test_a_csv_longer_than_the_row_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 3)
    rows = [_row(f"候选人{n}") for n in range(3)]
    assert len(load_records(_csv_rows(tmp_path / "three.csv", rows), OFFER)) == 3
    path = _csv_rows(tmp_path / "four.csv", [*rows, _row("多一个")])
    assert _problems(path) == [
        f"{path}: has more than 3 rows below its header; split it into files of at most that many"
    ]


def test_a_csv_is_read_row_by_row(tmp_path: Path) -> None:
    """The first record comes before the file's end is read: a fault further down is met only there."""
    path = _csv_rows(tmp_path / "long.csv", [_row("王小明"), _row("李雷")])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("x" * (csv.field_size_limit() + 1) + "\n")
    records = stream_records(path, OFFER)
    assert next(records).data["candidate"]["name"] == "王小明"
    assert next(records).row == 3
    with pytest.raises(InvalidData, match=":row 4: a cell holds more than"):
        next(records)


def test_an_xlsx_sheet_is_read_row_by_row(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "long.xlsx", [_row("王小明"), _row("李雷"), _row("韩梅梅")])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'<row r="4"', b'<row r="2"', 1).replace(b'r="D4"', b'r="D2"')
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    records = stream_records(path, OFFER)
    assert next(records).data["candidate"]["name"] == "王小明"
    with pytest.raises(InvalidData, match="lists row 2 after row 3"):
        list(records)
