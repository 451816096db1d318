"""The offer letter (录用通知书), with the PRC Labour Contract Law limits on probation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, ValidationInfo, computed_field, field_validator, model_validator

from .arithmetic import add_months
from .base import DocumentModel, Kind, today
from .labour_law import check_probation_length, check_probation_pay
from .labour_law import longest_probation_months as longest_probation_months  # still importable from here
from .model import Model
from .values import MAX_ITEMS, Jurisdiction, Money, PositiveMoney, ResidentId, ShortText, Text
from .violations import RuleViolation

# The validators' messages by key, in English; templates/offer_letter/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "born_in_future": "birth date lies in the future",
    "term_required": "required for a fixed-term contract",
    "term_not_allowed": "must be left out for a {contract_type} contract",
    "probation_pay_required": "required when there is a probation",
    "probation_pay_without_probation": "given, but probation_months is 0",
    "deadline_after_start": "{deadline} falls after position.start_date",
    "deadline_before_issue": "{deadline} falls before issue_date {issue_date}",
    "probation_too_long": "probation of {months} months exceeds the {limit}-month limit for this "
    "contract term (Labour Contract Law Art. 19)",
    "probation_pay_below_wage": "probation pay {pay} is below 80% of the agreed monthly wage "
    "{wage} (at least {floor:.2f}; Labour Contract Law Art. 20)",
    "probation_pay_below_minimum": "probation pay {pay} is below the local minimum wage {minimum} "
    "(Labour Contract Law Art. 20)",
    "probation_conditions_required": "a probation needs its conditions of employment (录用条件), at least one: "
    "without them a dismissal in probation (Labour Contract Law Art. 39(1)) has no basis",
    "hours_approval_required": "a {system} working-hours system needs the labour authority's approval: "
    "give its number (Labour Law Art. 39)",
    "hours_approval_not_allowed": "given, but the standard working-hours system needs no approval",
    "contract_signing_too_late": "{signing} is more than one month after position.start_date {start}: the labour "
    "contract is signed within one month of the first day of work, by {latest} (Labour Contract Law Art. 10)",
    "contract_signing_before_issue": "{signing} falls before issue_date {issue_date}",
}


class Candidate(Model):
    name: ShortText = Field(description="Candidate's full name as on their ID")
    id_number: ResidentId | None = Field(
        None, description="Resident ID number (居民身份证号码), checked by its check digit"
    )
    birth_date: date | None = Field(None, description="Date of birth; must not be in the future")
    phone: ShortText | None = Field(None, description="Mobile phone number, kept exactly as typed")
    email: ShortText | None = Field(None, description="E-mail address")

    @field_validator("birth_date")
    @classmethod
    def _born_in_the_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        if value is not None and value > today(info):
            raise RuleViolation.worded("", MESSAGES, "born_in_future")
        return value


class Position(Model):
    title: ShortText = Field(description="Job title offered, e.g. 电商运营经理")
    department: ShortText = Field(description="Department the candidate joins")
    start_date: date = Field(description="First working day")
    work_place: ShortText = Field(description="Where the candidate reports for work")
    reports_to: ShortText | None = Field(None, description="Line manager's name or title")


class Allowance(Model):
    name: ShortText = Field(description="Name of the fixed allowance, e.g. 餐补")
    monthly_amount: PositiveMoney = Field(description="Amount per month, before tax, in CNY")


class Pay(Model):
    base_monthly: PositiveMoney = Field(description="Base salary per month, before tax, in CNY")
    allowances: list[Allowance] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Fixed monthly allowances"
    )
    performance_monthly: PositiveMoney | None = Field(
        None, description="Performance pay per month at target, before tax, in CNY"
    )
    annual_bonus: PositiveMoney | None = Field(None, description="Target annual bonus, before tax, in CNY")
    bonus_terms: Text | None = Field(None, description="How the bonus is decided and paid")
    pay_day: Annotated[int, Field(ge=1, le=31)] | None = Field(None, description="Day of the month wages are paid")

    @computed_field(description="Fixed allowances per month, summed")  # type: ignore[prop-decorator]
    @property
    def allowances_monthly(self) -> Decimal:
        return sum((item.monthly_amount for item in self.allowances), Decimal("0.00"))

    @computed_field(description="Agreed monthly wage: base, fixed allowances and performance pay at target")  # type: ignore[prop-decorator]
    @property
    def monthly_wage(self) -> Decimal:
        return self.base_monthly + self.allowances_monthly + (self.performance_monthly or Decimal("0.00"))


WorkingHours = Literal["standard", "comprehensive", "flexible"]


class Terms(Model):
    contract_type: Literal["fixed_term", "open_ended", "task_based"] = Field(
        "fixed_term",
        description="fixed_term (固定期限), open_ended (无固定期限) or task_based (以完成一定工作任务为期限)",
    )
    term_months: Annotated[int, Field(ge=1, le=240)] | None = Field(
        None, description="Length of a fixed-term contract in months; leave out for other contract types"
    )
    probation_months: Annotated[int, Field(ge=0, le=12)] = Field(
        0, description="Probation length in months; 0 for none"
    )
    probation_monthly_pay: PositiveMoney | None = Field(
        None, description="Monthly wage during probation, before tax, in CNY; required when there is a probation"
    )
    probation_pay_covers: Literal["whole_wage", "base_only"] = Field(
        "whole_wage",
        description="whole_wage: the probation pay includes the allowances and performance pay; base_only: it "
        "replaces the base salary, and the allowances and performance pay are paid on top as agreed",
    )
    probation_conditions: list[Text] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="Conditions of employment (录用条件) the probation tests, one per entry; required for a "
        "probation under PRC law (a dismissal under Labour Contract Law Art. 39(1) rests on them)",
    )
    working_hours: WorkingHours = Field(
        "standard",
        description="standard (标准工时制), comprehensive (综合计算工时制) or flexible (不定时工作制); "
        "the two special systems need the labour authority's approval",
    )
    working_hours_approval: ShortText | None = Field(
        None, description="Number of the labour authority's approval of a special working-hours system"
    )
    contract_signing_date: date | None = Field(
        None,
        description="Date by which the written labour contract is signed; at the latest one month after the "
        "first working day (Labour Contract Law Art. 10); the first working day when left out",
    )

    @model_validator(mode="after")
    def _term_matches_type(self) -> Terms:
        if self.contract_type == "fixed_term" and self.term_months is None:
            raise RuleViolation.worded("term_months", MESSAGES, "term_required")
        if self.contract_type != "fixed_term" and self.term_months is not None:
            raise RuleViolation.worded("term_months", MESSAGES, "term_not_allowed", contract_type=self.contract_type)
        if self.probation_months and self.probation_monthly_pay is None:
            raise RuleViolation.worded("probation_monthly_pay", MESSAGES, "probation_pay_required")
        if not self.probation_months and self.probation_monthly_pay is not None:
            raise RuleViolation.worded("probation_monthly_pay", MESSAGES, "probation_pay_without_probation")
        return self

    @model_validator(mode="after")
    def _special_hours_are_approved(self) -> Terms:
        """Labour Law Art. 39: the comprehensive and flexible systems run only with the labour authority's approval."""
        if self.working_hours != "standard" and not self.working_hours_approval:
            raise RuleViolation.worded(
                "working_hours_approval", MESSAGES, "hours_approval_required", system=self.working_hours
            )
        if self.working_hours == "standard" and self.working_hours_approval:
            raise RuleViolation.worded("working_hours_approval", MESSAGES, "hours_approval_not_allowed")
        return self


