"""The budget (财务预算): revenue, cost and expense by month or quarter, with actuals and variance, and a cash budget.

A variance is favourable (有利) when it raises profit: revenue above its budget, cost or expense below it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from .arithmetic import ratio
from .base import DocumentModel, Kind
from .charts import ChartSeries, ChartSpec, ChartWords
from .model import Model
from .parts import DraftApproval, approved_by_issue_date
from .pricing import ZERO
from .values import MAX_ITEMS, Money, SheetSlots, ShortText, Text
from .violations import RuleViolation

Category = Literal["revenue", "cost", "expense"]
CATEGORIES: tuple[Category, ...] = ("revenue", "cost", "expense")
PERIODS = {"month": 12, "quarter": 4}
PERIOD_WORD = {"month": "monthly", "quarter": "quarterly"}


# The validators' messages by key, in English; templates/budget/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "total_mismatch": "{total} does not match the {count} figures, which add up to {sum}",
    "figure_count": "gives {count} figures; a {period_word} budget needs {expected}",
    "approved_by_moved": "approved_by has moved into the approval record: give approval.status (approved), "
    "approval.approved_by and approval.approved_on, or leave approval out for a draft",
}


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, ZERO)


def favourable(category: Category, variance: Decimal | None) -> bool | None:
    """Whether a variance raises profit (more revenue, less cost or expense); None for none or zero."""
    if not variance:
        return None
    return variance > 0 if category == "revenue" else variance < 0


class BudgetLine(Model):
    category: Category = Field(description="revenue (收入), cost (成本) or expense (费用)")
    name: ShortText = Field(description="Line, e.g. 代运营服务费收入")
    budget: Annotated[list[Money], SheetSlots(12)] = Field(
        max_length=MAX_ITEMS, description="Budgeted amount for each month (12) or quarter (4), in CNY"
    )
    total: Money | None = Field(None, description="Year total as typed; checked against the figures when given")
    actual: Annotated[list[Money | None] | None, SheetSlots(12)] = Field(
        None, max_length=MAX_ITEMS, description="Actual amount for each period so far; leave later periods empty"
    )

    @model_validator(mode="after")
    def _total_matches(self) -> BudgetLine:
        if self.total is not None and self.total != self.budget_total:
            raise RuleViolation.worded(
                "total", MESSAGES, "total_mismatch", total=self.total, count=len(self.budget), sum=self.budget_total
            )
        return self

    @computed_field(description="Sum of the budget figures")  # type: ignore[prop-decorator]
    @property
    def budget_total(self) -> Decimal:
        return _sum(self.budget)

    @computed_field(description="Budget of the periods that have actuals")  # type: ignore[prop-decorator]
    @property
    def budget_to_date(self) -> Decimal | None:
        if self.actual is None:
            return None
        return _sum([budget for budget, actual in zip(self.budget, self.actual, strict=True) if actual is not None])

    @computed_field(description="Sum of the actuals given")  # type: ignore[prop-decorator]
    @property
    def actual_total(self) -> Decimal | None:
        return None if self.actual is None else _sum([value for value in self.actual if value is not None])

    @computed_field(description="Actual less budget for the periods with actuals")  # type: ignore[prop-decorator]
    @property
    def variance(self) -> Decimal | None:
        if self.actual_total is None or self.budget_to_date is None:
            return None
        return self.actual_total - self.budget_to_date

    @computed_field(  # type: ignore[prop-decorator]
        description="Variance as a fraction of the budget, rounded once to 0.001 (0.1%); none when the budget is zero"
    )
    @property
    def variance_ratio(self) -> Decimal | None:
        if self.variance is None or self.budget_to_date is None:
            return None
        return ratio(self.variance, self.budget_to_date)

    @computed_field(description="The variance raises profit (有利); None when there is none")  # type: ignore[prop-decorator]
    @property
    def favourable(self) -> bool | None:
        return favourable(self.category, self.variance)


class CashLine(Model):
    direction: Literal["receipt", "payment"] = Field(description="receipt (现金流入) or payment (现金流出)")
    name: ShortText = Field(description="Line, e.g. 客户回款, 支付工资, 缴纳税费")
    amounts: Annotated[list[Money], SheetSlots(12)] = Field(
        max_length=MAX_ITEMS, description="Cash received or paid in each month (12) or quarter (4), in CNY"
    )

    @computed_field(description="Sum of the amounts")  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        return _sum(self.amounts)


class CashBudget(Model):
    """资金预算: cash in and out by period, from the opening balance to each period's closing balance."""

    opening_balance: Money = Field(description="Cash at the start of the year, in CNY")
    lines: list[CashLine] = Field(max_length=MAX_ITEMS, min_length=1, description="Receipts and payments")

    def _by_period(self, direction: str) -> list[Decimal]:
        lines = [line.amounts for line in self.lines if line.direction == direction]
        return [_sum(list(column)) for column in zip(*lines, strict=True)] if lines else []

    @computed_field(description="Receipts per period, with the year total last")  # type: ignore[prop-decorator]
    @property
    def receipts(self) -> list[Decimal]:
        return self._with_total(self._by_period("receipt"))

    @computed_field(description="Payments per period, with the year total last")  # type: ignore[prop-decorator]
    @property
    def payments(self) -> list[Decimal]:
        return self._with_total(self._by_period("payment"))

    @computed_field(description="Receipts less payments per period, with the year total last")  # type: ignore[prop-decorator]
    @property
    def net(self) -> list[Decimal]:
        return [r - p for r, p in zip(self.receipts, self.payments, strict=True)]

    @computed_field(description="Closing balance per period (opening balance plus the net so far), the year's last")  # type: ignore[prop-decorator]
    @property
    def closing(self) -> list[Decimal]:
        balances: list[Decimal] = []
        for net in self.net[:-1]:
            balances.append((balances[-1] if balances else self.opening_balance) + net)
        return [*balances, balances[-1] if balances else self.opening_balance]

    @computed_field(description="Opening balance per period: the year's opening, then each period's previous closing")  # type: ignore[prop-decorator]
    @property
    def opening(self) -> list[Decimal]:
        return [self.opening_balance, *self.closing[:-2], self.opening_balance]

    def _with_total(self, columns: list[Decimal]) -> list[Decimal]:
        width = len(self.lines[0].amounts)
        columns = columns or [ZERO] * width
        return [*columns, _sum(columns)]


