"""The labour contract (劳动合同): the clauses Labour Contract Law Art. 17 requires, derived from the offer letter.

It cites the issued offer letter and repeats its pay, position, probation and term (a difference needs its reason),
may cite the employee's NDA, and checks the probation by Art. 19 and 20 (docgen/documents/labour_law.py), a
training service period's damages by Art. 22, a late signing by Art. 10 and 82, and whether Art. 14 requires an
open-ended contract, from the contracts the register holds for the same ID document (the kit fact earlier) and the
service before docgen the data states. Only PRC law is implemented: TW is refused, naming jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, computed_field, model_validator
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_11_2

from ..errors import Wording
from ..money import CENT
from .arithmetic import add_months, completed_months
from .base import DocumentModel, Earlier, Kind, type_settings
from .derived import Derivation, Derived
from .labour_law import PROBATION_MESSAGES, check_probation_length, check_probation_pay
from .model import Model
from .offer_letter import Allowance, OfferLetter
from .values import MAX_ITEMS, Jurisdiction, PositiveMoney, SheetSlots, ShortText, Text
from .violations import RuleViolation

# Art. 14 ¶2(1): ten consecutive years of service; ¶2(3): renewal after two consecutive fixed terms.
OPEN_ENDED_YEARS = 10
OPEN_ENDED_FIXED_TERMS = 2

# The validators' messages by key, in English; templates/labour_contract/fields.<locale>.yaml words them per locale.
MESSAGES = {
    **PROBATION_MESSAGES,
    "tw_not_implemented": "only PRC labour law is implemented for labour contracts: Taiwan's rules differ (LSA "
    "Art. 9 allows a fixed term only for non-continuous work) and are not applied; use jurisdiction CN",
    "id_number_format": "not a valid {kind} number: {rule}",
    "end_required": "required for a fixed-term contract: the last day, start plus months less one day",
    "months_required": "required for a fixed-term contract",
    "end_not_matching": "{end} does not agree with {months} months from {start}: the term ends on {expected}",
    "task_required": "required for a contract that ends when its task is done",
    "not_for_this_term": "must be left out for a {term} contract",
    "hours_approval_required": "a {system} working-hours system needs the labour authority's approval: "
    "give its number (Labour Law Art. 39)",
    "hours_approval_not_allowed": "given, but the standard working-hours system needs no approval",
    "probation_pay_required": "required when there is a probation",
    "probation_conditions_required": "a probation needs its conditions of employment (录用条件), at least one "
    "(Labour Contract Law Art. 39(1))",
    "training_damages_over_cost": "damages {damages} exceed the training cost {cost}: the damages for leaving "
    "before the service period ends are at most the training cost paid (Labour Contract Law Art. 22)",
    "signed_late": "signed on {signed}, more than one month after the start {start} (at the latest {latest}): "
    "the company owes double wages from the second month (Labour Contract Law Art. 10, 82); set "
    "late_signing_acknowledged: true to issue it with that note",
    "acknowledged_without_delay": "given, but the contract is signed within one month of the start",
    "owed_after_years": "the employee is owed an open-ended contract after {years} years of consecutive service "
    "(Labour Contract Law Art. 14 ¶2(1)): give term.type open_ended, or employee_requests_fixed_term: true",
    "owed_after_fixed_terms": "the employee is owed an open-ended contract on renewal after {count} consecutive "
    "fixed-term contracts (Labour Contract Law Art. 14 ¶2(3)): give term.type open_ended, or "
    "employee_requests_fixed_term: true",
    "open_ended_deemed": "a year of work without a written contract: an open-ended contract is deemed agreed "
    "(Labour Contract Law Art. 14 ¶3), whatever the employee asks; give term.type open_ended",
    "probation_pay_without_probation": "given, but probation.months is 0",
}

IdKind = Literal["resident_id", "passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent_residence"]

# What is checked per document type: the format each card states, and a check digit where the card has one.
_ID_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    # Passports of every country: letters and digits only, as printed; no country's check digit is checked.
    "passport": (re.compile(r"[A-Z0-9]{5,20}"), "5 to 20 capital letters and digits"),
    # 港澳居民来往内地通行证 (the card since 2013): H (Hong Kong) or M (Macao), 8 digits, and a 2-digit issue count.
    "hk_macao_permit": (re.compile(r"[HM]\d{8}(\d{2})?"), "H or M, then 8 digits (and 2 more on older cards)"),
    # 台湾居民来往大陆通行证 (the card since 2015): 8 digits; the issue count printed apart is not part of it.
    "taiwan_permit": (re.compile(r"\d{8}"), "8 digits"),
    # 外国人永久居留身份证: the 2017 card, 3 letters and 12 digits (format only), or the 2023 card, 18 characters
    # starting with 9 and ending in an ISO 7064 MOD 11-2 check digit, as a resident ID (checked below).
    "foreign_permanent_residence": (
        re.compile(r"[A-Z]{3}\d{12}|9\d{16}[\dX]"),
        "3 letters and 12 digits (2017 card), or 18 characters starting with 9 (2023 card)",
    ),
}


_RIC_RULE = "18 characters with a valid birth date and check digit"


class IdDocument(Model):
    type: IdKind = Field(
        "resident_id",
        description="resident_id (居民身份证), passport (护照), hk_macao_permit (港澳居民来往内地通行证), "
        "taiwan_permit (台湾居民来往大陆通行证) or foreign_permanent_residence (外国人永久居留身份证)",
    )
    number: ShortText = Field(description="The document's number as printed on it; a resident ID by its check digit")

    @model_validator(mode="after")
    def _number_fits_type(self) -> IdDocument:
        if self.type == "resident_id":
            _check_resident_id(self.number)
            return self
        pattern, rule = _ID_FORMATS[self.type]
        valid = pattern.fullmatch(self.number) is not None
        if valid and len(self.number) == 18:  # the 2023 permanent residence card carries a check digit
            valid = mod_11_2.is_valid(self.number)
        if not valid:
            raise RuleViolation.worded("number", MESSAGES, "id_number_format", kind=self.type, rule=rule)
        return self


def _check_resident_id(number: str) -> None:
    """python-stdnum's check of a resident ID: its length, birth date and check digit."""
    try:
        ric.validate(number)
    except StdnumError:
        raise RuleViolation.worded("number", MESSAGES, "id_number_format", kind="resident_id", rule=_RIC_RULE) from None


