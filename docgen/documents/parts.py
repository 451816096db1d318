"""Parts several document types hold: parties and their contacts, signatories, bank accounts, company overrides,
periods, approval records."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .model import Model
from .values import USCC, ShortText
from .violations import RuleViolation


class BankAccount(Model):
    bank: ShortText = Field(description="Bank and branch name (开户行)")
    account_name: ShortText = Field(description="Account holder's name (户名)")
    account_number: Annotated[str, Field(pattern=r"^[0-9 -]{6,40}$")] = Field(
        description="Account number (账号); digits, spaces and hyphens"
    )


class Signatory(Model):
    name: ShortText = Field(description="Name of the person who signs")
    title: ShortText | None = Field(None, description="Their job title, e.g. 人力资源总监")


class CompanyOverride(Model):
    """Company details a data file may give to override the profile, field by field."""

    legal_name: ShortText | None = Field(None, description="Registered legal name of the company")
    uscc: USCC | None = Field(None, description="Unified social credit code (统一社会信用代码), 18 characters")
    address: ShortText | None = Field(None, description="Registered or office address")
    phone: ShortText | None = Field(None, description="Main telephone number")


class Contact(Model):
    name: ShortText = Field(description="Contact person's name")
    phone: ShortText | None = Field(None, description="Telephone, kept exactly as typed")
    email: ShortText | None = Field(None, description="E-mail address")


class Party(Model):
    """A company on the other side of a document (a client or a partner)."""

    legal_name: ShortText = Field(description="Registered legal name, as on the business licence")
    uscc: USCC = Field(
        description="Unified social credit code (统一社会信用代码), 18 characters with a check character"
    )
    address: ShortText = Field(description="Registered address")
    representative: ShortText = Field(description="Legal representative or authorised signatory")
    representative_role: Literal["legal_representative", "authorised_signatory"] = Field(
        "legal_representative", description="legal_representative (法定代表人) or authorised_signatory (授权代表)"
    )
    contact: Contact | None = Field(None, description="Day-to-day contact")


class Period(Model):
    """A span of dates, both ends included."""

    start: date = Field(description="First day")
    end: date = Field(description="Last day; not before the first")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Period:
        if self.end < self.start:
            raise RuleViolation.shared("end", "end_before_start", end=self.end, start=self.start)
        return self


class Approval(Model):
    """Whether the approval the rulebook asks for (of a whole document, or of its conclusions) has been given.

    A draft names no approver and no date, so nothing on it can read as approved; an approved record names both.
    The document checks that approved_on is not after its issue_date (see approved_by_issue_date).
    """

    status: Literal["draft", "approved"] = Field(
        description="draft (未审批: printed with the mark) or approved (已审批)"
    )
    approved_by: ShortText | None = Field(
        None, description="Who approved it, e.g. 总经理 陈思远; required once approved, left out on a draft"
    )
    approved_on: date | None = Field(
        None, description="Date of approval, on or before issue_date; required once approved, left out on a draft"
    )

    @model_validator(mode="after")
    def _complete_for_its_status(self) -> Approval:
        approved = self.status == "approved"
        for name, value in (("approved_by", self.approved_by), ("approved_on", self.approved_on)):
            if approved and value is None:
                raise RuleViolation.shared(name, f"approval_needs_{name}")
            if not approved and value is not None:
                raise RuleViolation.shared(name, f"draft_has_{name}")
        return self


# A document's approval when its data gives none: a draft, which the document prints as not approved.
DraftApproval = Annotated[Approval, Field(default_factory=lambda: Approval(status="draft"))]


def approved_by_issue_date(approval: Approval, issue_date: date | None, field: str) -> None:
    """Refuse an approval dated after the document's issue_date, reported on field.approved_on."""
    if approval.approved_on is not None and issue_date is not None and approval.approved_on > issue_date:
        raise RuleViolation.shared(
            f"{field}.approved_on", "approved_after_issue", approved_on=approval.approved_on, issue_date=issue_date
        )
