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
from typing import ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from .common import (
    DocumentModel,
    Jurisdiction,
    Kind,
    Model,
    PositiveMoney,
    ResidentId,
    RuleViolation,
    ShortText,
    Text,
    completed_months,
)

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
            raise RuleViolation("end", "required for a fixed-term contract")
        if self.kind != "fixed_term" and self.end is not None:
            raise RuleViolation("end", f"must be left out for a {self.kind} contract")
        if self.end is not None and self.end < self.start:
            raise RuleViolation("end", f"{self.end} falls before start {self.start}")
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


class ResignationCertificate(DocumentModel):
    """离职证明 (CN) / 服務證明書 (TW): a certificate of the employment that has ended."""

    type_name: ClassVar[str] = "resignation_certificate"
    number_pattern: ClassVar[str] = "LZ-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC) or TW")
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
            raise RuleViolation("termination_date", f"{self.termination_date} falls before hire_date {self.hire_date}")
        if self.contract and self.contract.start < self.hire_date:
            raise RuleViolation("contract.start", f"{self.contract.start} falls before hire_date {self.hire_date}")
        if self.contract and self.termination_date < self.contract.start:
            raise RuleViolation(
                "termination_date", f"{self.termination_date} falls before contract.start {self.contract.start}"
            )
        if self.handover and self.handover.completed_on < self.hire_date:
            raise RuleViolation("handover.completed_on", f"{self.handover.completed_on} falls before hire_date")
        if self.issue_date and self.issue_date < self.termination_date:
            raise RuleViolation(
                "issue_date",
                f"{self.issue_date} falls before termination_date {self.termination_date}: "
                "the certificate is issued when the employment ends",
            )
        return self

    @model_validator(mode="after")
    def _reason_only_on_request(self) -> ResignationCertificate:
        if self.leaving_reason is not None and not self.reason_requested:
            raise RuleViolation(
                "leaving_reason",
                "the reason for leaving is stated only at the employee's request; set reason_requested: true "
                "once they have asked for it, or leave the reason out",
            )
        if self.reason_requested and self.leaving_reason is None:
            raise RuleViolation("leaving_reason", "required when reason_requested is true")
        if self.leaving_reason == "contract_expiry" and self.ended_by != "expiry":
            raise RuleViolation("ended_by", "must be expiry when the reason is contract_expiry")
        return self

    @model_validator(mode="after")
    def _contents_by_jurisdiction(self) -> ResignationCertificate:
        if self.jurisdiction == "CN":
            if self.contract is None:
                raise RuleViolation(
                    "contract",
                    "required under CN: the certificate states the contract term (Implementing Regulations Art. 24)",
                )
            if self.extras_consented:
                raise RuleViolation("extras_consented", "applies only under TW")
            return self
        self._check_tw_contents()
        return self

    def _check_tw_contents(self) -> None:
        required: dict[str, object] = {"work_nature": self.work_nature, "wage": self.wage}
        for field, value in required.items():
            if value is None:
                raise RuleViolation(
                    field,
                    "required under TW: the certificate states position, nature of work, seniority and wage "
                    "(Labor Standards Act Art. 19; ruling 83台勞資二字第25578號)",
                )
        if self.extras_consented:
            return
        extras: dict[str, object] = {
            "department": self.department,
            "contract": self.contract,
            "handover": self.handover,
        }
        for field, value in extras.items():
            if value is not None:
                raise RuleViolation(
                    field,
                    "under TW the certificate holds only position, nature of work, seniority and wage unless the "
                    "worker consents to more (ruling 83台勞資二字第25578號); set extras_consented: true or leave it out",
                )