class Employee(Model):
    name: ShortText = Field(description="Employee's full name as on their ID document")
    id_document: IdDocument = Field(description="The employee's valid ID document: its type and number")
    address: ShortText = Field(description="Employee's residential address (住址)")
    phone: ShortText | None = Field(None, description="Mobile phone number, kept exactly as typed")


class Position(Model):
    title: ShortText = Field(description="The job (工作内容), e.g. 电商运营经理")
    department: ShortText = Field(description="Department the employee works in")
    duties: Text | None = Field(None, description="What the job involves, in a few lines")
    work_place: ShortText = Field(description="The place of work (工作地点)")


class Term(Model):
    type: Literal["fixed_term", "open_ended", "task_based"] = Field(
        description="fixed_term (固定期限), open_ended (无固定期限) or task_based (以完成一定工作任务为期限)"
    )
    start: date = Field(description="First day of the term: for a new employee the first day of work")
    months: Annotated[int, Field(ge=1, le=240)] | None = Field(None, description="Fixed term: its length in months")
    end: date | None = Field(None, description="Fixed term: its last day, start plus months less one day")
    task: Text | None = Field(None, description="Task-based contract: the task whose completion ends it")

    @computed_field(description="Fixed term: the last day its months give, start + months − 1 day")  # type: ignore[prop-decorator]
    @property
    def expected_end(self) -> date | None:
        # The first day counts (work starts on it), so the term ends the day before the same day months later.
        return add_months(self.start, self.months) - timedelta(days=1) if self.months else None

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Term:
        wanted = {"fixed_term": ("months", "end"), "task_based": ("task",), "open_ended": ()}[self.type]
        for name in ("months", "end", "task"):
            given = getattr(self, name) is not None
            if name in wanted and not given:
                raise RuleViolation.worded(name, MESSAGES, "task_required" if name == "task" else f"{name}_required")
            if name not in wanted and given:
                raise RuleViolation.worded(name, MESSAGES, "not_for_this_term", term=self.type)
        return self

    @model_validator(mode="after")
    def _end_agrees_with_months(self) -> Term:
        if self.end is not None and self.end != self.expected_end:
            raise RuleViolation.worded(
                "end", MESSAGES, "end_not_matching", end=self.end, months=self.months, start=self.start,
                expected=self.expected_end,
            )  # fmt: skip
        return self


