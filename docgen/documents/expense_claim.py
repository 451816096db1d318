"""The expense claim (费用报销单): an employee's costs with their vouchers (原始凭证), submitted to finance.

Each line carries its voucher: a paper invoice (增值税专用发票 or 普通发票) by its 发票代码 and 发票号码, a 数电发票
(数字化电子发票) by its 20-digit number, or a receipt (收据) within the limit for small sporadic payments. The claim
computes, once, its subtotals by category, its total, what is paid to the claimant or refunded after the advance
(借款) is offset, and who approves it. Every threshold comes from [types.expense_claim] in docgen.toml, since the
rulebook gives none ("公司规定的标准").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, PrivateAttr, ValidationInfo, computed_field, model_validator

from .base import DocumentModel, Kind, type_settings
from .model import Model
from .pricing import ZERO
from .values import MAX_ITEMS, USCC, NonNegativeMoney, PositiveMoney, SheetSlots, ShortText, Text
from .violations import RuleViolation

Category = Literal[
    "transport", "accommodation", "meals", "entertainment", "office", "communication", "samples", "promotion", "other"
]
CATEGORIES: tuple[Category, ...] = (
    "transport", "accommodation", "meals", "entertainment", "office", "communication", "samples", "promotion", "other"
)  # fmt: skip
VoucherType = Literal["vat_special", "ordinary", "e_invoice", "receipt"]
PAPER: tuple[VoucherType, ...] = ("vat_special", "ordinary")
Approver = Literal["department_head", "finance", "general_manager"]

# The validators' messages by key, in English; templates/expense_claim/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "no_voucher": "a line needs its voucher (原始凭证): give voucher_type (vat_special, ordinary, e_invoice or "
    "receipt) with the invoice's numbers",
    "paper_code": "a paper invoice's 发票代码 (invoice_code) is 10 or 12 digits",
    "paper_number": "a paper invoice's 发票号码 (invoice_number) is 8 digits",
    "e_invoice_number": "a 数电发票's number (invoice_number) is 20 digits",
    "e_invoice_has_code": "a 数电发票 has no 发票代码: leave invoice_code out",
    "receipt_has_invoice": "a receipt (收据) has no invoice code or number: leave them out, or give the invoice's "
    "voucher_type",
    "tax_required": "a 增值税专用发票 states its tax: give tax_amount",
    "tax_over_amount": "tax_amount {tax} exceeds the line's amount {amount}",
    "buyer_required": "a 增值税专用发票 is made out to the company: give buyer_name and buyer_tax_id as on the invoice",
    "buyer_not_company": "the invoice's buyer {buyer} ({buyer_tax_id}) is not the company {company} ({uscc}): "
    "a 增值税专用发票 must be made out to the company",
    "buyer_differs": "the invoice's buyer {buyer} ({buyer_tax_id}) differs from lines.{first}'s {first_buyer} "
    "({first_tax_id}): every 增值税专用发票 is made out to the company",
    "receipt_over_limit": "a receipt (收据) is accepted up to {limit} for a small sporadic payment; {amount} needs "
    "an invoice (发票)",
    "invoice_twice": "invoice {invoice} is on lines.{first} and lines.{second}: an invoice is claimed once",
    "line_after_issue": "{date} falls after issue_date {issue_date}: a claim states costs already incurred",
    "line_too_old": "{date} is {age} days before issue_date {issue_date}: a cost is claimed within {days} days",
    "over_category_limit": "{amount} exceeds the limit of {limit} for {category} (报销标准): give over_limit_reason "
    "for the exception",
    "billable_without_client": "a line billable to the client needs the claim's client: give client",
}


def _defaults() -> dict[Category, Decimal]:
    return {"meals": Decimal("300.00"), "accommodation": Decimal("600.00"), "entertainment": Decimal("2000.00")}


class ExpenseClaimSettings(Model):
    """[types.expense_claim] in docgen.toml."""

    # 国家税务总局公告2018年第28号《企业所得税税前扣除凭证管理办法》第九条: from an individual whose 小额零星经营业务
    # stays within the VAT threshold (起征点), a 收款凭证 with internal vouchers may stand in for an invoice. The
    # threshold per transaction (按次纳税) is 300–500 yuan a time (增值税暂行条例实施细则 Art. 37), hence ¥500.
    receipt_limit: NonNegativeMoney = Field(
        Decimal("500.00"), description="Largest amount a receipt (收据) may carry; above it an invoice is needed"
    )
    submission_window_days: Annotated[int, Field(ge=0, le=3650)] = Field(
        90, description="A line's date lies at most this many calendar days before the claim's issue_date"
    )
    category_limits: dict[Category, PositiveMoney] = Field(
        default_factory=_defaults,
        description="Largest amount of one line by category (报销标准); a category left out has no limit",
    )
    gm_threshold: NonNegativeMoney = Field(
        Decimal("5000.00"), description="A claim whose total is above this amount is approved by the general manager"
    )


class Claimant(Model):
    name: ShortText = Field(description="The employee claiming (报销人)")
    department: ShortText = Field(description="Their department, e.g. 天猫事业部")


class Line(Model):
    spent_on: date = Field(description="Date the cost was incurred, as on the voucher")
    category: Category = Field(
        description="transport (交通费), accommodation (住宿费), meals (餐费), entertainment (业务招待费), office "
        "(办公费), communication (通讯费), samples (样品费), promotion (推广费) or other (其他)"
    )
    description: ShortText = Field(description="What the cost was for, e.g. 拜访客户 上海—杭州高铁往返")
    amount: PositiveMoney = Field(description="Amount claimed, in CNY, as on the voucher")
    voucher_type: VoucherType | None = Field(
        None,
        description="vat_special (增值税专用发票), ordinary (普通发票), e_invoice (数电发票) or receipt (收据); "
        "required",
    )
    invoice_code: ShortText | None = Field(None, description="发票代码 of a paper invoice: 10 or 12 digits")
    invoice_number: ShortText | None = Field(
        None, description="发票号码: 8 digits on a paper invoice, 20 digits on a 数电发票; none on a receipt"
    )
    tax_amount: NonNegativeMoney | None = Field(
        None, description="Tax on a 增值税专用发票, at most the amount; required on one"
    )
    buyer_name: ShortText | None = Field(
        None, description="Buyer (购买方) on a 增值税专用发票: the company's legal name; required on one"
    )
    buyer_tax_id: USCC | None = Field(
        None, description="Buyer's tax ID (纳税人识别号) on a 增值税专用发票: the company's USCC; required on one"
    )
    billable: bool = Field(False, description="true when the cost is billed on to the client (可向客户收取)")
    over_limit_reason: Text | None = Field(
        None, description="Why the line exceeds its category's limit (超标准原因); required when it does"
    )

    @model_validator(mode="after")
    def _has_its_voucher(self) -> Line:
        if self.voucher_type is None:
            raise RuleViolation.worded("voucher_type", MESSAGES, "no_voucher")
        if self.voucher_type in PAPER:
            _digits(self.invoice_code, (10, 12), "invoice_code", "paper_code")
            _digits(self.invoice_number, (8,), "invoice_number", "paper_number")
        elif self.voucher_type == "e_invoice":
            if self.invoice_code is not None:
                raise RuleViolation.worded("invoice_code", MESSAGES, "e_invoice_has_code")
            _digits(self.invoice_number, (20,), "invoice_number", "e_invoice_number")
        elif self.invoice_code is not None or self.invoice_number is not None:
            field = "invoice_code" if self.invoice_code is not None else "invoice_number"
            raise RuleViolation.worded(field, MESSAGES, "receipt_has_invoice")
        return self

    @model_validator(mode="after")
    def _special_invoice_states_tax_and_buyer(self) -> Line:
        if self.voucher_type != "vat_special":
            return self
        if self.tax_amount is None:
            raise RuleViolation.worded("tax_amount", MESSAGES, "tax_required")
        if self.tax_amount > self.amount:
            raise RuleViolation.worded(
                "tax_amount", MESSAGES, "tax_over_amount", tax=self.tax_amount, amount=self.amount
            )
        for field in ("buyer_name", "buyer_tax_id"):
            if getattr(self, field) is None:
                raise RuleViolation.worded(field, MESSAGES, "buyer_required")
        return self

    @computed_field(  # type: ignore[prop-decorator]
        description="The invoice's identity across claims: 发票代码-发票号码 on paper, the 20 digits of a 数电发票, "
        "None for a receipt"
    )
    @property
    def invoice_key(self) -> str | None:
        if self.voucher_type in PAPER:
            return f"{self.invoice_code}-{self.invoice_number}"
        if self.voucher_type == "e_invoice":
            return self.invoice_number
        return None


def _digits(value: str | None, lengths: tuple[int, ...], field: str, key: str) -> None:
    if value is None or not (value.isascii() and value.isdigit() and len(value) in lengths):
        raise RuleViolation.worded(field, MESSAGES, key)


class Subtotal(Model):
    category: Category
    amount: Decimal


class ExpenseClaim(DocumentModel):
    """费用报销单: an employee's costs, each with its voucher, offset against an advance and approved in turn."""

    type_name: ClassVar[str] = "expense_claim"
    number_pattern: ClassVar[str] = "BX-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "finance"
    messages: ClassVar[dict[str, str]] = MESSAGES
    settings_model: ClassVar[type[Model] | None] = ExpenseClaimSettings
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}
    # The client the cost belongs to is the contract's client, as the register stored it.
    repeats: ClassVar[dict[str, dict[str, str]]] = {"contract_number": {"client": "client.legal_name"}}
    # An invoice is claimed once across every claim still issued (the register holds each key; a void claim frees it).
    exclusive_keys: ClassVar[dict[str, str]] = {"lines.*.invoice_key": "invoice"}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "total": ("lines.*.amount",),
        "net_payable": ("lines.*.amount",),
        "refundable": ("advance",),
    }

    claimant: Claimant = Field(description="Who claims: name and department")
    project: ShortText | None = Field(None, description="The project the costs belong to, if any")
    client: ShortText | None = Field(None, description="The client the costs belong to: its registered legal name")
    contract_number: ShortText | None = Field(
        None, description="Number of the service contract the costs belong to, e.g. HT-2026-0001"
    )
    lines: Annotated[list[Line], SheetSlots(6)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="The costs, each with its voucher"
    )
    advance: NonNegativeMoney = Field(
        Decimal("0.00"), description="Advance (借款) already taken, offset against the claim; 0 when none"
    )
    _gm_threshold: Decimal = PrivateAttr(Decimal("5000.00"))

    @model_validator(mode="after")
    def _within_the_rules(self, info: ValidationInfo) -> ExpenseClaim:
        settings = type_settings(info) or ExpenseClaimSettings()
        self._gm_threshold = settings.gm_threshold  # who approves is computed from it (approvers)
        for index, line in enumerate(self.lines):
            self._line_within_the_rules(index, line, settings)
        return self

    def _line_within_the_rules(self, index: int, line: Line, settings: ExpenseClaimSettings) -> None:
        where = f"lines.{index}"
        if line.voucher_type == "receipt" and line.amount > settings.receipt_limit:
            raise RuleViolation.worded(
                f"{where}.amount", MESSAGES, "receipt_over_limit", limit=settings.receipt_limit, amount=line.amount
            )
        self._line_dated_within_the_window(where, line, settings.submission_window_days)
        limit = settings.category_limits.get(line.category)
        if limit is not None and line.amount > limit and line.over_limit_reason is None:
            raise RuleViolation.worded(
                f"{where}.amount", MESSAGES, "over_category_limit",
                amount=line.amount, limit=limit, category=line.category,
            )  # fmt: skip
        if line.billable and self.client is None:
            raise RuleViolation.worded(f"{where}.billable", MESSAGES, "billable_without_client")

    def _line_dated_within_the_window(self, where: str, line: Line, days: int) -> None:
        # Calendar days back from issue_date, which the claim is judged on, never today's date.
        age = (self.issue_date - line.spent_on).days if self.issue_date else 0
        if age < 0:
            raise RuleViolation.worded(
                f"{where}.spent_on", MESSAGES, "line_after_issue", date=line.spent_on, issue_date=self.issue_date
            )
        if age > days:
            raise RuleViolation.worded(
                f"{where}.spent_on", MESSAGES, "line_too_old", date=line.spent_on, age=age,
                issue_date=self.issue_date, days=days,
            )  # fmt: skip

    @model_validator(mode="after")
    def _each_invoice_once(self) -> ExpenseClaim:
        seen: dict[str, int] = {}
        for index, line in enumerate(self.lines):
            key = line.invoice_key
            if key is not None and key in seen:
                raise RuleViolation.worded(
                    f"lines.{index}.invoice_number",
                    MESSAGES,
                    "invoice_twice",
                    invoice=key,
                    first=seen[key],
                    second=index,
                )
            if key is not None:
                seen[key] = index
        return self

    @model_validator(mode="after")
    def _special_invoices_name_the_company(self) -> ExpenseClaim:
        # Validation does not see the profile in docgen.toml, so the buyer is compared with the company the data
        # names (company.legal_name, company.uscc) when it names one, and every 专用发票 of the claim with the first.
        special = [(i, line) for i, line in enumerate(self.lines) if line.voucher_type == "vat_special"]
        for index, line in special:
            self._buyer_is_the_company(index, line)
            first, first_line = special[0]
            if (line.buyer_name, line.buyer_tax_id) != (first_line.buyer_name, first_line.buyer_tax_id):
                raise RuleViolation.worded(
                    f"lines.{index}.buyer_name", MESSAGES, "buyer_differs", buyer=line.buyer_name,
                    buyer_tax_id=line.buyer_tax_id, first=first, first_buyer=first_line.buyer_name,
                    first_tax_id=first_line.buyer_tax_id,
                )  # fmt: skip
        return self

    def _buyer_is_the_company(self, index: int, line: Line) -> None:
        company = self.company
        for field, ours in (("buyer_name", company.legal_name), ("buyer_tax_id", company.uscc)):
            if ours is not None and getattr(line, field) != ours:
                raise RuleViolation.worded(
                    f"lines.{index}.{field}", MESSAGES, "buyer_not_company", buyer=line.buyer_name,
                    buyer_tax_id=line.buyer_tax_id, company=company.legal_name or "—", uscc=company.uscc or "—",
                )  # fmt: skip

    @computed_field(description="Sum of each category's lines, in the categories' order")  # type: ignore[prop-decorator]
    @property
    def subtotals(self) -> list[Subtotal]:
        sums: dict[Category, Decimal] = {}
        for line in self.lines:
            sums[line.category] = sums.get(line.category, ZERO) + line.amount  # whole fen: exact, no rounding
        return [Subtotal(category=category, amount=sums[category]) for category in CATEGORIES if category in sums]

    @computed_field(  # type: ignore[prop-decorator]
        description="Sum of the lines: amounts of whole fen added exactly, so no rounding occurs"
    )
    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @computed_field(description="Paid to the claimant: the total less the advance, 0 when the advance covers it")  # type: ignore[prop-decorator]
    @property
    def net_payable(self) -> Decimal:
        return max(self.total - self.advance, ZERO)

    @computed_field(description="Refunded by the claimant: the advance less the total, 0 when the claim covers it")  # type: ignore[prop-decorator]
    @property
    def refundable(self) -> Decimal:
        return max(self.advance - self.total, ZERO)

    @computed_field(  # type: ignore[prop-decorator]
        description="Sum of the lines billable to the client, billed on in its settlement; whole fen, no rounding"
    )
    @property
    def billable_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.billable), ZERO)

    @computed_field(description="Number of vouchers attached (附原始凭证), one per line")  # type: ignore[prop-decorator]
    @property
    def voucher_count(self) -> int:
        return len(self.lines)

    @computed_field(  # type: ignore[prop-decorator]
        description="Who approves, in turn: the department head, finance, and the general manager when the total "
        "is above [types.expense_claim] gm_threshold"
    )
    @property
    def approvers(self) -> list[Approver]:
        chain: list[Approver] = ["department_head", "finance"]
        return [*chain, "general_manager"] if self.total > self._gm_threshold else chain

    @computed_field(description="The gm_threshold this claim was approved under")  # type: ignore[prop-decorator]
    @property
    def gm_threshold(self) -> Decimal:
        return self._gm_threshold
