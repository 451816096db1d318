"""Every percentage a report shows is rounded once, half-up, from the exact ratio (a property test)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from docgen.documents.arithmetic import ratio
from docgen.documents.budget import BudgetLine
from docgen.documents.project_retrospective import Kpi
from docgen.locale.formatting import percent

# KPI values as the model takes them: up to 4 places. Money: to the fen.
kpi_values = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)


def _expected_percent(part: Decimal, whole: Decimal) -> str:
    """The exact quotient as a percentage, rounded half-up to 0.1% by integer arithmetic, as a text."""
    exact = Fraction(part) / Fraction(whole) * 1000
    sign = "-" if exact < 0 else ""
    tenths, rest = divmod(abs(exact).numerator, abs(exact).denominator)
    tenths += 2 * rest >= abs(exact).denominator
    return f"{sign}{tenths // 10:,}.{tenths % 10}%"


@given(kpi_values, kpi_values)
def test_a_kpis_achievement_prints_the_exact_ratio_rounded_once(target: Decimal, actual: Decimal) -> None:
    kpi = Kpi.model_validate({"name": "x", "target": target, "actual": actual})
    assert kpi.achievement is not None
    assert percent(kpi.achievement, "en_US", 1) == _expected_percent(actual, target)


@given(kpi_values, kpi_values)
def test_lower_is_better_prints_target_over_actual_rounded_once(target: Decimal, actual: Decimal) -> None:
    kpi = Kpi.model_validate({"name": "x", "target": target, "actual": actual, "direction": "lower_is_better"})
    assert kpi.achievement is not None
    assert percent(kpi.achievement, "en_US", 1) == _expected_percent(target, actual)


@given(money, money)
def test_a_budget_lines_variance_prints_rounded_once(budget: Decimal, actual: Decimal) -> None:
    line = BudgetLine.model_validate({"category": "cost", "name": "x", "budget": [budget], "actual": [actual]})
    assert line.variance_ratio is not None
    assert percent(line.variance_ratio, "en_US", 1) == _expected_percent(actual - budget, budget)


def test_ties_and_near_ties_at_the_rounding_place() -> None:
    """Dense around the classic case: every quotient n / 4.2 and 4.2 / n for n in 0.1 … 100.0."""
    whole = Decimal("4.2")
    for tenths in range(1, 1001):
        part = Decimal(tenths).scaleb(-1)
        for a, b in ((part, whole), (whole, part)):
            shown = ratio(a, b)
            assert shown is not None and percent(shown, "en_US", 1) == _expected_percent(a, b), (a, b)


@given(kpi_values, kpi_values)
def test_the_charts_whole_percents_are_rounded_once(target: Decimal, actual: Decimal) -> None:
    """The KPI chart labels its bars in whole percents: the exact ratio rounded once, not the table's 0.1% again."""
    kpi = Kpi.model_validate({"name": "x", "target": target, "actual": actual})
    shown = kpi.achievement_to(2)
    assert shown is not None
    exact = Fraction(actual) / Fraction(target) * 100
    whole, rest = divmod(exact.numerator, exact.denominator)
    assert shown * 100 == whole + (2 * rest >= exact.denominator)


def test_a_chart_label_of_19_45_percent_is_19_not_20() -> None:
    """0.1945 rounds to 0.195 (19.5%) for the table; rounding that again would label the bar 20%."""
    kpi = Kpi.model_validate({"name": "x", "target": "10000", "actual": "1945"})
    assert kpi.achievement == Decimal("0.195") and kpi.achievement_to(2) == Decimal("0.19")
