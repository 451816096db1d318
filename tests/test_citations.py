"""Typed citations: issue and validate refuse a cited number of the wrong type, of another company,
void, reserved or unknown, or issued after the citing document; each on both register backends."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from docgen.config import load_settings
from docgen.inputs import load_records
from docgen.registry import document_types
from docgen.store import Request, open_register, parse_location

from .conftest import SAMPLES
from .registers import entries, offer, run, write_data

CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data
# These registers hold no expense claim, so the statement bills none (tests/test_billed_expenses.py bills one).
SETTLEMENT: dict[str, Any] = load_records(SAMPLES / "settlement_statement.yaml")[0].data | {"expenses": []}
OTHER_USCC = "91330106MA2H3K5P13"  # a valid USCC, not the profile's


def contract(**changes: Any) -> dict[str, Any]:
    """The sample contract, citing no proposal (its proposal is not in these registers)."""
    data = copy.deepcopy(CONTRACT)
    del data["proposal_number"]
    return data | changes


def settlement(contract_number: str, **changes: Any) -> dict[str, Any]:
    return copy.deepcopy(SETTLEMENT) | {"contract_number": contract_number} | changes


def _issue(url: str, type_name: str, data: dict[str, Any], folder: Path, name: str) -> Any:
    path = write_data(folder / f"{name}.json", data)
    return run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)


def _refused(url: str, tmp_path: Path, data: dict[str, Any], fault: str) -> None:
    """Both issue and validate refuse the settlement with exit 1, naming the file, field, number and fault."""
    path = write_data(tmp_path / "settlement.json", data)
    before = len(entries(url))
    issued = run("issue", "settlement_statement", str(path), "-f", "html", "-d", str(tmp_path / "out"), "--db", url)
    expected = f"docgen: error: {path}: contract_number: settlement_statement cites {data['contract_number']}, {fault}"
    assert issued.exit_code == 1, issued.output
    assert issued.stderr.strip() == expected
    assert len(entries(url)) == before  # refused before a number was taken
    validated = run("validate", "settlement_statement", str(path), "--db", url)
    assert validated.exit_code == 1, validated.output
    assert validated.stderr.strip() == expected


def test_a_citation_of_the_right_type_issued_earlier_is_accepted(register_url: str, tmp_path: Path) -> None:
    assert _issue(register_url, "service_contract", contract(), tmp_path, "contract").exit_code == 0
    path = write_data(tmp_path / "settlement.json", settlement("HT-2026-0001"))
    validated = run("validate", "settlement_statement", str(path), "--db", register_url)
    assert validated.exit_code == 0, validated.output
    assert "skipped" not in validated.stderr
    assert _issue(register_url, "settlement_statement", settlement("HT-2026-0001"), tmp_path, "ok").exit_code == 0


def test_a_citation_of_the_wrong_type_is_refused(register_url: str, tmp_path: Path) -> None:
    assert _issue(register_url, "offer_letter", offer(), tmp_path, "offer").exit_code == 0
    fault = "which is of type offer_letter, not service_contract"
    _refused(register_url, tmp_path, settlement("LY-2026-0001"), fault)


def test_a_citation_of_another_company_is_refused(register_url: str, tmp_path: Path) -> None:
    other = contract(company={"uscc": OTHER_USCC, "legal_name": "北京另一家科技有限公司"})
    assert _issue(register_url, "service_contract", other, tmp_path, "other").exit_code == 0
    fault = f"which belongs to another company ({OTHER_USCC} 北京另一家科技有限公司)"
    _refused(register_url, tmp_path, settlement("HT-2026-0001"), fault)


def test_a_citation_of_an_unknown_number_is_refused(register_url: str, tmp_path: Path) -> None:
    assert _issue(register_url, "service_contract", contract(), tmp_path, "contract").exit_code == 0
    _refused(register_url, tmp_path, settlement("HT-2026-0099"), "which is not in the register")


def test_a_citation_of_a_void_number_is_refused(register_url: str, tmp_path: Path) -> None:
    assert _issue(register_url, "service_contract", contract(), tmp_path, "contract").exit_code == 0
    assert run("register", "void", "HT-2026-0001", "--reason", "withdrawn", "--db", register_url).exit_code == 0
    _refused(register_url, tmp_path, settlement("HT-2026-0001"), "which is void (withdrawn)")


def test_a_citation_of_a_reserved_number_is_refused(register_url: str, tmp_path: Path) -> None:
    uscc = load_settings().company.uscc
    request = Request(uscc, "公司", "service_contract", 2026, "HT-{yyyy}-{seq:04}", "zh_CN", ("html",), "{}", "k")
    with open_register(register_url) as register:
        assert register.reserve(request).number == "HT-2026-0001"
    _refused(register_url, tmp_path, settlement("HT-2026-0001"), "which is reserved but not issued")


def test_a_citation_of_a_document_issued_later_is_refused(register_url: str, tmp_path: Path) -> None:
    later = contract(issue_date="2027-04-03")  # the settlement is dated 2027-04-02
    later["payment_schedule"][0]["due"] = "2027-04-03"  # no instalment may fall due before the signing
    assert _issue(register_url, "service_contract", later, tmp_path, "contract").exit_code == 0
    fault = "which has issue_date 2027-04-03, later than this document's issue_date 2027-04-02"
    _refused(register_url, tmp_path, settlement("HT-2027-0001"), fault)


def test_a_contracts_proposal_number_is_a_checked_citation(register_url: str, tmp_path: Path) -> None:
    result = _issue(register_url, "service_contract", copy.deepcopy(CONTRACT), tmp_path, "contract")
    assert result.exit_code == 1
    cited = CONTRACT["proposal_number"]
    assert f"proposal_number: service_contract cites {cited}, which is not in the register" in result.stderr


@pytest.mark.parametrize("type_name", list(document_types()))
def test_every_cited_field_is_a_citation(type_name: str) -> None:
    """cited_numbers comes from cites: a type's number-holding fields are all checked."""
    model = document_types()[type_name]
    assert all(path.endswith("_number") for path in model.cites)
    numbered = {name for name in model.model_fields if name.endswith("_number") and name != "id_number"}
    assert numbered <= set(model.cites), type_name


def test_validate_without_a_register_says_it_skipped_the_check_and_creates_none(tmp_path: Path) -> None:
    path = write_data(tmp_path / "settlement.json", settlement("HT-2026-0099"))
    result = run("validate", "settlement_statement", str(path))
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert skipped == [f"{path}: citation check skipped: no register in use (give --db, DOCGEN_DB or database)"]
    assert not Path(parse_location(None).target).exists()


def test_validate_checks_against_the_default_register_when_it_exists(tmp_path: Path) -> None:
    assert run("issue", "offer_letter", str(write_data(tmp_path / "o.json", offer())), "-f", "html", "-d",
               str(tmp_path / "out")).exit_code == 0  # fmt: skip
    path = write_data(tmp_path / "settlement.json", settlement("LY-2026-0001"))
    result = run("validate", "settlement_statement", str(path))
    assert result.exit_code == 1
    assert "which is of type offer_letter, not service_contract" in result.stderr


def test_validate_never_creates_the_register_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    register = tmp_path / "register.sqlite3"
    path = write_data(tmp_path / "settlement.json", settlement("HT-2026-0001"))
    for args, env in ((["--db", str(register)], None), ([], str(register))):
        if env:
            monkeypatch.setenv("DOCGEN_DB", env)
        result = run("validate", "settlement_statement", str(path), *args)
        assert result.exit_code == 1
        assert "HT-2026-0001, which is not in the register" in result.stderr
        assert not register.exists()
