"""The project proposal (项目提案): the plan, the goals and the fee quotation offered to a client."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import Field, model_validator

from .base import DocumentModel, Kind
from .model import Model
from .parts import Party, Period
from .pricing import FeeModel, Kpi, Quotation, Service
from .values import MAX_ITEMS, ShortText, Text
from .violations import RuleViolation

# The validators' messages by key, in English; templates/proposal/fields.<locale>.yaml words them per locale.
MESSAGES = {
    "valid_until_not_after_issue": "{valid_until} is not after the issue date {issue_date}",
    "phases_out_of_order": "phases must be listed in the order they start",
    "tax_basis_differs": "the fee model's tax basis (prices_include_tax, vat_rate) differs from the quotation's: "
    "state both on one basis, or the same fee means two amounts",
}


class Phase(Model):
    name: ShortText = Field(description="Phase, e.g. 店铺诊断与定位")
    period: Period = Field(description="When the phase runs")
    deliverables: Text | None = Field(None, description="What the phase delivers")


class Proposal(DocumentModel):
    """项目提案: what the agency proposes to do for a client, and for what fee."""

    type_name: ClassVar[str] = "proposal"
    number_pattern: ClassVar[str] = "TA-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    messages: ClassVar[dict[str, str]] = MESSAGES
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {
        "quotation.total": ("quotation.lines.*.quantity", "quotation.lines.*.unit_price"),
    }

    client: Party = Field(description="The client the proposal is addressed to")
    project_name: ShortText = Field(description="Name of the project, e.g. 青禾美妆天猫及抖音全案代运营")
    platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Stores and channels to be operated"
    )
    overview: Text = Field(description="Overview of the operations plan (代运营方案概述)")
    services: list[Service] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Services proposed, each with its goal"
    )
    phases: list[Phase] = Field(max_length=MAX_ITEMS, min_length=1, description="Implementation phases, in order")
    kpis: list[Kpi] = Field(
        max_length=MAX_ITEMS,
        min_length=1,
        description="Expected results: traffic, conversion, active users, satisfaction",
    )
    quotation: Quotation = Field(description="Fee quotation: line items, discount, VAT and total")
    fee_model: FeeModel | None = Field(None, description="The fee model proposed for the service contract")
    valid_until: date = Field(description="Last day the proposal can be accepted; after the issue date")

    @model_validator(mode="after")
    def _valid_after_issue(self) -> Proposal:
        if self.issue_date is not None and self.valid_until <= self.issue_date:
            raise RuleViolation.worded(
                "valid_until",
                MESSAGES,
                "valid_until_not_after_issue",
                valid_until=self.valid_until,
                issue_date=self.issue_date,
            )
        return self

    # The contract derived from the proposal takes the fee model as it stands; a quotation on another tax basis
    # would make the same monthly fee mean two amounts (issue 17: ¥80,000 含税 against 不含税).
    @model_validator(mode="after")
    def _one_tax_basis(self) -> Proposal:
        fees, quote = self.fee_model, self.quotation
        if fees is None or (fees.prices_include_tax, fees.vat_rate) == (quote.prices_include_tax, quote.vat_rate):
            return self
        raise RuleViolation.worded("fee_model.prices_include_tax", MESSAGES, "tax_basis_differs")

    @model_validator(mode="after")
    def _phases_in_order(self) -> Proposal:
        for index, (previous, phase) in enumerate(zip(self.phases, self.phases[1:], strict=False), start=1):
            if phase.period.start < previous.period.start:
                raise RuleViolation.worded(f"phases.{index}.period.start", MESSAGES, "phases_out_of_order")
        return self
