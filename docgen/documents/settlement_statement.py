"""The settlement statement (费用结算单): fees for a period under a contract, less what was paid."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, computed_field, model_validator

from ..errors import UsageError, Wording
from ..money import round_cent
from .base import DocumentModel, Kind
from .cycles import DailyRate, PaymentDays, SettlementCycle, expected_cycle, month_shares
from .derived import Derivation, Derived, citing_contract, plain
from .model import Model
from .operations_report import OperationsReport
from .parts import Party, Period
from .pricing import ZERO, FeeModel, LineItem, split_tax_included
from .service_contract import ServiceContract
from .values import MAX_ITEMS, Money, Month, NonNegativeMoney, PositiveMoney, ShortText, Text
from .violations import RuleViolation


class MonthlyGmv(Model):
    month: Month = Field(description="Month, as YYYY-MM")
    gmv: NonNegativeMoney = Field(description="Gross merchandise value of the month, net of refunds, in CNY")


# The contract clauses a deduction may rely on, by their key in templates/service_contract/outline.yaml.
ContractClause = Literal["kpis", "agency_duties", "platform_rules", "data_protection", "breach"]


class Adjustment(Model):
    reason: Text = Field(description="Why the amount is added or deducted")
    amount: Money = Field(description="Amount in CNY: positive adds to the fees, negative deducts")
    clause: ContractClause | None = Field(
        None,
        description="The contract clause a deduction relies on: kpis (考核指标), agency_duties (乙方义务), "
        "platform_rules (平台规则与处罚), data_protection (个人信息与数据) or breach (违约责任); required for a deduction",
    )


class InstalmentShare(Model):
    """Which instalment of the contract's schedule the statement's fixed fee is settled against."""

    number: Annotated[int, Field(ge=1, le=MAX_ITEMS)] = Field(description="Its place in the schedule, from 1")
    amount: PositiveMoney = Field(description="The instalment's amount as the contract's schedule states it, in CNY")
    settled_before: NonNegativeMoney = Field(
        description="How much of the instalment earlier statements have already settled, in CNY"
    )


class PaymentReceived(Model):
    paid_on: date = Field(description="Date the money arrived")
    amount: PositiveMoney = Field(description="Amount received, in CNY")
    reference: ShortText | None = Field(None, description="Bank reference or instalment name")


class Invoice(Model):
    kind: Literal["vat_special", "vat_ordinary", "e_special", "e_ordinary"] = Field(
        description="vat_special (增值税专用发票), vat_ordinary (普通发票), e_special (数电专票), e_ordinary (数电普票)"
    )
    number: Annotated[str, Field(pattern=r"^[0-9]{8,20}$")] = Field(description="Fapiao number, 8 to 20 digits")
    issued_on: date = Field(description="Date the fapiao was issued")
    amount: PositiveMoney = Field(description="The fapiao's total, VAT included (价税合计), in CNY")


class BilledExpense(Model):
    """A billable expense (代垫费用) the agency paid for the client, billed at cost from a line of an expense claim."""

    claim_number: ShortText = Field(description="Number of the expense claim the item is on, e.g. BX-2027-0001")
    line: Annotated[int, Field(ge=1, le=MAX_ITEMS)] = Field(description="The item's line on that claim, from 1")
    spent_on: date = Field(description="Date the expense was incurred")
    description: ShortText = Field(description="What was paid for the client")
    amount: PositiveMoney = Field(description="Amount billed at cost, in CNY")

    @computed_field(description="The claim's line as the register holds it once billed: claim number#line")  # type: ignore[prop-decorator]
    @property
    def item_key(self) -> str:
        return f"{self.claim_number}#{self.line}"


def _billed_differences(where: str, item: BilledExpense, line: dict[str, Any]) -> list[Wording]:
    """The billed amount and date each compared by meaning with the claim's stored line: at cost, to the fen."""
    stored = (("amount", Decimal(str(line.get("amount")))), ("spent_on", date.fromisoformat(str(line.get("spent_on")))))
    return [
        Wording.of("{path}: {here} here, {there} on line {line} of {claim}", path=f"{where}.{field}",
                   here=getattr(item, field), there=there, line=item.line, claim=item.claim_number)
        for field, there in stored
        if getattr(item, field) != there
    ]  # fmt: skip