class Pay(Model):
    base_monthly: PositiveMoney = Field(description="Base salary per month, before tax, in CNY")
    allowances: list[Allowance] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Fixed monthly allowances"
    )
    performance_monthly: PositiveMoney | None = Field(
        None, description="Performance pay per month at target, before tax, in CNY"
    )
    pay_day: Annotated[int, Field(ge=1, le=31)] = Field(description="Day of the month wages are paid (发薪日)")

    @computed_field(description="Agreed monthly wage: base, fixed allowances and performance pay at target")  # type: ignore[prop-decorator]
    @property
    def monthly_wage(self) -> Decimal:
        allowances = sum((item.monthly_amount for item in self.allowances), Decimal("0.00"))
        return self.base_monthly + allowances + (self.performance_monthly or Decimal("0.00"))


class Probation(Model):
    months: Annotated[int, Field(ge=0, le=6)] = Field(0, description="Probation length in months; 0 for none")
    monthly_pay: PositiveMoney | None = Field(
        None, description="The whole monthly wage during probation, before tax, in CNY; required with a probation"
    )
    conditions: Annotated[list[Text], SheetSlots(3)] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Conditions of employment (录用条件) it tests"
    )


class WorkingHours(Model):
    system: Literal["standard", "comprehensive", "flexible"] = Field(
        "standard",
        description="standard (标准工时制), comprehensive (综合计算工时工作制) or flexible (不定时工作制)",
    )
    approval: ShortText | None = Field(None, description="The labour authority's approval number of a special system")
    rest_and_leave: Text = Field(description="Rest days, public holidays and paid leave (休息休假)")

    @model_validator(mode="after")
    def _special_hours_are_approved(self) -> WorkingHours:
        """Labour Law Art. 39: the comprehensive and flexible systems run only with the labour authority's approval."""
        if self.system != "standard" and not self.approval:
            raise RuleViolation.worded("approval", MESSAGES, "hours_approval_required", system=self.system)
        if self.system == "standard" and self.approval:
            raise RuleViolation.worded("approval", MESSAGES, "hours_approval_not_allowed")
        return self


class Protection(Model):
    social_insurance: Text = Field(description="Social insurance (社会保险): where and which the company pays")
    conditions: Text = Field(description="Labour protection and working conditions (劳动保护和劳动条件)")
    occupational_hazards: Text = Field(description="Protection against occupational hazards (职业危害防护)")


class Training(Model):
    """Art. 22: special training paid by the company, for which the employee agrees a service period."""

    course: ShortText = Field(description="The special technical training (专业技术培训) paid for")
    cost: PositiveMoney = Field(description="Training cost the company paid, in CNY")
    service_months: Annotated[int, Field(ge=1, le=120)] = Field(description="Service period agreed, in months")
    damages: PositiveMoney = Field(description="Damages for leaving before the service period ends, in CNY")

    @computed_field(description="What each month served takes off the damages: cost ÷ service months")  # type: ignore[prop-decorator]
    @property
    def monthly_reduction(self) -> Decimal:
        # Rounded half-up to the fen once; the cap for a departure is cost × months unserved ÷ service months.
        return (self.cost / self.service_months).quantize(CENT, ROUND_HALF_UP)

    @model_validator(mode="after")
    def _damages_within_cost(self) -> Training:
        if self.damages > self.cost:
            raise RuleViolation.worded(
                "damages", MESSAGES, "training_damages_over_cost", damages=self.damages, cost=self.cost
            )
        return self


class PriorService(Model):
    years_with_company: Annotated[int, Field(ge=0, le=60)] = Field(
        0, description="Whole years of consecutive service before the first contract the register holds"
    )
    fixed_term_contracts: Annotated[int, Field(ge=0, le=20)] = Field(
        0, description="Consecutive fixed-term contracts signed before the first one the register holds"
    )
    year_without_contract: bool = Field(
        False, description="The employee worked a year or more without a written contract (Art. 14 ¶3)"
    )


