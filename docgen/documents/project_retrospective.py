"""The project retrospective (项目总结报告, or 项目阶段评估报告 mid-project): goals against results, delivery, cost and lessons.

Every figure the report shows is computed here, once: each KPI's achievement
and whether it was met, each milestone's delay, the cost totals and variances,
and the benefit against the cost. A KPI whose target is zero has no
achievement (None, shown as —), never a division error.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from .arithmetic import RATIO_PLACES, ratio
from .base import DocumentModel, Kind
from .charts import ChartSeries, ChartSpec, ChartWords
from .model import Model
from .parts import DraftApproval, Period, approved_by_issue_date
from .pricing import Rate, split_tax_included
from .values import MAX_ITEMS, NonNegativeMoney, PositiveMoney, ShortText, Text
from .violations import RuleViolation

KpiValue = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=4, allow_inf_nan=False)]
HUNDRED = Decimal(100)


# The validators' messages by key, in English; templates/project_retrospective/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "score_above_scale": "{score} is above the top of the scale {scale}",
    "issued_before_end": "{issue_date} falls before the project's actual end {end}",
    "issued_before_cut_off": "{issue_date} falls before the review's cut-off date {end} (project.actual.end): "
    "a mid-project review covers only the days up to its issue date",
}


class Kpi(Model):
    name: ShortText = Field(description="What is measured, e.g. 店铺成交额（GMV）")
    unit: ShortText | None = Field(None, description="Unit of target and actual, e.g. 元, 人次, %, 分")
    target: KpiValue = Field(description="Target value agreed for the project; 0 is allowed")
    actual: KpiValue = Field(description="Value reached at the close (mid-project: at the cut-off date)")
    direction: Literal["higher_is_better", "lower_is_better"] = Field(
        "higher_is_better", description="higher_is_better (e.g. GMV) or lower_is_better (e.g. refund rate)"
    )
    decimals: Annotated[int, Field(ge=0, le=4)] = Field(0, description="Decimal places shown for target and actual")

    @computed_field(  # type: ignore[prop-decorator]
        description="Actual over target (target over actual when lower is better), rounded once half-up from the "
        "exact quotient to 0.001 (0.1%, as shown); "
        "None when the target (or, lower being better, the actual) is zero"
    )
    @property
    def achievement(self) -> Decimal | None:
        return self.achievement_to(RATIO_PLACES)

    def achievement_to(self, places: int) -> Decimal | None:
        """The achievement rounded once, from the exact quotient, to places: the chart's whole percents use 2."""
        if self.target == 0:
            return None
        if self.direction == "lower_is_better":
            return ratio(self.target, self.actual, places)
        return ratio(self.actual, self.target, places)

    @computed_field(description="The target was reached (at or beyond it in the better direction)")  # type: ignore[prop-decorator]
    @property
    def met(self) -> bool:
        if self.direction == "lower_is_better":
            return self.actual <= self.target
        return self.actual >= self.target


class Milestone(Model):
    name: ShortText = Field(description="Milestone or phase, e.g. 双十一大促")
    planned: date = Field(description="Planned date")
    actual: date | None = Field(None, description="Date actually reached; leave out if it was not reached")

    @computed_field(description="early, on_time, late, or open (not reached)")  # type: ignore[prop-decorator]
    @property
    def status(self) -> Literal["early", "on_time", "late", "open"]:
        if self.actual is None:
            return "open"
        if self.actual < self.planned:
            return "early"
        return "on_time" if self.actual == self.planned else "late"

    @computed_field(description="Days early or late (always 0 or more; status says which)")  # type: ignore[prop-decorator]
    @property
    def days_off(self) -> int:
        return abs((self.actual - self.planned).days) if self.actual else 0


