"""Helpers for the batch page's tests: a register with the settlement's contract issued, and a sheet of three
settlement statements, the second of them bad."""

from __future__ import annotations

import copy
import csv
import io
from pathlib import Path
from typing import Any

from docgen.config import Settings
from docgen.inputs import load_records
from docgen.issuing import issue
from docgen.samples import issue_order, sample_path

from .test_column_titles import _flatten

SETTLEMENT = "settlement_statement"


def issue_what_settlements_cite(settings: Settings, folder: Path) -> None:
    """The samples a settlement statement cites (its contract, the contract's proposal, the expense claim it bills),
    issued in order."""
    order = issue_order()
    for type_name in order[: order.index(SETTLEMENT)]:
        if type_name in ("proposal", "service_contract", "expense_claim"):
            issue(type_name, sample_path(type_name), formats=("html",), output_dir=folder, settings=settings)


def three_settlements() -> list[dict[str, Any]]:
    """March (the sample), a bad one (no client name, a GMV that is not a number), and February."""
    march = load_records(sample_path(SETTLEMENT))[0].data
    bad = copy.deepcopy(march)
    bad["client"]["legal_name"] = ""
    bad["monthly_gmv"][0]["gmv"] = "三百万"
    february = copy.deepcopy(march)
    february.update(issue_date="2027-03-02", period={"start": "2027-02-01", "end": "2027-02-28"})
    february["monthly_gmv"] = [{"month": "2027-02", "gmv": "2500000.00"}]
    february["invoice"] = {**march["invoice"], "number": "26312000000012345677", "issued_on": "2027-03-02"}
    # February bills no expense: the claim March bills was issued after it, and a line is billed once.
    february["expenses"] = []
    return [march, bad, february]


def as_xlsx(records: list[dict[str, Any]]) -> bytes:
    """The CSV's cells in a workbook's first sheet, every cell text (as a clerk pastes them)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(as_csv(records).decode("utf-8"))):
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_csv(records: list[dict[str, Any]]) -> bytes:
    """The records as a CSV with the dotted field names as headers, as `docgen validate` reads it."""
    cells = [dict(_flatten(record)) for record in records]
    headers = list(dict.fromkeys(key for row in cells for key in row))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows([["" if row.get(key) is None else row.get(key, "") for key in headers] for row in cells])
    return text.getvalue().encode("utf-8")