class FeeLine(Model):
    """One line of fees as the statement prints it; a fixed line counts whole months, or the days of a partial one."""

    kind: Literal["fixed", "commission", "item"]
    description: str
    month: str | None
    gmv: Decimal | None
    amount: Decimal
    months: int | None = None
    days: int | None = None
    month_days: int | None = None


def fixed_fee_lines(monthly_fee: Decimal, start: date, end: date) -> list[FeeLine]:
    """The fixed fee of start to end: one line for the whole calendar months, one for each partial month.

    A partial month (a first or last cycle cut by the service period) is charged pro rata by calendar
    days: monthly_fee × days served ÷ days in that month, rounded half-up to the fen (round_cent).
    """
    shares = month_shares(start, end)
    whole = sum(1 for share in shares if share.whole)
    lines = [
        FeeLine(
            kind="fixed",
            description="",
            month=share.month,
            gmv=None,
            amount=round_cent(monthly_fee * share.days / share.month_days),
            days=share.days,
            month_days=share.month_days,
        )
        for share in shares
        if not share.whole
    ]
    if whole:
        at = 1 if shares and not shares[0].whole else 0  # after a partial first month, in calendar order
        lines.insert(
            at, FeeLine(kind="fixed", description="", month=None, gmv=None, amount=monthly_fee * whole, months=whole)
        )
    return lines


# The validators' messages by key, in English; templates/settlement_statement/fields.<locale>.yaml words them.
MESSAGES = {
    "month_outside_period": "{month} lies outside the period {first} to {last}",
    "month_twice": "{month} is given twice",
    "gmv_required": "give each month's GMV: the contract charges commission",
    "period_outside_service": "{start} to {end} lies outside the service period {service_start} to {service_end}",
    "period_not_one_month": "a monthly settlement covers one calendar month, cut to the service period in its "
    "first or last month: expected {start} to {end}",
    "period_not_one_quarter": "a quarterly settlement covers one calendar quarter, cut to the service period in its "
    "first or last quarter: expected {start} to {end}",
    "issued_before_period_end": "{issue_date} falls before the period's end {end}: "
    "a statement is issued once its period is over",
    "paid_after_issue": "{paid_on} falls after issue_date {issue_date}: a statement lists only payments received",
    "invoiced_after_issue": "{issued_on} falls after issue_date {issue_date}: "
    "a statement lists only a fapiao already issued",
    "deduction_without_clause": "a deduction must cite the contract clause it relies on (clause)",
    "instalment_overdrawn": "this statement settles {applied} against instalment {number}, of which only "
    "{left} is left ({amount} less {settled_before} settled before)",
    "instalment_without_fixed_fee": "only a fixed fee is settled against an instalment; the fees have none",
    "expense_billed_twice": "line {line} of {claim_number} is billed twice in this statement",
}


def settlement_from_contract(contract: ServiceContract, number: str | None) -> Derived:
    """A settlement prefilled from the contract it settles: client and fees, with a GMV row if it has commission."""
    data: dict[str, Any] = {
        "contract_number": number,
        "client": plain(contract.client),
        "period": {"start": None, "end": None},
        "fees": plain(contract.fees),
        "service_period": plain(contract.service_period),
        "settlement_cycle": contract.settlement_cycle,
        "payment_days": contract.payment_days,
        "late_payment_daily_rate": str(contract.late_payment_daily_rate),
        "monthly_gmv": [{"month": None, "gmv": None}] if contract.fees.commission else [],
        "payments_received": [{"paid_on": None, "amount": None, "reference": None}],
    }
    to_fill = {
        "period": f"first and last day of one {contract.settlement_cycle} cycle settled (结算期间)",
        "payments_received": "payments received so far; delete the entry if there are none (已付款项)",
    }
    if contract.schedule:
        data["instalment"] = {"number": None, "amount": None, "settled_before": None}
        to_fill["instalment"] = "the instalment of the contract's schedule this period's fixed fee belongs to (期次)"
    if contract.fees.commission:
        to_fill["monthly_gmv"] = "each month of the period as YYYY-MM with its GMV (月度 GMV)"
    return citing_contract(data, to_fill, number)


