"""The performance review (绩效考核表): an employee's cycle judged by indicators and raters, with its outcome.

Indicators fall in the rulebook's three groups (工作业绩, 工作能力, 工作态度) and raters in its four (上级, 同事,
自评, 客户). Each rater scores every indicator; an indicator's score is its raters' weighted mean, and the review's
score the indicators' weighted mean, rounded once at the end. The grade, its pay coefficient, the cycle, the scale
and the appeal period come from [types.performance_review] in docgen.toml, since the rulebook leaves them open.

A failing grade is not a dismissal: Labour Contract Law Art. 40(2) lets an employer end the contract of a worker
who cannot do the job (不能胜任工作) only after training or a new post, so a failing review requires an improvement
plan and says in print that it is no notice of termination. Taiwan's rule (Labor Standards Act Art. 11(5)) is not
implemented, so a review under TW is refused rather than given the PRC rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, computed_field, field_validator, model_validator

from ..errors import Wording
from ..money import CENT, round_cent
from .arithmetic import add_months
from .base import DocumentModel, Earlier, Kind, type_settings
from .model import Model
from .values import MAX_ITEMS, Jurisdiction, PositiveMoney, ResidentId, SheetSlots, ShortText, Text
from .violations import RuleViolation

Cycle = Literal["monthly", "quarterly", "yearly"]
CYCLE_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "yearly": 12}
IndicatorGroup = Literal["performance", "ability", "attitude"]
INDICATOR_GROUPS: tuple[IndicatorGroup, ...] = ("performance", "ability", "attitude")
RaterGroup = Literal["supervisor", "peer", "self", "client"]
RATER_GROUPS: tuple[RaterGroup, ...] = ("supervisor", "peer", "self", "client")
RewardKind = Literal["bonus", "promotion", "certificate"]
Measure = Literal["coaching", "training", "new_post"]
# A weight in percent, to the hundredth; a set of weights adds up to exactly 100.
Weight = Annotated[Decimal, Field(gt=0, le=100, max_digits=5, decimal_places=2)]
Score = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=2)]
HUNDRED = Decimal(100)
# 2027-Q1 (a quarter), 2027-03 (a month) or 2027 (a year); which of them a review gives is set by the cycle.
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$"

# The validators' messages by key, in English; templates/performance_review/fields.<locale>.yaml words them.
MESSAGES = {
    "tw_not_implemented": "a performance review under TW is not implemented: Labor Standards Act Art. 11(5) "
    "(不能勝任工作) is not applied; issue it under CN or on paper",
    "period_not_cycle": "{period} is not a {cycle} period: [types.performance_review] cycle is {cycle}, "
    "so write {example}",
    "issued_before_period_end": "{issue_date} falls before the period's last day {end}: a review judges a cycle "
    "that has ended",
    "group_missing": "no indicator of the {group} group: the rulebook measures performance, ability and attitude",
    "weights_off_100": "the weights of {set} add up to {sum}%, not exactly 100%",
    "rater_twice": "{group} rates once: it is also raters.{first}",
    "score_missing": "{group} is among the raters: give its score of this indicator",
    "score_without_rater": "{group} is not among the raters: leave its score out, or add the rater",
    "score_above_scale": "{score} is above the scale's maximum {scale_max} ([types.performance_review] scale_max)",
    "plan_required": "grade {grade} is failing: a failing review requires an improvement plan (辅导和改进); "
    "training or a new post comes before any dismissal (Labour Contract Law Art. 40(2))",
    "reward_when_failing": "grade {grade} is failing: a failing review carries no reward",
    "plan_due_before_issue": "{due} falls on or before issue_date {issue_date}: the plan's goals are met later",
    "bonus_amount_required": "a bonus states its amount: give bonus_amount",
    "bonus_amount_without_bonus": "only a bonus has an amount: add bonus to kinds, or leave bonus_amount out",
    "grades_not_descending": "grade {grade}'s min_score {score} is not below the grade before it ({previous})",
    "last_grade_not_zero": "the last grade covers every score down to 0: its min_score is {score}, not 0",
    "grade_above_scale": "grade {grade}'s min_score {score} is above scale_max {scale_max}",
    "grade_twice": "grade {grade} is named twice",
}


class Grade(Model):
    """One band of scores: every score at or above min_score and below the band before it."""

    name: ShortText = Field(description="The grade's name, e.g. S, A, B, C or D")
    min_score: Score = Field(description="The lowest score of the band (the band holds scores at or above it)")
    coefficient: Annotated[Decimal, Field(ge=0, le=10, max_digits=5, decimal_places=2)] = Field(
        description="What the performance pay is multiplied by for this grade, e.g. 1.20"
    )
    failing: bool = Field(False, description="true for a failing grade (不合格): it requires an improvement plan")


def _default_grades() -> list[Grade]:
    bands = (("S", "90", "1.50", False), ("A", "80", "1.20", False), ("B", "70", "1.00", False),
             ("C", "60", "0.80", False), ("D", "0", "0.00", True))  # fmt: skip
    return [Grade(name=n, min_score=Decimal(s), coefficient=Decimal(c), failing=f) for n, s, c, f in bands]


class PerformanceReviewSettings(Model):
    """[types.performance_review] in docgen.toml."""

    cycle: Cycle = Field("quarterly", description="How often a review is made: monthly, quarterly or yearly")
    scale_max: Annotated[int, Field(ge=1, le=1000)] = Field(100, description="The highest score on the scale")
    appeal_days: Annotated[int, Field(ge=1, le=365)] = Field(
        15, description="Calendar days after issue_date within which the employee may appeal (提出申诉)"
    )
    grades: list[Grade] = Field(
        default_factory=_default_grades,
        min_length=1,
        description="The grade bands from the highest down; the last one's min_score is 0",
    )

    @model_validator(mode="after")
    def _bands_cover_the_scale(self) -> PerformanceReviewSettings:
        names: set[str] = set()
        for index, grade in enumerate(self.grades):
            _band_fits(index, grade, self.grades[index - 1] if index else None, self.scale_max)
            if grade.name in names:
                raise RuleViolation.worded(f"grades.{index}.name", MESSAGES, "grade_twice", grade=grade.name)
            names.add(grade.name)
        last = self.grades[-1]
        if last.min_score != 0:
            where = f"grades.{len(self.grades) - 1}.min_score"
            raise RuleViolation.worded(where, MESSAGES, "last_grade_not_zero", score=last.min_score)
        return self


def _band_fits(index: int, grade: Grade, previous: Grade | None, scale_max: int) -> None:
    where = f"grades.{index}.min_score"
    if grade.min_score > scale_max:
        raise RuleViolation.worded(
            where, MESSAGES, "grade_above_scale", grade=grade.name, score=grade.min_score, scale_max=scale_max
        )
    if previous is not None and grade.min_score >= previous.min_score:
        raise RuleViolation.worded(
            where, MESSAGES, "grades_not_descending",
            grade=grade.name, score=grade.min_score, previous=previous.min_score,
        )  # fmt: skip


class Employee(Model):
    name: ShortText = Field(description="The employee's full name, as in the offer letter")
    id_number: ResidentId = Field(
        description="PRC resident ID number (居民身份证号码): finds the employee's earlier reviews in the register"
    )
    department: ShortText = Field(description="Department, e.g. 天猫事业部")
    position: ShortText = Field(description="Position held during the period")


class Rater(Model):
    group: RaterGroup = Field(description="supervisor (上级), peer (同事), self (自评) or client (客户)")
    name: ShortText | None = Field(None, description="Who rated; left out for a group of peers or clients")
    weight: Weight = Field(description="The rater's weight in percent; the raters' weights add up to 100")


class Indicator(Model):
    group: IndicatorGroup = Field(description="performance (工作业绩), ability (工作能力) or attitude (工作态度)")
    name: ShortText = Field(description="What is measured, e.g. 店铺月均成交额")
    weight: Weight = Field(description="The indicator's weight in percent; the indicators' weights add up to 100")
    target: ShortText = Field(description="The target set for the period (考核标准)")
    result: ShortText = Field(description="What was achieved")
    supervisor_score: Score | None = Field(None, description="The supervisor's score, when a supervisor rates")
    peer_score: Score | None = Field(None, description="The peers' score, when peers rate")
    self_score: Score | None = Field(None, description="The employee's own score, when they rate themselves")
    client_score: Score | None = Field(None, description="The client's score, when a client rates")
    _score: Decimal | None = PrivateAttr(None)

    @computed_field(  # type: ignore[prop-decorator]
        description="The raters' weighted mean of this indicator, unrounded (printed to 2 places for reading)"
    )
    @property
    def score(self) -> Decimal | None:
        return self._score

    def score_of(self, group: RaterGroup) -> Decimal | None:
        return getattr(self, f"{group}_score")  # type: ignore[no-any-return]


class Reward(Model):
    kinds: list[RewardKind] = Field(
        min_length=1, max_length=3, description="bonus (奖金), promotion (晋升) and/or certificate (荣誉证书)"
    )
    bonus_amount: PositiveMoney | None = Field(None, description="The bonus in CNY, given with a bonus")
    note: ShortText | None = Field(None, description="What the reward is for, or the new post of a promotion")

    @model_validator(mode="after")
    def _bonus_states_its_amount(self) -> Reward:
        if "bonus" in self.kinds and self.bonus_amount is None:
            raise RuleViolation.worded("bonus_amount", MESSAGES, "bonus_amount_required")
        if "bonus" not in self.kinds and self.bonus_amount is not None:
            raise RuleViolation.worded("bonus_amount", MESSAGES, "bonus_amount_without_bonus")
        return self


class ImprovementPlan(Model):
    measure: Measure = Field(
        description="coaching (辅导), training (培训) or new_post (调整工作岗位); Art. 40(2) names the last two"
    )
    goals: Annotated[list[ShortText], SheetSlots(3)] = Field(
        min_length=1, max_length=20, description="What the employee is to achieve, each measurable"
    )
    due: date = Field(description="The day the goals are reviewed")
    coach: ShortText | None = Field(None, description="Who coaches or trains the employee")


def _period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period written 2027-Q1, 2027-03 or 2027."""
    year = int(period[:4])
    if "Q" in period:
        first, months = date(year, (int(period[-1]) - 1) * 3 + 1, 1), 3
    elif len(period) == 7:
        first, months = date(year, int(period[5:]), 1), 1
    else:
        first, months = date(year, 1, 1), 12
    return first, add_months(first, months) - timedelta(days=1)


