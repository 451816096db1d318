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


def test_quarterly_budget(settings) -> None:
    data = copy.deepcopy(SAMPLE)
    data["granularity"] = "quarter"
    for line in data["lines"]:
        figures = [Decimal(x) for x in line["budget"]]
        line["budget"] = [str(sum(figures[q * 3 : q * 3 + 3])) for q in range(4)]
        line["actual"] = [str(sum(Decimal(x) for x in line["actual"][:3])), None, None, None]
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
