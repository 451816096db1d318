"""The project retrospective: achievement and met at the target, zero targets, timeline, cost, satisfaction, chart."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from decimal import Decimal

import pytest

from docgen.documents.project_retrospective import Kpi, ProjectRetrospective
from docgen.inputs import load_records
from docgen.pipeline import render_document
from docgen.render.context import chart_words
from docgen.samples import sample_path

from .variants import problems, text, validate

TYPE = "project_retrospective"


def _kpi(target: str, actual: str, direction: str = "higher_is_better") -> Kpi:
    return Kpi.model_validate({"name": "GMV", "target": target, "actual": actual, "direction": direction})


def test_sample_figures() -> None:
    report = validate(TYPE)
    assert isinstance(report, ProjectRetrospective)
    assert [k.achievement for k in report.kpis] == [
        Decimal("1.130"),
        Decimal("0.965"),
        Decimal("1.047"),
        Decimal("1.124"),
        Decimal("1.190"),  # refund rate, lower is better: 5.0 / 4.2 = 1.190476…, rounded once (not 1.1905, then 119.1%)
        None,  # target 0
    ]
    assert [k.met for k in report.kpis] == [True, False, True, True, True, True]
    assert report.kpis_met == 5
    assert report.finance.budget_total == Decimal("880000.00")
    assert report.finance.actual_total == Decimal("885600.00")
    assert report.finance.variance == Decimal("5600.00")
    assert report.finance.variance_ratio == Decimal("0.006")
    assert report.finance.within_budget is False
    assert report.finance.benefit_net == Decimal("1052830.19")  # 1,116,000.00 ÷ 1.06, half-up to the fen
    assert report.finance.net_benefit == Decimal("167230.19")  # net of VAT, not 1,116,000.00 − cost
    assert report.finance.benefit_cost_ratio == Decimal("1.19")


@pytest.mark.parametrize(
    ("target", "actual", "direction", "achievement", "met"),
    [
        ("100", "100", "higher_is_better", Decimal("1.000"), True),  # exactly at target: met
        ("100", "99.9999", "higher_is_better", Decimal("1.000"), False),  # rounds to 100.0% but is short
        ("100", "0", "higher_is_better", Decimal("0.000"), False),
        ("5", "5", "lower_is_better", Decimal("1.000"), True),
        ("5", "5.0001", "lower_is_better", Decimal("1.000"), False),
        ("5", "0", "lower_is_better", None, True),  # nothing to divide by: no achievement, and met
        ("0", "0", "higher_is_better", None, True),
        ("0", "12", "higher_is_better", None, True),
        ("0", "0", "lower_is_better", None, True),
        ("0", "2", "lower_is_better", None, False),
    ],
)
def test_achievement_and_met(target: str, actual: str, direction: str, achievement: Decimal | None, met: bool) -> None:
    kpi = _kpi(target, actual, direction)
    assert (kpi.achievement, kpi.met) == (achievement, met)


def test_achievement_rounds_half_up_once() -> None:
    assert _kpi("3", "2").achievement == Decimal("0.667")
    assert _kpi("8", "1").achievement == Decimal("0.125")  # exact, no rounding
    assert _kpi("2000", "1").achievement == Decimal("0.001")  # 0.05% exactly: half-up
    assert _kpi("5.0", "4.2", "lower_is_better").achievement == Decimal("1.190")


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_refund_rate_prints_119_0_percent(settings, fmt: str) -> None:
    """5.0 ÷ 4.2 = 1.190476…: 119.0%; rounding to 1.1905 first printed 119.1%."""
    rendered = text(validate(TYPE), settings, "zh_CN", fmt)
    assert "119.0%" in rendered and "119.1%" not in rendered


@pytest.mark.parametrize(("locale", "labelled"), [("zh_CN", "不含税"), ("en_US", "netofVAT"), ("zh_TW", "未稅")])
def test_benefit_cost_is_on_net_of_vat_values_and_says_so(settings, locale: str, labelled: str) -> None:
    rendered = text(validate(TYPE), settings, locale)
    assert labelled in rendered
    assert "1,052,830.19" in rendered and "167,230.19" in rendered and "1.19" in rendered


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_zero_target_renders_a_dash(settings, locale: str, fmt: str) -> None:
    report = validate(TYPE, {"kpis.0.target": "0", "kpis.0.actual": "13560000"})
    assert report.kpis[0].achievement is None
    rendered = text(report, settings, locale, fmt)
    assert "13,560,000—" in rendered  # the achievement cell right after the actual value


def test_negative_kpi_values_are_refused() -> None:
    assert problems(TYPE, {"kpis.1.target": "-1"}) == [
        f"{TYPE}.yaml: kpis.1.target: Input should be greater than or equal to 0"
    ]


def test_kpis_are_required() -> None:
    [problem] = problems(TYPE, {"kpis": []})
    assert problem.startswith(f"{TYPE}.yaml: kpis: List should have at least 1 item")


def test_milestones_planned_against_actual() -> None:
    report = validate(TYPE, {"milestones.2.actual": None})
    assert [(m.status, m.days_off) for m in report.milestones] == [
        ("late", 3),
        ("early", 7),
        ("open", 0),
        ("on_time", 0),
        ("late", 11),
    ]
    assert (report.project.end_status, report.project.end_days_off) == ("on_time", 0)


def test_open_milestone_renders(settings) -> None:
    report = validate(TYPE, {"milestones.2.actual": None, "project.actual.end": "2028-01-10"})
    assert "618年中大促2027年6月18日—未完成" in text(report, settings, "zh_CN")
    assert "较计划延期10天结束" in text(report, settings, "zh_CN")
    assert "ending10dayslate" in text(report, settings, "en_US")


def test_satisfaction_score_within_its_scale() -> None:
    assert validate(TYPE, {"quality.satisfaction_score": "5"}).quality.satisfaction_score == Decimal(5)
    assert problems(TYPE, {"quality.satisfaction_score": "5.01"}) == [
        f"{TYPE}.yaml: quality.satisfaction_score: 5.01 is above the top of the scale 5"
    ]


def test_cost_at_budget_is_within_it() -> None:
    changes = {f"finance.costs.{i}.actual": cost["budget"] for i, cost in enumerate(_sample_costs())}
    finance = validate(TYPE, changes).finance
    assert (finance.variance, finance.variance_ratio, finance.within_budget) == (Decimal(0), Decimal(0), True)


def test_zero_budget_and_zero_cost_have_no_ratios() -> None:
    costs = [{"name": "人力成本", "budget": "0.00", "actual": "0.00"}]
    finance = validate(TYPE, {"finance.costs": costs}).finance
    assert finance.variance_ratio is None and finance.benefit_cost_ratio is None
    assert finance.within_budget


def test_report_is_written_after_the_project_ends() -> None:
    approved = {"conclusions_approval.approved_on": "2027-12-30"}  # approved no later than the earlier issue dates
    assert validate(TYPE, {"issue_date": "2027-12-31", **approved}).issue_date.isoformat() == "2027-12-31"
    assert problems(TYPE, {"issue_date": "2027-12-30", **approved}) == [
        f"{TYPE}.yaml: issue_date: 2027-12-30 falls before the project's actual end 2027-12-31"
    ]


def test_cites_the_contract_it_closes() -> None:
    assert validate(TYPE).cited_numbers() == ["HT-2026-0001"]


def test_chart_spec_indexes_each_target_to_100() -> None:
    spec = validate(TYPE).chart_specs(chart_words(TYPE, "en_US"))["kpis"]
    assert spec.title == "KPI target vs actual (target = 100%)"
    assert spec.categories[0] == "店铺成交额（GMV）"
    target, actual = spec.series
    assert (target.name, actual.name) == ("Target", "Actual")
    assert target.values == (100, 100, 100, 100, 100, None)
    assert actual.values[:2] == (Decimal("113"), Decimal("97"))  # whole percents, rounded once: 96.5% → 97
    assert actual.values[-1] is None
    assert validate(TYPE).chart_specs(chart_words(TYPE, "zh_TW"))["kpis"].series[1].name == "實際"


def test_chart_is_an_svg_in_html_and_a_png_in_docx(settings) -> None:
    report = validate(TYPE)
    html = render_document(report, settings, fmt="html", locale="zh_CN").decode()
    [uri] = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)"', html)
    svg = base64.b64decode(uri)
    assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<dc:date>" not in svg
    docx = render_document(report, settings, fmt="docx", locale="zh_CN")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert [archive.read(name)[:8] for name in media] == [b"\x89PNG\r\n\x1a\n"]


def _sample_costs() -> list[dict[str, str]]:
    costs: list[dict[str, str]] = load_records(sample_path(TYPE))[0].data["finance"]["costs"]
    return costs


@pytest.mark.parametrize(
    ("costs", "phrase"),
    [
        (None, "RMB 5,600.00 (0.6%) over budget"),
        ({"finance.costs.0.actual": "508000.00"}, "RMB 34,400.00 (3.9%) under budget"),
        ({"finance.costs.0.actual": "542400.00"}, "RMB 880,000.00: on budget"),
    ],
)
def test_english_states_the_variance_as_over_or_under_budget(settings, costs, phrase: str) -> None:
    rendered = text(validate(TYPE, costs or {}), settings, "en_US")
    assert "".join(phrase.split()) in rendered
    assert "Article" not in rendered  # a report numbers its sections 1., 2. …, never as articles