def _subtotal(name: str, budget: Decimal, actual: Decimal) -> dict[str, Any]:
    variance = actual - budget
    kind: Category = "revenue" if name == "profit" else name  # type: ignore[assignment]
    return {
        "budget": budget,
        "actual": actual,
        "variance": variance,
        "variance_ratio": ratio(variance, budget),
        "favourable": favourable(kind, variance),
    }


class Budget(DocumentModel):
    """财务预算: a year's budget by line and period, optionally against actuals."""

    type_name: ClassVar[str] = "budget"
    number_pattern: ClassVar[str] = "YS-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "finance"
    messages: ClassVar[dict[str, str]] = MESSAGES

    fiscal_year: Annotated[int, Field(ge=2000, le=2100)] = Field(description="Budget year, e.g. 2027")
    granularity: Literal["month", "quarter"] = Field("month", description="month (12 figures) or quarter (4 figures)")
    scope: ShortText = Field(description="What the budget covers, e.g. 公司整体 or 天猫事业部")
    lines: list[BudgetLine] = Field(max_length=MAX_ITEMS, min_length=1, description="Budget lines")
    prepared_by: ShortText | None = Field(None, description="Who prepared the budget")
    approval: DraftApproval = Field(
        description="Draft or approved, with approver and date; left out, the budget is a draft and says so",
    )
    cash: CashBudget | None = Field(None, description="The cash budget (资金预算): opening balance, receipts, payments")
    notes: Text | None = Field(None, description="Assumptions and remarks")

    @model_validator(mode="before")
    @classmethod
    def _approver_moved(cls, data: Any) -> Any:
        """Old data's loose approved_by names no date and no status: refused, naming the record that replaced it."""
        if isinstance(data, dict) and "approved_by" in data:
            raise RuleViolation.worded("approved_by", MESSAGES, "approved_by_moved")
        return data

    @model_validator(mode="after")
    def _approved_by_issue(self) -> Budget:
        approved_by_issue_date(self.approval, self.issue_date, "approval")
        return self

    @model_validator(mode="after")
    def _figures_per_period(self) -> Budget:
        expected = PERIODS[self.granularity]
        for path, figures in self._figure_lists():
            if figures is not None and len(figures) != expected:
                raise RuleViolation.worded(
                    path,
                    MESSAGES,
                    "figure_count",
                    count=len(figures),
                    period_word=PERIOD_WORD[self.granularity],
                    expected=expected,
                )
        return self

    def _figure_lists(self) -> list[tuple[str, list[Any] | None]]:
        """(path, figures) of every list that has one figure per period: budget lines, actuals and cash lines."""
        found: list[tuple[str, list[Any] | None]] = []
        for index, line in enumerate(self.lines):
            found += [(f"lines.{index}.budget", line.budget), (f"lines.{index}.actual", line.actual)]
        for index, cash in enumerate(self.cash.lines if self.cash else []):
            found.append((f"cash.lines.{index}.amounts", cash.amounts))
        return found

    @computed_field(description="Number of periods: 12 months or 4 quarters")  # type: ignore[prop-decorator]
    @property
    def periods(self) -> int:
        return PERIODS[self.granularity]

    @computed_field(description="Has any line actual figures")  # type: ignore[prop-decorator]
    @property
    def has_actuals(self) -> bool:
        return any(line.actual is not None for line in self.lines)

    def _column(self, category: Category, period: int) -> Decimal:
        return _sum([line.budget[period] for line in self.lines if line.category == category])

    @computed_field(description="Budget per category and period, with the year total last")  # type: ignore[prop-decorator]
    @property
    def category_totals(self) -> dict[str, list[Decimal]]:
        totals: dict[str, list[Decimal]] = {}
        for category in CATEGORIES:
            columns = [self._column(category, period) for period in range(self.periods)]
            totals[category] = [*columns, _sum(columns)]
        return totals

    @computed_field(description="Profit per period (revenue − cost − expense), with the year total last")  # type: ignore[prop-decorator]
    @property
    def profit(self) -> list[Decimal]:
        revenue, cost, expense = (self.category_totals[c] for c in CATEGORIES)
        return [r - c - e for r, c, e in zip(revenue, cost, expense, strict=True)]

    @computed_field(description="Budget against actual per category, for the periods with actuals")  # type: ignore[prop-decorator]
    @property
    def category_actuals(self) -> dict[str, dict[str, Decimal]]:
        result: dict[str, dict[str, Decimal]] = {}
        for category in CATEGORIES:
            lines = [line for line in self.lines if line.category == category and line.actual is not None]
            result[category] = {
                "budget": _sum([line.budget_to_date or ZERO for line in lines]),
                "actual": _sum([line.actual_total or ZERO for line in lines]),
            }
        return result

    @computed_field(  # type: ignore[prop-decorator]
        description="Subtotal per category and profit, for the periods with actuals: budget, actual, variance, "
        "variance ratio (rounded once to 0.1%) and whether it is favourable"
    )
    @property
    def variance_subtotals(self) -> dict[str, dict[str, Any]]:
        figures = self.category_actuals
        totals: dict[str, tuple[Decimal, Decimal]] = {
            category: (figures[category]["budget"], figures[category]["actual"]) for category in CATEGORIES
        }
        revenue, cost, expense = (totals[c] for c in CATEGORIES)
        # Profit is revenue less cost and expense; a variance raising it is favourable, as for revenue.
        totals["profit"] = (revenue[0] - cost[0] - expense[0], revenue[1] - cost[1] - expense[1])
        return {name: _subtotal(name, budget, actual) for name, (budget, actual) in totals.items()}

    @computed_field(description="How many periods (from the first) have actuals: the months or quarters reported")  # type: ignore[prop-decorator]
    @property
    def actual_periods(self) -> int:
        given = [index for line in self.lines for index, value in enumerate(line.actual or []) if value is not None]
        return max(given) + 1 if given else 0

    def chart_specs(self, words: Mapping[str, ChartWords]) -> dict[str, ChartSpec]:
        """Budget against actual for each category (named in CATEGORIES order), over the periods that have actuals."""
        if not self.has_actuals:
            return {}
        chart = words["actuals"]
        budgeted, actual = chart.series
        figures = self.category_actuals
        return {
            "actuals": ChartSpec(
                title=chart.title,
                categories=chart.categories,
                series=(
                    ChartSeries(budgeted, tuple(figures[c]["budget"] for c in CATEGORIES)),
                    ChartSeries(actual, tuple(figures[c]["actual"] for c in CATEGORIES)),
                ),
            )
        }