class OfferConditions(Model):
    """What the offer depends on: if one is not met, the company may withdraw it before the contract is signed."""

    background_check: bool = Field(True, description="The offer depends on a satisfactory background check")
    medical_check: bool = Field(True, description="The offer depends on passing the pre-employment medical check")
    no_non_compete: bool = Field(
        True, description="The offer depends on the candidate being bound by no non-compete that the job would breach"
    )


class Benefits(Model):
    social_insurance: bool = Field(True, description="Social insurance and housing fund (五险一金) are paid")
    annual_leave_days: Annotated[int, Field(ge=0, le=60)] | None = Field(None, description="Paid annual leave days")
    other: list[Text] = Field(max_length=MAX_ITEMS, default_factory=list, description="Other benefits, one per line")


class OfferLetter(DocumentModel):
    """录用通知书: an offer of employment, with a reply slip."""

    type_name: ClassVar[str] = "offer_letter"
    number_pattern: ClassVar[str] = "LY-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    # The candidate's identifiers and contact details, and every figure of their pay.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "candidate.id_number",
        "candidate.birth_date",
        "candidate.phone",
        "candidate.email",
        "pay",
        "terms.probation_monthly_pay",
    )
    messages: ClassVar[dict[str, str]] = MESSAGES
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "pay.monthly_wage": ("pay.base_monthly", "pay.allowances.*.monthly_amount", "pay.performance_monthly"),
    }

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC) or TW")
    candidate: Candidate = Field(description="The person receiving the offer")
    position: Position = Field(description="The job offered")
    pay: Pay = Field(description="Pay structure; all amounts in CNY before tax")
    terms: Terms = Field(description="Labour contract term and probation")
    conditions: OfferConditions = Field(
        default_factory=lambda: OfferConditions(), description="Conditions the offer depends on"
    )
    benefits: Benefits = Field(default_factory=lambda: Benefits(), description="Benefits beyond pay")
    documents_to_bring: list[Text] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Documents to bring on the first day"
    )
    reply_deadline: date = Field(description="Last day to accept; not after the start date")
    notes: Text | None = Field(None, description="Any further remarks printed before the signature")

    @computed_field(description="Date by which the labour contract is signed: as given, else the first working day")  # type: ignore[prop-decorator]
    @property
    def contract_signing_date(self) -> date:
        return self.terms.contract_signing_date or self.position.start_date

    @computed_field(  # type: ignore[prop-decorator]
        description="Monthly wage during probation, all of it: the probation pay, plus the allowances and "
        "performance pay when it covers the base only; None without a probation"
    )
    @property
    def probation_wage(self) -> Decimal | None:
        pay = self.terms.probation_monthly_pay
        if pay is None or self.terms.probation_pay_covers == "whole_wage":
            return pay
        return pay + self.pay.allowances_monthly + (self.pay.performance_monthly or Decimal("0.00"))

    @model_validator(mode="after")
    def _contract_signed_in_time(self) -> OfferLetter:
        """Labour Contract Law Art. 10: a written contract within one month of the first day of work."""
        signing = self.terms.contract_signing_date
        if signing is None:
            return self
        latest = add_months(self.position.start_date, 1)
        if signing > latest:
            raise RuleViolation.worded(
                "terms.contract_signing_date",
                MESSAGES,
                "contract_signing_too_late",
                signing=signing,
                start=self.position.start_date,
                latest=latest,
            )
        if self.issue_date and signing < self.issue_date:
            raise RuleViolation.worded(
                "terms.contract_signing_date",
                MESSAGES,
                "contract_signing_before_issue",
                signing=signing,
                issue_date=self.issue_date,
            )
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> OfferLetter:
        if self.reply_deadline > self.position.start_date:
            raise RuleViolation.worded("reply_deadline", MESSAGES, "deadline_after_start", deadline=self.reply_deadline)
        if self.issue_date and self.reply_deadline < self.issue_date:
            raise RuleViolation.worded(
                "reply_deadline",
                MESSAGES,
                "deadline_before_issue",
                deadline=self.reply_deadline,
                issue_date=self.issue_date,
            )
        return self

    @model_validator(mode="after")
    def _prc_probation_rules(self, info: ValidationInfo) -> OfferLetter:
        if self.jurisdiction != "CN":
            return self
        self._check_probation_length()
        if self.terms.probation_months and not self.terms.probation_conditions:
            raise RuleViolation.worded("terms.probation_conditions", MESSAGES, "probation_conditions_required")
        if self.probation_wage is not None:
            self._check_probation_pay(self.probation_wage, info)
        return self

    def _check_probation_length(self) -> None:
        terms = self.terms
        check_probation_length(
            "terms.probation_months", MESSAGES, terms.probation_months, terms.contract_type, terms.term_months
        )

    def _check_probation_pay(self, probation_pay: Decimal, info: ValidationInfo) -> None:
        minimum: Money | None = (info.context or {}).get("minimum_wage")
        check_probation_pay("terms.probation_monthly_pay", MESSAGES, probation_pay, self.pay.monthly_wage, minimum)
