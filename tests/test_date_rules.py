"""The rulebook's date rules, each tested the day before, the day itself and the day after its boundary.

Every rule compares with the document's issue_date, never with today's clock (variants.TODAY lies elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docgen.config import load_settings
from docgen.documents.service_contract import ServiceContractSettings
from docgen.errors import ConfigError, InvalidData
from docgen.inputs import Record
from docgen.pipeline import validate_records
from docgen.validation import localized_message

from .conftest import SAMPLES
from .variants import problems, validate, variant, violation

CERTIFICATE = "resignation_certificate"
SETTLEMENT = "settlement_statement"
CONTRACT = "service_contract"


# ---------------------------------------------------------------- certificate dates (issued 2027-11-30)


@pytest.mark.parametrize("handover", ["2027-11-29", "2027-11-30"])
def test_a_handover_on_or_before_the_issue_date_is_attested(handover: str) -> None:
    assert str(validate(CERTIFICATE, {"handover.completed_on": handover}).handover.completed_on) == handover


def test_a_handover_after_the_issue_date_is_refused() -> None:
    [problem] = problems(CERTIFICATE, {"handover.completed_on": "2027-12-01"})
    assert problem == (
        f"{CERTIFICATE}.yaml: handover.completed_on: 2027-12-01 falls after issue_date 2027-11-30: "
        "the certificate attests a handover already completed"
    )


@pytest.mark.parametrize(("separation", "valid"), [("2027-11-29", True), ("2027-11-30", True), ("2027-12-01", False)])
def test_the_separation_date_is_on_or_before_the_issue_date(separation: str, valid: bool) -> None:
    changes = {"termination_date": separation, "handover.completed_on": "2027-11-26"}
    if valid:
        assert str(validate(CERTIFICATE, changes).termination_date) == separation
    else:
        [problem] = problems(CERTIFICATE, changes)
        assert problem.startswith(
            f"{CERTIFICATE}.yaml: issue_date: 2027-11-30 falls before termination_date 2027-12-01"
        )


# ---------------------------------------------------------------- dates in order (statement issued 2027-04-02)


@pytest.mark.parametrize("paid_on", ["2027-04-01", "2027-04-02"])
def test_a_payment_on_or_before_the_statement_is_listed(paid_on: str) -> None:
    statement = validate(SETTLEMENT, {"payments_received.0.paid_on": paid_on})
    assert str(statement.payments_received[0].paid_on) == paid_on


def test_a_payment_after_the_statement_is_refused() -> None:
    [problem] = problems(SETTLEMENT, {"payments_received.0.paid_on": "2027-04-03"})
    assert problem == (
        f"{SETTLEMENT}.yaml: payments_received.0.paid_on: 2027-04-03 falls after issue_date 2027-04-02: "
        "a statement lists only payments received"
    )


def test_a_later_payment_is_named_by_its_place() -> None:
    payments = variant(SETTLEMENT, {})["payments_received"]
    late = [*payments, {"paid_on": "2027-05-01", "amount": "10.00"}]
    [problem] = problems(SETTLEMENT, {"payments_received": late})
    assert problem.startswith(f"{SETTLEMENT}.yaml: payments_received.{len(payments)}.paid_on: 2027-05-01 falls after")


@pytest.mark.parametrize("issued_on", ["2027-04-01", "2027-04-02"])
def test_a_fapiao_on_or_before_the_statement_is_listed(issued_on: str) -> None:
    assert str(validate(SETTLEMENT, {"invoice.issued_on": issued_on}).invoice.issued_on) == issued_on


def test_a_fapiao_after_the_statement_is_refused() -> None:
    [problem] = problems(SETTLEMENT, {"invoice.issued_on": "2027-04-03"})
    assert problem == (
        f"{SETTLEMENT}.yaml: invoice.issued_on: 2027-04-03 falls after issue_date 2027-04-02: "
        "a statement lists only a fapiao already issued"
    )


# ---------------------------------------------------------------- payment dates (signed 2026-12-15, service to 2027-12-31)


@pytest.mark.parametrize("due", ["2026-12-15", "2026-12-16"])
def test_a_first_instalment_may_fall_due_at_signing(due: str) -> None:
    assert str(validate(CONTRACT, {"payment_schedule.0.due": due}).payment_schedule[0].due) == due


def test_an_instalment_due_before_signing_is_refused() -> None:
    [problem] = problems(CONTRACT, {"payment_schedule.0.due": "2026-12-14"})
    assert problem == (
        f"{CONTRACT}.yaml: payment_schedule.0.due: 2026-12-14 falls before issue_date 2026-12-15: "
        "an instalment is due at signing at the earliest"
    )


@pytest.mark.parametrize("due", ["2028-03-29", "2028-03-30"])  # 2027-12-31 + 90 days is 2028-03-30
def test_a_last_instalment_may_fall_due_within_the_default_grace(due: str) -> None:
    assert str(validate(CONTRACT, {"payment_schedule.3.due": due}).payment_schedule[3].due) == due


def test_an_instalment_due_after_the_grace_is_refused() -> None:
    [problem] = problems(CONTRACT, {"payment_schedule.3.due": "2028-03-31"})
    assert problem == (
        f"{CONTRACT}.yaml: payment_schedule.3.due: 2028-03-31 falls after 2028-03-30, the end of service "
        "2027-12-31 plus 90 days' grace (payment_grace_days in [types.service_contract])"
    )


def _office(tmp_path: Path, grace: str) -> Path:
    path = tmp_path / "docgen.toml"
    profile = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    path.write_text(f"{profile}\n[types.service_contract]\npayment_grace_days = {grace}\n", encoding="utf-8")
    return path


def _contract_problems(config: Path, due: str) -> list[str]:
    record = Record(variant(CONTRACT, {"payment_schedule.3.due": due}), "c.yaml")
    try:
        validate_records(CONTRACT, [record], load_settings(config))
    except InvalidData as error:
        return [str(problem) for problem in error.problems]
    return []


@pytest.mark.parametrize(("due", "refused"), [("2028-01-09", False), ("2028-01-10", False), ("2028-01-11", True)])
def test_the_grace_is_a_type_setting(tmp_path: Path, due: str, refused: bool) -> None:
    config = _office(tmp_path, "10")
    assert load_settings(config).type_settings(CONTRACT) == ServiceContractSettings(payment_grace_days=10)
    found = _contract_problems(config, due)
    assert bool(found) == refused, found
    if refused:
        assert found[0].startswith(f"c.yaml: payment_schedule.3.due: {due} falls after 2028-01-10")
        assert "plus 10 days' grace" in found[0]


def test_no_grace_ends_payments_with_the_service(tmp_path: Path) -> None:
    config = _office(tmp_path, "0")
    assert _contract_problems(config, "2027-12-31") == []
    assert _contract_problems(config, "2028-01-01")


@pytest.mark.parametrize("grace", ["-1", '"ninety"', "3651"])
def test_a_bad_grace_is_a_config_error(tmp_path: Path, grace: str) -> None:
    with pytest.raises(ConfigError, match="payment_grace_days"):
        load_settings(_office(tmp_path, grace))


def test_the_default_grace_without_a_table() -> None:
    assert load_settings(SAMPLES / "docgen.toml").type_settings(CONTRACT) == ServiceContractSettings()
    assert ServiceContractSettings().payment_grace_days == 90


# ---------------------------------------------------------------- wording


@pytest.mark.parametrize(
    ("type_name", "changes", "key", "zh_cn", "zh_tw"),
    [
        (
            CERTIFICATE,
            {"handover.completed_on": "2027-12-01"},
            "handover_after_issue",
            "交接完成日期2027-12-01晚于开具日期2027-11-30：证明只能记载已完成的交接",
            "交接完成日期2027-12-01晚於開立日期2027-11-30：證明書只能記載已完成的交接",
        ),
        (
            SETTLEMENT,
            {"payments_received.0.paid_on": "2027-04-03"},
            "paid_after_issue",
            "付款日期2027-04-03晚于结算单日期2027-04-02：结算单只列已收到的款项",
            "付款日期2027-04-03晚於結算單日期2027-04-02：結算單只列已收到的款項",
        ),
        (
            SETTLEMENT,
            {"invoice.issued_on": "2027-04-03"},
            "invoiced_after_issue",
            "开票日期2027-04-03晚于结算单日期2027-04-02：结算单只列已开具的发票",
            "開票日期2027-04-03晚於結算單日期2027-04-02：結算單只列已開立的發票",
        ),
        (
            CONTRACT,
            {"payment_schedule.0.due": "2026-12-14"},
            "due_before_signing",
            "付款日期2026-12-14早于合同签订日期2026-12-15：最早在签约时付款",
            "付款日期2026-12-14早於合同簽訂日期2026-12-15：最早於簽約時付款",
        ),
        (
            CONTRACT,
            {"payment_schedule.3.due": "2028-03-31"},
            "due_after_grace",
            "付款日期2028-03-31晚于2028-03-30，即服务期限届满日2027-12-31后90天的宽限期"
            "（docgen.toml中[types.service_contract]的payment_grace_days）",
            "付款日期2028-03-31晚於2028-03-30，即服務期限屆滿日2027-12-31後90天的寬限期"
            "（docgen.toml中[types.service_contract]的payment_grace_days）",
        ),
    ],
    ids=["handover", "paid_on", "issued_on", "due_before_signing", "due_after_grace"],
)
def test_each_rule_is_worded_in_every_locale(
    type_name: str, changes: dict[str, Any], key: str, zh_cn: str, zh_tw: str
) -> None:
    raised = violation(type_name, changes)
    assert raised.key == key
    assert localized_message(type_name, key, raised.params, "en_US") == str(raised)
    assert localized_message(type_name, key, raised.params, "zh_CN") == zh_cn
    assert localized_message(type_name, key, raised.params, "zh_TW") == zh_tw
