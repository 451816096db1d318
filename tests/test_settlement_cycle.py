"""Settlement cadence: one cycle per statement inside the service period, partial months, due date and late fee.

The bundled statement settles March 2027 under a contract whose service runs through 2027, monthly.
Each rule is tested the day before, the day itself and the day after its boundary.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from docgen.cli import app
from docgen.inputs import load_records, parse_yaml
from docgen.pipeline import validate_records
from docgen.registry import get_type
from docgen.samples import sample_path
from docgen.validation import localized_message

from .variants import TODAY, problems, text, validate, variant, violation

SETTLEMENT = "settlement_statement"
CONTRACT = "service_contract"
WHERE = f"{SETTLEMENT}.yaml"


def cycle(start: str, end: str, service: tuple[str, str] | None = None, **more: Any) -> dict[str, Any]:
    """Changes that settle start to end, with its GMV month, issued two days after the end."""
    issued = date.fromisoformat(end).toordinal() + 2
    changes: dict[str, Any] = {
        "period": {"start": start, "end": end},
        "monthly_gmv": [{"month": start[:7], "gmv": "1000000.00"}],
        "issue_date": date.fromordinal(issued).isoformat(),
        "invoice.issued_on": date.fromordinal(issued).isoformat(),
        "payments_received": [],
        "instalment": None,  # which instalment a period settles is checked in test_settlement.py
    }
    changes["service_period"] = None if service is None else {"start": service[0], "end": service[1]}
    return changes | more


# A service that starts and ends mid-month: its first and last monthly cycles are partial.
MID_MONTH = ("2027-01-15", "2028-01-14")


# ---------------------------------------------------------------- the period lies inside the service period


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("2027-01-14", "2027-01-31", "period.start: 2027-01-14 to 2027-01-31 lies outside the service period"),
        ("2027-01-15", "2027-01-31", None),
        ("2028-01-01", "2028-01-14", None),
        ("2028-01-01", "2028-01-15", "period.end: 2028-01-01 to 2028-01-15 lies outside the service period"),
    ],
)
def test_the_period_lies_inside_the_service_period(start: str, end: str, problem: str | None) -> None:
    changes = cycle(start, end, MID_MONTH)
    if problem is None:
        assert validate(SETTLEMENT, changes).period.end.isoformat() == end
    else:
        assert problems(SETTLEMENT, changes) == [f"{WHERE}: {problem} 2027-01-15 to 2028-01-14"]


# ---------------------------------------------------------------- exactly one cycle


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("2027-03-01", "2027-03-30", "period.end: a monthly settlement covers one calendar month"),
        ("2027-03-01", "2027-03-31", None),
        ("2027-03-01", "2027-04-01", "period.end: a monthly settlement covers one calendar month"),
        ("2027-03-02", "2027-03-31", "period.start: a monthly settlement covers one calendar month"),
        ("2027-02-28", "2027-03-31", "period.start: a monthly settlement covers one calendar month"),
    ],
)
def test_a_monthly_statement_covers_one_calendar_month(start: str, end: str, problem: str | None) -> None:
    changes = cycle(start, end, ("2027-01-01", "2027-12-31"))
    if problem is None:
        assert validate(SETTLEMENT, changes).period.start.isoformat() == start
    else:
        [found] = problems(SETTLEMENT, changes)
        assert found.startswith(f"{WHERE}: {problem}")


def test_a_quarter_under_a_monthly_contract_names_the_expected_month() -> None:
    # What the bundled sample did before: three months on one statement when the contract settles monthly.
    assert problems(SETTLEMENT, cycle("2027-01-01", "2027-03-31", ("2027-01-01", "2027-12-31"))) == [
        f"{WHERE}: period.end: a monthly settlement covers one calendar month, cut to the service period in its "
        "first or last month: expected 2027-01-01 to 2027-01-31"
    ]


def test_monthly_is_the_default_cycle() -> None:
    changes = cycle("2027-01-01", "2027-03-31", ("2027-01-01", "2027-12-31"))
    del changes["service_period"]
    data = variant(SETTLEMENT, changes)
    del data["settlement_cycle"]
    assert get_type(SETTLEMENT).model_fields["settlement_cycle"].default == "monthly"
    assert get_type(CONTRACT).model_fields["settlement_cycle"].default == "monthly"
    with pytest.raises(ValidationError, match="a monthly settlement covers one calendar month"):
        get_type(SETTLEMENT).model_validate(data, context={"today": TODAY})


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        ("2027-01-15", "2027-01-31", None),
        (
            "2027-01-16",
            "2027-01-31",
            "period.start: a monthly settlement covers one calendar month, cut to the "
            "service period in its first or last month: expected 2027-01-15 to 2027-01-31",
        ),
        (
            "2027-01-15",
            "2027-02-14",
            "period.end: a monthly settlement covers one calendar month, cut to the "
            "service period in its first or last month: expected 2027-01-15 to 2027-01-31",
        ),
        (
            "2028-01-01",
            "2028-01-13",
            "period.end: a monthly settlement covers one calendar month, cut to the "
            "service period in its first or last month: expected 2028-01-01 to 2028-01-14",
        ),
        ("2028-01-01", "2028-01-14", None),
    ],
)
def test_a_partial_first_or_last_month_runs_from_the_service_start_or_to_its_end(
    start: str, end: str, problem: str | None
) -> None:
    changes = cycle(start, end, MID_MONTH)
    if problem is None:
        assert validate(SETTLEMENT, changes).period.start.isoformat() == start
    else:
        assert problems(SETTLEMENT, changes) == [f"{WHERE}: {problem}"]


def test_without_the_service_period_only_whole_cycles_pass() -> None:
    assert validate(SETTLEMENT, cycle("2027-03-01", "2027-03-31")).service_period is None
    [problem] = problems(SETTLEMENT, cycle("2027-01-15", "2027-01-31"))
    assert problem.endswith("expected 2027-01-01 to 2027-01-31")


@pytest.mark.parametrize(
    ("start", "end", "service", "problem"),
    [
        ("2027-01-01", "2027-03-31", ("2027-01-01", "2027-12-31"), None),
        (
            "2027-01-01",
            "2027-03-30",
            ("2027-01-01", "2027-12-31"),
            "period.end: a quarterly settlement covers "
            "one calendar quarter, cut to the service period in its first or last quarter: expected 2027-01-01 to "
            "2027-03-31",
        ),
        (
            "2027-01-01",
            "2027-01-31",
            ("2027-01-01", "2027-12-31"),
            "period.end: a quarterly settlement covers "
            "one calendar quarter, cut to the service period in its first or last quarter: expected 2027-01-01 to "
            "2027-03-31",
        ),
        ("2027-02-15", "2027-03-31", ("2027-02-15", "2027-12-31"), None),
        (
            "2027-02-15",
            "2027-04-30",
            ("2027-02-15", "2027-12-31"),
            "period.end: a quarterly settlement covers "
            "one calendar quarter, cut to the service period in its first or last quarter: expected 2027-02-15 to "
            "2027-03-31",
        ),
        ("2027-10-01", "2027-11-30", ("2027-01-01", "2027-11-30"), None),
    ],
)
def test_a_quarterly_statement_covers_one_calendar_quarter(
    start: str, end: str, service: tuple[str, str], problem: str | None
) -> None:
    changes = cycle(start, end, service, settlement_cycle="quarterly")
    if problem is None:
        assert validate(SETTLEMENT, changes).period.end.isoformat() == end
    else:
        assert problems(SETTLEMENT, changes) == [f"{WHERE}: {problem}"]


# ---------------------------------------------------------------- issued once the period is over


@pytest.mark.parametrize(("issued", "valid"), [("2027-03-30", False), ("2027-03-31", True), ("2027-04-01", True)])
def test_the_statement_is_issued_on_or_after_the_periods_end(issued: str, valid: bool) -> None:
    changes = {"issue_date": issued, "invoice.issued_on": issued}
    if valid:
        assert validate(SETTLEMENT, changes).issue_date.isoformat() == issued
    else:
        assert problems(SETTLEMENT, changes) == [
            f"{WHERE}: issue_date: 2027-03-30 falls before the period's end 2027-03-31: "
            "a statement is issued once its period is over"
        ]


# ---------------------------------------------------------------- the fixed fee of a partial month


def test_a_partial_month_is_prorated_by_its_days_of_service() -> None:
    statement = validate(SETTLEMENT, cycle("2027-01-15", "2027-01-31", MID_MONTH))
    [fixed] = [line for line in statement.fee_lines if line.kind == "fixed"]
    # 80,000.00 × 17 / 31 = 43,870.967… → 43,870.97
    assert (fixed.month, fixed.days, fixed.month_days, fixed.amount) == ("2027-01", 17, 31, Decimal("43870.97"))
    assert statement.prorated_months == ["2027-01"]


def test_a_prorated_fee_is_rounded_half_up_to_the_fen() -> None:
    # 100.05 × 15 / 30 = 50.025: half up gives 50.03 (banker's rounding would give 50.02).
    changes = cycle("2027-04-16", "2027-04-30", ("2027-04-16", "2027-12-31"), **{"fees.monthly_fee": "100.05"})
    statement = validate(SETTLEMENT, changes)
    assert [line.amount for line in statement.fee_lines if line.kind == "fixed"] == [Decimal("50.03")]


def test_a_partial_first_quarter_prorates_its_partial_month_and_charges_whole_months_in_full() -> None:
    changes = cycle("2027-02-15", "2027-03-31", ("2027-02-15", "2027-12-31"), settlement_cycle="quarterly")
    statement = validate(SETTLEMENT, changes)
    fixed = [(line.month, line.months, line.days, line.amount) for line in statement.fee_lines if line.kind == "fixed"]
    # February 2027 has 28 days, of which 14 are served: 80,000.00 × 14 / 28.
    assert fixed == [("2027-02", None, 14, Decimal("40000.00")), (None, 1, None, Decimal("80000.00"))]


def test_a_whole_month_is_charged_in_full_and_states_no_proration() -> None:
    statement = validate(SETTLEMENT, {})
    assert [(line.months, line.days, line.amount) for line in statement.fee_lines if line.kind == "fixed"] == [
        (1, None, Decimal("80000.00"))
    ]
    assert statement.prorated_months == []


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        ("zh_CN", ["固定服务费（按日折算：¥80,000.00×17/31天）", "2027-01不足整月：固定服务费按当月实际服务天数折算"]),
        ("en_US", ["Fixedservicefee,prorated(RMB80,000.00×17/31days)", "2027-01:apartialmonth"]),
        (
            "zh_TW",
            ["固定服務費（按日折算：人民幣80,000.00×17/31天）", "2027-01不足整月：固定服務費按當月實際服務天數折算"],
        ),
    ],
)
def test_the_prorated_fee_and_its_rule_are_printed(settings, locale: str, phrases: list[str]) -> None:
    printed = text(validate(SETTLEMENT, cycle("2027-01-15", "2027-01-31", MID_MONTH)), settings, locale)
    for phrase in phrases:
        assert phrase in printed


# ---------------------------------------------------------------- due date and late fee


def test_the_due_date_counts_calendar_days_from_the_issue_date() -> None:
    statement = validate(SETTLEMENT, {})
    assert (statement.issue_date, statement.payment_days, statement.due_date) == (
        date(2027, 4, 2),
        10,
        date(2027, 4, 12),
    )
    # 2027-04-02 is a Friday: one calendar day later is the Saturday.
    assert validate(SETTLEMENT, {"payment_days": 1}).due_date == date(2027, 4, 3)


def test_the_late_fee_per_day_is_the_balance_due_times_the_rate_rounded_half_up() -> None:
    assert validate(SETTLEMENT, {}).late_fee_per_day == Decimal("46.54")  # 93,080.00 × 0.0005
    # 93,090.00 × 0.0005 = 46.545: half up gives 46.55.
    statement = validate(SETTLEMENT, {"adjustments.0.amount": "-4990.00"})
    assert (statement.balance, statement.late_fee_per_day) == (Decimal("93090.00"), Decimal("46.55"))


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "zh_CN",
            ["付款截止日为2027年4月12日（本结算单签发日期后10个自然日）", "按应付金额的0.05%计付违约金，即每日¥46.54"],
        ),
        ("en_US", ["payablebyApril12,2027,10calendardaysafterthedateofthisstatement", "0.05%", "RMB46.54aday"]),
        (
            "zh_TW",
            [
                "付款截止日為2027年4月12日（本結算單簽發日期後10個日曆日）",
                "按應付金額之0.05%計付違約金，即每日人民幣46.54",
            ],
        ),
    ],
)
def test_the_due_date_and_late_fee_are_printed(settings, locale: str, phrases: list[str], fmt: str) -> None:
    printed = text(validate(SETTLEMENT, {}), settings, locale, fmt)
    for phrase in phrases:
        assert phrase in printed


def test_a_refundable_statement_has_no_due_date_and_no_late_fee(settings) -> None:
    statement = validate(SETTLEMENT, {"payments_received.0.amount": "200000.00"})
    assert statement.balance_kind == "refundable"
    assert (statement.due_date, statement.late_fee_per_day) == (None, None)
    printed = text(statement, settings, "zh_CN")
    assert "付款截止日" not in printed and "违约金" not in printed


def test_no_late_fee_without_a_late_payment_rate(settings) -> None:
    statement = validate(SETTLEMENT, {"late_payment_daily_rate": "0"})
    assert (statement.due_date, statement.late_fee_per_day) == (date(2027, 4, 12), None)
    printed = text(statement, settings, "en_US")
    assert "payablebyApril12,2027" in printed and "penalty" not in printed


# ---------------------------------------------------------------- the contract and derive


@pytest.mark.parametrize(
    ("cycle_name", "locale", "phrase"),
    [
        ("monthly", "zh_CN", "费用按月结算，每期为一个自然月"),
        ("quarterly", "zh_CN", "费用按季结算，每期为一个自然季度"),
        ("quarterly", "zh_TW", "費用按季結算，每期為一個自然季度"),
        ("quarterly", "en_US", "Feesaresettledquarterly,onecalendarquarteratatime"),
        ("monthly", "en_US", "Feesaresettledmonthly,onecalendarmonthatatime"),
    ],
)
def test_the_contract_prints_its_settlement_cycle(settings, cycle_name: str, locale: str, phrase: str) -> None:
    contract = validate(CONTRACT, {"settlement_cycle": cycle_name})
    assert phrase in text(contract, settings, locale)


def test_the_contract_prints_its_cycle_without_commission(settings) -> None:
    contract = validate(CONTRACT, {"fees.commission": None, "settlement_cycle": "quarterly"})
    assert "费用按季结算" in text(contract, settings, "zh_CN")


def _derive(tmp_path: Path, contract: dict[str, Any]) -> dict[str, Any]:
    source = tmp_path / "contract.json"
    source.write_text(json.dumps(contract, ensure_ascii=False, default=str), encoding="utf-8")
    out = tmp_path / "settlement.yaml"
    args = ["derive", SETTLEMENT, "--from", str(source), "-o", str(out), "--contract-number", "HT-2026-0001"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return parse_yaml(out.read_text(encoding="utf-8"))


def test_derive_carries_the_contracts_payment_terms_cycle_and_service_period(tmp_path: Path, settings) -> None:
    terms = {"settlement_cycle": "quarterly", "payment_days": 15, "late_payment_daily_rate": "0.001"}
    data = _derive(tmp_path, variant(CONTRACT, terms))
    assert data["service_period"] == {"start": "2027-01-01", "end": "2027-12-31"}
    assert (data["settlement_cycle"], data["payment_days"], data["late_payment_daily_rate"]) == (
        "quarterly",
        "15",
        "0.001",
    )
    data.update(
        issue_date="2027-04-01",
        period={"start": "2027-01-01", "end": "2027-03-31"},
        monthly_gmv=[{"month": "2027-01", "gmv": "100.00"}],
        payments_received=[],
        instalment={"number": 1, "amount": "240000.00", "settled_before": "0.00"},
    )
    filled = tmp_path / "filled.json"
    filled.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", SETTLEMENT, str(filled)])
    assert result.exit_code == 0, result.output
    [statement] = validate_records(SETTLEMENT, load_records(filled), settings)
    assert (statement.due_date, statement.late_payment_daily_rate) == (date(2027, 4, 16), Decimal("0.001"))


def test_derive_marks_the_period_as_one_cycle_to_fill(tmp_path: Path) -> None:
    out = tmp_path / "settlement.yaml"
    args = ["derive", SETTLEMENT, "--from", str(sample_path(CONTRACT)), "-o", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert "# TO FILL: first and last day of one monthly cycle settled (结算期间)" in out.read_text(encoding="utf-8")


def test_the_sample_statement_repeats_the_sample_contracts_terms() -> None:
    contract = yaml.safe_load(sample_path(CONTRACT).read_text(encoding="utf-8"))
    statement = yaml.safe_load(sample_path(SETTLEMENT).read_text(encoding="utf-8"))
    for field in ("client", "fees", "service_period", "settlement_cycle", "payment_days", "late_payment_daily_rate"):
        assert statement[field] == contract[field], field
    assert statement["period"] == {"start": date(2027, 3, 1), "end": date(2027, 3, 31)}


def test_the_repeated_terms_are_declared_for_the_register_check() -> None:
    settlement, contract = get_type(SETTLEMENT), get_type(CONTRACT)
    repeated = settlement.repeats["contract_number"]
    for mine in ("service_period", "settlement_cycle", "payment_days", "late_payment_daily_rate"):
        assert repeated[mine] == mine
    top = {path.split(".")[0]: cited.split(".")[0] for path, cited in repeated.items()}
    assert all(mine in settlement.model_fields and theirs in contract.model_fields for mine, theirs in top.items())


# ---------------------------------------------------------------- every rule worded in every locale


@pytest.mark.parametrize(
    ("changes", "key", "zh_cn", "zh_tw"),
    [
        (
            cycle("2027-01-14", "2027-01-31", MID_MONTH),
            "period_outside_service",
            "结算期间2027-01-14至2027-01-31超出合同服务期限2027-01-15至2028-01-14",
            "結算期間2027-01-14至2027-01-31超出合同服務期間2027-01-15至2028-01-14",
        ),
        (
            cycle("2027-03-01", "2027-03-30", MID_MONTH),
            "period_not_one_month",
            "按月结算的结算单须覆盖一个自然月（服务期限首月或末月不足一月的，截至服务起止日）：应为2027-03-01至2027-03-31",
            "按月結算之結算單須涵蓋一個自然月（服務期間首月或末月不足一月者，截至服務起訖日）：應為2027-03-01至2027-03-31",
        ),
        (
            cycle("2027-03-01", "2027-03-31", MID_MONTH, settlement_cycle="quarterly"),
            "period_not_one_quarter",
            "按季结算的结算单须覆盖一个自然季度（服务期限首季或末季不足一季的，截至服务起止日）：应为2027-01-15至2027-03-31",
            "按季結算之結算單須涵蓋一個自然季度（服務期間首季或末季不足一季者，截至服務起訖日）：應為2027-01-15至2027-03-31",
        ),
        (
            {"issue_date": "2027-03-30", "invoice.issued_on": "2027-03-30"},
            "issued_before_period_end",
            "签发日期2027-03-30早于结算期间结束日2027-03-31：结算单须在结算期间结束后签发",
            "簽發日期2027-03-30早於結算期間結束日2027-03-31：結算單須於結算期間結束後簽發",
        ),
    ],
    ids=["outside_service", "not_one_month", "not_one_quarter", "issued_before_end"],
)
def test_each_cycle_rule_is_worded_in_every_locale(changes: dict[str, Any], key: str, zh_cn: str, zh_tw: str) -> None:
    raised = violation(SETTLEMENT, changes)
    assert raised.key == key
    assert localized_message(SETTLEMENT, key, raised.params, "en_US") == str(raised)
    assert localized_message(SETTLEMENT, key, raised.params, "zh_CN") == zh_cn
    assert localized_message(SETTLEMENT, key, raised.params, "zh_TW") == zh_tw
