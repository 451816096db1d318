"""The supplementary agreement (补充协议): changes to a signed service contract.

It cites the contract and repeats its parties and the values it changes as they stand, names each amended clause
by its key in the contract's outline (printed by the number the contract was issued with, from the register),
and states each change as data with its effective date: a new monthly fee, a later end of service, added
stores, a new set of KPIs. Once it is issued, documents citing the contract are compared with the values in
force for their period (amends; see docgen/agreement.py); voided, it no longer counts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar

from pydantic import Field, computed_field, model_validator

from .base import Amendment, DocumentModel, Kind
from .derived import Derivation, Derived, plain
from .model import Model
from .parts import Period
from .pricing import Kpi
from .project_plan import Client
from .service_contract import ServiceContract
from .values import MAX_ITEMS, PositiveMoney, SheetSlots, ShortText, Text
from .violations import RuleViolation

# The validators' messages by key, in English; templates/supplementary_agreement/fields.<locale>.yaml words them.
MESSAGES = {
    "effective_before_start": "{effective} falls before the contract's service start {start}: "
    "a change takes effect on or after it",
    "no_change": "give at least one change: fee, service_end, added_platforms or kpis",
    "end_not_later": "{end} is not after the contract's service end {current}: an extension ends later",
    "platform_already_served": "{platform} is already among the contract's stores",
}


class FeeChange(Model):
    monthly_fee: PositiveMoney = Field(description="The new fixed monthly fee, in CNY")
    effective: date = Field(description="First day the new fee applies, on or after the service start")


class EndChange(Model):
    end: date = Field(description="The new last day of service, after the contract's")
    effective: date = Field(description="Day the extension takes effect, on or after the service start")


class PlatformsAdded(Model):
    added: list[ShortText] = Field(max_length=MAX_ITEMS, min_length=1, description="Stores and channels added")
    effective: date = Field(description="First day the agency runs the added stores")


class KpiChange(Model):
    kpis: Annotated[list[Kpi], SheetSlots(5)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="The KPIs from the effective date: the whole new list"
    )
    effective: date = Field(description="First day the new KPIs apply")


class AmendedClause(Model):
    clause: ShortText = Field(
        description="The amended clause by its key in the contract's outline, e.g. fees.fixed_fee or period"
    )
    text: Text | None = Field(None, description="The clause's new wording, printed after “is amended to read”")


def agreement_from_contract(contract: ServiceContract, number: str | None) -> Derived:
    """An agreement prefilled from the contract it amends: its parties and the values a change starts from."""
    data: dict[str, Any] = {
        "contract_number": number,
        "client": {"legal_name": contract.client.legal_name, "uscc": contract.client.uscc},
        "client_signatory": contract.client_signer,
        "contract_period": plain(contract.service_period),
        "contract_platforms": list(contract.platforms),
        "fee": {"monthly_fee": str(contract.fees.monthly_fee) if contract.fees.monthly_fee else None,
                "effective": None},
        "amended_clauses": [{"clause": None, "text": None}],
    }  # fmt: skip
    to_fill = {
        "fee": "the new monthly fee and the day it applies; remove fee if it does not change (服务费变更)",
        "amended_clauses": "each amended clause by its outline key, e.g. fees.fixed_fee, with its new text (修改条款)",
    }
    if number is None:
        to_fill["contract_number"] = "number of the contract amended, e.g. HT-2026-0001 (原合同编号)"
    return Derived(data, to_fill)


class SupplementaryAgreement(DocumentModel):
    """补充协议: changes to a signed service contract, each with its effective date."""

    type_name: ClassVar[str] = "supplementary_agreement"
    number_pattern: ClassVar[str] = "BC-{yyyy}-{seq:04}"  # the default; docgen.toml may override it
    kind: ClassVar[Kind] = "commercial"
    messages: ClassVar[dict[str, str]] = MESSAGES
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}
    # The parties, and the values the changes start from, as in force when the agreement is signed.
    repeats: ClassVar[dict[str, dict[str, str]]] = {
        "contract_number": {
            "client.legal_name": "client.legal_name",
            "client.uscc": "client.uscc",
            "contract_period": "service_period",
            "contract_platforms": "platforms",
        },
    }
    cited_clauses: ClassVar[dict[str, str]] = {"amended_clauses.*.clause": "contract_number"}
    amends: ClassVar[dict[str, str]] = {"contract_number": "changes"}
    derived_from: ClassVar[dict[str, Derivation]] = {"service_contract": agreement_from_contract}
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {"fee.monthly_fee": ("fee.monthly_fee",)}

    contract_number: ShortText = Field(description="Number of the service contract amended, e.g. HT-2026-0001")
    client: Client = Field(description="The client (甲方), as in the contract")
    client_signatory: ShortText = Field(description="Who signs for the client")
    contract_period: Period = Field(description="The contract's service period, as in force before this agreement")
    contract_platforms: list[ShortText] = Field(
        max_length=MAX_ITEMS, min_length=1, description="The contract's stores and channels, before this agreement"
    )
    fee: FeeChange | None = Field(None, description="A new fixed monthly fee; left out, the fee does not change")
    service_end: EndChange | None = Field(None, description="An extension: the new last day of service")
    added_platforms: PlatformsAdded | None = Field(None, description="Stores and channels added to the service")
    kpis: KpiChange | None = Field(None, description="A new set of KPIs; left out, the KPIs do not change")
    amended_clauses: Annotated[list[AmendedClause], SheetSlots(4)] = Field(
        max_length=MAX_ITEMS, min_length=1, description="Each clause of the contract amended, with its new wording"
    )

    def changes(self) -> list[Amendment]:
        """The changes as the contract's paths and values (JSON-shaped, as the register stores data)."""
        found = []
        if self.fee is not None:
            # Logged in the contract's fee_changes: its fixed total follows the fee in force month by month.
            fee = str(self.fee.monthly_fee)
            found.append(Amendment(self.fee.effective, "fees.monthly_fee", fee, logged_in="fee_changes"))
        if self.service_end is not None:
            found.append(Amendment(self.service_end.effective, "service_period.end", self.service_end.end.isoformat()))
        if self.added_platforms is not None:
            stores = [*self.contract_platforms, *self.added_platforms.added]
            found.append(Amendment(self.added_platforms.effective, "platforms", stores))
        if self.kpis is not None:
            found.append(Amendment(self.kpis.effective, "kpis", [plain(kpi) for kpi in self.kpis.kpis]))
        return found

    @computed_field(description="Each amended clause with its number as the contract was issued with it")  # type: ignore[prop-decorator]
    @property
    def clause_changes(self) -> list[dict[str, str | None]]:
        # Known once the citation is checked against the register; a preview without one prints the key.
        return [
            {"reference": self.cited_reference("contract_number", item.clause), "key": item.clause, "text": item.text}
            for item in self.amended_clauses
        ]

    @model_validator(mode="after")
    def _some_change(self) -> SupplementaryAgreement:
        if not (self.fee or self.service_end or self.added_platforms or self.kpis):
            raise RuleViolation.worded("fee", MESSAGES, "no_change")
        return self

    @model_validator(mode="after")
    def _effective_from_start(self) -> SupplementaryAgreement:
        start = self.contract_period.start
        for name in ("fee", "service_end", "added_platforms", "kpis"):
            change = getattr(self, name)
            if change is not None and change.effective < start:
                raise RuleViolation.worded(
                    f"{name}.effective", MESSAGES, "effective_before_start", effective=change.effective, start=start
                )
        return self

    @model_validator(mode="after")
    def _changes_change(self) -> SupplementaryAgreement:
        current = self.contract_period.end
        if self.service_end is not None and self.service_end.end <= current:
            raise RuleViolation.worded(
                "service_end.end", MESSAGES, "end_not_later", end=self.service_end.end, current=current
            )
        for index, platform in enumerate(self.added_platforms.added if self.added_platforms else []):
            if platform in self.contract_platforms:
                raise RuleViolation.worded(
                    f"added_platforms.added.{index}", MESSAGES, "platform_already_served", platform=platform
                )
        return self