class Project(Model):
    name: ShortText = Field(description="Project name")
    client: ShortText = Field(description="Client's registered legal name")
    platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Stores and accounts run, e.g. 天猫旗舰店"
    )
    manager: ShortText = Field(description="Project manager")
    planned: Period = Field(description="Planned start and end of the service")
    actual: Period = Field(
        description="Actual start and end of the service; mid-project, the start and the review's cut-off date"
    )
    summary: Text = Field(description="What the project set out to do and what was delivered")

    @computed_field(description="Actual end against planned end: early, on_time or late")  # type: ignore[prop-decorator]
    @property
    def end_status(self) -> Literal["early", "on_time", "late"]:
        if self.actual.end < self.planned.end:
            return "early"
        return "on_time" if self.actual.end == self.planned.end else "late"

    @computed_field(description="Days between planned and actual end (0 or more)")  # type: ignore[prop-decorator]
    @property
    def end_days_off(self) -> int:
        return abs((self.actual.end - self.planned.end).days)


class Quality(Model):
    summary: Text = Field(description="Service quality over the project: response, accuracy, incidents")
    satisfaction_score: Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=2)] = Field(
        description="Client satisfaction score from the closing survey"
    )
    satisfaction_scale: Annotated[Decimal, Field(gt=0, max_digits=6, decimal_places=2)] = Field(
        Decimal(5), description="Highest possible score, e.g. 5, 10 or 100"
    )
    respondents: Annotated[int, Field(ge=1)] | None = Field(None, description="People who answered the survey")

    @model_validator(mode="after")
    def _score_within_scale(self) -> Quality:
        if self.satisfaction_score > self.satisfaction_scale:
            raise RuleViolation.worded(
                "satisfaction_score",
                MESSAGES,
                "score_above_scale",
                score=self.satisfaction_score,
                scale=self.satisfaction_scale,
            )
        return self


class CostLine(Model):
    name: ShortText = Field(description="Cost item, e.g. 人力成本, 广告投放")
    budget: NonNegativeMoney = Field(description="Budgeted amount in CNY")
    actual: NonNegativeMoney = Field(description="Actual amount in CNY")

    @computed_field(description="Actual minus budget; positive is an overspend")  # type: ignore[prop-decorator]
    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget


class Finance(Model):
    costs: list[CostLine] = Field(max_length=MAX_ITEMS, min_length=1, description="Cost lines, budget against actual")
    benefit: NonNegativeMoney = Field(description="Measurable benefit in CNY, e.g. service fees earned, as invoiced")
    benefit_vat_rate: Rate = Field(
        Decimal("0.06"),
        description="VAT rate the benefit includes (service fees are invoiced with VAT, e.g. 0.06); 0 when it "
        "includes none. Costs are compared with the benefit net of VAT",
    )
    benefit_basis: Text = Field(description="What the benefit figure consists of and how it was measured")

    @computed_field(description="The benefit net of VAT: benefit ÷ (1 + rate), rounded half-up to the fen")  # type: ignore[prop-decorator]
    @property
    def benefit_net(self) -> Decimal:
        # Output VAT is owed to the tax office, not earned: only the net is set against the costs.
        return split_tax_included(self.benefit, self.benefit_vat_rate)[0]

    @computed_field(description="Budget, all lines")  # type: ignore[prop-decorator]
    @property
    def budget_total(self) -> Decimal:
        return sum((line.budget for line in self.costs), Decimal("0.00"))

    @computed_field(description="Actual cost, all lines")  # type: ignore[prop-decorator]
    @property
    def actual_total(self) -> Decimal:
        return sum((line.actual for line in self.costs), Decimal("0.00"))

    @computed_field(description="Actual minus budget, all lines; positive is an overspend")  # type: ignore[prop-decorator]
    @property
    def variance(self) -> Decimal:
        return self.actual_total - self.budget_total

    @computed_field(description="Variance over budget, rounded once to 0.001 (0.1%); None when the budget is zero")  # type: ignore[prop-decorator]
    @property
    def variance_ratio(self) -> Decimal | None:
        return ratio(self.variance, self.budget_total)

    @computed_field(description="Actual cost did not exceed the budget")  # type: ignore[prop-decorator]
    @property
    def within_budget(self) -> bool:
        return self.actual_total <= self.budget_total

    @computed_field(description="Benefit net of VAT minus actual cost")  # type: ignore[prop-decorator]
    @property
    def net_benefit(self) -> Decimal:
        return self.benefit_net - self.actual_total

    @computed_field(  # type: ignore[prop-decorator]
        description="Benefit net of VAT over actual cost, rounded once half-up to 2 places as shown; "
        "None when the cost is zero"
    )
    @property
    def benefit_cost_ratio(self) -> Decimal | None:
        return ratio(self.benefit_net, self.actual_total, places=2)