def settlement_from_report(report: OperationsReport, number: str | None) -> Derived:
    """A settlement prefilled from a monthly operations report: its month, the stores' GMV added up, its contract.

    The report repeats neither the contract's fees nor its terms, and a derivation sees only its source: they are
    left to fill, and the note says to derive from the contract for them.
    """
    if report.cadence != "monthly":
        raise UsageError(
            "a weekly report cannot feed a settlement: weeks straddle months, so derive from a monthly report"
        )
    data: dict[str, Any] = {
        "contract_number": report.contract_number,
        "client": {"legal_name": report.client, "uscc": None, "address": None, "representative": None},
        "period": plain(report.period),
        "fees": {"monthly_fee": None},
        "service_period": plain(report.contract_period),
        "settlement_cycle": None,
        "payment_days": None,
        "late_payment_daily_rate": None,
        "monthly_gmv": [{"month": f"{report.period.start:%Y-%m}", "gmv": str(report.gmv_total.actual)}],
        "payments_received": [{"paid_on": None, "amount": None, "reference": None}],
    }
    as_contract = f"as contract {report.contract_number} states"
    to_fill = {
        "client": f"the client's USCC, address and representative, {as_contract} (甲方)",
        "fees": f"monthly fee and/or commission bands, {as_contract} (计费方式)",
        "settlement_cycle": f"monthly or quarterly, {as_contract}; a quarter needs all its months' GMV (结算周期)",
        "payment_days": f"days to pay after issue, {as_contract} (付款期限)",
        "late_payment_daily_rate": f"late-payment damages per day, {as_contract} (逾期违约金)",
        "payments_received": "payments received so far; delete the entry if there are none (已付款项)",
    }
    note = (
        f"The report gives the month and its GMV (the stores' GMV added up); for the fees and terms, derive from\n"
        f"contract {report.contract_number} instead and copy monthly_gmv from here."
    )
    return Derived(data, to_fill, note)


