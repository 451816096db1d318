"""The operations report (运营周报 / 运营月报): one week's or one month's figures, work and risks, sent to the client.

The report cites its service contract and repeats from it the client, the stores, the service period and the
KPIs, so that the register can check them. Every figure is computed here, once: each metric's change against
the previous period (环比) and its achievement against the target, by the retrospective's rules (Kpi) and the
one rounding of arithmetic.ratio. A week is a calendar week, Monday to Sunday; a month is a calendar month.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, computed_field, field_validator, model_validator

from .arithmetic import RATIO_PLACES, add_months, ratio
from .base import DocumentModel, Kind, type_settings
from .charts import ChartSeries, ChartSpec, ChartWords
from .derived import Derivation, Derived, citing_contract, plain
from .model import Model
from .parts import Period
from .project_retrospective import Kpi, KpiValue
from .service_contract import ContractKpi, NumericTarget, ServiceContract
from .values import MAX_ITEMS, ShortText, Text
from .violations import RuleViolation

HUNDRED = Decimal(100)
# A contract's numeric target's direction, as a metric states it.
DIRECTIONS = {"at_least": "higher_is_better", "at_most": "lower_is_better"}
Cadence = Literal["weekly", "monthly"]
Group = Literal["traffic", "conversion", "engagement", "satisfaction"]
GROUPS: tuple[Group, ...] = ("traffic", "conversion", "engagement", "satisfaction")

# The validators' messages by key, in English; templates/operations_report/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "week_not_monday_to_sunday": "a weekly report covers one calendar week, Monday to Sunday: "
    "{start} to {end} is not one",
    "not_one_month": "a monthly report covers one calendar month: expected {start} to {expected_end}",
    "period_outside_contract": "{start} to {end} lies outside the contract's service period "
    "{service_start} to {service_end}",
    "issued_before_period_end": "{issue_date} falls before the period's end {end}: a report is issued once its "
    "period is over",
    "kpi_missing": "the contract's KPI {kpi} is not reported: give a metric with kpi: {kpi}",
    "kpi_unknown": "{kpi} is not one of the contract's KPIs ({known})",
    "kpi_target_differs": "the target of the contract's KPI {kpi} is {contracted}: {target} here",
    "kpi_direction_differs": "the contract's KPI {kpi} is {contracted}: give direction {direction}",
    "group_empty": "give at least one metric of group {group}",
    "store_unknown": "{store} is not one of the stores (platforms: {known})",
    "store_twice": "{store} has its GMV given twice",
    "store_without_gmv": "the GMV of store {store} is not reported",
    "major_needs_escalation": "a major risk names when it was escalated and to whom: give escalated_on and "
    "escalated_to",
    "escalated_after_issue": "{escalated_on} falls after issue_date {issue_date}: a report states only an "
    "escalation made",
}


class OperationsReportSettings(Model):
    """[types.operations_report] in docgen.toml."""

    cadence: Cadence = Field("monthly", description="The cadence a report takes when its data gives none")


class Figures(Kpi):
    """A figure against its target (the retrospective's achievement and met), and against the previous period."""

    previous: KpiValue | None = Field(None, description="The previous period's value; left out when there is none")

    @computed_field(  # type: ignore[prop-decorator]
        description="环比: (this period − previous) ÷ previous, rounded once half-up from the exact quotient to "
        "0.001 (0.1%, as shown); None without a previous value or when it is zero"
    )
    @property
    def change(self) -> Decimal | None:
        if self.previous is None:
            return None
        return ratio(self.actual - self.previous, self.previous, RATIO_PLACES)


class Metric(Figures):
    group: Group = Field(
        description="traffic (流量), conversion (转化率), engagement (用户活跃度) or satisfaction (客户满意度)"
    )
    kpi: ShortText | None = Field(
        None, description="The contract KPI this metric reports, by its name in the contract, e.g. 店铺转化率"
    )


class StoreGmv(Figures):
    name: ShortText = Field("GMV", description="What is measured; GMV unless the store reports it otherwise")
    unit: ShortText | None = Field("元", description="Unit of the figures, 元 unless stated")
    decimals: Annotated[int, Field(ge=0, le=4)] = Field(2, description="Decimal places shown")
    store: ShortText = Field(description="The store, as the contract's platforms name it, e.g. 天猫旗舰店")


class Campaign(Model):
    name: ShortText = Field(description="The campaign (活动), e.g. 天猫38女王节")
    period: Period = Field(description="First and last day of the campaign")
    result: Text = Field(description="What the store did in it and what came of it")


class Risk(Model):
    kind: Literal["issue", "risk"] = Field(description="issue (问题: has happened) or risk (风险: may happen)")
    description: Text = Field(description="What happened or may happen")
    severity: Literal["minor", "moderate", "major"] = Field(description="minor (低), moderate (中) or major (重大)")
    measure: Text = Field(description="What is done about it")
    owner: ShortText = Field(description="Who is responsible for the measure")
    due: date = Field(description="Date by which the measure is done")
    escalated_on: date | None = Field(None, description="Date it was reported to senior management; major: required")
    escalated_to: ShortText | None = Field(None, description="To whom it was escalated; major: required")

    @model_validator(mode="after")
    def _major_is_escalated(self) -> Risk:
        # The rulebook: 重大问题及时向高层管理团队汇报.
        if self.severity == "major":
            for field in ("escalated_on", "escalated_to"):
                if getattr(self, field) is None:
                    raise RuleViolation.worded(field, MESSAGES, "major_needs_escalation")
        return self


def report_from_contract(contract: ServiceContract, number: str | None) -> Derived:
    """A report prefilled from its contract: client, stores, service period, KPIs, a metric per KPI, GMV per store."""
    data: dict[str, Any] = {
        "contract_number": number,
        "cadence": None,
        "period": {"start": None, "end": None},
        "client": contract.client.legal_name,
        "platforms": list(contract.platforms),
        "contract_period": plain(contract.service_period),
        "contract_kpis": [plain(kpi) for kpi in contract.kpis],
        "metrics": [_metric_for(kpi.name) for kpi in contract.kpis],
        "gmv": [{"store": store, "target": None, "previous": None, "actual": None} for store in contract.platforms],
        "work_done": [None],
        "next_plan": [None],
    }
    to_fill = {
        "cadence": "weekly (周报) or monthly (月报)",
        "period": "Monday to Sunday of one week, or the first and last day of one month (报告期间)",
        "metrics": "each KPI's group, target, previous and this period's value; add other metrics (运营指标)",
        "gmv": "each store's GMV target, previous and this period's value (各店铺GMV)",
        "work_done": "the work done in the period, one entry each (本期工作)",
        "next_plan": "the plan for the next period, one entry each (下期计划)",
    }
    return citing_contract(data, to_fill, number)


def _metric_for(kpi: str) -> dict[str, Any]:
    return {"group": None, "name": kpi, "kpi": kpi, "target": None, "previous": None, "actual": None}


class OperationsReport(DocumentModel):
    """运营周报 / 运营月报: the period's figures against target and the previous period, the work, risks and plan."""

    type_name: ClassVar[str] = "operations_report"
    number_pattern: ClassVar[str] = "YB-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[Model] | None] = OperationsReportSettings
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}
    # Who the client is, which stores, for how long and against which KPIs: what the contract signed.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "contract_number": {
            "client": "client.legal_name",
            "platforms": "platforms",
            "contract_period": "service_period",
            "contract_kpis": "kpis",
        },
    }
    derived_from: ClassVar[dict[str, Derivation]] = {"service_contract": report_from_contract}
    # A period is held to the contract as in force on its first day (a supplementary agreement may change it).
    in_force_on: ClassVar[str] = "period.start"

    contract_number: ShortText = Field(description="Number of the service contract reported on, e.g. HT-2026-0001")
    cadence: Cadence | None = Field(
        None,
        validate_default=True,
        description="weekly (运营周报) or monthly (运营月报); when left out, [types.operations_report] cadence "
        "in docgen.toml, else monthly",
    )
    period: Period = Field(description="The week (Monday to Sunday) or the calendar month reported on")
    client: ShortText = Field(description="Client's registered legal name, as in the contract")
    platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Stores and channels run, as in the contract"
    )
    contract_period: Period = Field(description="The contract's service period; the report's period lies inside it")
    contract_kpis: list[ContractKpi] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="The contract's KPIs, as in the contract"
    )
    metrics: list[Metric] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Metrics by group, each against target and previous period"
    )
    gmv: list[StoreGmv] = Field(max_length=MAX_ITEMS, min_length=1, description="GMV of each store, in CNY")
    gmv_kpi: ShortText | None = Field(
        None, description="The contract KPI the stores' total GMV reports, by its name in the contract, e.g. 月度GMV"
    )
    work_done: list[Text] = Field(max_length=MAX_ITEMS, min_length=1, description="Work done in the period")
    campaigns: list[Campaign] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Campaigns (活动) the stores took part in"
    )
    risks: list[Risk] = Field(max_length=MAX_ITEMS, default_factory=list, description="Issues and risks")
    next_plan: list[Text] = Field(max_length=MAX_ITEMS, min_length=1, description="The plan for the next period")
    client_feedback: Text | None = Field(None, description="What the client said about the period's work")
    prepared_by: ShortText | None = Field(None, description="Who wrote the report, e.g. the operations manager")

    @field_validator("cadence")
    @classmethod
    def _cadence_defaults_to_settings(cls, value: Cadence | None, info: ValidationInfo) -> Cadence:
        return value or (type_settings(info) or OperationsReportSettings()).cadence

    @model_validator(mode="after")
    def _period_is_one_cycle(self) -> OperationsReport:
        start, end = self.period.start, self.period.end
        if self.cadence == "weekly" and (start.weekday() != 0 or end != start + timedelta(days=6)):
            raise RuleViolation.worded("period", MESSAGES, "week_not_monday_to_sunday", start=start, end=end)
        if self.cadence == "monthly":
            first = start.replace(day=1)
            expected_end = add_months(first, 1) - timedelta(days=1)
            if start != first or end != expected_end:
                raise RuleViolation.worded("period", MESSAGES, "not_one_month", start=first, expected_end=expected_end)
        return self

    @model_validator(mode="after")
    def _period_within_contract(self) -> OperationsReport:
        service = self.contract_period
        if self.period.start < service.start or self.period.end > service.end:
            raise RuleViolation.worded(
                "period",
                MESSAGES,
                "period_outside_contract",
                start=self.period.start,
                end=self.period.end,
                service_start=service.start,
                service_end=service.end,
            )
        if self.issue_date is not None and self.issue_date < self.period.end:
            raise RuleViolation.worded(
                "issue_date", MESSAGES, "issued_before_period_end", issue_date=self.issue_date, end=self.period.end
            )
        return self

    @model_validator(mode="after")
    def _every_kpi_reported(self) -> OperationsReport:
        known = [kpi.name for kpi in self.contract_kpis]
        named = [(f"metrics.{i}.kpi", metric.kpi) for i, metric in enumerate(self.metrics)]
        named.append(("gmv_kpi", self.gmv_kpi))
        for field, kpi in named:
            if kpi is not None and kpi not in known:
                raise RuleViolation.worded(field, MESSAGES, "kpi_unknown", kpi=kpi, known="、".join(known))
        reported = {kpi for _, kpi in named}
        for kpi in known:
            if kpi not in reported:
                raise RuleViolation.worded("metrics", MESSAGES, "kpi_missing", kpi=kpi)
        return self

    @model_validator(mode="after")
    def _every_group_reported(self) -> OperationsReport:
        # The rulebook's four groups are the report's sections: each shows at least one figure.
        given = {metric.group for metric in self.metrics}
        for group in GROUPS:
            if group not in given:
                raise RuleViolation.worded("metrics", MESSAGES, "group_empty", group=group)
        return self

    @model_validator(mode="after")
    def _gmv_per_store(self) -> OperationsReport:
        seen: set[str] = set()
        for index, entry in enumerate(self.gmv):
            field = f"gmv.{index}.store"
            if entry.store not in self.platforms:
                raise RuleViolation.worded(
                    field, MESSAGES, "store_unknown", store=entry.store, known="、".join(self.platforms)
                )
            if entry.store in seen:
                raise RuleViolation.worded(field, MESSAGES, "store_twice", store=entry.store)
            seen.add(entry.store)
        for store in self.platforms:
            if store not in seen:
                raise RuleViolation.worded("gmv", MESSAGES, "store_without_gmv", store=store)
        return self

    @model_validator(mode="after")
    def _targets_as_contracted(self) -> OperationsReport:
        # Compared by value: 3.50 here is the contract's 3.5.
        for field, kpi, figure, contracted in self._numeric_kpis():
            direction = DIRECTIONS[contracted.direction]
            if figure.direction != direction:
                raise RuleViolation.worded(
                    f"{field}.direction" if field != "gmv" else "gmv_kpi",
                    MESSAGES,
                    "kpi_direction_differs",
                    kpi=kpi,
                    contracted=contracted.direction,
                    direction=direction,
                )
            if figure.target != contracted.value:
                raise RuleViolation.worded(
                    f"{field}.target" if field != "gmv" else "gmv",
                    MESSAGES,
                    "kpi_target_differs",
                    kpi=kpi,
                    contracted=contracted.value,
                    target=figure.target,
                )
        return self

    def _numeric_kpis(self) -> list[tuple[str, str, Figures, NumericTarget]]:
        """(field, KPI, figure, the contract's target) of each figure reporting a KPI with a numeric target; a
        target the contract gives only as text is not compared."""
        numeric = {kpi.name: kpi.numeric_target for kpi in self.contract_kpis if kpi.numeric_target is not None}
        reported: list[tuple[str, str | None, Figures]] = [
            (f"metrics.{i}", metric.kpi, metric) for i, metric in enumerate(self.metrics)
        ]
        reported.append(("gmv", self.gmv_kpi, self.gmv_total))  # the stores' targets added up
        return [(field, kpi, figure, numeric[kpi]) for field, kpi, figure in reported if kpi in numeric]

    @model_validator(mode="after")
    def _escalated_by_issue_date(self) -> OperationsReport:
        for index, risk in enumerate(self.risks):
            if risk.escalated_on and self.issue_date and risk.escalated_on > self.issue_date:
                raise RuleViolation.worded(
                    f"risks.{index}.escalated_on",
                    MESSAGES,
                    "escalated_after_issue",
                    escalated_on=risk.escalated_on,
                    issue_date=self.issue_date,
                )
        return self

    @computed_field(description="The stores' GMV added up: target, previous (when every store gives one) and actual")  # type: ignore[prop-decorator]
    @property
    def gmv_total(self) -> Figures:
        previous = [entry.previous for entry in self.gmv]
        return Figures(
            name="GMV",
            unit="元",
            decimals=2,
            target=sum((entry.target for entry in self.gmv), Decimal(0)),
            previous=None if None in previous else sum((p for p in previous if p is not None), Decimal(0)),
            actual=sum((entry.actual for entry in self.gmv), Decimal(0)),
        )

    @computed_field(description="Metrics and stores whose target was met, GMV total not counted")  # type: ignore[prop-decorator]
    @property
    def met_count(self) -> int:
        return sum(figure.met for figure in self._figures())

    def _figures(self) -> list[Figures]:
        return [*self.metrics, *self.gmv]

    def title_variant(self) -> str | None:
        return self.cadence

    def chart_specs(self, words: Mapping[str, ChartWords]) -> dict[str, ChartSpec]:
        """Actual against target for each metric and store, indexed so that each target is 100%: units differ."""
        chart = words["figures"]
        target, actual = chart.series
        figures = self._figures()
        # The bars are labelled in whole percents (places 0): rounded once, to 0.01, from the exact ratio.
        shown = [figure.achievement_to(2) for figure in figures]
        names = [figure.name for figure in self.metrics] + [f"{entry.store} {entry.name}" for entry in self.gmv]
        return {
            "figures": ChartSpec(
                title=chart.title,
                categories=tuple(names),
                series=(
                    ChartSeries(target, tuple(HUNDRED if value is not None else None for value in shown)),
                    ChartSeries(actual, tuple(value * HUNDRED if value is not None else None for value in shown)),
                ),
                unit="%",
                reference=HUNDRED,
            )
        }
