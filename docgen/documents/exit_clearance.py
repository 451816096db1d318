"""The exit clearance (离职交接及结算单): an employee's last day, handover, returns, revoked access and final pay.

It records when the written notice was given and the last working day, and compares the notice with the law
for the kind of separation (a short notice is noted, never refused); lists the handover of work and client
accounts, the assets returned and the accounts and permissions revoked; and settles the money once, before
tax (税前; payroll withholds): the final wage, untaken annual leave, outstanding reimbursements (cited expense
claims), advances offset, economic compensation (经济补偿) with its tax-exempt part, and pay in lieu of notice.
CN: Labour Contract Law Arts. 24, 36–41, 44, 46, 47; 劳社部发〔2008〕3号; 《企业职工带薪年休假实施办法》Arts. 10–12;
《职工带薪年休假条例》Art. 3; 财税〔2018〕164号 §5(1). TW: 勞動基準法 Arts. 12, 14, 15 ¶2, 16, 38 ¶4 and 勞工退休金條例
Art. 12; what is not implemented for TW is refused. Every figure the law leaves to the office comes from
[types.exit_clearance] in docgen.toml.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, computed_field, model_validator

from ..errors import Wording
from ..money import round_cent
from .arithmetic import add_months, completed_months, round_half_up
from .base import DocumentModel, Kind, type_settings
from .model import Model
from .parts import BankAccount
from .pricing import ZERO
from .values import MAX_ITEMS, Jurisdiction, NonNegativeMoney, PositiveMoney, ResidentId, SheetSlots, ShortText, Text
from .violations import RuleViolation

Separation = Literal[
    "resignation", "resignation_employer_fault", "mutual_agreement", "dismissal_fault", "dismissal_no_fault",
    "redundancy", "contract_expiry",
]  # fmt: skip
# What is implemented under TW (勞動基準法): a resignation (Art. 15 ¶2), one for the employer's fault (Art. 14),
# a dismissal for the worker's fault (Art. 12). The rest (Art. 11's notice and pay in lieu, mutual agreement,
# the end of a fixed term) is refused rather than given PRC rules.
TW_SEPARATIONS: tuple[Separation, ...] = ("resignation", "resignation_employer_fault", "dismissal_fault")

# The validators' messages by key, in English; templates/exit_clearance/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "left_before_hired": "{last_day} falls before hire_date {hire_date}",
    "notice_outside_employment": "{notice_date} lies outside the employment, {hire_date} to {last_day}: "
    "notice is given on or before the last working day",
    "notice_required": "a {separation} needs the day written notice was given (Labour Contract Law Art. 37, 40; "
    "勞動基準法 Art. 15 ¶2)",
    "proposer_required": "a mutual agreement (Art. 36) says who proposed it: economic compensation is owed when "
    "the employer did (Art. 46(2)); give mutual_agreement_proposed_by",
    "proposer_not_mutual": "only a mutual agreement (Art. 36) has a proposer: leave it out",
    "renewal_not_expiry": "only the end of a fixed term (Art. 44) has a refused renewal: leave it out",
    "not_implemented_tw": "a {separation} is not implemented under TW; docgen implements resignation "
    "(勞動基準法 Art. 15 ¶2), resignation_employer_fault (Art. 14) and dismissal_fault (Art. 12)",
    "non_compete_too_long": "{months} months exceeds the two years a non-compete may last after the employment "
    "(Labour Contract Law Art. 24; 勞動基準法 Art. 9-1)",
    "non_compete_before_leaving": "{start} falls on or before the last working day {last_day}: a non-compete "
    "starts after the employment ends",
    "revoked_before_hired": "{revoked_on} falls before hire_date {hire_date}",
}

ZERO_DAYS = Decimal("0")


class ExitClearanceSettings(Model):
    """[types.exit_clearance] in docgen.toml."""

    # 劳社部发〔2008〕3号: 月计薪天数 = (365 − 104 rest days) ÷ 12 = 21.75; the daily wage is the monthly ÷ 21.75.
    monthly_pay_days: Annotated[Decimal, Field(gt=0, le=31)] = Field(
        Decimal("21.75"), description="Days a monthly wage pays for (月计薪天数): the divisor of a day's wage"
    )
    # Art. 47 ¶2 caps the wage at three times the local average monthly wage the government publishes; the default
    # is Shanghai's for 2024 (上海市2024年全口径城镇单位就业人员月平均工资), where the agency is. Update it each year.
    local_average_monthly_wage: PositiveMoney = Field(
        Decimal("12434.00"), description="Local average monthly wage (当地上年度职工月平均工资), for Art. 47's cap"
    )
    # TW: a day's wage is the last month's wage ÷ 30 (勞動基準法施行細則 Art. 24-1 ¶2).
    tw_monthly_pay_days: Annotated[Decimal, Field(gt=0, le=31)] = Field(
        Decimal("30"), description="TW: days a monthly wage pays for, the divisor of a day's wage"
    )


class Employee(Model):
    name: ShortText = Field(description="Employee's full name as on their ID")
    id_number: ResidentId | None = Field(None, description="PRC resident ID number (居民身份证号码)")
    department: ShortText = Field(description="Department, e.g. 天猫事业部")
    position: ShortText = Field(description="Last position held")


class HandoverItem(Model):
    item: ShortText = Field(description="What is handed over, e.g. 青禾美妆天猫旗舰店日常运营")
    kind: Literal["work", "client_account"] = Field(
        "work", description="work (工作) or client_account (客户账号: a client's store or platform account)"
    )
    received_by: ShortText = Field(description="Who receives it (接收人)")
    done_on: date = Field(description="Day the receiver confirmed it (交接日期)")


class AssetReturned(Model):
    item: ShortText = Field(description="The asset, e.g. 笔记本电脑 ThinkPad T14 (资产编号 YF-IT-0231)")
    returned_on: date = Field(description="Day it was returned")


class AccessRevoked(Model):
    system: ShortText = Field(description="The account or permission, e.g. 企业微信, 千牛子账号")
    revoked_on: date = Field(description="Day it was revoked (注销/停用日期)")


class Pay(Model):
    monthly_wage: PositiveMoney = Field(
        description="Monthly wage before tax, the last month's (上一个月的工资标准): the final wage, pay in lieu and "
        "TW's daily wage come from it"
    )
    average_monthly_wage: PositiveMoney = Field(
        description="Average monthly wage before tax: CN of the last 12 months, without overtime pay, for economic "
        "compensation (Art. 47 ¶3) and the leave pay (实施办法 Art. 11); TW of the last 6 months (勞動基準法 Art. 2)"
    )
    days_payable: Annotated[Decimal, Field(ge=0, le=31, decimal_places=1)] = Field(
        description="Days of the last month not yet paid (计薪天数), halves allowed"
    )


class AnnualLeave(Model):
    working_years: Annotated[int, Field(ge=0, le=60)] = Field(
        0, description="CN: cumulative years worked with all employers (累计工作年限), which set the entitlement"
    )
    days_taken: Annotated[Decimal, Field(ge=0, le=366, decimal_places=1)] = Field(
        Decimal("0"), description="Days of annual leave already taken this year (当年度已安排年休假天数)"
    )


class Reimbursement(Model):
    claim_number: ShortText = Field(description="Number of the issued expense claim not yet paid, e.g. BX-2027-0001")
    amount: PositiveMoney = Field(description="Amount still owed on it: the claim's net payable")


class NonCompete(Model):
    start: date = Field(description="First day of the non-compete, after the last working day")
    months: Annotated[int, Field(ge=1)] = Field(description="Months it lasts, at most 24 (Art. 24; TW Art. 9-1)")
    monthly_compensation: PositiveMoney = Field(description="Compensation paid each month of it (竞业限制补偿金)")


class ServiceLength(Model):
    years: int
    months: int
    days: int


def service_length(start: date, last_day: date) -> ServiceLength:
    """Whole years, months and days from start to last_day, both days counted, months as the Civil Code counts."""
    months = completed_months(start, last_day + timedelta(days=1))
    days = (last_day + timedelta(days=1) - add_months(start, months)).days
    return ServiceLength(years=months // 12, months=months % 12, days=days)


def stored_net_payable(claim: dict[str, Any]) -> Decimal:
    """An expense claim's net payable from its data as the register stored it (computed values are not stored):
    the sum of its lines less its advance, never below 0, as ExpenseClaim.net_payable computes it."""
    total = sum((Decimal(str(line.get("amount", "0"))) for line in claim.get("lines") or []), ZERO)
    return max(total - Decimal(str(claim.get("advance", "0"))), ZERO)


def cn_leave_tier(working_years: int) -> int:
    """《职工带薪年休假条例》Art. 3: under 1 year none; 1 up to 10 years 5 days; 10 up to 20, 10; 20 or more, 15."""
    if working_years < 1:
        return 0
    return 5 if working_years < 10 else 10 if working_years < 20 else 15


def tw_leave_days(length: ServiceLength) -> int:
    """勞動基準法 Art. 38 ¶1 by seniority: 6 months 3 days; 1 year 7; 2 years 10; 3 years 14; 5 years 15; from
    10 years one more day a year, up to 30; under 6 months none."""
    years = length.years
    if years >= 10:
        return min(15 + years - 9, 30)
    for least, days in ((5, 15), (3, 14), (2, 10), (1, 7)):
        if years >= least:
            return days
    return 3 if length.months >= 6 else 0


class ExitClearance(DocumentModel):
    """离职交接及结算单: the handover, returns, revoked access and final settlement of an employee who leaves."""

    type_name: ClassVar[str] = "exit_clearance"
    number_pattern: ClassVar[str] = "LJ-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "hr"
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[Model] | None] = ExitClearanceSettings
    cites: ClassVar[dict[str, str]] = {
        "offer_number": "offer_letter",
        "contract_number": "labour_contract",
        "nda_number": "nda",
        "reimbursements.*.claim_number": "expense_claim",
    }
    # The employee is the one the offer was made to and the labour contract signed with.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "offer_number": {"employee.name": "candidate.name"},
        "contract_number": {"employee.name": "employee.name", "employee.id_number": "employee.id_document.number"},
    }
    # A reimbursement owed is the claim's net payable as the register stored it (owed_as_claimed).
    cited_checks: ClassVar[dict[str, str]] = {"reimbursements.*.claim_number": "owed_as_claimed"}
    # The ID number, the pay, and what the employee said at the exit interview.
    personal_fields: ClassVar[tuple[str, ...]] = ("employee.id_number", "pay", "bank_account", "exit_interview_reason")
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "net_payable": ("pay.monthly_wage", "pay.average_monthly_wage", "reimbursements.*.amount"),
        "net_owed": ("advance_owed",),
    }

    jurisdiction: Jurisdiction = Field("CN", description="Whose labour law applies: CN (PRC) or TW")
    offer_number: ShortText | None = Field(None, description="Number of the employee's offer letter, e.g. LY-2026-0001")
    contract_number: ShortText | None = Field(
        None, description="Number of the employee's labour contract, e.g. LD-2027-0001; leave out if none was issued"
    )
    employee: Employee = Field(description="The employee who leaves")
    hire_date: date = Field(description="First day of employment with the company (入职日期)")
    probation_end: date | None = Field(None, description="Last day of probation (试用期); leave out if none")
    separation: Separation = Field(
        description="resignation (Art. 37), resignation_employer_fault (Art. 38), mutual_agreement (Art. 36), "
        "dismissal_fault (Art. 39), dismissal_no_fault (Art. 40), redundancy (Art. 41) or contract_expiry (Art. 44)"
    )
    mutual_agreement_proposed_by: Literal["employer", "employee"] | None = Field(
        None, description="Who proposed a mutual agreement: employer (compensation owed, Art. 46(2)) or employee"
    )
    renewal_refused: bool = Field(
        False,
        description="At a fixed term's end: the employee refused a renewal on the same or better terms, so no "
        "compensation is owed (Art. 46(5))",
    )
    notice_date: date | None = Field(
        None, description="Day written notice was given: the resignation (辞职报告) or the employer's notice"
    )
    last_working_day: date = Field(description="Last working day, the day the employment ends (最后工作日)")
    handover: Annotated[list[HandoverItem], SheetSlots(3)] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Work and client accounts handed over, each received"
    )
    assets: Annotated[list[AssetReturned], SheetSlots(3)] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Company assets returned"
    )
    access: Annotated[list[AccessRevoked], SheetSlots(3)] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Accounts and permissions revoked (账号和权限)"
    )
    exit_interview_reason: Text | None = Field(
        None, description="The reason the employee gave at the exit interview: kept for HR, never printed"
    )
    pay: Pay = Field(description="The wages the settlement is computed from, before tax")
    annual_leave: AnnualLeave | None = Field(None, description="Annual leave this year; leave out to pay none")
    reimbursements: Annotated[list[Reimbursement], SheetSlots(2)] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Issued expense claims not yet paid"
    )
    advance_owed: NonNegativeMoney = Field(
        Decimal("0.00"), description="Advances (借款) the employee still owes, offset against the settlement"
    )
    bank_account: BankAccount | None = Field(None, description="The employee's account the settlement is paid to")
    nda_number: ShortText | None = Field(None, description="Number of the employee's NDA, e.g. BM-2026-0001")
    non_compete: NonCompete | None = Field(None, description="A non-compete after the employment, if agreed")
    _pay_days: Decimal = PrivateAttr(Decimal("21.75"))
    _tw_pay_days: Decimal = PrivateAttr(Decimal("30"))
    _local_average: Decimal = PrivateAttr(Decimal("12434.00"))

    @model_validator(mode="after")
    def _settings_noted(self, info: ValidationInfo) -> ExitClearance:
        settings = type_settings(info) or ExitClearanceSettings()
        self._pay_days, self._tw_pay_days = settings.monthly_pay_days, settings.tw_monthly_pay_days
        self._local_average = settings.local_average_monthly_wage
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> ExitClearance:
        if self.last_working_day < self.hire_date:
            raise RuleViolation.worded(
                "last_working_day", MESSAGES, "left_before_hired", last_day=self.last_working_day,
                hire_date=self.hire_date,
            )  # fmt: skip
        notice = self.notice_date
        if notice is not None and not self.hire_date <= notice <= self.last_working_day:
            raise RuleViolation.worded(
                "notice_date", MESSAGES, "notice_outside_employment", notice_date=notice,
                hire_date=self.hire_date, last_day=self.last_working_day,
            )  # fmt: skip
        for index, revoked in enumerate(self.access):
            if revoked.revoked_on < self.hire_date:
                raise RuleViolation.worded(
                    f"access.{index}.revoked_on", MESSAGES, "revoked_before_hired", revoked_on=revoked.revoked_on,
                    hire_date=self.hire_date,
                )  # fmt: skip
        return self

    @model_validator(mode="after")
    def _separation_complete(self) -> ExitClearance:
        # Art. 37 and 勞動基準法 Art. 15 ¶2 count a resignation's notice; Art. 40 the employer's notice.
        if self.separation in ("resignation", "dismissal_no_fault") and self.notice_date is None:
            raise RuleViolation.worded("notice_date", MESSAGES, "notice_required", separation=self.separation)
        mutual = self.separation == "mutual_agreement"
        if mutual and self.mutual_agreement_proposed_by is None:
            raise RuleViolation.worded("mutual_agreement_proposed_by", MESSAGES, "proposer_required")
        if not mutual and self.mutual_agreement_proposed_by is not None:
            raise RuleViolation.worded("mutual_agreement_proposed_by", MESSAGES, "proposer_not_mutual")
        if self.renewal_refused and self.separation != "contract_expiry":
            raise RuleViolation.worded("renewal_refused", MESSAGES, "renewal_not_expiry")
        if self.jurisdiction == "TW" and self.separation not in TW_SEPARATIONS:
            raise RuleViolation.worded("jurisdiction", MESSAGES, "not_implemented_tw", separation=self.separation)
        return self

    @model_validator(mode="after")
    def _non_compete_within_the_law(self) -> ExitClearance:
        found = self.non_compete
        if found is None:
            return self
        if found.months > 24:  # Art. 24: 竞业限制期限不得超过二年; 勞動基準法 Art. 9-1 ¶2: 最長不得逾二年
            raise RuleViolation.worded("non_compete.months", MESSAGES, "non_compete_too_long", months=found.months)
        if found.start <= self.last_working_day:
            raise RuleViolation.worded(
                "non_compete.start", MESSAGES, "non_compete_before_leaving", start=found.start,
                last_day=self.last_working_day,
            )  # fmt: skip
        return self

    def owed_as_claimed(self, path: str, claim: dict[str, Any]) -> list[Wording]:
        """What is wrong with the reimbursement cited at path (reimbursements.N.claim_number) as its claim was
        stored: the amount owed must be the claim's net payable, and the claim the employee's own."""
        where = path.rsplit(".", 1)[0]
        item = self.reimbursements[int(where.split(".")[1])]
        found = []
        stored = stored_net_payable(claim)
        if stored != item.amount:
            found.append(Wording.of(
                "{path}: {amount} is not {claim}'s net payable {stored}",
                path=f"{where}.amount", amount=item.amount, claim=item.claim_number, stored=stored,
            ))  # fmt: skip
        claimant = (claim.get("claimant") or {}).get("name")
        if claimant != self.employee.name:
            found.append(Wording.of(
                "{path}: {claim} was claimed by {there}, not {here}",
                path=path, claim=item.claim_number, there=claimant, here=self.employee.name,
            ))  # fmt: skip
        return found

    @computed_field(description="The divisor of a day's wage for this jurisdiction")  # type: ignore[prop-decorator]
    @property
    def pay_days(self) -> Decimal:
        """The divisor of a day's wage: 21.75 (CN, 劳社部发〔2008〕3号) or 30 (TW), as configured."""
        return self._tw_pay_days if self.jurisdiction == "TW" else self._pay_days

    @computed_field(description="Service with the company, hire date to last working day, both counted")  # type: ignore[prop-decorator]
    @property
    def service(self) -> ServiceLength:
        return service_length(self.hire_date, self.last_working_day)

    @computed_field(description="Calendar days from the notice to the last working day; None without a notice")  # type: ignore[prop-decorator]
    @property
    def notice_days(self) -> int | None:
        return None if self.notice_date is None else (self.last_working_day - self.notice_date).days

    @computed_field(description="Whether the notice was given during probation")  # type: ignore[prop-decorator]
    @property
    def during_probation(self) -> bool:
        return (
            self.probation_end is not None and self.notice_date is not None and self.notice_date <= self.probation_end
        )

    @computed_field(  # type: ignore[prop-decorator]
        description="Days of notice the law asks for this separation; None where it asks for none"
    )
    @property
    def notice_required_days(self) -> int | None:
        if self.jurisdiction == "TW":
            return self._tw_notice_days() if self.separation == "resignation" else None
        if self.separation == "resignation":  # Art. 37: 30 days in writing, 3 days during probation
            return 3 if self.during_probation else 30
        return 30 if self.separation == "dismissal_no_fault" else None  # Art. 40: 30 days, or a month's pay

    def _tw_notice_days(self) -> int:
        """勞動基準法 Art. 15 ¶2 with Art. 16 ¶1: seniority at the notice of 3 months up to 1 year, 10 days;
        1 up to 3 years, 20 days; 3 years or more, 30 days; under 3 months, none."""
        assert self.notice_date is not None  # a resignation gives its notice date (_separation_complete)
        months = completed_months(self.hire_date, self.notice_date)
        return 30 if months >= 36 else 20 if months >= 12 else 10 if months >= 3 else 0

    @computed_field(description="The notice fell short of what the law asks: noted, not refused")  # type: ignore[prop-decorator]
    @property
    def notice_short(self) -> bool:
        required, given = self.notice_required_days, self.notice_days
        return required is not None and given is not None and given < required

    @computed_field(  # type: ignore[prop-decorator]
        description="Final wage: monthly wage × days payable ÷ the month's pay days, rounded to the fen once"
    )
    @property
    def final_wage(self) -> Decimal:
        # Multiplied before the one division, then rounded half-up to the fen once (money.round_cent).
        return round_cent(self.pay.monthly_wage * self.pay.days_payable / self.pay_days)

    @computed_field(description="Days of annual leave the year gives: CN by Art. 3's tiers, TW by Art. 38 ¶1")  # type: ignore[prop-decorator]
    @property
    def leave_entitlement(self) -> int:
        if self.annual_leave is None:
            return 0
        if self.jurisdiction == "TW":
            return tw_leave_days(self.service)
        return cn_leave_tier(self.annual_leave.working_years)

    @computed_field(description="Days of this year at the company up to the last working day, both counted")  # type: ignore[prop-decorator]
    @property
    def leave_year_days(self) -> int:
        first = max(self.hire_date, date(self.last_working_day.year, 1, 1))
        return (self.last_working_day - first).days + 1

    @computed_field(description="Untaken days paid: CN pro rata for the year, fraction dropped (实施办法 Art. 12)")  # type: ignore[prop-decorator]
    @property
    def leave_days_untaken(self) -> Decimal:
        if self.annual_leave is None:
            return ZERO_DAYS
        taken = self.annual_leave.days_taken
        if self.jurisdiction == "TW":  # 勞動基準法 Art. 38 ¶4: the year's days not taken, whole or in part
            return max(self.leave_entitlement - taken, ZERO_DAYS)
        # Art. 12: days of the year passed ÷ 365 × the entitlement − days taken; a fraction of a day is not paid.
        owed = Fraction(self.leave_year_days, 365) * self.leave_entitlement - Fraction(taken)
        return Decimal(max(floor(owed), 0))

    @computed_field(description="Percent of a day's wage paid per untaken day: CN 200 (Art. 10), TW 100")  # type: ignore[prop-decorator]
    @property
    def leave_rate(self) -> int:
        # 实施办法 Art. 10: 300% of the daily wage, the normal 100% already paid, so 200% at exit.
        # 勞動基準法 Art. 38 ¶4: the wage of the days not taken, 100%.
        return 100 if self.jurisdiction == "TW" else 200

    @computed_field(description="A day's wage for the leave pay: CN average of 12 months ÷ 21.75, TW last month ÷ 30")  # type: ignore[prop-decorator]
    @property
    def leave_daily_wage(self) -> Decimal:
        wage = self.pay.monthly_wage if self.jurisdiction == "TW" else self.pay.average_monthly_wage
        return round_cent(wage / self.pay_days)  # shown rounded; leave_pay works from the exact quotient

    @computed_field(description="Pay for the untaken days, rounded to the fen once at the end")  # type: ignore[prop-decorator]
    @property
    def leave_pay(self) -> Decimal:
        wage = self.pay.monthly_wage if self.jurisdiction == "TW" else self.pay.average_monthly_wage
        return round_cent(wage * self.leave_days_untaken * self.leave_rate / 100 / self.pay_days)

    @computed_field(description="Sum of the reimbursements owed: whole fen, no rounding")  # type: ignore[prop-decorator]
    @property
    def reimbursements_total(self) -> Decimal:
        return sum((item.amount for item in self.reimbursements), ZERO)

    @computed_field(description="Whether economic compensation (CN Art. 46) or severance (TW) is owed")  # type: ignore[prop-decorator]
    @property
    def compensation_owed(self) -> bool:
        if self.jurisdiction == "TW":  # 勞工退休金條例 Art. 12 with 勞動基準法 Art. 14 ¶4; none under Art. 12
            return self.separation == "resignation_employer_fault"
        owed_by_kind = {
            "resignation": False,  # Art. 37: the employee's own choice
            "resignation_employer_fault": True,  # Art. 46(1)
            "mutual_agreement": self.mutual_agreement_proposed_by == "employer",  # Art. 46(2)
            "dismissal_fault": False,  # Art. 39
            "dismissal_no_fault": True,  # Art. 46(3)
            "redundancy": True,  # Art. 46(4)
            "contract_expiry": not self.renewal_refused,  # Art. 46(5)
        }
        return owed_by_kind[self.separation]

    @computed_field(description="Art. 47: the monthly wage above three times the local average (its cap)")  # type: ignore[prop-decorator]
    @property
    def compensation_capped(self) -> bool:
        # Art. 47 ¶2: above three times (高于…三倍) caps; exactly three times does not.
        return self.jurisdiction == "CN" and self.pay.average_monthly_wage > 3 * self._local_average

    @computed_field(description="The wage compensation is counted in: the 12-month average, or 3× the local average")  # type: ignore[prop-decorator]
    @property
    def compensation_wage(self) -> Decimal:
        return 3 * self._local_average if self.compensation_capped else self.pay.average_monthly_wage

    def _months_owed(self) -> Fraction:
        """Months of wage owed as compensation, exactly; 0 when none is owed."""
        if not self.compensation_owed:
            return Fraction(0)
        length = self.service
        if self.jurisdiction == "TW":
            # 勞工退休金條例 Art. 12: half a month per year, a part year in proportion, at most six months.
            years = Fraction(length.years) + Fraction(length.months, 12) + Fraction(length.days, 365)
            return min(years / 2, Fraction(6))
        # Art. 47 ¶1: a month per full year; six months or more counts as a year, a shorter rest as half a month.
        rest = Fraction(1) if length.months >= 6 else Fraction(1, 2) if length.months or length.days else Fraction(0)
        months = length.years + rest
        return min(months, Fraction(12)) if self.compensation_capped else months  # Art. 47 ¶2: 12 at most

    @computed_field(description="Months of wage owed as compensation, shown to 0.0001; 0 when none is owed")  # type: ignore[prop-decorator]
    @property
    def compensation_months(self) -> Decimal:
        months = round_half_up(self._months_owed(), 4)
        return months.quantize(Decimal(1)) if months == months.to_integral_value() else months.normalize()

    @computed_field(description="Economic compensation (CN) or severance (TW), rounded to the fen once")  # type: ignore[prop-decorator]
    @property
    def compensation(self) -> Decimal:
        return round_half_up(Fraction(self.compensation_wage) * self._months_owed(), 2)

    @computed_field(  # type: ignore[prop-decorator]
        description="CN: three times the local average annual wage (12 × the monthly), the part of compensation "
        "exempt from income tax (财税〔2018〕164号 §5(1)); None under TW"
    )
    @property
    def compensation_exempt_limit(self) -> Decimal | None:
        return None if self.jurisdiction == "TW" else 3 * 12 * self._local_average

    @computed_field(description="CN: the compensation exempt from income tax, up to the limit; None under TW")  # type: ignore[prop-decorator]
    @property
    def compensation_tax_exempt(self) -> Decimal | None:
        limit = self.compensation_exempt_limit
        return None if limit is None else min(self.compensation, limit)

    @computed_field(description="CN: the compensation above the exempt part, taxed by payroll; None under TW")  # type: ignore[prop-decorator]
    @property
    def compensation_taxable(self) -> Decimal | None:
        exempt = self.compensation_tax_exempt
        return None if exempt is None else self.compensation - exempt

    @computed_field(description="The local average monthly wage the cap and the exemption were counted with")  # type: ignore[prop-decorator]
    @property
    def local_average_monthly_wage(self) -> Decimal:
        return self._local_average

    @computed_field(  # type: ignore[prop-decorator]
        description="Pay in lieu of notice (代通知金): a month's wage for an Art. 40 dismissal with under 30 days' notice"
    )
    @property
    def pay_in_lieu(self) -> Decimal:
        # Implementing Regulations Art. 20: the extra month is counted at the last month's wage.
        return self.pay.monthly_wage if self.separation == "dismissal_no_fault" and self.notice_short else ZERO

    @computed_field(description="Everything owed to the employee, before the advances are offset")  # type: ignore[prop-decorator]
    @property
    def gross_total(self) -> Decimal:
        parts = (self.final_wage, self.leave_pay, self.reimbursements_total, self.compensation, self.pay_in_lieu)
        return sum(parts, ZERO)

    @computed_field(description="Paid to the employee, before tax: the total less the advances; 0 when they owe")  # type: ignore[prop-decorator]
    @property
    def net_payable(self) -> Decimal:
        return max(self.gross_total - self.advance_owed, ZERO)

    @computed_field(description="Owed by the employee: the advances less the total; 0 when the total covers them")  # type: ignore[prop-decorator]
    @property
    def net_owed(self) -> Decimal:
        return max(self.advance_owed - self.gross_total, ZERO)

    @computed_field(description="Day the last handover item was received; None with no handover listed")  # type: ignore[prop-decorator]
    @property
    def handover_completed_on(self) -> date | None:
        return max((item.done_on for item in self.handover), default=None)