class SettlementStatement(DocumentModel):
    """费用结算单: what the client owes (or gets back) for a period under a contract."""

    type_name: ClassVar[str] = "settlement_statement"
    number_pattern: ClassVar[str] = "JS-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    # Finance settles with the client as much as sales does.
    also_handled_by: ClassVar[dict[str, tuple[str, ...]]] = {"finance": ("draft", "issue", "void", "read")}
    messages: ClassVar[dict[str, str]] = MESSAGES
    # The client, fees and terms as the contract states them; only a supplementary agreement may change them.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "contract_number": {
            "client.legal_name": "client.legal_name",
            "client.uscc": "client.uscc",
            "fees": "fees",
            "service_period": "service_period",
            "settlement_cycle": "settlement_cycle",
            "payment_days": "payment_days",
            "late_payment_daily_rate": "late_payment_daily_rate",
        },
    }
    derived_from: ClassVar[dict[str, Derivation]] = {
        "service_contract": settlement_from_contract,
        "operations_report": settlement_from_report,
    }
    # An expense is billed from an issued claim, as that claim's line stands in the register (billed_as_claimed).
    cites: ClassVar[dict[str, str]] = {
        "contract_number": "service_contract",
        "expenses.*.claim_number": "expense_claim",
    }
    cited_checks: ClassVar[dict[str, str]] = {"expenses.*.claim_number": "billed_as_claimed"}
    # A line of an expense claim is billed once: the register refuses a second statement billing it.
    exclusive_keys: ClassVar[dict[str, str]] = {"expenses.*.item_key": "billed_expense"}
    # A period is held to the contract as in force on its first day (a supplementary agreement may change it).
    in_force_on: ClassVar[str] = "period.start"
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "balance_amount": (
            "fees.monthly_fee",
            "monthly_gmv.*.gmv",
            "other_items.*.quantity",
            "other_items.*.unit_price",
            "adjustments.*.amount",
            "expenses.*.amount",
            "payments_received.*.amount",
        ),
    }

    contract_number: ShortText = Field(description="Number of the contract settled, e.g. HT-2026-0001")
    client: Party = Field(description="The client being settled with")
    period: Period = Field(description="Settlement period, first and last day")
    fees: FeeModel = Field(description="Fee model, as in the contract")
    # Optional for statements written before it was carried: the period is then checked against whole cycles only.
    service_period: Period | None = Field(
        None, description="The contract's service period; the settlement period lies inside it"
    )
    settlement_cycle: SettlementCycle = Field(
        "monthly", description="The contract's settlement cycle: monthly (按月) or quarterly (按季)"
    )
    payment_days: PaymentDays = Field(
        10, description="The contract's payment term: the balance is due this many calendar days after issue_date"
    )
    late_payment_daily_rate: DailyRate = Field(
        Decimal("0.0005"), description="The contract's late-payment damages per day, a fraction of the overdue amount"
    )
    monthly_gmv: list[MonthlyGmv] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="GMV of each month in the period, for the commission"
    )
    other_items: list[LineItem] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Other fees of the period, line by line"
    )
    adjustments: list[Adjustment] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Additions and deductions, each with a reason"
    )
    expenses: list[BilledExpense] = Field(
        max_length=MAX_ITEMS,
        default_factory=list,
        description="Billable expenses (代垫费用) from expense claims, billed at cost on top of the fees",
    )
    payments_received: list[PaymentReceived] = Field(
        max_length=MAX_ITEMS, default_factory=list, description="Amounts already paid"
    )
    invoice: Invoice | None = Field(None, description="The fapiao, once one has been issued")
    instalment: InstalmentShare | None = Field(
        None, description="The instalment of the contract's schedule whose share this statement settles"
    )

    @model_validator(mode="after")
    def _months_fit(self) -> SettlementStatement:
        first = f"{self.period.start:%Y-%m}"
        last = f"{self.period.end:%Y-%m}"
        months = [entry.month for entry in self.monthly_gmv]
        for index, month in enumerate(months):
            if not first <= month <= last:
                raise RuleViolation.worded(
                    f"monthly_gmv.{index}.month", MESSAGES, "month_outside_period", month=month, first=first, last=last
                )
            if month in months[:index]:
                raise RuleViolation.worded(f"monthly_gmv.{index}.month", MESSAGES, "month_twice", month=month)
        if self.fees.commission is not None and not self.monthly_gmv:
            raise RuleViolation.worded("monthly_gmv", MESSAGES, "gmv_required")
        return self

    @model_validator(mode="after")
    def _period_is_one_cycle(self) -> SettlementStatement:
        period, service = self.period, self.service_period
        if service is not None and not service.start <= period.start <= period.end <= service.end:
            raise RuleViolation.worded(
                "period.start" if period.start < service.start else "period.end",
                MESSAGES,
                "period_outside_service",
                start=period.start,
                end=period.end,
                service_start=service.start,
                service_end=service.end,
            )
        bounds = None if service is None else (service.start, service.end)
        start, end = expected_cycle(period.start, self.settlement_cycle, bounds)
        if (period.start, period.end) != (start, end):
            rule = "period_not_one_month" if self.settlement_cycle == "monthly" else "period_not_one_quarter"
            field = "period.end" if period.start == start else "period.start"
            raise RuleViolation.worded(field, MESSAGES, rule, start=start, end=end)
        return self

    # Compared with issue_date, never with today: a sample dated in the future stays valid.
    @model_validator(mode="after")
    def _dates_by_issue(self) -> SettlementStatement:
        issued = self.issue_date
        if issued is None:
            return self
        if issued < self.period.end:
            raise RuleViolation.worded(
                "issue_date", MESSAGES, "issued_before_period_end", issue_date=issued, end=self.period.end
            )
        for index, payment in enumerate(self.payments_received):
            if payment.paid_on > issued:
                raise RuleViolation.worded(
                    f"payments_received.{index}.paid_on",
                    MESSAGES,
                    "paid_after_issue",
                    paid_on=payment.paid_on,
                    issue_date=issued,
                )
        if self.invoice is not None and self.invoice.issued_on > issued:
            raise RuleViolation.worded(
                "invoice.issued_on",
                MESSAGES,
                "invoiced_after_issue",
                issued_on=self.invoice.issued_on,
                issue_date=issued,
            )
        return self

    @model_validator(mode="after")
    def _deductions_cite_a_clause(self) -> SettlementStatement:
        for index, item in enumerate(self.adjustments):
            if item.amount < 0 and item.clause is None:
                raise RuleViolation.worded(f"adjustments.{index}.clause", MESSAGES, "deduction_without_clause")
        return self

    @model_validator(mode="after")
    def _each_expense_billed_once(self) -> SettlementStatement:
        keys = [item.item_key for item in self.expenses]
        for index, item in enumerate(self.expenses):
            if item.item_key in keys[:index]:
                raise RuleViolation.worded(
                    f"expenses.{index}.line",
                    MESSAGES,
                    "expense_billed_twice",
                    line=item.line,
                    claim_number=item.claim_number,
                )
        return self

    def billed_as_claimed(self, path: str, claim: dict[str, Any]) -> list[Wording]:
        """What is wrong with the expense cited at path (expenses.N.claim_number) as its claim's data was stored:
        the line must exist and be billable, on that claim for this client, with the same amount and date."""
        where = path.rsplit(".", 1)[0]
        item = self.expenses[int(where.split(".")[1])]
        lines = claim.get("lines") or []
        names = {"path": f"{where}.line", "claim": item.claim_number, "line": item.line}
        if item.line > len(lines):
            return [Wording.of("{path}: {claim} has no line {line}", **names)]
        line = lines[item.line - 1]
        if not line.get("billable"):
            return [Wording.of("{path}: line {line} of {claim} is not marked billable to the client", **names)]
        client = claim.get("client")
        found = [] if client in (None, self.client.legal_name) else [
            Wording.of("{path}: {claim} is for the client {there}, not {here}", path=f"{where}.claim_number",
                       claim=item.claim_number, there=client, here=self.client.legal_name)
        ]  # fmt: skip
        return found + _billed_differences(where, item, line)

    @model_validator(mode="after")
    def _instalment_not_overdrawn(self) -> SettlementStatement:
        share = self.instalment
        if share is None:
            return self
        if self.fees.monthly_fee is None:
            raise RuleViolation.worded("instalment", MESSAGES, "instalment_without_fixed_fee")
        left, applied = share.amount - share.settled_before, self._fixed_with_vat()
        if applied > left:
            raise RuleViolation.worded(
                "instalment.settled_before",
                MESSAGES,
                "instalment_overdrawn",
                applied=applied,
                number=share.number,
                left=left,
                amount=share.amount,
                settled_before=share.settled_before,
            )
        return self

    @computed_field(description="Months of the period whose fixed fee is prorated by days, as YYYY-MM")  # type: ignore[prop-decorator]
    @property
    def prorated_months(self) -> list[str]:
        if self.fees.monthly_fee is None:
            return []
        return [share.month for share in month_shares(self.period.start, self.period.end) if not share.whole]

    @computed_field(description="Fee lines: the fixed fee, commission per month, other items")  # type: ignore[prop-decorator]
    @property
    def fee_lines(self) -> list[FeeLine]:
        lines = []
        if self.fees.monthly_fee is not None:
            lines += fixed_fee_lines(self.fees.monthly_fee, self.period.start, self.period.end)
        if self.fees.commission is not None:
            lines += [
                FeeLine(
                    kind="commission",
                    description="",
                    month=entry.month,
                    gmv=entry.gmv,
                    amount=self.fees.commission.on(entry.gmv),
                )
                for entry in self.monthly_gmv
            ]
        lines += [
            FeeLine(kind="item", description=item.description, month=None, gmv=None, amount=item.amount)
            for item in self.other_items
        ]
        return lines

    @computed_field(description="Sum of the fee lines")  # type: ignore[prop-decorator]
    @property
    def fees_total(self) -> Decimal:
        return sum((line.amount for line in self.fee_lines), ZERO)

    @computed_field(  # type: ignore[prop-decorator]
        description="The fixed fee of this statement as the contract's instalments count it, VAT included: the "
        "fixed fee lines, plus VAT rounded half-up to the fen when the fees exclude it; none without an instalment"
    )
    @property
    def instalment_applied(self) -> Decimal | None:
        return None if self.instalment is None else self._fixed_with_vat()

    def _fixed_with_vat(self) -> Decimal:
        fixed = sum((line.amount for line in self.fee_lines if line.kind == "fixed"), ZERO)
        return fixed if self.fees.prices_include_tax else fixed + round_cent(fixed * self.fees.vat_rate)

    @computed_field(description="Left of the instalment: amount − settled before − applied")  # type: ignore[prop-decorator]
    @property
    def instalment_remaining(self) -> Decimal | None:
        if self.instalment is None or self.instalment_applied is None:
            return None
        return self.instalment.amount - self.instalment.settled_before - self.instalment_applied

    @computed_field(description="Sum of the adjustments (negative for net deductions)")  # type: ignore[prop-decorator]
    @property
    def adjustments_total(self) -> Decimal:
        return sum((item.amount for item in self.adjustments), ZERO)

    @computed_field(description="Fees and adjustments: the amount payable for the period")  # type: ignore[prop-decorator]
    @property
    def payable(self) -> Decimal:
        return self.fees_total + self.adjustments_total

    @computed_field(description="The payable amount without VAT, and its VAT")  # type: ignore[prop-decorator]
    @property
    def payable_tax(self) -> dict[str, Decimal]:
        if self.fees.prices_include_tax:
            net, tax = split_tax_included(self.payable, self.fees.vat_rate)
            return {"net": net, "tax": tax, "gross": self.payable}
        tax = round_cent(self.payable * self.fees.vat_rate)
        return {"net": self.payable, "tax": tax, "gross": self.payable + tax}

    @computed_field(description="Sum of the payments already received")  # type: ignore[prop-decorator]
    @property
    def paid_total(self) -> Decimal:
        return sum((payment.amount for payment in self.payments_received), ZERO)

    @computed_field(  # type: ignore[prop-decorator]
        description="Sum of the billable expenses: whole fen each, so the sum needs no rounding; billed at cost, "
        "outside the fees, so no VAT is added to them"
    )
    @property
    def expenses_total(self) -> Decimal:
        return sum((item.amount for item in self.expenses), ZERO)

    @computed_field(description="Payable (VAT included) and expenses, less paid: positive is due, negative refundable")  # type: ignore[prop-decorator]
    @property
    def balance(self) -> Decimal:
        return self.payable_tax["gross"] + self.expenses_total - self.paid_total

    @computed_field(description="due (应付), refundable (应退) or settled")  # type: ignore[prop-decorator]
    @property
    def balance_kind(self) -> Literal["due", "refundable", "settled"]:
        if self.balance > 0:
            return "due"
        return "refundable" if self.balance < 0 else "settled"

    @computed_field(description="The balance without its sign, for figures and words")  # type: ignore[prop-decorator]
    @property
    def balance_amount(self) -> Decimal:
        return abs(self.balance)

    @computed_field(description="When the balance is due: issue_date plus payment_days calendar days; none unless due")  # type: ignore[prop-decorator]
    @property
    def due_date(self) -> date | None:
        if self.balance_kind != "due" or self.issue_date is None:
            return None
        return self.issue_date + timedelta(days=self.payment_days)

    @computed_field(  # type: ignore[prop-decorator]
        description="Late-payment damages per day overdue: the balance due × late_payment_daily_rate, rounded half-up to the fen; "
        "none unless a balance is due and the rate is above 0"
    )
    @property
    def late_fee_per_day(self) -> Decimal | None:
        if self.balance_kind != "due" or not self.late_payment_daily_rate:
            return None
        return round_cent(self.balance_amount * self.late_payment_daily_rate)
