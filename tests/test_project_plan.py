"""The project plan: promotion within the contract's funding, months and milestones inside the service, the review
before issue, approval, derive from the contract, the facts it repeats, and spreadsheet input."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.config import Settings
from docgen.inputs import load_records
from docgen.pipeline import FORMATS, validate_records
from docgen.registry import get_type
from docgen.resources import bundled_templates

from .conftest import SAMPLES
from .registers import run, write_data
from .test_repeated_facts import contract, issued, refused
from .variants import DELETE, problems, text, validate

TYPE = "project_plan"
PLAN: dict[str, Any] = load_records(SAMPLES / "project_plan.yaml")[0].data
CITED = "service_contract HT-2026-0001"
MONTHS = "promotion.months"


def test_sample_figures() -> None:
    plan = validate(TYPE)
    assert plan.promotion.total == Decimal("485500.50")
    assert plan.promotion.contract_funding == Decimal("500000.00")
    assert [(k.name, k.target) for k in plan.kpi_targets] == [
        ("月度GMV", "不低于¥3,000,000"),
        ("店铺转化率", "不低于3.5%"),
        ("客服30秒响应率", "不低于95%"),
    ]
    assert get_type(TYPE).number_pattern == "CH-{yyyy}-{seq:04}"


def _months_totalling(last: str) -> dict[str, Any]:
    """The sample's months, the last one's budget changed so that the total is 485,500.50 − 45,500.50 + last."""
    return {f"{MONTHS}.5.budget": last}


# ---------------------------------------------------------------- promotion within what the contract funds


def test_a_total_equal_to_the_funding_passes() -> None:
    plan = validate(TYPE, _months_totalling("60000.00"))
    assert plan.promotion.total == plan.promotion.contract_funding == Decimal("500000.00")


def test_a_total_one_fen_over_the_funding_is_refused() -> None:
    assert problems(TYPE, _months_totalling("60000.01")) == [
        "project_plan.yaml: promotion.months: the promotion budget 500000.01 exceeds the 500000.00 the contract "
        "funds for promotion"
    ]


def test_a_contract_funding_no_promotion_sets_no_cap() -> None:
    plan = validate(TYPE, {"promotion.contract_funding": DELETE, f"{MONTHS}.5.budget": "9000000.00"})
    assert plan.promotion.contract_funding == Decimal("0.00") and plan.promotion.total == Decimal("9440000.00")


def test_the_total_adds_fen_exactly() -> None:
    months = [{"month": f"2027-{m:02d}", "budget": "0.01", "focus": "站内推广"} for m in range(1, 13)]
    plan = validate(TYPE, {f"{MONTHS}": months})
    assert plan.promotion.total == Decimal("0.12")


@pytest.mark.parametrize(
    ("month", "ok"), [("2026-12", False), ("2027-01", True), ("2027-12", True), ("2028-01", False)]
)
def test_promotion_months_lie_inside_the_service(month: str, ok: bool) -> None:
    months = [{"month": month, "budget": "100.00", "focus": "站内推广"}]
    if ok:
        assert validate(TYPE, {MONTHS: months}).promotion.months[0].month == month
    else:
        assert problems(TYPE, {MONTHS: months}) == [
            f"project_plan.yaml: promotion.months.0.month: {month} lies outside the service period 2027-01-01 to "
            "2027-12-31"
        ]


def test_a_service_starting_mid_month_takes_that_month() -> None:
    changes = {"service_period.start": "2027-01-15", "milestones.0.due": "2027-01-20"}
    assert validate(TYPE, changes).promotion.months[0].month == "2027-01"


@pytest.mark.parametrize("second", ["2027-01", "2026-12"])
def test_months_are_given_once_in_calendar_order(second: str) -> None:
    assert problems(TYPE, {f"{MONTHS}.1.month": second}) == [
        f"project_plan.yaml: promotion.months.1.month: {second} is listed after 2027-01: give each month once, "
        "in calendar order"
    ]


# ---------------------------------------------------------------- milestones, review and approval dates


@pytest.mark.parametrize(
    ("due", "ok"), [("2026-12-31", False), ("2027-01-01", True), ("2027-12-31", True), ("2028-01-01", False)]
)
def test_milestones_lie_inside_the_service(due: str, ok: bool) -> None:
    if ok:
        assert str(validate(TYPE, {"milestones.1.due": due}).milestones[1].due) == due
    else:
        assert problems(TYPE, {"milestones.1.due": due}) == [
            f"project_plan.yaml: milestones.1.due: {due} lies outside the service period 2027-01-01 to 2027-12-31"
        ]


def test_the_review_is_held_by_the_issue_date() -> None:
    assert str(validate(TYPE, {"review.held_on": "2026-12-28"}).review.held_on) == "2026-12-28"
    assert problems(TYPE, {"review.held_on": "2026-12-29"}) == [
        "project_plan.yaml: review.held_on: 2026-12-29 falls after issue_date 2026-12-28: a plan is reviewed "
        "before it is issued"
    ]


def test_an_approval_after_the_issue_date_is_refused() -> None:
    assert validate(TYPE, {"approval.approved_on": "2026-12-28"}).approval.status == "approved"
    [message] = problems(TYPE, {"approval.approved_on": "2026-12-29"})
    assert message.startswith("project_plan.yaml: approval.approved_on: 2026-12-29")


@pytest.mark.parametrize(("locale", "mark"), [("zh_CN", "未审批"), ("en_US", "NOTAPPROVED"), ("zh_TW", "未審批")])
@pytest.mark.parametrize("fmt", FORMATS)
def test_only_an_approved_plan_prints_without_the_draft_mark(
    settings: Settings, locale: str, mark: str, fmt: str
) -> None:
    assert mark not in text(validate(TYPE), settings, locale, fmt)
    assert mark in text(validate(TYPE, {"approval": DELETE}), settings, locale, fmt)


@pytest.mark.parametrize(("locale", "said"), [
    ("zh_CN", "合同未约定考核指标。"),
    ("en_US", "Thecontractsetsnoperformanceindicators."),
    ("zh_TW", "合約未約定考核指標。"),
])  # fmt: skip
def test_a_plan_under_a_contract_without_kpis_says_so(settings: Settings, locale: str, said: str) -> None:
    assert said in text(validate(TYPE, {"metrics": []}), settings, locale)
    assert said not in text(validate(TYPE), settings, locale)


@pytest.mark.parametrize(("locale", "said"), [
    ("zh_CN", "合同约定的推广费用为¥500,000.00"),
    ("en_US", "ThecontractfundspromotionwithRMB500,000.00"),
    ("zh_TW", "合約約定之推廣費用為人民幣500,000.00"),
])  # fmt: skip
def test_the_funding_is_stated_only_when_the_contract_funds_promotion(
    settings: Settings, locale: str, said: str
) -> None:
    assert said in text(validate(TYPE), settings, locale)
    assert said[:8] not in text(validate(TYPE, {"promotion.contract_funding": DELETE}), settings, locale)


# ---------------------------------------------------------------- the contract's promotion clause


@pytest.mark.parametrize(("locale", "said"), [
    ("zh_CN", "（四）推广费用：服务期内的推广费用（站内推广、直播投流等）由甲方另行承担，总额不超过¥500,000.00（大写：人民币伍拾万元整）"),
    ("en_US", "3.4Promotion:PartyAbearsthepromotioncosts"),
    ("zh_TW", "（四）推廣費用：服務期間內之推廣費用"),
])  # fmt: skip
def test_a_contract_funding_promotion_says_so_in_its_own_sub_clause(settings: Settings, locale: str, said: str) -> None:
    funded = validate("service_contract")
    assert funded.promotion_funded == Decimal("500000.00")
    assert said in text(funded, settings, locale)
    unfunded = validate("service_contract", {"promotion_budget": DELETE})
    assert unfunded.promotion_funded == Decimal("0.00")
    assert said[:6] not in text(unfunded, settings, locale)


# ---------------------------------------------------------------- derive from the contract


def test_derive_fills_client_stores_period_kpis_and_funding(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    args = ["derive", TYPE, "--from", str(SAMPLES / "service_contract.yaml"), "-o", str(out)]
    result = run(*args, "--contract-number", "HT-2026-0001")
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    data = load_records(out)[0].data
    for field in ("contract_number", "client", "platforms", "service_period"):
        assert str(data[field]) == str(PLAN[field]), field
    assert [(k["name"], k["target"]) for k in data["metrics"]] == [(k["name"], k["target"]) for k in PLAN["metrics"]]
    assert data["metrics"][0]["method"] == PLAN["metrics"][0]["method"]  # the contract's own measure
    assert Decimal(str(data["promotion"]["contract_funding"])) == Decimal("500000.00")
    assert "# TO FILL: how (method) and how often (frequency) each KPI is measured (数据指标)" in written
    validated = run("validate", TYPE, str(out))
    assert validated.exit_code == 1
    assert f"{out}: metrics.1.frequency: empty: give a value" in validated.stderr
    assert f"{out}: review.resolution: empty: give a value" in validated.stderr


# ---------------------------------------------------------------- repeated facts, checked at issue


def plan(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(PLAN) | changes


def _changed(path: str, value: Any) -> dict[str, Any]:
    data = plan()
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


REPEATED = [
    ("client.uscc", "91330106MA2H3K5P26", "client.uscc: 91330106MA2H3K5P26 here, 91330106MA2H3K5P13 in " + CITED),
    ("platforms.1", "京东自营店", "platforms.1: 京东自营店 here, 抖音小店 in " + CITED),
    ("service_period.start", "2027-01-02", "service_period.start: 2027-01-02 here, 2027-01-01 in " + CITED),
    ("metrics.1.target", "不低于3.8%", f"kpi_targets.1.target: 不低于3.8% here, 不低于3.5% in {CITED} (kpis.1.target)"),
    ("promotion.contract_funding", DELETE,
     f"promotion.contract_funding: 0.00 here, 500000.00 in {CITED} (promotion_funded)"),
]  # fmt: skip


def test_the_sample_plan_issues_under_the_sample_contract_as_ch_2026_0001(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    result = run("issue", TYPE, str(write_data(tmp_path / "plan.json", plan())), "-f", "pdf", "-d",
                 str(tmp_path / "out"), "--db", register_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\t")[0] == "CH-2026-0001"


@pytest.mark.parametrize(("path", "value", "said"), REPEATED, ids=[r[0] for r in REPEATED])
def test_a_plan_repeating_the_contract_differently_is_refused(
    register_url: str, tmp_path: Path, path: str, value: Any, said: str
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    message = refused(register_url, tmp_path, TYPE, _changed(path, value))
    assert f": {said}; " in message


def test_a_plan_claiming_funding_the_contract_does_not_give_is_refused(register_url: str, tmp_path: Path) -> None:
    unfunded = contract()
    del unfunded["promotion_budget"]
    issued(register_url, "service_contract", unfunded, tmp_path, "contract")
    message = refused(register_url, tmp_path, TYPE, plan())
    assert f": promotion.contract_funding: 500000.00 here, 0.00 in {CITED} (promotion_funded); " in message


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def _titled(node: Any, path: tuple[str, ...], titles: dict[str, str]) -> dict[str, Any]:
    """Each value of the sample by its column title: list slots as #, counted from 1 into {n}."""
    if isinstance(node, dict):
        return {k: v for key, child in node.items() for k, v in _titled(child, (*path, key), titles).items()}
    if isinstance(node, list):
        found: dict[str, Any] = {}
        for index, child in enumerate(node):
            for title, value in _titled(child, (*path, f"#{index + 1}"), titles).items():
                found[title] = value
        return found
    slots = [int(part[1:]) for part in path if part.startswith("#")]
    pattern = ".".join("#" if part.startswith("#") else part for part in path)
    title = titles[pattern]
    for name, slot in zip(("{n}", "{m}"), slots, strict=False):
        title = title.replace(name, str(slot))
    return {title: node}


def test_a_plan_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "plans.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    titles = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))["fields"]
    labels = {"monthly": "每月", "weekly": "每周", "daily": "每日", "approved": "已审批"}
    row = {title: labels.get(str(value), value) for title, value in _titled(PLAN, (), titles).items()}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"合同编号", "成员1角色", "推广月份1预算", "指标1统计频率", "评审部门1意见"} <= set(headers)
    bad = row | {"里程碑2完成日期": "2028-01-01"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{path}:row 3: milestones.1.due: 2028-01-01 lies outside the service period 2027-01-01 to 2027-12-31"
    ]
    [good] = validate_records(TYPE, load_records(path, get_type(TYPE))[:1], settings)
    assert good == validate(TYPE)
