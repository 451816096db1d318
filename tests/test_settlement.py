"""Settlement statement: balance sign, bad input by field, long tables over pages, derivation."""

from __future__ import annotations

import copy
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records, parse_yaml
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

from .textutil import html_text, squeeze

SAMPLE = load_records(sample_path("settlement_statement"))[0].data


def _statement(settings, **changes: Any):
    data = copy.deepcopy(SAMPLE)
    data.update(changes)
    return validate_records("settlement_statement", [Record(data, "s.yaml")], settings)[0]


def _problems(settings, **changes: Any) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        _statement(settings, **changes)
    return [str(p) for p in caught.value.problems]


def test_sample_figures(settings) -> None:
    statement = _statement(settings)
    assert [line.amount for line in statement.fee_lines] == [
        Decimal("80000.00"),
        Decimal("82400.00"),
        Decimal("12000.00"),
    ]
    # The billable expense is billed at cost on top of the payable amount, VAT included: 169,400 + 3,680 − 80,000.
    assert (statement.payable, statement.expenses_total, statement.paid_total, statement.balance) == (
        Decimal("169400.00"),
        Decimal("3680.00"),
        Decimal("80000.00"),
        Decimal("93080.00"),
    )
    assert statement.balance_kind == "due"
    assert statement.payable_tax == {
        "net": Decimal("159811.32"),
        "tax": Decimal("9588.68"),
        "gross": Decimal("169400.00"),
    }


def test_overpaid_period_is_refundable_in_words(settings) -> None:
    payments = [{"paid_on": "2027-01-10", "amount": "220880.00"}]  # 3,680.00 of it pays the billable expense
    statement = _statement(settings, payments_received=payments)
    assert statement.balance == Decimal("-47800.00") and statement.balance_kind == "refundable"
    text = squeeze(html_text(render_document(statement, settings, fmt="html", locale="zh_CN")))
    assert "本期乙方应退甲方¥47,800.00（大写：人民币肆万柒仟捌佰元整）" in text
    assert "本期应付" not in text


def test_settled_period(settings) -> None:
    statement = _statement(settings, payments_received=[{"paid_on": "2027-01-10", "amount": "173080.00"}])
    assert statement.balance_kind == "settled"
    text = squeeze(html_text(render_document(statement, settings, fmt="html", locale="en_US")))
    assert "Theperiodissettled:nothingisdueorrefundable." in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"period": {"start": "2027-03-31", "end": "2027-01-01"}},
            "s.yaml: period.end: 2027-01-01 falls before start 2027-03-31",
        ),
        (
            {"monthly_gmv": [{"month": "2027-01", "gmv": "-1.00"}]},
            "s.yaml: monthly_gmv.0.gmv: Input should be greater than or equal to 0",
        ),
        (
            {"monthly_gmv": [{"month": "2027-04", "gmv": "1.00"}]},
            "s.yaml: monthly_gmv.0.month: 2027-04 lies outside the period 2027-03 to 2027-03",
        ),
        (
            {"monthly_gmv": [{"month": "2027-03", "gmv": "1"}, {"month": "2027-03", "gmv": "2"}]},
            "s.yaml: monthly_gmv.1.month: 2027-03 is given twice",
        ),
        (
            {"monthly_gmv": [{"month": "2027-13", "gmv": "1"}]},
            "s.yaml: monthly_gmv.0.month: String should match pattern '^\\d{4}-(0[1-9]|1[0-2])$'",
        ),
        (
            {"invoice": {"kind": "e_special", "number": "12AB", "issued_on": "2027-04-02", "amount": "169400.00"}},
            "s.yaml: invoice.number: String should match pattern '^[0-9]{8,20}$'",
        ),
    ],
)
def test_bad_input_names_the_field(settings, changes: dict[str, Any], expected: str) -> None:
    assert _problems(settings, **changes) == [expected]


def test_sixty_lines_run_over_pages_with_repeated_headers(settings) -> None:
    items = [
        {"description": f"直播场次服务费 第 {n} 场", "quantity": "1", "unit_price": "1500.00"} for n in range(1, 61)
    ]
    statement = _statement(settings, other_items=items)
    assert len(statement.fee_lines) == 62
    pdf = pypdf.PdfReader(io.BytesIO(render_document(statement, settings, fmt="pdf", locale="zh_CN")))
    pages = [squeeze(page.extract_text()) for page in pdf.pages]
    assert len(pages) >= 3
    with_rows = [page for page in pages if "直播场次服务费" in page]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "序号项目月份月度GMV金额" in page  # the header row, repeated on every page the table reaches
    assert any("直播场次服务费第60场" in page for page in pages[1:])
    document = docx.Document(io.BytesIO(render_document(statement, settings, fmt="docx", locale="zh_CN")))
    fee_table = document.tables[1]
    assert fee_table.rows[0]._tr.xml.count("w:tblHeader") == 1
    assert len(fee_table.rows) == 1 + 62 + 1


def test_derive_from_contract_marks_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "settlement.yaml"
    args = [
        "derive",
        "settlement_statement",
        "--from",
        str(sample_path("service_contract")),
        "--output",
        str(out),
        "--contract-number",
        "HT-2026-0001",
    ]
    assert CliRunner().invoke(app, args).exit_code == 0
    data = parse_yaml(out.read_text(encoding="utf-8"))
    assert data["contract_number"] == "HT-2026-0001"
    assert data["fees"]["commission"]["bands"][1]["rate"] == "0.02"
    result = CliRunner().invoke(app, ["validate", "settlement_statement", str(out)])
    assert result.exit_code == 1
    assert {line.split(": ")[1] for line in result.stderr.splitlines()} == {
        "period.start",
        "period.end",
        "monthly_gmv.0.month",
        "monthly_gmv.0.gmv",
        "payments_received.0.paid_on",
        "payments_received.0.amount",
        "instalment.number",
        "instalment.amount",
        "instalment.settled_before",
    }
    assert "empty: give a value" in result.stderr
    data.update(
        issue_date="2027-04-02",
        period={"start": "2027-03-01", "end": "2027-03-31"},
        monthly_gmv=[{"month": "2027-03", "gmv": "100"}],
        payments_received=[],
        instalment={"number": 1, "amount": "240000.00", "settled_before": "160000.00"},
    )
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert CliRunner().invoke(app, ["validate", "settlement_statement", str(filled)]).exit_code == 0