class ProjectRetrospective(DocumentModel):
    """项目总结报告: what a closed project promised, what it delivered, and what to do better.

    A mid-project review (项目阶段评估报告) is the same report on a project still running: its actual period
    ends at the review's cut-off date, and only the final report says the project has ended.
    """

    type_name: ClassVar[str] = "project_retrospective"
    number_pattern: ClassVar[str] = "ZJ-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    messages: ClassVar[dict[str, str]] = MESSAGES
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}
    # The contract's value is its fixed_total: the amount payable under it, VAT included. A commission-only contract
    # states no amount (its fixed_total is None), so contract_value, left out or given (e.g. the commission earned),
    # is then not compared; nor is it when the retrospective leaves it out.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "contract_number": {"project.client": "client.legal_name", "contract_value": "fixed_total"},
    }
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {"contract_value": ("contract_value",)}

    # Not named kind: that is the type's fact (commercial), which every type declares.
    report_kind: Literal["mid_project", "final"] = Field(
        "final",
        description="final (项目总结报告, once the project has ended; the default, as before) "
        "or mid_project (项目阶段评估报告, up to a cut-off date)",
    )
    contract_number: ShortText = Field(
        description="Number of the service contract the project closes, e.g. HT-2026-0001"
    )
    contract_value: PositiveMoney | None = Field(None, description="Contract amount in CNY, if it is to be shown")
    project: Project = Field(description="The project and its client")
    kpis: list[Kpi] = Field(max_length=MAX_ITEMS, min_length=1, description="Goals against results, one entry per KPI")
    milestones: list[Milestone] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Timeline, planned against actual"
    )
    quality: Quality = Field(description="Service quality and client satisfaction")
    finance: Finance = Field(description="Cost against budget, and the benefit")
    lessons: list[Text] = Field(max_length=MAX_ITEMS, min_length=1, description="Lessons learned, one per entry")
    recommendations: list[Text] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Recommendations for the client and the team"
    )
    prepared_by: ShortText | None = Field(None, description="Who wrote the report, e.g. the project manager")
    conclusions_approval: DraftApproval = Field(
        description="Approval of the conclusions (lessons, recommendations); left out, the report says they are not",
    )

    @computed_field(description="KPIs whose target was met")  # type: ignore[prop-decorator]
    @property
    def kpis_met(self) -> int:
        return sum(kpi.met for kpi in self.kpis)

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProjectRetrospective:
        # Final: the project has ended by the report. Mid-project: the actual period ends at the cut-off date,
        # which the review cannot pass either; the same comparison, worded for what the date means there.
        if self.issue_date and self.issue_date < self.project.actual.end:
            key = "issued_before_end" if self.report_kind == "final" else "issued_before_cut_off"
            raise RuleViolation.worded(
                "issue_date", MESSAGES, key, issue_date=self.issue_date, end=self.project.actual.end
            )
        approved_by_issue_date(self.conclusions_approval, self.issue_date, "conclusions_approval")
        return self

    def title_variant(self) -> str | None:
        return "mid_project" if self.report_kind == "mid_project" else None

    def chart_specs(self, words: Mapping[str, ChartWords]) -> dict[str, ChartSpec]:
        """Target against actual for each KPI, indexed so that each target is 100%: KPIs differ in units."""
        chart = words["kpis"]
        target, actual = chart.series
        # The bars are labelled in whole percents (the spec's places, 0): rounded once, to 0.01, from the exact ratio.
        shown = [kpi.achievement_to(2) for kpi in self.kpis]
        targets = tuple(HUNDRED if value is not None else None for value in shown)
        actuals = tuple(value * HUNDRED if value is not None else None for value in shown)
        return {
            "kpis": ChartSpec(
                title=chart.title,
                categories=tuple(kpi.name for kpi in self.kpis),
                series=(ChartSeries(target, targets), ChartSeries(actual, actuals)),
                unit="%",
                reference=HUNDRED,
            )
        }
