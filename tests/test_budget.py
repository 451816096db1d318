"""Budget: totals, profit, variance with a zero budget, and bad input named by field."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import render_document, validate_records
from docgen.render.context import chart_words
from docgen.samples import sample_path

from .textutil import docx_text, html_text, pdf_text, squeeze

SAMPLE = load_records(sample_path("budget"))[0].data


def _budget(settings, data: dict[str, Any]):
    return validate_records("budget", [Record(data, "b.yaml")], settings)[0]


def _with_line(index: int, **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    data["lines"][index].update(changes)
    return data


def _problems(settings, data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        _budget(settings, data)
    return [str(p) for p in caught.value.problems]


def test_totals_and_profit(settings) -> None:
    budget = _budget(settings, SAMPLE)
    assert budget.category_totals["revenue"][0] == Decimal("410000.00")
    assert [budget.category_totals[c][-1] for c in ("revenue", "cost", "expense")] == [
        Decimal("6220000.00"),
        Decimal("3370000.00"),
        Decimal("1089000.00"),
    ]
    assert budget.profit[0] == Decimal("76000.00") and budget.profit[-1] == Decimal("1761000.00")


def test_variance_and_zero_budget(settings) -> None:
    budget = _budget(settings, SAMPLE)
    training = next(line for line in budget.lines if line.name == "培训费")
    assert (training.budget_to_date, training.actual_total, training.variance) == (
        Decimal("0.00"),
        Decimal("2500.00"),
        Decimal("2500.00"),
    )
    assert training.variance_ratio is None
    promotion = next(line for line in budget.lines if line.name == "市场推广费")
    assert promotion.variance == Decimal("5500.00")
    assert promotion.variance_ratio == Decimal("0.122")  # 5,500 ÷ 45,000 = 0.12222…, rounded once to 0.1%
    for fmt, extract in (("html", html_text), ("docx", docx_text), ("pdf", pdf_text)):
        text = squeeze(extract(render_document(budget, settings, fmt=fmt, locale="zh_CN")))
        assert "培训费¥0.00¥2,500.00¥2,500.00—" in text, fmt
        assert "市场推广费¥45,000.00¥50,500.00¥5,500.00" in text and "12.2%" in text, fmt


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_with_line(0, category="income"), "b.yaml: lines.0.category: Input should be 'revenue', 'cost' or 'expense'"),
        (
            _with_line(0, total="4580001"),
            "b.yaml: lines.0.total: 4580001.00 does not match the 12 figures, which add up to 4580000.00",
        ),
        (
            _with_line(2, budget=["1"] * 11, total=None, actual=None),
            "b.yaml: lines.2.budget: gives 11 figures; a monthly budget needs 12",
        ),
        (_with_line(1, actual=["1"] * 3), "b.yaml: lines.1.actual: gives 3 figures; a monthly budget needs 12"),
        (_with_line(1, budget=["-1"] + ["0"] * 11, total=None), None),
    ],
)
def test_bad_input_names_the_field(settings, data: dict[str, Any], expected: str | None) -> None:
    if expected is None:  # negative figures are allowed: a budget line can be a credit
        assert _budget(settings, data).lines[1].budget_total == Decimal("-1.00")
        return
    assert _problems(settings, data) == [expected]


def _quarters(figures: list[Any]) -> list[str]:
    return [str(sum(Decimal(x) for x in figures[q * 3 : q * 3 + 3])) for q in range(4)]


def _quarterly() -> dict[str, Any]:
    """The sample by quarter: each quarter the sum of its months, actuals for the first quarter."""
    data = copy.deepcopy(SAMPLE)
    data["granularity"] = "quarter"
    for line in data["lines"]:
        line["budget"] = _quarters(line["budget"])
        line["actual"] = [str(sum(Decimal(x) for x in line["actual"][:3])), None, None, None]
    for line in data["cash"]["lines"]:
        line["amounts"] = _quarters(line["amounts"])
    return data


def test_quarterly_budget(settings) -> None:
    data = _quarterly()
    budget = _budget(settings, data)
    assert budget.periods == 4 and budget.profit[-1] == Decimal("1761000.00")
    text = squeeze(html_text(render_document(budget, settings, fmt="html", locale="en_US")))
    assert "Q1Q2Q3Q4Total" in text and "Jan" not in text
    with pytest.raises(InvalidData, match="a quarterly budget needs 4"):
        _budget(
            settings, {**data, "lines": [{**data["lines"][0], "budget": ["1"] * 12, "total": None, "actual": None}]}
        )


def test_chart_of_budget_against_actual(settings) -> None:
    budget = _budget(settings, SAMPLE)
    [spec] = budget.chart_specs(chart_words("budget", "en_US")).values()
    assert spec.categories == ("Revenue", "Cost", "Expense")
    assert [s.values for s in spec.series] == [
        (Decimal("1250000.00"), Decimal("770000.00"), Decimal("237000.00")),
        (Decimal("1260300.00"), Decimal("777100.00"), Decimal("246300.00")),
    ]
    html = render_document(budget, settings, fmt="html", locale="zh_CN").decode()
    assert 'class="chart" src="data:image/svg+xml;base64,' in html
    import io

    import docx

    opened = docx.Document(io.BytesIO(render_document(budget, settings, fmt="docx", locale="zh_TW")))
    assert len(opened.inline_shapes) == 1


def test_no_actuals_no_chart(settings) -> None:
    data = copy.deepcopy(SAMPLE)
    for line in data["lines"]:
        line.pop("actual")
    budget = _budget(settings, data)
    assert budget.chart_specs(chart_words("budget", "zh_CN")) == {}
    html = render_document(budget, settings, fmt="html", locale="zh_CN").decode()
    assert "预算执行情况" not in html and "image/svg" not in html


# ---------------------------------------------------------------- issue #17: period, marks, subtotals, cash budget


def _only_first_months(months: int) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    for line in data["lines"]:
        line["actual"] = [*line["actual"][:months], *[None] * (12 - months)]
    return data


@pytest.mark.parametrize(
    ("months", "locale", "heading"),
    [
        (3, "zh_CN", "预算执行情况（2027年1–3月）"),
        (1, "zh_CN", "预算执行情况（2027年1月）"),
        (3, "en_US", "Budgetagainstactual,January–March2027"),
        (1, "en_US", "Budgetagainstactual,January2027"),
        (3, "zh_TW", "預算執行情形（2027年1–3月）"),
    ],
)
def test_the_actuals_name_their_months(settings, months: int, locale: str, heading: str) -> None:
    budget = _budget(settings, _only_first_months(months))
    assert budget.actual_periods == months
    text = squeeze(html_text(render_document(budget, settings, fmt="html", locale=locale)))
    assert heading in text and "截至实际数据最后一期" not in text


def test_quarters_are_named_as_quarters(settings) -> None:
    budget = _budget(settings, _quarterly())
    assert budget.actual_periods == 1
    text = squeeze(html_text(render_document(budget, settings, fmt="html", locale="zh_CN")))
    assert "预算执行情况（2027年第一季度）" in text
    assert "期末现金余额1,186,000.00" in text  # by quarter: 1,200,000 + 1,180,000 − 1,194,000, as at 31 March


@pytest.mark.parametrize(
    ("category", "budget", "actual", "favourable"),
    [
        ("revenue", "100.00", "100.01", True),  # more revenue: favourable
        ("revenue", "100.00", "99.99", False),
        ("cost", "100.00", "100.01", False),  # more cost: unfavourable
        ("expense", "100.00", "99.99", True),
        ("cost", "100.00", "100.00", None),  # no variance: no mark
    ],
)
def test_a_variance_is_favourable_when_it_raises_profit(settings, category, budget, actual, favourable) -> None:
    data = _with_line(0, category=category, budget=[budget] + ["0"] * 11, total=None, actual=[actual] + [None] * 11)
    line = _budget(settings, data).lines[0]
    assert line.favourable is favourable


@pytest.mark.parametrize(
    ("locale", "rows"),
    [
        (
            "zh_CN",
            [
                "直播及内容制作成本¥140,000.00¥147,600.00¥7,600.005.4%不利",
                "运营人员薪酬¥630,000.00¥629,500.00-¥500.00-0.1%有利",
                "收入小计¥1,250,000.00¥1,260,300.00¥10,300.000.8%有利",
                "成本小计¥770,000.00¥777,100.00¥7,100.000.9%不利",
                "费用小计¥237,000.00¥246,300.00¥9,300.003.9%不利",
                "利润¥243,000.00¥236,900.00-¥6,100.00-2.5%不利",
                "房租及物业¥114,000.00¥114,000.00¥0.000.0%—",
            ],
        ),
        ("en_US", ["CostsubtotalRMB770,000.00RMB777,100.00RMB7,100.000.9%U", "Revenuesubtotal"]),
    ],
)
def test_the_variance_table_has_subtotals_and_marks(settings, locale: str, rows: list[str]) -> None:
    budget = _budget(settings, SAMPLE)
    for fmt, extract in (("html", html_text), ("docx", docx_text), ("pdf", pdf_text)):
        text = squeeze(extract(render_document(budget, settings, fmt=fmt, locale=locale)))
        for row in rows:
            assert row in text, (fmt, row)


def test_the_cash_budget_runs_from_the_opening_to_the_closing_balance(settings) -> None:
    cash = _budget(settings, SAMPLE).cash
    assert cash.receipts[0] == Decimal("380000.00") and cash.payments[0] == Decimal("400000.00")
    assert cash.net[0] == Decimal("-20000.00")
    assert cash.closing[:2] == [Decimal("1180000.00"), Decimal("1209000.00")]
    assert cash.opening[:2] == [Decimal("1200000.00"), Decimal("1180000.00")]
    assert cash.net[-1] == Decimal("579000.00") and cash.closing[-1] == Decimal("1779000.00")
    assert cash.opening[-1] == Decimal("1200000.00")  # the year's opening balance in the total column
    assert cash.closing[-2] == cash.opening_balance + sum(cash.net[:-1])


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_the_cash_budget_is_printed(settings, locale: str) -> None:
    words = {
        "zh_CN": ["资金预算", "期初现金余额1,200,000.00", "期末现金余额1,180,000.00", "净现金流量-20,000.00"],
        "en_US": ["Cashbudget", "Openingcashbalance1,200,000.00", "Closingcashbalance1,180,000.00"],
        "zh_TW": ["資金預算", "期初現金餘額1,200,000.00", "期末現金餘額1,180,000.00"],
    }[locale]
    text = squeeze(pdf_text(render_document(_budget(settings, SAMPLE), settings, fmt="pdf", locale=locale)))
    for phrase in words:
        assert phrase in text, phrase


def test_a_cash_line_needs_one_figure_per_period(settings) -> None:
    data = copy.deepcopy(SAMPLE)
    data["cash"]["lines"][1]["amounts"] = data["cash"]["lines"][1]["amounts"][:11]
    assert _problems(settings, data) == ["b.yaml: cash.lines.1.amounts: gives 11 figures; a monthly budget needs 12"]