class LabourContractSettings(BaseModel):
    """[types.labour_contract] in docgen.toml."""

    model_config = {"extra": "forbid"}

    copies: Annotated[int, Field(ge=2, le=4)] = Field(
        2, description="Originals signed (一式N份); each party keeps one (Labour Contract Law Art. 16 ¶2)"
    )


@dataclass(frozen=True)
class History:
    """What the register's earlier contracts of the same person tell: the basis of the Art. 14 check."""

    numbers: tuple[str, ...]
    years: int
    fixed_terms: int


def contract_from_offer(offer: OfferLetter, number: str | None) -> Derived:
    """A labour contract prefilled from the offer letter: the person, job, pay, probation and term it offered."""
    terms, start = offer.terms, offer.position.start_date
    months = terms.term_months
    data: dict[str, Any] = {
        "offer_number": number,
        "issue_date": offer.contract_signing_date.isoformat(),
        "employee": {"name": offer.candidate.name, "phone": offer.candidate.phone, "address": None,
                     "id_document": {"type": "resident_id", "number": offer.candidate.id_number}},
        "position": offer.position.model_dump(mode="json", include={"title", "department", "work_place"}),
        "term": {"type": terms.contract_type, "start": start.isoformat(), "months": months,
                 "end": (add_months(start, months) - timedelta(days=1)).isoformat() if months else None},
        "pay": offer.pay.model_dump(mode="json", include={"base_monthly", "allowances", "performance_monthly",
                                                          "pay_day"}, exclude_none=True),
        "probation": {"months": terms.probation_months, "conditions": list(terms.probation_conditions),
                      "monthly_pay": str(offer.probation_wage) if offer.probation_wage else None},
        "working_hours": {"system": terms.working_hours, "approval": terms.working_hours_approval,
                          "rest_and_leave": None},
        "protection": {"social_insurance": None, "conditions": None, "occupational_hazards": None},
    }  # fmt: skip
    to_fill = {
        "employee": "the employee's address (住址), and the ID document if not a resident ID",
        "working_hours": "rest and leave (休息休假)",
        "protection": "social insurance, labour protection and occupational hazards (社会保险、劳动保护、职业危害防护)",
    }
    if number is None:
        to_fill["offer_number"] = "number of the offer letter, e.g. LY-2026-0001 (录用通知书编号)"
    return Derived(data, to_fill)


