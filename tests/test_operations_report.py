"""The operations report: its period, its figures against target and previous period, the contract's KPIs and
stores, risks and their escalation, the cadence default, the chart, derive from the contract and the repeated facts."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.documents.operations_report import Figures, OperationsReport, report_from_contract
from docgen.inputs import Record, load_records
from docgen.registry import get_type
from docgen.render.context import chart_words
from docgen.samples import sample_path
from docgen.validation import validate_record

from .conftest import SAMPLES
from .registers import run, write_data
from .test_column_titles import _sample_as_sheet
from .variants import DELETE, TODAY, problems, text, validate

TYPE = "operations_report"
FILE = f"{TYPE}.yaml"
SAMPLE: dict[str, Any] = load_records(sample_path(TYPE))[0].data


def _figures(target: str, actual: str, previous: str | None = None, direction: str = "higher_is_better") -> Figures:
    data = {"name": "UV", "target": target, "actual": actual, "previous": previous, "direction": direction}
    return Figures.model_validate(data)


def _weekly(start: str, end: str, issued: str = "2027-12-31") -> dict[str, Any]:
    return {"cadence": "weekly", "period": {"start": start, "end": end}, "issue_date": issued}


def _monthly(start: str, end: str, issued: str = "2028-01-05") -> dict[str, Any]:
    return {"cadence": "monthly", "period": {"start": start, "end": end}, "issue_date": issued}


# ---------------------------------------------------------------- figures


def test_sample_metric_figures() -> None:
    report = validate(TYPE)
    assert isinstance(report, OperationsReport)
    assert [m.change for m in report.metrics] == [
        Decimal("0.166"),  # 44,600 ÷ 268,000 = 0.16641…
        Decimal("0.068"),
        Decimal("0.131"),
        Decimal("0.030"),
        Decimal("0.153"),
        Decimal("0.081"),
        Decimal("0.012"),
        Decimal("-0.148"),  # refund rate down: a fall, whichever direction is better
        Decimal("-1.000"),
    ]
    assert [m.achievement for m in report.metrics] == [
        Decimal("1.042"),
        Decimal("0.983"),
        Decimal("1.034"),
        Decimal("0.982"),
        Decimal("1.053"),
        Decimal("1.033"),
        Decimal("1.024"),
        Decimal("1.087"),  # lower is better: 5.0 ÷ 4.6
        None,  # target 0
    ]
    assert [m.met for m in report.metrics] == [True, False, True, False, True, True, True, True, True]


def test_sample_gmv_figures() -> None:
    report = validate(TYPE)
    assert [(g.change, g.achievement, g.met) for g in report.gmv] == [
        (Decimal("0.203"), Decimal("1.078"), True),
        (None, Decimal("0.781"), False),  # no previous month: no change
    ]
    total = report.gmv_total
    assert (total.target, total.previous, total.actual) == (Decimal("3000000.00"), None, Decimal("3054500.00"))
    assert (total.achievement, total.met) == (Decimal("1.018"), True)
    assert report.met_count == 8


@pytest.mark.parametrize(
    ("previous", "actual", "change"),
    [
        ("100", "100", Decimal("0.000")),
        ("3", "4", Decimal("0.333")),  # 0.3333…: rounded once
        ("2000", "2001", Decimal("0.001")),  # 0.0005 exactly: half-up
        ("2000", "1999", Decimal("-0.001")),  # half away from zero on the way down too
        ("0", "5", None),  # nothing to compare with
        ("0", "0", None),
        (None, "5", None),
    ],
)
def test_change_against_the_previous_period(previous: str | None, actual: str, change: Decimal | None) -> None:
    assert _figures("100", actual, previous).change == change


@pytest.mark.parametrize(
    ("target", "actual", "direction", "achievement", "met"),
    [
        ("100", "100", "higher_is_better", Decimal("1.000"), True),
        ("100", "99.9999", "higher_is_better", Decimal("1.000"), False),  # shows 100.0% but is short
        ("5", "5.0001", "lower_is_better", Decimal("1.000"), False),
        ("0", "12", "higher_is_better", None, True),
        ("0", "2", "lower_is_better", None, False),
    ],
)
def test_achievement_follows_the_retrospectives_rules(
    target: str, actual: str, direction: str, achievement: Decimal | None, met: bool
) -> None:
    figures = _figures(target, actual, direction=direction)
    assert (figures.achievement, figures.met) == (achievement, met)


def test_the_gmv_total_has_a_previous_value_only_when_every_store_has_one() -> None:
    report = validate(TYPE, {"gmv.1.previous": "0.00"})
    assert report.gmv_total.previous == Decimal("2150000.00")
    assert report.gmv_total.change == Decimal("0.421")  # 3,054,500 ÷ 2,150,000 − 1
    assert report.gmv[1].change is None  # the store's previous month is zero: no change


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_change_and_zero_target_print_in_every_format(settings, locale: str, fmt: str) -> None:
    rendered = text(validate(TYPE), settings, locale, fmt)
    assert "312,600+16.6%104.2%" in rendered  # this period, change with its sign, achievement
    assert "4.6-14.8%108.7%" in rendered
    assert "10-100.0%—" in rendered  # the zero target's achievement is a dash
    assert "468,500.00—78.1%" in rendered  # no previous month: no change


# ---------------------------------------------------------------- the period


@pytest.mark.parametrize(
    ("start", "end"),
    [("2027-03-22", "2027-03-28"), ("2027-12-27", "2028-01-02")],
    ids=["a Monday to Sunday", "a week across the year's end"],
)
def test_a_week_is_monday_to_sunday(start: str, end: str) -> None:
    changes = _weekly(start, end, "2028-01-03") | {"contract_period.end": "2028-01-31"}
    report = validate(TYPE, changes)
    assert report.cadence == "weekly" and report.title_variant() == "weekly"


@pytest.mark.parametrize(
    ("start", "end"),
    [("2027-03-23", "2027-03-29"), ("2027-03-22", "2027-03-29"), ("2027-03-22", "2027-03-27")],
    ids=["Tuesday to Monday", "eight days", "six days"],
)
def test_any_other_week_is_refused(start: str, end: str) -> None:
    assert problems(TYPE, _weekly(start, end)) == [
        f"{FILE}: period: a weekly report covers one calendar week, Monday to Sunday: {start} to {end} is not one"
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [("2027-02-01", "2027-02-28"), ("2027-12-01", "2027-12-31")],
    ids=["February", "the contract's last month"],
)
def test_a_month_is_a_calendar_month(start: str, end: str) -> None:
    assert validate(TYPE, _monthly(start, end)).title_variant() == "monthly"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2027-03-01", "2027-03-30", "2027-03-01 to 2027-03-31"),
        ("2027-03-02", "2027-03-31", "2027-03-01 to 2027-03-31"),
        ("2027-02-01", "2027-03-01", "2027-02-01 to 2027-02-28"),
    ],
)
def test_any_other_month_is_refused(start: str, end: str, expected: str) -> None:
    assert problems(TYPE, _monthly(start, end)) == [
        f"{FILE}: period: a monthly report covers one calendar month: expected {expected}"
    ]


def test_a_leap_february_has_29_days() -> None:
    changes = {
        "contract_period": {"start": "2028-01-01", "end": "2028-12-31"},
        "contract_kpis": SAMPLE["contract_kpis"],
    }
    assert validate(TYPE, changes | _monthly("2028-02-01", "2028-02-29", "2028-03-01")).period.end == date(2028, 2, 29)
    [problem] = problems(TYPE, changes | _monthly("2028-02-01", "2028-02-28", "2028-03-01"))
    assert problem.endswith("expected 2028-02-01 to 2028-02-29")


@pytest.mark.parametrize(
    ("changes", "period"),
    [
        (_monthly("2028-01-01", "2028-01-31", "2028-02-01"), "2028-01-01 to 2028-01-31"),
        (_weekly("2026-12-28", "2027-01-03", "2027-01-04"), "2026-12-28 to 2027-01-03"),  # starts before the service
        (_weekly("2027-12-27", "2028-01-02", "2028-01-03"), "2027-12-27 to 2028-01-02"),  # ends after it
    ],
)
def test_the_period_lies_inside_the_contracts_service_period(changes: dict[str, Any], period: str) -> None:
    assert problems(TYPE, changes) == [
        f"{FILE}: period: {period} lies outside the contract's service period 2027-01-01 to 2027-12-31"
    ]


def test_the_report_is_issued_once_its_period_is_over() -> None:
    assert validate(TYPE, {"issue_date": "2027-03-31"}).issue_date == date(2027, 3, 31)
    assert problems(TYPE, {"issue_date": "2027-03-30"}) == [
        f"{FILE}: issue_date: 2027-03-30 falls before the period's end 2027-03-31: "
        "a report is issued once its period is over"
    ]


def test_the_cadence_left_out_is_the_configurations_else_monthly() -> None:
    data = copy.deepcopy(SAMPLE)
    del data["cadence"]
    record = Record(data, FILE)
    assert validate_record(get_type(TYPE), record, today=TODAY).cadence == "monthly"
    weekly = get_type(TYPE).settings_model.model_validate({"cadence": "weekly"})  # type: ignore[union-attr]
    context = {"today": TODAY, "type_settings": weekly}
    [error] = _errors(data, context)
    assert "a weekly report covers one calendar week" in error["msg"]  # the month is then no week
    data["period"] = {"start": "2027-03-22", "end": "2027-03-28"}
    assert OperationsReport.model_validate(data, context=context).cadence == "weekly"


def _errors(data: dict[str, Any], context: dict[str, Any]) -> list[Any]:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        OperationsReport.model_validate(data, context=context)
    return list(caught.value.errors())


def test_the_cadence_reads_from_docgen_toml(tmp_path: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text((SAMPLES / "docgen.toml").read_text() + '\n[types.operations_report]\ncadence = "weekly"\n')
    data = {k: v for k, v in SAMPLE.items() if k != "cadence"}
    path = write_data(tmp_path / "report.json", data)
    result = run("--config", str(config), "validate", TYPE, str(path))
    assert result.exit_code == 1
    assert "period: a weekly report covers one calendar week" in result.stderr


# ---------------------------------------------------------------- the contract's KPIs, groups and stores


def test_every_kpi_of_the_contract_is_reported() -> None:
    assert problems(TYPE, {"metrics.2.kpi": DELETE}) == [
        f"{FILE}: metrics: the contract's KPI 店铺转化率 is not reported: give a metric with kpi: 店铺转化率"
    ]
    assert problems(TYPE, {"gmv_kpi": DELETE}) == [
        f"{FILE}: metrics: the contract's KPI 月度GMV is not reported: give a metric with kpi: 月度GMV"
    ]


def test_a_kpi_the_contract_does_not_have_is_refused() -> None:
    assert problems(TYPE, {"metrics.0.kpi": "日均UV"}) == [
        f"{FILE}: metrics.0.kpi: 日均UV is not one of the contract's KPIs (月度GMV、店铺转化率、客服30秒响应率)"
    ]


def test_a_contract_without_kpis_needs_none() -> None:
    changes = {"contract_kpis": [], "metrics.2.kpi": DELETE, "metrics.6.kpi": DELETE, "gmv_kpi": DELETE}
    assert validate(TYPE, changes).contract_kpis == []


def test_each_of_the_four_groups_has_a_metric() -> None:
    metrics = [m for m in SAMPLE["metrics"] if m["group"] != "engagement"]
    assert problems(TYPE, {"metrics": metrics}) == [f"{FILE}: metrics: give at least one metric of group engagement"]
    one_each = [SAMPLE["metrics"][i] for i in (0, 2, 4, 6)]  # traffic, conversion, engagement, satisfaction
    assert [m.group for m in validate(TYPE, {"metrics": one_each}).metrics] == [
        "traffic",
        "conversion",
        "engagement",
        "satisfaction",
    ]


def test_each_store_reports_its_gmv_once() -> None:
    store = SAMPLE["gmv"][0]
    assert problems(TYPE, {"gmv.1.store": "京东自营店"}) == [
        f"{FILE}: gmv.1.store: 京东自营店 is not one of the stores (platforms: 天猫旗舰店、抖音小店)"
    ]
    assert problems(TYPE, {"gmv.1": store}) == [f"{FILE}: gmv.1.store: 天猫旗舰店 has its GMV given twice"]
    assert problems(TYPE, {"gmv": [store]}) == [f"{FILE}: gmv: the GMV of store 抖音小店 is not reported"]


# ---------------------------------------------------------------- risks


@pytest.mark.parametrize("missing", ["escalated_on", "escalated_to"])
def test_a_major_risk_names_when_and_to_whom_it_was_escalated(missing: str) -> None:
    assert problems(TYPE, {f"risks.1.{missing}": DELETE}) == [
        f"{FILE}: risks.1.{missing}: a major risk names when it was escalated and to whom: "
        "give escalated_on and escalated_to"
    ]


def test_a_moderate_risk_needs_no_escalation() -> None:
    assert validate(TYPE, {"risks.1.severity": "moderate", "risks.1.escalated_on": DELETE,
                           "risks.1.escalated_to": DELETE}).risks[1].escalated_on is None  # fmt: skip


def test_an_escalation_is_made_by_the_issue_date() -> None:
    assert validate(TYPE, {"risks.1.escalated_on": "2027-04-03"}).risks[1].escalated_on == date(2027, 4, 3)
    assert problems(TYPE, {"risks.1.escalated_on": "2027-04-04"}) == [
        f"{FILE}: risks.1.escalated_on: 2027-04-04 falls after issue_date 2027-04-03: "
        "a report states only an escalation made"
    ]


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [
        ("zh_CN", "风险，严重程度重大（2027年3月24日已上报总经理陈思远）"),
        ("en_US", "Risk,major(escalatedto总经理陈思远onMarch24,2027)"),
        ("zh_TW", "風險，嚴重程度重大（2027年3月24日已呈報总经理陈思远）"),
    ],
)
def test_the_escalation_prints_with_the_risk(settings, locale: str, phrase: str) -> None:
    assert phrase in text(validate(TYPE), settings, locale)


# ---------------------------------------------------------------- wording of the optional parts and titles


@pytest.mark.parametrize(
    ("locale", "title", "phrases"),
    [
        ("zh_CN", "运营周报", ["报告周", "本期未参加活动。", "本期无需报告的问题与风险。", "本期客户未提出反馈意见。"]),
        ("en_US", "WeeklyOperationsReport", ["Week", "tookpartinnocampaign", "Noissuesorrisks", "gavenofeedback"]),
        ("zh_TW", "營運週報", ["報告週", "本期未參加活動。", "本期無需報告的問題與風險。", "本期客戶未提出回饋意見。"]),
    ],
)
def test_a_bare_weekly_report_says_what_it_lacks(settings, locale: str, title: str, phrases: list[str]) -> None:
    changes = _weekly("2027-03-22", "2027-03-28", "2027-03-29") | {
        "campaigns": [],
        "risks": [],
        "client_feedback": DELETE,
    }
    rendered = text(validate(TYPE, changes), settings, locale, "pdf")
    assert title in rendered and all(phrase in rendered for phrase in phrases)


# ---------------------------------------------------------------- chart


def test_chart_indexes_each_target_to_100() -> None:
    spec = validate(TYPE).chart_specs(chart_words(TYPE, "en_US"))["figures"]
    assert spec.title == "Target vs this period (target = 100%)"
    assert spec.categories[0] == "店铺访客数（UV）" and spec.categories[-1] == "抖音小店 GMV"
    target, actual = spec.series
    assert (target.name, actual.name) == ("Target", "This period")
    assert target.values[-3:] == (None, 100, 100)  # the zero target has no bar
    assert actual.values[:2] == (Decimal("104"), Decimal("98"))  # whole percents, rounded once
    assert actual.values[-3:] == (None, Decimal("108"), Decimal("78"))
    assert validate(TYPE).chart_specs(chart_words(TYPE, "zh_CN"))["figures"].series[1].name == "本期"


# ---------------------------------------------------------------- the contract: cites, derive, repeats


def test_cites_the_contract() -> None:
    assert validate(TYPE).cited_numbers() == ["HT-2026-0001"]


def test_derive_from_the_contract_fills_what_it_says() -> None:
    derived = report_from_contract(validate("service_contract"), "HT-2026-0001")
    data = derived.data
    assert data["client"] == SAMPLE["client"] and data["platforms"] == SAMPLE["platforms"]
    assert data["contract_period"] == {"start": "2027-01-01", "end": "2027-12-31"}
    assert data["contract_kpis"] == SAMPLE["contract_kpis"]
    assert [m["kpi"] for m in data["metrics"]] == ["月度GMV", "店铺转化率", "客服30秒响应率"]
    assert [g["store"] for g in data["gmv"]] == ["天猫旗舰店", "抖音小店"]
    assert {"cadence", "period", "metrics", "gmv", "work_done", "next_plan"} <= derived.to_fill.keys()


def test_derive_through_the_cli_marks_what_is_left_to_fill(tmp_path: Path) -> None:
    out = tmp_path / "report.yaml"
    result = run("derive", TYPE, "--from", str(SAMPLES / "service_contract.yaml"), "--output", str(out))
    assert result.exit_code == 0, result.output
    written = out.read_text()
    assert "# TO FILL" in written and "杭州青禾美妆科技有限公司" in written and "客服30秒响应率" in written


def test_what_the_report_repeats_from_the_contract_is_on_both_models() -> None:
    contract = get_type("service_contract").model_fields
    for field in OperationsReport.repeats["contract_number"].values():
        assert field.split(".")[0] in contract


def test_a_report_repeating_the_contract_differently_is_refused(register_url: str, tmp_path: Path) -> None:
    contract = copy.deepcopy(load_records(SAMPLES / "service_contract.yaml")[0].data)
    del contract["proposal_number"]
    issued = run("issue", "service_contract", str(write_data(tmp_path / "c.json", contract)), "-f", "html",
                 "-d", str(tmp_path / "out"), "--db", register_url)  # fmt: skip
    assert issued.exit_code == 0, issued.output
    data = copy.deepcopy(SAMPLE)
    data["contract_kpis"][1]["target"] = "不低于3.0%"
    data["platforms"] = ["天猫旗舰店", "抖音小店", "京东自营店"]
    # no target of its own: the stores' targets still add up to the contract's GMV target
    data["gmv"].append({"store": "京东自营店", "target": "0.00", "actual": "1.00"})
    path = write_data(tmp_path / "report.json", data)
    result = run("validate", TYPE, str(path), "--db", register_url)
    assert result.exit_code == 1
    cited = "service_contract HT-2026-0001"
    assert f"platforms: 3 entries here, 2 entries in {cited}" in result.stderr
    assert f"contract_kpis.1.target: 不低于3.0% here, 不低于3.5% in {cited} (kpis.1.target)" in result.stderr
    good = run("validate", TYPE, str(write_data(tmp_path / "good.json", SAMPLE)), "--db", register_url)
    assert good.exit_code == 0, good.output


# ---------------------------------------------------------------- spreadsheet input


def test_a_spreadsheet_with_chinese_column_titles_validates_and_names_the_row(tmp_path: Path, settings) -> None:
    sheet = _sample_as_sheet(TYPE, "zh_CN", "labels", tmp_path / "reports.xlsx")
    book = openpyxl.load_workbook(sheet)
    rows = book.active
    titles = [cell.value for cell in rows[1]]
    assert "报告期开始日期" in titles and "运营指标1类别" in titles and "问题风险2上报日期" in titles
    assert [row[titles.index("运营指标1类别")].value for row in rows.iter_rows(min_row=2)] == ["流量"]
    rows.append([cell.value for cell in rows[2]])  # a second report, row 3, without the escalation's recipient
    rows.cell(row=3, column=titles.index("问题风险2上报对象") + 1).value = None
    book.save(sheet)
    result = run("validate", TYPE, str(sheet))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{sheet}:row 3: risks.1.escalated_to: a major risk names when it was escalated and to whom: "
        "give escalated_on and escalated_to"
    ]
