"""Parts several document types hold: parties and their contacts, signatories, bank accounts, company overrides, periods."""

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
