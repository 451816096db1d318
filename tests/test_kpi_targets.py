"""A contract KPI's numeric target (value and direction): the operations report's metric for the KPI, and the
stores' GMV targets added up, must take it as their target; a KPI given only as text is not compared."""

from __future__ import annotations

from typing import Any

import pytest

from docgen.agreement import disagreements, rebuild
from docgen.inputs import load_records
from docgen.samples import sample_path

from .variants import DELETE, problems, validate

REPORT = "operations_report"
CONVERSION = "metrics.2"  # 店铺转化率: 不低于3.5%, value 3.5 at_least (contract_kpis.1)
RESPONSE = "metrics.6"  # 客服30秒响应率: 不低于95%, value 95 at_least (contract_kpis.2)


@pytest.mark.parametrize("target", ["3.5", "3.50", "3.5000"])
def test_a_target_equal_to_the_contracts_is_accepted(target: str) -> None:
    assert validate(REPORT, {f"{CONVERSION}.target": target}).metrics[2].target == 3.5


@pytest.mark.parametrize("target", ["3.49", "3.51", "3.4999", "3.5001"])
def test_a_target_a_little_off_the_contracts_is_refused_naming_the_kpi(target: str) -> None:
    assert problems(REPORT, {f"{CONVERSION}.target": target}) == [
        f"operations_report.yaml: {CONVERSION}.target: the target of the contract's KPI 店铺转化率 is 3.5: "
        f"{target} here"
    ]


def test_a_kpi_given_only_as_text_is_not_compared() -> None:
    changes: dict[str, Any] = {"contract_kpis.1.numeric_target": DELETE, f"{CONVERSION}.target": "4.00"}
    assert validate(REPORT, changes).metrics[2].target == 4


def test_a_direction_other_than_the_contracts_is_refused() -> None:
    assert problems(REPORT, {f"{RESPONSE}.direction": "lower_is_better"}) == [
        f"operations_report.yaml: {RESPONSE}.direction: the contract's KPI 客服30秒响应率 is at_least: "
        "give direction higher_is_better"
    ]


def test_the_stores_gmv_targets_add_up_to_the_contracts_gmv_target() -> None:
    assert problems(REPORT, {"gmv.1.target": "600000.01"}) == [
        "operations_report.yaml: gmv: the target of the contract's KPI 月度GMV is 3000000: 3000000.01 here"
    ]


def test_the_report_repeats_the_contracts_numeric_targets(settings) -> None:
    contract = load_records(sample_path("service_contract"))[0].data
    cited = rebuild("service_contract", "HT-2026-0001", contract, settings)
    assert disagreements(validate(REPORT), "contract_number", cited) == []
    dropped = validate(REPORT, {"contract_kpis.1.numeric_target": DELETE})
    [found] = disagreements(dropped, "contract_number", cited)
    assert str(found).startswith("contract_kpis.1.numeric_target: none here, ")
