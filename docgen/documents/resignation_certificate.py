"""The resignation certificate (离职证明 / 服務證明書), with what the law lets it say.

CN: Implementing Regulations of the Labour Contract Law Art. 24 — the contract
term, the date it was ended, the position and the years of service; nothing
evaluative, so the model has no free-text evaluation field and the reason for
leaving is a fixed choice printed only when the employee asked for it.
TW: Labor Standards Act Art. 19 and ruling 83台勞資二字第25578號 — position,
nature of work, seniority and wage; anything else only with the worker's consent.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from ..errors import Wording
from .arithmetic import completed_months
from .base import DocumentModel, Kind
from .derived import Derivation, Derived
from .exit_clearance import ExitClearance
from .model import Model
from .values import Jurisdiction, PositiveMoney, ResidentId, ShortText, Text
from .violations import RuleViolation

# The validators' messages by key, in English; templates/resignation_certificate/fields.<locale>.yaml words them
# per locale. A contract ending before it starts is the shared end_before_start rule (violations.SHARED_MESSAGES).
MESSAGES = {
    "end_required": "required for a fixed-term contract",
    "end_not_allowed": "must be left out for a {kind} contract",
    "left_before_hired": "{termination_date} falls before hire_date {hire_date}",
    "contract_before_hired": "{start} falls before hire_date {hire_date}",
    "left_before_contract": "{termination_date} falls before contract.start {start}",
    "handover_before_hired": "{completed_on} falls before hire_date",
    "issued_before_leaving": "{issue_date} falls before termination_date {termination_date}: "
    "the certificate is issued when the employment ends",
    "handover_after_issue": "{completed_on} falls after issue_date {issue_date}: "
    "the certificate attests a handover already completed",
    "reason_not_requested": "the reason for leaving is stated only at the employee's request; "
    "set reason_requested: true once they have asked for it, or leave the reason out",
    "reason_required": "required when reason_requested is true",
    "expiry_reason_needs_expiry": "must be expiry when the reason is contract_expiry",
    "contract_required_cn": "required under CN: the certificate states the contract term "
    "(Implementing Regulations Art. 24)",
    "consent_only_tw": "applies only under TW",
    "content_required_tw": "required under TW: the certificate states position, nature of work, seniority and wage "
    "(Labor Standards Act Art. 19; ruling 83台勞資二字第25578號)",
    "extra_without_consent_tw": "under TW the certificate holds only position, nature of work, seniority and wage "
    "unless the worker consents to more (ruling 83台勞資二字第25578號); set extras_consented: true or leave it out",
}

LeavingReason = Literal["personal_resignation", "mutual_agreement", "contract_expiry", "employer_business_reasons"]


class Employee(Model):
    name: ShortText = Field(description="Employee's full name as on their ID")
    id_number: ResidentId | None = Field(
        None, description="PRC resident ID number (居民身份证号码), checked by its check digit"
    )


class ContractTerm(Model):
    kind: Literal["fixed_term", "open_ended", "task_based"] = Field(
        "fixed_term",
        description="fixed_term (固定期限), open_ended (无固定期限) or task_based (以完成一定工作任务为期限)",
    )
    start: date = Field(description="First day of the (last) labour contract")
    end: date | None = Field(None, description="Agreed last day of a fixed-term contract; leave out otherwise")

    @model_validator(mode="after")
    def _end_matches_kind(self) -> ContractTerm:
        if self.kind == "fixed_term" and self.end is None:
            raise RuleViolation.worded("end", MESSAGES, "end_required")
        if self.kind != "fixed_term" and self.end is not None:
            raise RuleViolation.worded("end", MESSAGES, "end_not_allowed", kind=self.kind)
        if self.end is not None and self.end < self.start:
            raise RuleViolation.shared("end", "end_before_start", end=self.end, start=self.start)
        return self


class Wage(Model):
    monthly: PositiveMoney = Field(description="Monthly wage at the end of the employment, before tax")
    currency: Literal["CNY", "TWD"] = Field("CNY", description="CNY (人民币) or TWD (新臺幣)")


class Handover(Model):
    completed_on: date = Field(description="Day the work handover (工作交接) was completed")
    received_by: ShortText | None = Field(None, description="Who took over the work")


class ServiceLength(Model):
    years: int = Field(description="Whole years")
    months: int = Field(description="Whole months beyond the years (0-11)")


def certificate_from_clearance(clearance: ExitClearance, number: str | None) -> Derived:
    """A certificate prefilled from the exit clearance: the employee, position, dates and handover. Never the exit
    interview's reason, the pay (but TW's wage) or anything else the certificate may not state."""
    data: dict[str, Any] = {
        "clearance_number": number,
        "jurisdiction": clearance.jurisdiction,
        "employee": {"name": clearance.employee.name, "id_number": clearance.employee.id_number},
        "position": clearance.employee.position,
        "department": clearance.employee.department if clearance.jurisdiction == "CN" else None,
        "hire_date": clearance.hire_date.isoformat(),
        "termination_date": clearance.last_working_day.isoformat(),
        "ended_by": "expiry" if clearance.separation == "contract_expiry" else "rescission",
    }
    to_fill: dict[str, str] = {}
    if clearance.jurisdiction == "CN":
        data["contract"] = {"kind": "fixed_term", "start": None, "end": None}
        to_fill["contract"] = "the labour contract's kind, start and end (劳动合同期限)"
    else:
        data["wage"] = {"monthly": str(clearance.pay.monthly_wage)}
        data["work_nature"] = None
        to_fill["work_nature"] = "the nature of the work, stated factually (工作性質)"
    if clearance.handover_completed_on is not None and clearance.jurisdiction == "CN":
        receivers = dict.fromkeys(item.received_by for item in clearance.handover)
        data["handover"] = {"completed_on": clearance.handover_completed_on.isoformat(),
                            "received_by": "、".join(receivers)}  # fmt: skip
    if number is None:
        to_fill["clearance_number"] = "number of the exit clearance, e.g. LJ-2027-0001 (离职交接及结算单编号)"
    data = {key: value for key, value in data.items() if value is not None or key in to_fill}
    return Derived(data, to_fill)


class ResignationCertificate(DocumentModel):
    """离职证明 (CN) / 服務證明書 (TW): a certificate of the employment that has ended."""

    type_name: ClassVar[str] = "resignation_certificate"
    number_pattern: ClassVar[str] = "LZ-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    # The former employee's ID number and last wage.
    personal_fields: ClassVar[tuple[str, ...]] = ("employee.id_number", "wage")
    messages: ClassVar[dict[str, str]] = MESSAGES
    # A certificate may cite the employee's exit clearance, but never needs one: it is issued at separation
    # whether or not the handover is done (Labour Contract Law Art. 50).
    cites: ClassVar[dict[str, str]] = {"clearance_number": "exit_clearance"}
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "clearance_number": {"employee.name": "employee.name", "termination_date": "last_working_day"}
    }
    cited_checks: ClassVar[dict[str, str]] = {"clearance_number": "handover_as_cleared"}
    derived_from: ClassVar[dict[str, Derivation]] = {"exit_clearance": certificate_from_clearance}

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC) or TW")
    clearance_number: ShortText | None = Field(
        None, description="Number of the employee's exit clearance, e.g. LJ-2027-0001; optional"
    )
    employee: Employee = Field(description="The former employee")
    position: ShortText = Field(description="Last position held (担任职务)")
    department: ShortText | None = Field(None, description="Department; under TW printed only with extras_consented")
    work_nature: Text | None = Field(
        None, description="Nature of the work (工作性质), stated factually; required under TW"
    )
    hire_date: date = Field(description="First day of employment with the company (入职日期)")
    termination_date: date = Field(description="Day the labour contract was ended (解除或终止日期)")
    ended_by: Literal["rescission", "expiry"] = Field(
        "rescission", description="rescission (解除: ended early) or expiry (终止: ran out or ended by law)"
    )
    contract: ContractTerm | None = Field(
        None, description="Term of the labour contract; required under CN, printed under TW only with extras_consented"
    )
    wage: Wage | None = Field(None, description="Wage at the end of the employment; required under TW")
    leaving_reason: LeavingReason | None = Field(
        None,
        description="personal_resignation, mutual_agreement, contract_expiry or employer_business_reasons; "
        "printed only when reason_requested is true",
    )
    reason_requested: bool = Field(
        False, description="The employee asked for (CN) or consented to (TW) the reason for leaving being stated"
    )
    handover: Handover | None = Field(None, description="Confirmation that the work handover was completed")
    extras_consented: bool = Field(
        False,
        description="TW only: the worker consented to content beyond position, nature of work, seniority and wage "
        "(department, contract term, handover)",
    )

    @computed_field(description="Years and months of service, hire date to termination date, both days counted")  # type: ignore[prop-decorator]
    @property
    def service_length(self) -> ServiceLength:
        months = completed_months(self.hire_date, self.termination_date + timedelta(days=1))
        years, rest = divmod(months, 12)
        return ServiceLength(years=years, months=rest)

    def title_variant(self) -> str | None:
        return "service_certificate" if self.jurisdiction == "TW" else None

    @model_validator(mode="after")
    def _dates_in_order(self) -> ResignationCertificate:
        if self.termination_date < self.hire_date:
            raise RuleViolation.worded(
                "termination_date",
                MESSAGES,
                "left_before_hired",
                termination_date=self.termination_date,
                hire_date=self.hire_date,
            )
        if self.contract and self.contract.start < self.hire_date:
            raise RuleViolation.worded(
                "contract.start", MESSAGES, "contract_before_hired", start=self.contract.start, hire_date=self.hire_date
            )
        if self.contract and self.termination_date < self.contract.start:
            raise RuleViolation.worded(
                "termination_date",
                MESSAGES,
                "left_before_contract",
                termination_date=self.termination_date,
                start=self.contract.start,
            )
        if self.handover and self.handover.completed_on < self.hire_date:
            raise RuleViolation.worded(
                "handover.completed_on", MESSAGES, "handover_before_hired", completed_on=self.handover.completed_on
            )
        return self

    # Compared with issue_date, never with today: a sample dated in the future stays valid.
    @model_validator(mode="after")
    def _attests_only_the_past(self) -> ResignationCertificate:
        if self.issue_date and self.issue_date < self.termination_date:
            raise RuleViolation.worded(
                "issue_date",
                MESSAGES,
                "issued_before_leaving",
                issue_date=self.issue_date,
                termination_date=self.termination_date,
            )
        if self.issue_date and self.handover and self.handover.completed_on > self.issue_date:
            raise RuleViolation.worded(
                "handover.completed_on",
                MESSAGES,
                "handover_after_issue",
                completed_on=self.handover.completed_on,
                issue_date=self.issue_date,
            )
        return self

    @model_validator(mode="after")
    def _reason_only_on_request(self) -> ResignationCertificate:
        if self.leaving_reason is not None and not self.reason_requested:
            raise RuleViolation.worded("leaving_reason", MESSAGES, "reason_not_requested")
        if self.reason_requested and self.leaving_reason is None:
            raise RuleViolation.worded("leaving_reason", MESSAGES, "reason_required")
        if self.leaving_reason == "contract_expiry" and self.ended_by != "expiry":
            raise RuleViolation.worded("ended_by", MESSAGES, "expiry_reason_needs_expiry")
        return self

    @model_validator(mode="after")
    def _contents_by_jurisdiction(self) -> ResignationCertificate:
        if self.jurisdiction == "CN":
            if self.contract is None:
                raise RuleViolation.worded("contract", MESSAGES, "contract_required_cn")
            if self.extras_consented:
                raise RuleViolation.worded("extras_consented", MESSAGES, "consent_only_tw")
            return self
        self._check_tw_contents()
        return self

    def _check_tw_contents(self) -> None:
        required: dict[str, object] = {"work_nature": self.work_nature, "wage": self.wage}
        for field, value in required.items():
            if value is None:
                raise RuleViolation.worded(field, MESSAGES, "content_required_tw")
        if self.extras_consented:
            return
        extras: dict[str, object] = {
            "department": self.department,
            "contract": self.contract,
            "handover": self.handover,
        }
        for field, value in extras.items():
            if value is not None:
                raise RuleViolation.worded(field, MESSAGES, "extra_without_consent_tw")

    def handover_as_cleared(self, path: str, clearance: dict[str, Any]) -> list[Wording]:
        """What is wrong with the handover against the cited clearance as stored: the certificate may not attest a
        handover completed after the last item the clearance records as received."""
        received = [date.fromisoformat(str(item["done_on"])) for item in clearance.get("handover") or []]
        if self.handover is None or not received or self.handover.completed_on <= max(received):
            return []
        return [Wording.of(
            "handover.completed_on: {completed_on} falls after {clearance}'s handover, completed on {cleared}",
            completed_on=self.handover.completed_on, clearance=self.clearance_number, cleared=max(received),
        )]  # fmt: skip