def _period_cycle(period: str) -> Cycle:
    return "quarterly" if "Q" in period else "monthly" if len(period) == 7 else "yearly"


PERIOD_EXAMPLES: dict[str, str] = {"monthly": "YYYY-MM", "quarterly": "YYYY-Qn", "yearly": "YYYY"}


class PerformanceReview(DocumentModel):
    """绩效考核表: one employee's cycle, scored by indicator and rater, graded, paid and followed up."""

    type_name: ClassVar[str] = "performance_review"
    number_pattern: ClassVar[str] = "KH-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[Model] | None] = PerformanceReviewSettings
    cites: ClassVar[dict[str, str]] = {"offer_number": "offer_letter", "contract_number": "labour_contract"}
    # The employee is the one the offer letter was made to, and the labour contract signed with, as stored.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "offer_number": {"employee.name": "candidate.name", "employee.id_number": "candidate.id_number"},
        "contract_number": {"employee.name": "employee.name", "employee.id_number": "employee.id_document.number"},
    }
    # The performance pay per month is the labour contract's when one is cited (it may differ from the offer, with
    # its reason), else the offer's (performance_monthly_in); repeats cannot say this alone: either may leave it out.
    cited_checks: ClassVar[dict[str, str]] = {"offer_number": "pay_as_offered", "contract_number": "pay_as_offered"}
    # The employee's earlier reviews, found by ID number: the run of failing grades, and a period reviewed twice.
    earlier: ClassVar[dict[str, str]] = {"employee.id_number": "after_earlier_reviews"}
    # The employee's ID number and pay; the performance pay computed from them is not stored.
    personal_fields: ClassVar[tuple[str, ...]] = ("employee.id_number", "performance_monthly", "reward.bonus_amount")
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {"performance_pay": ("performance_monthly",)}

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC); TW is refused")
    offer_number: ShortText = Field(description="Number of the employee's issued offer letter, e.g. LY-2026-0001")
    contract_number: ShortText | None = Field(
        None, description="Number of the employee's issued labour contract, e.g. LD-2027-0001; its pay then governs"
    )
    employee: Employee = Field(description="The employee reviewed")
    period: Annotated[str, Field(pattern=PERIOD_PATTERN)] = Field(
        description="The cycle reviewed: 2027-Q1 (quarterly), 2027-03 (monthly) or 2027 (yearly), as configured"
    )
    performance_monthly: PositiveMoney = Field(
        description="Performance pay per month (绩效工资) in CNY, as in the offer letter's pay.performance_monthly"
    )
    raters: Annotated[list[Rater], SheetSlots(4)] = Field(
        min_length=1, max_length=4, description="Who rates, one per group, with weights adding up to 100"
    )
    indicators: Annotated[list[Indicator], SheetSlots(8)] = Field(
        min_length=1, max_length=MAX_ITEMS, description="What is measured, with weights adding up to 100"
    )
    reward: Reward | None = Field(None, description="The reward (奖励) for a good review, if any")
    improvement_plan: ImprovementPlan | None = Field(
        None, description="The improvement plan (辅导和改进); required for a failing grade"
    )
    comments: Text | None = Field(None, description="The supervisor's comments on the period")
    _settings: PerformanceReviewSettings = PrivateAttr(default_factory=PerformanceReviewSettings)
    # The consecutive failing reviews ending with this one; None until the register is read (at issue).
    _failing_run: int | None = PrivateAttr(None)

    @field_validator("jurisdiction")
    @classmethod
    def _cn_only(cls, value: str) -> str:
        if value != "CN":
            raise RuleViolation.worded("", MESSAGES, "tw_not_implemented")
        return value

    @model_validator(mode="after")
    def _period_is_a_finished_cycle(self, info: ValidationInfo) -> PerformanceReview:
        self._settings = type_settings(info) or PerformanceReviewSettings()
        cycle = self._settings.cycle
        if _period_cycle(self.period) != cycle:
            raise RuleViolation.worded(
                "period", MESSAGES, "period_not_cycle", period=self.period, cycle=cycle, example=PERIOD_EXAMPLES[cycle]
            )
        end = self.period_end
        if self.issue_date is not None and self.issue_date < end:
            raise RuleViolation.worded(
                "issue_date", MESSAGES, "issued_before_period_end", issue_date=self.issue_date, end=end
            )
        return self

    @model_validator(mode="after")
    def _every_group_measured(self) -> PerformanceReview:
        # The rulebook measures 工作业绩, 工作能力 and 工作态度 alike: a review leaving a group out is incomplete.
        present = {indicator.group for indicator in self.indicators}
        for group in INDICATOR_GROUPS:
            if group not in present:
                raise RuleViolation.worded("indicators", MESSAGES, "group_missing", group=group)
        return self

    @model_validator(mode="after")
    def _weights_add_up(self) -> PerformanceReview:
        for name, items in (("indicators", self.indicators), ("raters", self.raters)):
            total = sum((item.weight for item in items), Decimal(0))  # hundredths added exactly: no rounding
            if total != HUNDRED:
                raise RuleViolation.worded(name, MESSAGES, "weights_off_100", set=name, sum=total)
        return self

    @model_validator(mode="after")
    def _each_rater_scores_each_indicator(self) -> PerformanceReview:
        first: dict[str, int] = {}
        for index, rater in enumerate(self.raters):
            if rater.group in first:
                raise RuleViolation.worded(
                    f"raters.{index}.group", MESSAGES, "rater_twice", group=rater.group, first=first[rater.group]
                )
            first[rater.group] = index
        for index, indicator in enumerate(self.indicators):
            self._scored_by_its_raters(index, indicator, set(first))
            indicator._score = self.indicator_score(indicator)  # noted for the print: the model computes it once
        return self

    def _scored_by_its_raters(self, index: int, indicator: Indicator, rating: set[str]) -> None:
        scale_max = self._settings.scale_max
        for group in RATER_GROUPS:
            where, score = f"indicators.{index}.{group}_score", indicator.score_of(group)
            if group in rating and score is None:
                raise RuleViolation.worded(where, MESSAGES, "score_missing", group=group)
            if group not in rating and score is not None:
                raise RuleViolation.worded(where, MESSAGES, "score_without_rater", group=group)
            if score is not None and score > scale_max:
                raise RuleViolation.worded(where, MESSAGES, "score_above_scale", score=score, scale_max=scale_max)

    @model_validator(mode="after")
    def _outcome_fits_the_grade(self) -> PerformanceReview:
        # Labour Contract Law Art. 40(2): a worker who cannot do the job is first trained or given a new post,
        # so a failing grade comes with the plan for it, and never with a reward.
        if self.failing and self.improvement_plan is None:
            raise RuleViolation.worded("improvement_plan", MESSAGES, "plan_required", grade=self.grade)
        if self.failing and self.reward is not None:
            raise RuleViolation.worded("reward", MESSAGES, "reward_when_failing", grade=self.grade)
        plan = self.improvement_plan
        if plan is not None and self.issue_date is not None and plan.due <= self.issue_date:
            raise RuleViolation.worded(
                "improvement_plan.due", MESSAGES, "plan_due_before_issue", due=plan.due, issue_date=self.issue_date
            )
        return self

    @computed_field(description="First day of the period")  # type: ignore[prop-decorator]
    @property
    def period_start(self) -> date:
        return _period_bounds(self.period)[0]

    @computed_field(description="Last day of the period")  # type: ignore[prop-decorator]
    @property
    def period_end(self) -> date:
        return _period_bounds(self.period)[1]

    @computed_field(description="Months in the cycle: 1, 3 or 12")  # type: ignore[prop-decorator]
    @property
    def cycle_months(self) -> int:
        return CYCLE_MONTHS[_period_cycle(self.period)]

    def indicator_score(self, indicator: Indicator) -> Decimal:
        """The raters' weighted mean of one indicator, unrounded (it only feeds the total and the print)."""
        return _indicator_score(self.raters, indicator)

    @computed_field(  # type: ignore[prop-decorator]
        description="Σ indicator weight × the raters' weighted mean, over 100, rounded once at the end to 2 places "
        "half up (ROUND_HALF_UP), never in between"
    )
    @property
    def score(self) -> Decimal:
        return _score(self.raters, self.indicators)

    @property
    def _grade(self) -> Grade:
        return self._band(self.score)

    def _band(self, score: Decimal) -> Grade:
        # Bands run from the highest down and the last starts at 0, so a score on the scale always finds one.
        return next(g for g in self._settings.grades if score >= g.min_score)

    @computed_field(description="The grade of the rounded score, from [types.performance_review] grades")  # type: ignore[prop-decorator]
    @property
    def grade(self) -> str:
        return self._grade.name

    @computed_field(description="true when the grade is failing (不合格)")  # type: ignore[prop-decorator]
    @property
    def failing(self) -> bool:
        return self._grade.failing

    @computed_field(description="The pay coefficient configured for the grade")  # type: ignore[prop-decorator]
    @property
    def coefficient(self) -> Decimal:
        return self._grade.coefficient

    @computed_field(  # type: ignore[prop-decorator]
        description="performance_monthly × the months in the cycle × the grade's coefficient, rounded to the fen "
        "half up (ROUND_HALF_UP)"
    )
    @property
    def performance_pay(self) -> Decimal:
        return round_cent(self.performance_monthly * self.cycle_months * self.coefficient)

    @computed_field(description="Last day to appeal (提出申诉): issue_date plus appeal_days calendar days")  # type: ignore[prop-decorator]
    @property
    def appeal_deadline(self) -> date:
        issued = self.issue_date or date.min
        return issued + timedelta(days=self._settings.appeal_days)

    @computed_field(description="The scale's highest score, from [types.performance_review] scale_max")  # type: ignore[prop-decorator]
    @property
    def scale_max(self) -> int:
        return self._settings.scale_max

    @computed_field(  # type: ignore[prop-decorator]
        description="Consecutive failing reviews of the employee ending with this one, read from the register at "
        "issue (0 when this one passes); none in a draft, where no register is read"
    )
    @property
    def failing_run(self) -> int | None:
        return self._failing_run

    @staticmethod
    def performance_monthly_in(offer: dict[str, Any]) -> Decimal | None:
        """The performance pay per month an offer letter's stored data gives, or None when it gives none."""
        value = (offer.get("pay") or {}).get("performance_monthly")
        return None if value is None else Decimal(str(value))

    def pay_as_offered(self, path: str, offer: dict[str, Any]) -> list[Wording]:
        """The performance pay per month must be the offer's, or the labour contract's when one is cited, as the
        register stored it (path: offer_number or contract_number; both keep it at pay.performance_monthly)."""
        offered = self.performance_monthly_in(offer)
        if offered == self.performance_monthly or (path == "offer_number" and self.contract_number):
            return []
        cited_type = self.cites[path]
        return [
            Wording.of(
                "{path}: {here} here, {there} in {cited}",
                path="performance_monthly", here=self.performance_monthly,
                there=offered if offered is not None else Wording("none"),
                cited=f"{cited_type} {getattr(self, path)} (pay.performance_monthly)",
            )
        ]  # fmt: skip

    def after_earlier_reviews(self, path: str, earlier: list[Earlier]) -> list[Wording]:
        """Note the run of failing reviews ending with this one, from the employee's earlier ones (oldest first,
        found by path, employee.id_number); an earlier review of the same period is a fault: a period is reviewed
        once."""
        run = 0
        for review in earlier:
            run = run + 1 if self._was_failing(review.data) else 0
        self._failing_run = run + 1 if self.failing else 0
        return [
            Wording.of("{path}: {period} is already reviewed in {number}", path="period", period=self.period,
                       number=review.number)
            for review in earlier
            if review.data.get("period") == self.period
        ]  # fmt: skip

    def _was_failing(self, stored: dict[str, Any]) -> bool:
        """Whether an earlier review's grade was failing: the register keeps the data a review was issued from, not
        what it computed, so its score is computed again from its stored scores and graded by the bands in force."""
        raters = [Rater.model_validate(rater) for rater in stored.get("raters") or []]
        indicators = [Indicator.model_validate(indicator) for indicator in stored.get("indicators") or []]
        return self._band(_score(raters, indicators)).failing


def _indicator_score(raters: list[Rater], indicator: Indicator) -> Decimal:
    weighted = (rater.weight * (indicator.score_of(rater.group) or Decimal(0)) for rater in raters)
    return sum(weighted, Decimal(0)) / HUNDRED  # exact: no rounding here


def _score(raters: list[Rater], indicators: list[Indicator]) -> Decimal:
    """Σ indicator weight × its raters' weighted mean / 100, computed exactly and rounded once, at the end, to 2
    places half up (ROUND_HALF_UP): rounding each indicator first could move a score across a grade's boundary."""
    exact = sum((i.weight * _indicator_score(raters, i) for i in indicators), Decimal(0)) / HUNDRED
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)
