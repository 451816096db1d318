"""The e-commerce operations service contract (代运营服务合同)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, computed_field, model_validator

from ..money import round_cent
from .arithmetic import add_months
from .base import DocumentModel, Kind, type_settings
from .cycles import DailyRate, PaymentDays, SettlementCycle
from .derived import Derivation, Derived, plain
from .model import Model
from .parts import Party, Period
from .pricing import FeeModel, Instalment, Kpi, Service, schedule_amounts, split_tax_included, whole_months
from .project_retrospective import KpiValue
from .proposal import Proposal
from .values import MAX_ITEMS, Jurisdiction, PositiveMoney, ShortText
from .violations import RuleViolation

# The worked example shows a month that reaches into the top band by this much.
EXAMPLE_GMV_ABOVE_TOP_BAND = Decimal("1000000.00")


# The validators' messages by key, in English; templates/service_contract/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "whole_months_required": "a monthly fee needs a period of whole months, e.g. 2027-01-01 to 2027-12-31",
    "schedule_without_total": "a commission-only contract has no fixed total to schedule",
    "schedule_required": "give the instalments of the fixed total",
    "schedule_out_of_order": "instalments must be listed in order of their due dates",
    "due_before_signing": "{due} falls before issue_date {issue_date}: an instalment is due at signing at the earliest",
    "due_after_grace": "{due} falls after {latest}, the end of service {end} plus {grace_days} days' grace "
    "(payment_grace_days in [types.service_contract])",
    "legal_representative_required": "the client signs through an authorised signatory: "
    "give its legal representative too",
    "kpi_deduction_without_kpis": "a deduction for missed indicators needs the indicators (kpis)",
    "fee_change_unchained": "{before} is not the fee the change before it set, {fee}",
    "fee_not_last_change": "{fee} is not the fee the last of fee_changes sets, {after}",
}

# An e-mail address as a notice clause needs it: one @, a domain with a dot, no spaces.
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]


class ServiceContractSettings(Model):
    """[types.service_contract] in docgen.toml."""

    payment_grace_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        90, description="Days after the end of service by which the last instalment may fall due"
    )


class Disputes(Model):
    method: Literal["arbitration", "court"] = Field(description="arbitration (仲裁) or court (诉讼)")
    forum: ShortText = Field(description="Arbitration commission or court, e.g. 上海国际仲裁中心")


class NoticeAddress(Model):
    """Where one party receives notices and documents (通知与送达)."""

    recipient: ShortText = Field(description="Person or department notices are addressed to")
    address: ShortText = Field(description="Postal address for notices and service of documents")
    email: Email = Field(description="E-mail address for notices")


class Notices(Model):
    client: NoticeAddress = Field(description="The client's address for notices (甲方送达地址)")
    agency: NoticeAddress = Field(description="The agency's address for notices (乙方送达地址)")


class ScheduledPayment(Model):
    """An instalment with its resolved amount, as the documents print it."""

    due: date
    amount: Decimal
    percent: Decimal | None
    description: str | None
    takes_rounding: bool


class FeeChange(Model):
    """A change of the monthly fee a supplementary agreement made, as the register overlays it on the contract."""

    effective: date = Field(description="First day the new fee applies")
    before: PositiveMoney = Field(description="The monthly fee until then, in CNY")
    after: PositiveMoney = Field(description="The monthly fee from then on, in CNY")


class NumericTarget(Model):
    """A KPI's target as a number: what an operations report's metric for the KPI must take as its target."""

    value: KpiValue = Field(description="The target in the KPI's unit, e.g. 3.5 for 不低于3.5%, 3000000 for ¥3,000,000")
    direction: Literal["at_least", "at_most"] = Field(
        description="at_least (不低于: higher is better) or at_most (不高于: lower is better)"
    )


class ContractKpi(Kpi):
    """A KPI the contract commits to; its target is printed as the text says, the number is for comparing."""

    numeric_target: NumericTarget | None = Field(
        None, description="The target as a number and a direction, when it is one; reports are checked against it"
    )


def contract_from_proposal(proposal: Proposal, number: str | None) -> Derived:
    """A contract prefilled from the proposal it carries out: client, services, fees and KPIs."""
    data: dict[str, Any] = {
        "proposal_number": number,
        "client": plain(proposal.client),
        "platforms": list(proposal.platforms),
        "services": [plain(service) for service in proposal.services],
        "service_period": {"start": None, "end": None},
        "fees": plain(proposal.fee_model) if proposal.fee_model else {"monthly_fee": None},
        "payment_schedule": [{"due": None, "percent": None, "description": None}],
        "kpis": [plain(kpi) for kpi in proposal.kpis],
        "disputes": {"method": None, "forum": None},
        "notices": {"client": _client_notices(proposal), "agency": {"recipient": None, "address": None, "email": None}},
    }
    to_fill = {
        "service_period": "first and last day of service (服务期限)",
        "notices": "each side's recipient, address and e-mail for notices (通知与送达)",
        "payment_schedule": "instalments of the fixed total: due date and amount or percent (付款计划)",
        "disputes": "arbitration or court, and which one (争议解决方式)",
    }
    if number is None:
        del data["proposal_number"]
    if proposal.fee_model is None:
        # The quotation's tax basis carries over, so the contract states its fees on the same basis.
        quotation = proposal.quotation
        data["fees"] = {"monthly_fee": None, "prices_include_tax": quotation.prices_include_tax,
                        "vat_rate": str(quotation.vat_rate)}  # fmt: skip
        to_fill["fees"] = "monthly fee and/or commission bands (计费方式)"
    return Derived(data, to_fill)


def _client_notices(proposal: Proposal) -> dict[str, Any]:
    contact = proposal.client.contact
    return {
        "recipient": contact.name if contact else None,
        "address": proposal.client.address,
        "email": contact.email if contact else None,
    }


class ServiceContract(DocumentModel):
    """代运营服务合同: the agency runs the client's online stores for a fee."""

    type_name: ClassVar[str] = "service_contract"
    number_pattern: ClassVar[str] = "HT-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    # Finance bills by the contract's terms, so it reads contracts; sales alone drafts and signs them.
    also_handled_by: ClassVar[dict[str, tuple[str, ...]]] = {"finance": ("read",)}
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[Model] | None] = ServiceContractSettings
    cites: ClassVar[dict[str, str]] = {"proposal_number": "proposal"}
    # Who the client is and, when the proposal proposed one, the fee model it accepted. The client's address,
    # representative and contacts may change between the two: they are not repeated facts.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "proposal_number": {
            "client.legal_name": "client.legal_name",
            "client.uscc": "client.uscc",
            "fees": "fee_model",
        },
    }
    expiry_acknowledgements: ClassVar[dict[str, tuple[str, str]]] = {
        "proposal_number": ("valid_until", "proposal_expiry_acknowledged"),
    }
    derived_from: ClassVar[dict[str, Derivation]] = {"proposal": contract_from_proposal}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "fixed_total": ("fees.monthly_fee",),
        "promotion_budget": ("promotion_budget",),
    }

    jurisdiction: Jurisdiction = Field("CN", description="Governing law: CN (PRC)")
    proposal_number: ShortText | None = Field(None, description="Number of the accepted proposal, if any")
    proposal_expiry_acknowledged: bool = Field(
        False,
        description="Both sides contract on the proposal although it expired (issue_date after its valid_until); "
        "required then",
    )
    client: Party = Field(description="The client (甲方)")
    platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Stores and channels covered, e.g. 天猫旗舰店"
    )
    services: list[Service] = Field(max_length=MAX_ITEMS, min_length=1, description="Services the agency provides")
    service_period: Period = Field(description="First and last day of service")
    fees: FeeModel = Field(description="Fixed monthly fee, commission on GMV, or both")
    payment_schedule: list[Instalment] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="Instalments of the fixed total; none when only commission is charged",
    )
    settlement_cycle: SettlementCycle = Field(
        "monthly",
        description="How often fees are settled: monthly (按月) or quarterly (按季), by calendar month or quarter",
    )
    payment_days: PaymentDays = Field(
        10, description="Calendar days after receiving a settlement statement within which it is paid"
    )
    kpis: list[ContractKpi] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Performance indicators the agency commits to"
    )
    exclusivity: bool = Field(False, description="The client appoints the agency exclusively for these platforms")
    non_solicitation_months: Annotated[int, Field(ge=1, le=24)] | None = Field(
        None, description="Months after the end during which neither side hires the other's staff"
    )
    auto_renewal: bool = Field(False, description="Renews for the same period unless either side gives notice")
    renewal_notice_days: Annotated[int, Field(ge=1, le=180)] = Field(
        30, description="Notice to stop a renewal, in days"
    )
    confidentiality_years: Annotated[int, Field(ge=1, le=10)] = Field(
        3, description="Years confidentiality survives the end of the contract"
    )
    late_payment_daily_rate: DailyRate = Field(
        Decimal("0.0005"), description="Late-payment damages per day as a fraction of the overdue amount"
    )
    termination_notice_days: Annotated[int, Field(ge=1, le=180)] = Field(
        30, description="Written notice for ending the contract early, in days"
    )
    disputes: Disputes = Field(description="Where disputes are settled")
    client_signatory: ShortText | None = Field(
        None, description="Who signs for the client; defaults to its representative"
    )
    client_legal_representative: ShortText | None = Field(
        None,
        description="The client's legal representative (法定代表人), when client.representative is an authorised "
        "signatory; required then, as the party table always shows the legal representative",
    )
    notices: Notices = Field(description="Each side's recipient, address and e-mail for notices (通知与送达)")
    handover_days: Annotated[int, Field(ge=1, le=30)] = Field(
        7, description="Days after the contract ends within which the agency hands back accounts and materials"
    )
    kpi_deduction: PositiveMoney | None = Field(
        None, description="Deducted from the month's fees for each indicator missed in a month, in CNY"
    )
    kpi_termination_months: Annotated[int, Field(ge=2, le=12)] = Field(
        3, description="Consecutive months an indicator is missed before the client may end the contract"
    )
    promotion_budget: PositiveMoney | None = Field(
        None,
        description="Promotion the client funds over the service period (推广费用: in-platform ads, live-stream "
        "traffic), in CNY, on top of the fees; the project plan's promotion budget stays within it",
    )

    fee_changes: list[FeeChange] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="Changes of the monthly fee by supplementary agreements, filled in by the register when it "
        "overlays them; never printed: the fixed total follows them month by month",
    )

    @model_validator(mode="after")
    def _parties_complete(self) -> ServiceContract:
        authorised = self.client.representative_role == "authorised_signatory"
        if authorised and self.client_legal_representative is None:
            raise RuleViolation.worded("client_legal_representative", MESSAGES, "legal_representative_required")
        if self.kpi_deduction is not None and not self.kpis:
            raise RuleViolation.worded("kpi_deduction", MESSAGES, "kpi_deduction_without_kpis")
        return self

    @model_validator(mode="after")
    def _fees_fit_the_period(self) -> ServiceContract:
        if self.fees.monthly_fee is not None and self.months is None:
            raise RuleViolation.worded("service_period.end", MESSAGES, "whole_months_required")
        if self.fees.monthly_fee is None and self.payment_schedule:
            raise RuleViolation.worded("payment_schedule", MESSAGES, "schedule_without_total")
        if self.fees.monthly_fee is not None and not self.payment_schedule:
            raise RuleViolation.worded("payment_schedule", MESSAGES, "schedule_required")
        self._check_schedule()
        return self

    def _check_schedule(self) -> None:
        if self.fixed_total is None:
            return
        try:
            schedule_amounts(self.payment_schedule, self.fixed_total)
        except RuleViolation as error:
            raise error.at("payment_schedule") from None
        dues = [item.due for item in self.payment_schedule]
        if dues != sorted(dues):
            raise RuleViolation.worded("payment_schedule", MESSAGES, "schedule_out_of_order")

    # The fixed total adds up the fees the changes set, so they must lead from one to the next and end at the fee.
    @model_validator(mode="after")
    def _fee_changes_chain(self) -> ServiceContract:
        changes = sorted(enumerate(self.fee_changes), key=lambda item: item[1].effective)
        for (_, earlier), (index, later) in pairwise(changes):
            if later.before != earlier.after:
                raise RuleViolation.worded(
                    f"fee_changes.{index}.before", MESSAGES, "fee_change_unchained", before=later.before, fee=earlier.after
                )
        if changes and changes[-1][1].after != self.fees.monthly_fee:
            last = changes[-1][1].after
            raise RuleViolation.worded(
                "fees.monthly_fee", MESSAGES, "fee_not_last_change", fee=self.fees.monthly_fee, after=last
            )
        return self

    # Compared with issue_date, never with today: a contract dated in the future stays valid.
    @model_validator(mode="after")
    def _instalments_within_term(self, info: ValidationInfo) -> ServiceContract:
        grace = (type_settings(info) or ServiceContractSettings()).payment_grace_days
        latest = self.service_period.end + timedelta(days=grace)
        for index, item in enumerate(self.payment_schedule):
            where = f"payment_schedule.{index}.due"
            if self.issue_date is not None and item.due < self.issue_date:
                raise RuleViolation.worded(
                    where, MESSAGES, "due_before_signing", due=item.due, issue_date=self.issue_date
                )
            if item.due > latest:
                raise RuleViolation.worded(
                    where,
                    MESSAGES,
                    "due_after_grace",
                    due=item.due,
                    latest=latest,
                    end=self.service_period.end,
                    grace_days=grace,
                )
        return self

    # Cached: the fee, the total and their checks read it a dozen times per contract.
    @computed_field(description="Whole months of service, when the period is whole months")  # type: ignore[prop-decorator]
    @cached_property
    def months(self) -> int | None:
        return whole_months(self.service_period.start, self.service_period.end)

    @computed_field(description="The client's legal representative, whoever signs")  # type: ignore[prop-decorator]
    @property
    def client_legal_representative_name(self) -> str:
        if self.client.representative_role == "legal_representative":
            return self.client.representative
        return self.client_legal_representative or self.client.representative

    @computed_field(description="Who signs for the client: client_signatory, else its representative")  # type: ignore[prop-decorator]
    @property
    def client_signer(self) -> str:
        return self.client_signatory or self.client.representative

    @computed_field(description="What the contract funds for promotion: promotion_budget, 0.00 when it funds none")  # type: ignore[prop-decorator]
    @property
    def promotion_funded(self) -> Decimal:
        # Never None: a plan repeats it, and a fact left out is not compared, so "funds none" must be a value.
        return self.promotion_budget if self.promotion_budget is not None else Decimal("0.00")

    @computed_field(description="Last day to hand back the accounts: end of service + handover_days")  # type: ignore[prop-decorator]
    @property
    def handover_due(self) -> date:
        return self.service_period.end + timedelta(days=self.handover_days)

    @computed_field(description="Fees as stated: each month's fee added up; none for commission only")  # type: ignore[prop-decorator]
    @property
    def fee_total(self) -> Decimal | None:
        fee = self.fees.monthly_fee
        if fee is None or self.months is None:
            return None
        # Each month of service at the fee in force on its first day, so a change effective mid-month applies from
        # the first full month after it; months count from the service start, as months does.
        firsts = (add_months(self.service_period.start, month) for month in range(self.months))
        return sum((self._fee_on(first, fee) for first in firsts), Decimal("0.00"))

    def _fee_on(self, day: date, fee: Decimal) -> Decimal:
        """The monthly fee in force on day: the last change effective by then, else the fee before the first one."""
        changes = sorted(self.fee_changes, key=lambda change: change.effective)
        if not changes:
            return fee
        applied = [change.after for change in changes if change.effective <= day]
        return applied[-1] if applied else changes[0].before

    @computed_field(description="Contract amount payable, VAT included; what the instalments add up to")  # type: ignore[prop-decorator]
    @property
    def fixed_total(self) -> Decimal | None:
        split = self._net_and_tax()
        return None if split is None else split[0] + split[1]

    @computed_field(description="The contract amount without VAT")  # type: ignore[prop-decorator]
    @property
    def fixed_net(self) -> Decimal | None:
        split = self._net_and_tax()
        return None if split is None else split[0]

    @computed_field(description="The VAT in the contract amount")  # type: ignore[prop-decorator]
    @property
    def fixed_tax(self) -> Decimal | None:
        split = self._net_and_tax()
        return None if split is None else split[1]

    @computed_field(description="A worked example of the tiered commission: a monthly GMV and its commission")  # type: ignore[prop-decorator]
    @property
    def commission_example(self) -> dict[str, Decimal] | None:
        commission = self.fees.commission
        if commission is None or not commission.is_tiered:
            return None
        gmv = commission.bands[-1].above + EXAMPLE_GMV_ABOVE_TOP_BAND
        return {"gmv": gmv, "commission": commission.on(gmv)}

    def _net_and_tax(self) -> tuple[Decimal, Decimal] | None:
        if self.fee_total is None:
            return None
        if self.fees.prices_include_tax:
            return split_tax_included(self.fee_total, self.fees.vat_rate)
        return self.fee_total, round_cent(self.fee_total * self.fees.vat_rate)

    @computed_field(description="Instalments with their amounts; the last takes any rounding cent")  # type: ignore[prop-decorator]
    @property
    def schedule(self) -> list[ScheduledPayment]:
        total = self.fixed_total
        if total is None:
            return []
        amounts = schedule_amounts(self.payment_schedule, total)
        last = len(amounts) - 1
        return [
            ScheduledPayment(
                due=item.due,
                amount=amount,
                percent=item.percent,
                description=item.description,
                # Marked only when the remainder differs from its own share: shares that divide exactly have no
                # rounding difference to carry, and the contract must not say they do.
                takes_rounding=index == last
                and item.percent is not None
                and amount != round_cent(total * item.percent / 100),
            )
            for index, (item, amount) in enumerate(zip(self.payment_schedule, amounts, strict=True))
        ]
