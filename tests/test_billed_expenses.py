"""A billed expense cites its expense claim and must be a billable line of it, as the register stored the claim.

The register holds the sample contract and the sample expense claim (BX-2027-0001, its line 3 billable: 客户工作晚餐,
3,680.00, 2027-02-21), on both backends; the sample statement bills that line.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from docgen.cli import app
from docgen.inputs import load_records

from .conftest import SAMPLES
from .registers import run, write_data

CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data
CLAIM: dict[str, Any] = load_records(SAMPLES / "expense_claim.yaml")[0].data
SETTLEMENT: dict[str, Any] = load_records(SAMPLES / "settlement_statement.yaml")[0].data


def _issue(url: str, folder: Path, type_name: str, data: dict[str, Any], name: str | None = None) -> Any:
    path = write_data(folder / f"{name or type_name}.json", data)
    return run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)


def _with_claim(url: str, folder: Path, **claim_changes: Any) -> None:
    """The contract, then the claim (changed as asked) issued as BX-2027-0001."""
    contract = copy.deepcopy(CONTRACT)
    del contract["proposal_number"]  # its proposal is not in these registers
    for type_name, data in (("service_contract", contract), ("expense_claim", copy.deepcopy(CLAIM) | claim_changes)):
        issued = _issue(url, folder, type_name, data)
        assert issued.exit_code == 0, issued.output


def billing(**changes: Any) -> dict[str, Any]:
    """The sample statement, its billed expense changed."""
    data = copy.deepcopy(SETTLEMENT)
    data["expenses"][0].update(changes)
    return data


def _refused(url: str, folder: Path, data: dict[str, Any]) -> str:
    issued = _issue(url, folder, "settlement_statement", data)
    assert issued.exit_code == 1, issued.output
    return str(issued.stderr)


def test_the_sample_statement_bills_a_billable_line_of_the_sample_claim(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    issued = _issue(register_url, tmp_path, "settlement_statement", billing())
    assert issued.exit_code == 0, issued.output
    cited = run("register", "show", "JS-2027-0001", "--db", register_url)
    assert "BX-2027-0001" in cited.output


def test_an_amount_off_by_a_fen_is_refused_naming_the_field_and_the_claim(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    for amount in ("3680.01", "3679.99"):
        refused = _refused(register_url, tmp_path, billing(amount=amount))
        assert f"expenses.0.amount: {amount} here, 3680.00 on line 3 of BX-2027-0001" in refused
    assert _issue(register_url, tmp_path, "settlement_statement", billing(amount="3680")).exit_code == 0


def test_a_date_a_day_off_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    refused = _refused(register_url, tmp_path, billing(spent_on="2027-02-22"))
    assert "expenses.0.spent_on: 2027-02-22 here, 2027-02-21 on line 3 of BX-2027-0001" in refused
    assert "expenses.0.amount" not in refused


def test_a_line_not_marked_billable_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    # Line 2 as the claim has it (amount and date agree): only its billable mark is missing.
    refused = _refused(register_url, tmp_path, billing(line=2, spent_on="2027-02-20", amount="580.00"))
    assert "expenses.0.line: line 2 of BX-2027-0001 is not marked billable to the client" in refused


def test_a_line_the_claim_does_not_have_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    assert "expenses.0.line: BX-2027-0001 has no line 6" in _refused(register_url, tmp_path, billing(line=6))
    last = _refused(register_url, tmp_path, billing(line=5))  # the last line exists: refused only as not billable
    assert "expenses.0.line: line 5 of BX-2027-0001 is not marked billable" in last and "has no line" not in last


def test_a_void_claim_or_one_not_issued_cannot_be_billed(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    unknown = _refused(register_url, tmp_path, billing(claim_number="BX-2027-0009"))
    assert "expenses.0.claim_number: settlement_statement cites BX-2027-0009, which is not in the register" in unknown
    voided = run("register", "void", "BX-2027-0001", "--reason", "重复报销", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    refused = _refused(register_url, tmp_path, billing())
    assert "expenses.0.claim_number: settlement_statement cites BX-2027-0001, which is void (重复报销)" in refused


def test_a_claim_for_another_client_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path, contract_number=None, client="宁波海曙某贸易有限公司")
    refused = _refused(register_url, tmp_path, billing())
    assert (
        "expenses.0.claim_number: BX-2027-0001 is for the client 宁波海曙某贸易有限公司, not 杭州青禾美妆科技有限公司"
        in refused
    )


def test_validate_with_the_register_refuses_it_too(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    path = write_data(tmp_path / "s.json", billing(amount="3680.01"))
    checked = run("validate", "settlement_statement", str(path), "--db", register_url)
    assert checked.exit_code != 0
    assert "expenses.0.amount: 3680.01 here, 3680.00 on line 3 of BX-2027-0001" in checked.output


def test_the_messages_are_translated(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    data = copy.deepcopy(SETTLEMENT)
    data["expenses"] = [
        data["expenses"][0] | {"amount": "3680.01"},
        data["expenses"][0] | {"line": 2, "spent_on": "2027-02-20", "amount": "580.00"},
        data["expenses"][0] | {"line": 6},
    ]
    path = write_data(tmp_path / "s.json", data)
    args = ["issue", "settlement_statement", str(path), "-f", "html", "-d", str(tmp_path / "out"), "--db", register_url]
    expected = {
        "zh_CN": ["本单为 3680.01，报销单 BX-2027-0001 第3行为 3680.00", "报销单 BX-2027-0001 第2行未标注为可向客户收取",
                  "报销单 BX-2027-0001 没有第6行"],
        "zh_TW": ["本單為 3680.01，報銷單 BX-2027-0001 第3行為 3680.00", "報銷單 BX-2027-0001 第2行未標註為可向客戶收取",
                  "報銷單 BX-2027-0001 沒有第6行"],
    }  # fmt: skip
    for lang, phrases in expected.items():
        refused = CliRunner().invoke(app, args, env={"DOCGEN_LANG": lang})
        assert refused.exit_code == 1
        for phrase in phrases:
            assert phrase in refused.stderr
