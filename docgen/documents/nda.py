"""The NDA (保密协议 / 保密承诺书): mutual with a client or partner, or one-way as an employee undertaking.

An employee undertaking may add a non-compete. Under CN it lasts at most 24
months after leaving and needs a monthly compensation (Labour Contract Law
Art. 23 and 24), and liquidated damages from an employee are allowed only for
breaching it (Art. 25). Under TW the Labor Standards Act Art. 9-1 sets the same
two-year limit, and the compensation must be at least half the average monthly
wage (Enforcement Rules Art. 7-3).

Under CN a non-compete may bind only senior managers, senior technical staff and
others with a duty of confidentiality (Labour Contract Law Art. 24 ¶1): the
employee's role is given and checked. The company may waive it, owing three
months' extra compensation when it waives during the restriction, and the
employee may end it when three months' compensation go unpaid for reasons on the
company's side (Supreme People's Court Interpretation (I) on labour disputes,
Art. 39 and Art. 38).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from .arithmetic import add_months
from .base import DocumentModel, Kind
from .model import Model
from .parts import Party
from .values import MAX_ITEMS, Jurisdiction, Money, PositiveMoney, ResidentId, ShortText, Text
from .violations import RuleViolation

LONGEST_NON_COMPETE_MONTHS = 24
TW_COMPENSATION_FLOOR = Decimal("0.5")

InformationCategory = Literal[
    "client_data", "internal_plans", "financial_data", "technical_plans", "pay", "third_party_secrets"
]

# The validators' messages by key, in English; templates/nda/fields.<locale>.yaml words them per locale.
# The non-compete rules cite a different law per jurisdiction, so each has a key per jurisdiction (_cn, _tw):
# a wording then names the law in its own language rather than taking an English name as a parameter.
MESSAGES = {
    "role_required": "required for a non-compete under PRC law: senior_manager, senior_technical or "
    "confidential_staff (Labour Contract Law Art. 24)",
    "role_not_bound": "a non-compete may bind only senior managers, senior technical staff and others with a duty "
    "of confidentiality, not an employee whose role is {role} (Labour Contract Law Art. 24 ¶1)",
    "categories_repeated": "listed more than once: {categories}",
    "length_given_twice": "give either months, or leaving_date and end_date, not both",
    "length_missing": "give months, or both leaving_date and end_date",
    "end_not_after_leaving": "{end_date} is not after leaving_date {leaving_date}",
    "mutual_requires": "required for a mutual agreement",
    "employee_in_mutual": "only for the employee form; a mutual agreement names a counterparty",
    "non_compete_in_mutual": "binds an employee; only for the employee form",
    "employee_required": "required for the employee form",
    "counterparty_in_employee_form": "only for a mutual agreement; the employee form names the employee",
    "employee_damages": "an employee may be bound to pay liquidated damages only for breaching a non-compete "
    "(Labour Contract Law Art. 25); give them as non_compete.liquidated_damages",
    "arbitration_first": "labour disputes go to labour dispute arbitration before any court "
    "(Law on Labour Dispute Mediation and Arbitration Art. 5)",
    "compensation_required_cn": "a non-compete needs a monthly compensation paid during the restriction "
    "(Labour Contract Law Art. 23); without one it is refused",
    "compensation_required_tw": "a non-compete needs a monthly compensation paid during the restriction "
    "(Labor Standards Act Art. 9-1); without one it is refused",
    "average_wage_required": "required under TW: the compensation must be at least half of it "
    "(LSA Enforcement Rules Art. 7-3)",
    "compensation_below_half": "{amount} is below half the average monthly wage {wage} (at least {floor:.2f}; "
    "LSA Enforcement Rules Art. 7-3)",
    "too_many_months_cn": "a non-compete of {months} months exceeds the limit of {limit} months after leaving "
    "(Labour Contract Law Art. 24)",
    "too_many_months_tw": "a non-compete of {months} months exceeds the limit of {limit} months after leaving "
    "(Labor Standards Act Art. 9-1)",
    "ends_too_late_cn": "{end_date} is more than {limit} months after leaving_date {leaving_date} "
    "(at most {latest}; Labour Contract Law Art. 24)",
    "ends_too_late_tw": "{end_date} is more than {limit} months after leaving_date {leaving_date} "
    "(at most {latest}; Labor Standards Act Art. 9-1)",
}


# Labour Contract Law Art. 24 ¶1: who a non-compete may bind ("other" may not be bound).
Role = Literal["senior_manager", "senior_technical", "confidential_staff", "other"]
BOUND_ROLES = ("senior_manager", "senior_technical", "confidential_staff")


class Employee(Model):
    name: ShortText = Field(description="Employee's full name as on their ID")
    id_number: ResidentId | None = Field(
        None, description="PRC resident ID number (居民身份证号码), checked by its check digit"
    )
    department: ShortText = Field(description="Department the employee works in")
    position: ShortText = Field(description="Position held")
    role: Role | None = Field(
        None,
        description="senior_manager (高级管理人员), senior_technical (高级技术人员), confidential_staff (其他负有保密"
        "义务的人员) or other; required for a non-compete under PRC law, which may not bind other staff",
    )
    address: ShortText | None = Field(
        None, description="Address for notices (通知送达地址): where the company sends notices, e.g. a waiver"
    )


class Information(Model):
    categories: list[InformationCategory] = Field(
        max_length=MAX_ITEMS,
        min_length=1,
        description="Confidential information covered: client_data, internal_plans, financial_data, "
        "technical_plans, pay, third_party_secrets",
    )
    other: list[Text] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Further information covered, one per entry"
    )
    extra_exclusions: list[Text] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="Exclusions beyond the standard four (public, known, independent, third party)",
    )

    @model_validator(mode="after")
    def _categories_once(self) -> Information:
        repeated = sorted({c for c in self.categories if self.categories.count(c) > 1})
        if repeated:
            raise RuleViolation.worded("categories", MESSAGES, "categories_repeated", categories=", ".join(repeated))
        return self


class Term(Model):
    years: Annotated[int, Field(ge=1, le=30)] | None = Field(
        None,
        description="Years the agreement runs from signing; leave out for an employee undertaking that runs for "
        "the whole employment",
    )
    survival_years: Annotated[int, Field(ge=0, le=30)] = Field(
        description="Years the duties survive the end of the agreement or of the employment"
    )


class NonCompete(Model):
    scope: Text = Field(
        description="Businesses the employee may not join or run, fitted to the role (Labour Contract Law Art. 24), "
        "e.g. 直播电商代运营服务"
    )
    region: ShortText = Field(
        description="Where the restriction applies: where the company competes in the employee's line of work, "
        "e.g. 上海市、江苏省、浙江省"
    )
    competitors: list[ShortText] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Competitors named as examples of the restriction"
    )
    months: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Length after leaving, in months, when the leaving date is not known yet (at most 24)"
    )
    leaving_date: date | None = Field(None, description="Last day of employment, when known; give end_date with it")
    end_date: date | None = Field(None, description="Last day of the restriction; at most 24 months after leaving_date")
    monthly_compensation: Money | None = Field(
        None, description="Compensation paid each month of the restriction, in CNY; required"
    )
    average_monthly_wage: PositiveMoney | None = Field(
        None, description="TW: the employee's average monthly wage over the last six months, in CNY"
    )
    liquidated_damages: PositiveMoney | None = Field(
        None, description="Liquidated damages (违约金) for breaching the non-compete, in CNY"
    )

    @computed_field(description="First day of the restriction: the day after leaving_date, when known")  # type: ignore[prop-decorator]
    @property
    def start_date(self) -> date | None:
        return self.leaving_date + timedelta(days=1) if self.leaving_date else None

    @model_validator(mode="after")
    def _length_given_once(self) -> NonCompete:
        if self.months is not None and (self.leaving_date or self.end_date):
            raise RuleViolation.worded("months", MESSAGES, "length_given_twice")
        if self.months is None and not (self.leaving_date and self.end_date):
            missing = "leaving_date" if self.end_date else "end_date"
            raise RuleViolation.worded(missing, MESSAGES, "length_missing")
        if self.leaving_date and self.end_date and self.end_date <= self.leaving_date:
            raise RuleViolation.worded(
                "end_date", MESSAGES, "end_not_after_leaving", end_date=self.end_date, leaving_date=self.leaving_date
            )
        return self


class Disputes(Model):
    method: Literal["arbitration", "court"] = Field(description="arbitration or court")
    venue: ShortText = Field(description="The arbitration body or the court, e.g. 上海国际仲裁中心")


class Nda(DocumentModel):
    """保密协议 / 保密承诺书: confidentiality, mutual or as an employee's undertaking."""

    type_name: ClassVar[str] = "nda"
    number_pattern: ClassVar[str] = "BM-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    # The employee's identifiers and address, and the wage figures a non-compete is computed from.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "employee.id_number",
        "employee.address",
        "non_compete.monthly_compensation",
        "non_compete.average_monthly_wage",
    )
    messages: ClassVar[dict[str, str]] = MESSAGES
    # Amounts given as they are printed: a field's own limit keeps them within words; listed so the rule stays whole.
    cites: ClassVar[dict[str, str]] = {"offer_number": "offer_letter"}
    # An undertaking repeats who was hired for what; an offer is not a contract, so it may differ with a reason.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "offer_number": {
            "employee.name": "candidate.name",
            "employee.position": "position.title",
            "employee.department": "position.department",
        },
    }
    difference_reasons: ClassVar[dict[str, str]] = {"offer_number": "differs_from_offer"}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        path: (path,)
        for path in ("liquidated_damages", "non_compete.monthly_compensation", "non_compete.liquidated_damages")
    }

    form: Literal["mutual", "employee"] = Field(
        description="mutual (with a client or partner) or employee (a one-way undertaking)"
    )
    jurisdiction: Jurisdiction = Field("CN", description="Whose law applies: CN (PRC) or TW")
    counterparty: Party | None = Field(None, description="The client or partner; required for a mutual agreement")
    employee: Employee | None = Field(None, description="The employee giving the undertaking; required for that form")
    offer_number: ShortText | None = Field(
        None, description="Employee form: number of the employee's offer letter, if any, whose facts it repeats"
    )
    differs_from_offer: Text | None = Field(
        None, description="Why the employee's name, position or department differ from the offer letter, if they do"
    )
    purpose: Text | None = Field(
        None, description="Why information is exchanged, e.g. 天猫旗舰店代运营合作; required for a mutual agreement"
    )
    information: Information = Field(description="What is confidential, and the extra exclusions")
    term: Term = Field(description="How long the agreement runs and how long the duties survive it")
    return_days: Annotated[int, Field(ge=1, le=60)] = Field(
        10, description="Days to return or destroy materials after the end or a request"
    )
    liquidated_damages: PositiveMoney | None = Field(
        None, description="Liquidated damages (违约金) for a breach of confidentiality, in CNY; not from a CN employee"
    )
    non_compete: NonCompete | None = Field(None, description="Employee form only: a non-compete after leaving")
    disputes: Disputes = Field(description="How disputes are resolved")
    signing_place: ShortText | None = Field(None, description="Where the document is signed, e.g. 上海市浦东新区")

    def title_variant(self) -> str:
        if self.form == "mutual":
            return "mutual"
        if self.non_compete is None:
            return "employee"
        # Taiwan's term is 競業禁止, the PRC's 竞业限制: the title follows the law that governs it.
        return "employee_non_compete_tw" if self.jurisdiction == "TW" else "employee_non_compete"

    @model_validator(mode="after")
    def _parties_match_form(self) -> Nda:
        if self.form == "mutual":
            for field, value in (
                ("counterparty", self.counterparty),
                ("purpose", self.purpose),
                ("term.years", self.term.years),
            ):
                if value is None:
                    raise RuleViolation.worded(field, MESSAGES, "mutual_requires")
            if self.employee is not None:
                raise RuleViolation.worded("employee", MESSAGES, "employee_in_mutual")
            if self.non_compete is not None:
                raise RuleViolation.worded("non_compete", MESSAGES, "non_compete_in_mutual")
            for field in ("offer_number", "differs_from_offer"):
                if getattr(self, field) is not None:
                    raise RuleViolation.worded(field, MESSAGES, "employee_in_mutual")
            return self
        if self.employee is None:
            raise RuleViolation.worded("employee", MESSAGES, "employee_required")
        if self.counterparty is not None:
            raise RuleViolation.worded("counterparty", MESSAGES, "counterparty_in_employee_form")
        return self

    @model_validator(mode="after")
    def _employee_law(self) -> Nda:
        if self.form != "employee" or self.jurisdiction != "CN":
            return self
        if self.liquidated_damages is not None:
            raise RuleViolation.worded("liquidated_damages", MESSAGES, "employee_damages")
        if self.disputes.method != "arbitration":
            raise RuleViolation.worded("disputes.method", MESSAGES, "arbitration_first")
        return self

    @model_validator(mode="after")
    def _non_compete_rules(self) -> Nda:
        if self.non_compete is None:
            return self
        law = self.jurisdiction.lower()  # the suffix of the keys that cite this jurisdiction's law
        if self.jurisdiction == "CN" and self.employee is not None:
            self._check_role(self.employee)
        self._check_compensation(self.non_compete, law)
        self._check_length(self.non_compete, law)
        return self

    def _check_role(self, employee: Employee) -> None:
        """Labour Contract Law Art. 24 ¶1: only these roles may be bound; TW follows LSA Art. 9-1 instead."""
        if employee.role is None:
            raise RuleViolation.worded("employee.role", MESSAGES, "role_required")
        if employee.role not in BOUND_ROLES:
            raise RuleViolation.worded("employee.role", MESSAGES, "role_not_bound", role=employee.role)

    def _check_compensation(self, restriction: NonCompete, law: str) -> None:
        amount = restriction.monthly_compensation
        if amount is None or amount <= 0:
            raise RuleViolation.worded("non_compete.monthly_compensation", MESSAGES, f"compensation_required_{law}")
        if self.jurisdiction != "TW":
            return
        wage = restriction.average_monthly_wage
        if wage is None:
            raise RuleViolation.worded("non_compete.average_monthly_wage", MESSAGES, "average_wage_required")
        floor = wage * TW_COMPENSATION_FLOOR
        if amount < floor:
            raise RuleViolation.worded(
                "non_compete.monthly_compensation",
                MESSAGES,
                "compensation_below_half",
                amount=amount,
                wage=wage,
                floor=floor,
            )

    def _check_length(self, restriction: NonCompete, law: str) -> None:
        if restriction.months is not None and restriction.months > LONGEST_NON_COMPETE_MONTHS:
            raise RuleViolation.worded(
                "non_compete.months",
                MESSAGES,
                f"too_many_months_{law}",
                months=restriction.months,
                limit=LONGEST_NON_COMPETE_MONTHS,
            )
        if restriction.leaving_date and restriction.end_date:
            latest = add_months(restriction.leaving_date, LONGEST_NON_COMPETE_MONTHS)
            if restriction.end_date > latest:
                raise RuleViolation.worded(
                    "non_compete.end_date",
                    MESSAGES,
                    f"ends_too_late_{law}",
                    end_date=restriction.end_date,
                    limit=LONGEST_NON_COMPETE_MONTHS,
                    leaving_date=restriction.leaving_date,
                    latest=latest,
                )
