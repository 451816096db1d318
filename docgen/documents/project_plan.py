"""The project plan (项目策划方案): how the agency will run a contract, reviewed by the departments and approved.

It cites its service contract and repeats the contract's client, stores, service period and KPIs, so the plan
and the contract cannot drift apart. The promotion budget's total is computed here, once, and must stay within
what the contract funds for promotion when the contract funds it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from .base import DocumentModel, Kind
from .derived import Derivation, Derived, citing_contract, plain
from .model import Model
from .parts import DraftApproval, Period, approved_by_issue_date
from .pricing import ZERO
from .service_contract import ServiceContract
from .values import MAX_ITEMS, USCC, Month, NonNegativeMoney, SheetSlots, ShortText, Text
from .violations import RuleViolation

# The validators' messages by key, in English; templates/project_plan/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "over_funding": "the promotion budget {total} exceeds the {funding} the contract funds for promotion",
    "month_outside_service": "{month} lies outside the service period {start} to {end}",
    "months_out_of_order": "{month} is listed after {previous}: give each month once, in calendar order",
    "milestone_outside_service": "{due} lies outside the service period {start} to {end}",
    "reviewed_after_issue": "{held_on} falls after issue_date {issue_date}: a plan is reviewed before it is issued",
}


def _first_day(month: str) -> date:
    return date.fromisoformat(f"{month}-01")


class Client(Model):
    legal_name: ShortText = Field(description="The client's registered legal name, as in the contract")
    uscc: USCC = Field(description="The client's unified social credit code (统一社会信用代码), as in the contract")


class Member(Model):
    name: ShortText = Field(description="Team member's name")
    role: ShortText = Field(description="Role in the project team (项目专项小组), e.g. 项目经理, 直播运营")
    department: ShortText | None = Field(None, description="Department the member comes from, e.g. 天猫事业部")
    duties: Text = Field(description="What the member is responsible for in this project")


class PromotionMonth(Model):
    month: Month = Field(description="Calendar month as YYYY-MM, inside the service period")
    budget: NonNegativeMoney = Field(description="Promotion budget for the month, in CNY")
    focus: ShortText = Field(description="What the money is spent on, e.g. 年货节站内推广")


class Promotion(Model):
    contract_funding: NonNegativeMoney = Field(
        Decimal("0.00"),
        description="What the contract funds for promotion (its promotion_budget), in CNY; 0 when it funds none",
    )
    months: Annotated[list[PromotionMonth], SheetSlots(12)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Monthly promotion budgets, in calendar order"
    )

    @computed_field(  # type: ignore[prop-decorator]
        description="Sum of the monthly budgets: amounts of whole fen added exactly, so no rounding occurs"
    )
    @property
    def total(self) -> Decimal:
        return sum((month.budget for month in self.months), ZERO)

    @model_validator(mode="after")
    def _within_funding(self) -> Promotion:
        # 0 means the contract funds no promotion: the plan's promotion is then paid otherwise and has no cap here.
        if self.contract_funding and self.total > self.contract_funding:
            raise RuleViolation.worded(
                "months", MESSAGES, "over_funding", total=self.total, funding=self.contract_funding
            )
        return self

    @model_validator(mode="after")
    def _months_in_order(self) -> Promotion:
        for index in range(1, len(self.months)):
            previous, month = self.months[index - 1].month, self.months[index].month
            if month <= previous:
                raise RuleViolation.worded(
                    f"months.{index}.month", MESSAGES, "months_out_of_order", month=month, previous=previous
                )
        return self


class Metric(Model):
    name: ShortText = Field(description="The contract's KPI, named as in the contract, e.g. 月度GMV")
    target: ShortText = Field(description="Its target as the contract prints it, e.g. 不低于¥3,000,000")
    method: Text = Field(description="How it is measured: data source and formula")
    frequency: Literal["daily", "weekly", "monthly", "quarterly"] = Field(
        description="How often it is measured: daily, weekly, monthly or quarterly"
    )


class KpiTarget(Model):
    """A KPI as the contract states it: what the plan repeats from the contract."""

    name: str
    target: str


class Milestone(Model):
    name: ShortText = Field(description="Milestone, e.g. 店铺视觉升级上线")
    due: date = Field(description="Date it is due, inside the service period")
    deliverable: Text | None = Field(None, description="What is delivered by then")


class Review(Model):
    department: ShortText = Field(description="Reviewing department, e.g. 财务部")
    reviewer: ShortText | None = Field(None, description="Who reviewed for the department")
    comments: Text = Field(description="The department's comments on the plan")


class ReviewRecord(Model):
    held_on: date = Field(description="Date of the review (评审), on or before issue_date")
    reviews: Annotated[list[Review], SheetSlots(4)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Each reviewing department with its comments"
    )
    resolution: Text = Field(description="What the review resolved, e.g. 同意按修改后的方案执行")


# What only the plan can say: left empty for derive, each with its hint for `# TO FILL`.
_PLAN_TO_FILL: dict[str, tuple[Any, str]] = {
    "project_name": (None, "the project's name (项目名称)"),
    "team": ([{"name": None, "role": None, "department": None, "duties": None}],
             "each team member's role and duties (项目专项小组)"),
    "positioning": (None, "platform positioning (平台定位)"),
    "audience": (None, "target audience analysis (目标受众分析)"),
    "content": (None, "content plan (内容规划)"),
    "strategy": (None, "operations strategy (运营策略)"),
    "milestones": ([{"name": None, "due": None, "deliverable": None}], "milestones inside the service period (里程碑)"),
    "review": ({"held_on": None, "reviews": [{"department": None, "reviewer": None, "comments": None}],
                "resolution": None}, "the reviewing departments, their comments and the resolution (评审记录)"),
}  # fmt: skip


def plan_from_contract(contract: ServiceContract, number: str | None) -> Derived:
    """A plan prefilled from the contract it carries out: client, stores, service period, KPIs and promotion funding."""
    data: dict[str, Any] = {
        "contract_number": number,
        "project_name": None,
        "client": {"legal_name": contract.client.legal_name, "uscc": contract.client.uscc},
        "platforms": list(contract.platforms),
        "service_period": plain(contract.service_period),
        "promotion": {
            "contract_funding": str(contract.promotion_funded),
            "months": [{"month": None, "budget": None, "focus": None}],
        },
        "metrics": [
            {"name": kpi.name, "target": kpi.target, "method": kpi.measure, "frequency": None} for kpi in contract.kpis
        ],
    }
    data |= {field: value for field, (value, _) in _PLAN_TO_FILL.items() if field not in data}
    to_fill = {field: hint for field, (_, hint) in _PLAN_TO_FILL.items()}
    to_fill["promotion"] = "each month's promotion budget and focus, within contract_funding when not 0 (推广计划)"
    to_fill["metrics"] = "how (method) and how often (frequency) each KPI is measured (数据指标)"
    return citing_contract(data, to_fill, number)


class ProjectPlan(DocumentModel):
    """项目策划方案: the plan for running a contract, its team, promotion, metrics and milestones, reviewed."""

    type_name: ClassVar[str] = "project_plan"
    number_pattern: ClassVar[str] = "CH-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    messages: ClassVar[dict[str, str]] = MESSAGES
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}
    # The plan carries out the contract as signed: only a supplementary agreement may change these.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "contract_number": {
            "client.legal_name": "client.legal_name",
            "client.uscc": "client.uscc",
            "platforms": "platforms",
            "service_period": "service_period",
            "kpi_targets": "kpis",
            "promotion.contract_funding": "promotion_funded",
        },
    }
    derived_from: ClassVar[dict[str, Derivation]] = {"service_contract": plan_from_contract}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {"promotion.total": ("promotion.months.*.budget",)}

    contract_number: ShortText = Field(description="Number of the service contract the plan carries out")
    project_name: ShortText = Field(description="Project name, e.g. 青禾美妆2027年度全案代运营")
    client: Client = Field(description="The client, as in the contract")
    platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Stores and channels run, as in the contract"
    )
    service_period: Period = Field(description="The contract's service period")
    team: Annotated[list[Member], SheetSlots(6)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="The project team (项目专项小组): role and duties of each"
    )
    positioning: Text = Field(description="Platform positioning (平台定位)")
    audience: Text = Field(description="Target audience analysis (目标受众分析)")
    content: Text = Field(description="Content plan (内容规划)")
    strategy: Text = Field(description="Operations strategy (运营策略)")
    promotion: Promotion = Field(description="Promotion plan: monthly budgets and their total")
    metrics: Annotated[list[Metric], SheetSlots(5)] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="The contract's KPIs, with how and how often each is measured",
    )
    milestones: Annotated[list[Milestone], SheetSlots(6)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Milestones, inside the service period"
    )
    review: ReviewRecord = Field(description="The review (评审): departments, comments and resolution")
    prepared_by: ShortText | None = Field(None, description="Who wrote the plan, e.g. the project manager")
    approval: DraftApproval = Field(
        description="Draft or approved, with approver and date; left out, the plan is a draft and says so",
    )

    @computed_field(description="The KPIs as the contract states them: name and target")  # type: ignore[prop-decorator]
    @property
    def kpi_targets(self) -> list[KpiTarget]:
        return [KpiTarget(name=metric.name, target=metric.target) for metric in self.metrics]

    @model_validator(mode="after")
    def _dates_in_order(self) -> ProjectPlan:
        approved_by_issue_date(self.approval, self.issue_date, "approval")
        if self.issue_date is not None and self.review.held_on > self.issue_date:
            raise RuleViolation.worded(
                "review.held_on", MESSAGES, "reviewed_after_issue", held_on=self.review.held_on,
                issue_date=self.issue_date,
            )  # fmt: skip
        return self

    @model_validator(mode="after")
    def _inside_the_service(self) -> ProjectPlan:
        period = self.service_period
        for index, month in enumerate(self.promotion.months):
            if not period.start.replace(day=1) <= _first_day(month.month) <= period.end:
                raise RuleViolation.worded(
                    f"promotion.months.{index}.month", MESSAGES, "month_outside_service",
                    month=month.month, start=period.start, end=period.end,
                )  # fmt: skip
        for index, milestone in enumerate(self.milestones):
            if not period.start <= milestone.due <= period.end:
                raise RuleViolation.worded(
                    f"milestones.{index}.due", MESSAGES, "milestone_outside_service",
                    due=milestone.due, start=period.start, end=period.end,
                )  # fmt: skip
        return self