class LabourContract(DocumentModel):
    """劳动合同: the written labour contract, with the clauses Labour Contract Law Art. 17 requires."""

    type_name: ClassVar[str] = "labour_contract"
    number_pattern: ClassVar[str] = "LD-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    # The employee's ID document, address and phone, and every figure of their pay.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "employee.id_document",
        "employee.address",
        "employee.phone",
        "pay",
        "probation.monthly_pay",
    )
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[BaseModel] | None] = LabourContractSettings
    cites: ClassVar[dict[str, str]] = {"offer_number": "offer_letter", "nda_number": "nda"}
    # What the offer promised: the contract may change it only with a reason (differs_from_offer).
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "offer_number": {
            "employee.name": "candidate.name",
            "position.title": "position.title",
            "position.department": "position.department",
            "term.type": "terms.contract_type",
            "term.months": "terms.term_months",
            "term.start": "position.start_date",
            "probation.months": "terms.probation_months",
            "probation.monthly_pay": "probation_wage",
            "pay.monthly_wage": "pay.monthly_wage",
        },
    }
    difference_reasons: ClassVar[dict[str, str]] = {"offer_number": "differs_from_offer"}
    derived_from: ClassVar[dict[str, Derivation]] = {"offer_letter": contract_from_offer}
    # The earlier contracts of the same person, by ID document: Art. 14's service and renewals, Art. 19's one probation.
    earlier: ClassVar[dict[str, str]] = {"employee.id_document.number": "contract_history"}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "pay.monthly_wage": ("pay.base_monthly", "pay.allowances.*.monthly_amount", "pay.performance_monthly"),
    }

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC); TW is refused")
    offer_number: ShortText | None = Field(None, description="Number of the employee's issued offer letter")
    differs_from_offer: Text | None = Field(
        None, description="Why the pay, position, probation or term differ from the offer letter, if they do"
    )
    nda_number: ShortText | None = Field(None, description="Number of the employee's confidentiality agreement")
    representative: ShortText | None = Field(
        None, description="法定代表人 or principal (主要负责人); the profile's legal representative when left out"
    )
    employee: Employee = Field(description="The employee (乙方)")
    position: Position = Field(description="The job and the place of work")
    term: Term = Field(description="The contract's term")
    pay: Pay = Field(description="Pay and pay day; all amounts in CNY before tax")
    probation: Probation = Field(default_factory=lambda: Probation(), description="The probation, if any")
    working_hours: WorkingHours = Field(description="The working-hours system, rest and leave")
    protection: Protection = Field(description="Social insurance, labour protection and occupational hazards")
    training: Training | None = Field(None, description="A training service period (Art. 22), if any")
    prior_service: PriorService = Field(
        default_factory=lambda: PriorService(), description="Service and contracts from before the register"
    )
    grounds_against_renewal: bool = Field(
        False, description="The company has Art. 39 or Art. 40(1)(2) grounds against the employee (Art. 14 ¶2(3))"
    )
    employee_requests_fixed_term: bool = Field(
        False, description="The employee asks for a fixed term although an open-ended contract is owed (Art. 14 ¶2)"
    )
    late_signing_acknowledged: bool = Field(
        False, description="Signed more than a month after the start: issue it with the note on double wages"
    )

    _history: History | None = PrivateAttr(None)
    _copies: int = PrivateAttr(2)

    @computed_field(description="The last day to sign without owing double wages: start plus one month (Art. 10)")  # type: ignore[prop-decorator]
    @property
    def latest_signing(self) -> date:
        return add_months(self.term.start, 1)

    @computed_field(description="Signed more than one month after the start (Art. 10, 82)")  # type: ignore[prop-decorator]
    @property
    def signed_late(self) -> bool:
        return self.issue_date is not None and self.issue_date > self.latest_signing

    @computed_field(description="Originals signed, one for each party at least ([types.labour_contract] copies)")  # type: ignore[prop-decorator]
    @property
    def copies(self) -> int:
        return self._copies

    @computed_field(description="The earlier contracts the register holds for this ID document; None without one")  # type: ignore[prop-decorator]
    @property
    def service_history(self) -> dict[str, Any] | None:
        history = self._history
        if history is None:
            return None
        return {"numbers": list(history.numbers), "years": history.years, "fixed_terms": history.fixed_terms}

    @model_validator(mode="after")
    def _settings(self, info: ValidationInfo) -> LabourContract:
        settings = type_settings(info)
        if settings is not None:
            self._copies = settings.copies
        return self

    @model_validator(mode="after")
    def _prc_only(self) -> LabourContract:
        if self.jurisdiction != "CN":
            raise RuleViolation.worded("jurisdiction", MESSAGES, "tw_not_implemented")
        return self

    @model_validator(mode="after")
    def _probation_rules(self, info: ValidationInfo) -> LabourContract:
        """Art. 19 (length by term), Art. 39(1) (its conditions) and Art. 20 (its pay)."""
        probation = self.probation
        check_probation_length("probation.months", MESSAGES, probation.months, self.term.type, self.term.months)
        if not probation.months:
            if probation.monthly_pay is not None:
                raise RuleViolation.worded("probation.monthly_pay", MESSAGES, "probation_pay_without_probation")
            return self
        if probation.monthly_pay is None:
            raise RuleViolation.worded("probation.monthly_pay", MESSAGES, "probation_pay_required")
        if not probation.conditions:
            raise RuleViolation.worded("probation.conditions", MESSAGES, "probation_conditions_required")
        minimum = (info.context or {}).get("minimum_wage")
        check_probation_pay("probation.monthly_pay", MESSAGES, probation.monthly_pay, self.pay.monthly_wage, minimum)
        return self

    @model_validator(mode="after")
    def _signed_in_time(self) -> LabourContract:
        """Art. 10: a written contract within one month of the first day; Art. 82: double wages after that."""
        if self.signed_late and not self.late_signing_acknowledged:
            raise RuleViolation.worded(
                "issue_date", MESSAGES, "signed_late", signed=self.issue_date, start=self.term.start,
                latest=self.latest_signing,
            )  # fmt: skip
        if self.late_signing_acknowledged and not self.signed_late:
            raise RuleViolation.worded("late_signing_acknowledged", MESSAGES, "acknowledged_without_delay")
        return self

    @model_validator(mode="after")
    def _open_ended_when_owed(self) -> LabourContract:
        """Art. 14 from the data alone; contract_history repeats it with the register's contracts."""
        fault = self._open_ended_fault(self.prior_service.years_with_company, self.prior_service.fixed_term_contracts)
        if fault is not None:
            raise RuleViolation.worded("term.type", MESSAGES, fault[0], **fault[1])
        return self

    def _deemed_open_ended(self) -> bool:
        """Art. 14 ¶3: a year of work without a written contract (before, or until this one is signed).

        Deemed from the anniversary of the start (Implementing Regulations Art. 7), counted as add_months counts the
        month of Art. 10 here and in the offer letter.
        """
        unsigned_year = self.issue_date is not None and self.issue_date >= add_months(self.term.start, 12)
        return self.prior_service.year_without_contract or unsigned_year

    def _open_ended_fault(self, years: int, fixed_terms: int) -> tuple[str, dict[str, Any]] | None:
        """The Art. 14 rule an agreed term breaks, as (message key, its values); None: it breaks none."""
        if self.term.type == "open_ended":
            return None
        if self._deemed_open_ended():
            return "open_ended_deemed", {}
        if self.employee_requests_fixed_term:
            return None
        if years >= OPEN_ENDED_YEARS:  # 满十年: the tenth year completed counts
            return "owed_after_years", {"years": years}
        if fixed_terms >= OPEN_ENDED_FIXED_TERMS and not self.grounds_against_renewal:
            return "owed_after_fixed_terms", {"count": fixed_terms}
        return None

    def contract_history(self, path: str, earlier: list[Earlier]) -> list[Wording]:
        """The register's earlier contracts of this person (kit fact earlier): Art. 14 and Art. 19 ¶2 with them."""
        # Only contracts whose term began before this one's: a reissue or correction of this same contract (the
        # same start) is not an earlier contract of the employee.
        earlier = [item for item in earlier if _term_start(item) < self.term.start]
        first = min([*(_term_start(item) for item in earlier), self.term.start])
        years = self.prior_service.years_with_company + completed_months(first, self.term.start) // 12
        fixed = sum(1 for item in earlier if item.data["term"]["type"] == "fixed_term")
        fixed_terms = self.prior_service.fixed_term_contracts + fixed
        self._history = History(tuple(item.number for item in earlier), years, fixed_terms)
        faults = [*self._probation_again(path, earlier)]
        fault = self._open_ended_fault(years, fixed_terms)
        if fault is not None:
            faults.append(_history_wording(fault[0], path, fault[1]))
        return faults

    def _probation_again(self, path: str, earlier: list[Earlier]) -> list[Wording]:
        if not self.probation.months:
            return []
        before = [item.number for item in earlier if (item.data.get("probation") or {}).get("months")]
        return [
            Wording.of(
                "{path}: {number} already agreed a probation with this employee: a probation is agreed only once "
                "(Labour Contract Law Art. 19 ¶2)",
                path=path,
                number=number,
            )
            for number in before[:1]
        ]


def _term_start(item: Earlier) -> date:
    return date.fromisoformat(str(item.data["term"]["start"]))


def _history_wording(key: str, path: str, params: dict[str, Any]) -> Wording:
    """Art. 14's faults found with the register, as messages naming the ID document they were read by."""
    if key == "owed_after_years":
        return Wording.of(
            "{path}: by the contracts the register holds, the employee is owed an open-ended contract after {years} "
            "years of consecutive service (Labour Contract Law Art. 14 ¶2(1)): give term.type open_ended, or "
            "employee_requests_fixed_term: true", path=path, **params,
        )  # fmt: skip
    return Wording.of(
            "{path}: by the contracts the register holds, the employee is owed an open-ended contract on renewal "
            "after {count} consecutive fixed-term contracts (Labour Contract Law Art. 14 ¶2(3)): give term.type "
            "open_ended, or employee_requests_fixed_term: true", path=path, **params,
    )  # fmt: skip
