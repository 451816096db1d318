"""Field types and parts shared by every document type.

Money is a Decimal with at most two places (the fen) and never a float; any
arithmetic that needs rounding says so where it happens.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

CENT = Decimal("0.01")

Money = Annotated[Decimal, Field(max_digits=18, decimal_places=2, allow_inf_nan=False)]
PositiveMoney = Annotated[Money, Field(gt=0)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Jurisdiction = Literal["CN", "TW"]


class RuleViolation(ValueError):
    """A rule across fields, reported against the field named here (relative to the model)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def round_cent(amount: Decimal) -> Decimal:
    """Round to the fen, half away from zero: the accounting convention (not banker's)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_uscc(value: str) -> str:
    try:
        return str(uscc.validate(value))
    except StdnumError as error:
        raise ValueError(f"not a valid unified social credit code: {error}") from None


def _check_ric(value: str) -> str:
    try:
        return str(ric.validate(value))
    except StdnumError as error:
        raise ValueError(f"not a valid resident ID number: {error}") from None


USCC = Annotated[str, AfterValidator(_check_uscc)]
ResidentId = Annotated[str, AfterValidator(_check_ric)]


def today(info: ValidationInfo) -> date:
    """The date validation treats as today: given by the caller in the configured zone."""
    context: dict[str, Any] = info.context or {}
    value = context.get("today")
    return value if isinstance(value, date) else date.today()


class Model(BaseModel):
    """Strict base: a misspelt field is an error, because ignoring it loses data."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


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
            raise RuleViolation("end", f"{self.end} falls before start {self.start}")
        return self


class DocumentModel(Model):
    """Base of every document type; the registry collects its subclasses."""

    type_name: ClassVar[str]
    titles: ClassVar[dict[str, str]]

    issue_date: date | None = Field(
        None,
        validate_default=True,
        description="Date the document is issued; today in the configured time zone when omitted",
    )
    company: CompanyOverride = Field(
        default_factory=lambda: CompanyOverride(),
        description="Overrides for the company profile in docgen.toml; omit to use the profile",
    )
    signatory: Signatory | None = Field(
        None, description="Who signs for the company; defaults to the profile's signatory"
    )

    @field_validator("issue_date")
    @classmethod
    def _issue_date_defaults_to_today(cls, value: date | None, info: ValidationInfo) -> date:
        return value if value is not None else today(info)

    def cited_numbers(self) -> list[str]:
        """Numbers of other documents this one cites (e.g. its contract); `issue` checks they are issued."""
        return []
