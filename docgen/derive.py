"""Deriving one document's data from another's: a contract from a proposal, a settlement from a contract.

A derivation copies what the source already says and leaves what it cannot
know as empty fields marked `# TO FILL`, so that validation names each of them
until someone fills them in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .documents.common import DocumentModel
from .documents.proposal import Proposal
from .documents.service_contract import ServiceContract
from .errors import UsageError
from .registry import get_type
from .samples import commented_yaml


@dataclass(frozen=True)
class Derived:
    """Prefilled data for the target type, and the fields someone must still fill, with a hint each."""

    data: dict[str, Any]
    to_fill: dict[str, str] = field(default_factory=dict)


def _plain(model: Any) -> Any:
    """Input-shaped data: what a user would type, without computed fields or empty values."""
    return model.model_dump(mode="json", round_trip=True, exclude_none=True)


def contract_from_proposal(proposal: Proposal, number: str | None) -> Derived:
    data: dict[str, Any] = {
        "proposal_number": number,
        "client": _plain(proposal.client),
        "platforms": list(proposal.platforms),
        "services": [_plain(service) for service in proposal.services],
        "service_period": {"start": None, "end": None},
        "fees": _plain(proposal.fee_model) if proposal.fee_model else {"monthly_fee": None},
        "payment_schedule": [{"due": None, "percent": None, "description": None}],
        "kpis": [_plain(kpi) for kpi in proposal.kpis],
        "disputes": {"method": None, "forum": None},
    }
    to_fill = {
        "service_period": "first and last day of service (服务期限)",
        "payment_schedule": "instalments of the fixed total: due date and amount or percent (付款计划)",
        "disputes": "arbitration or court, and which one (争议解决方式)",
    }
    if number is None:
        del data["proposal_number"]
    if proposal.fee_model is None:
        to_fill["fees"] = "monthly fee and/or commission bands (计费方式)"
    return Derived(data, to_fill)


def settlement_from_contract(contract: ServiceContract, number: str | None) -> Derived:
    data: dict[str, Any] = {
        "contract_number": number,
        "client": _plain(contract.client),
        "period": {"start": None, "end": None},
        "fees": _plain(contract.fees),
        "monthly_gmv": [{"month": None, "gmv": None}] if contract.fees.commission else [],
        "payments_received": [{"paid_on": None, "amount": None, "reference": None}],
    }
    to_fill = {
        "period": "first and last day settled (结算期间)",
        "payments_received": "payments received so far; delete the entry if there are none (已付款项)",
    }
    if contract.fees.commission:
        to_fill["monthly_gmv"] = "each month of the period as YYYY-MM with its GMV (月度 GMV)"
    if number is None:
        to_fill["contract_number"] = "number of the contract, e.g. HT-2026-0001 (合同编号)"
    return Derived(data, to_fill)


# target type → (source type, derivation)
DERIVATIONS: dict[str, tuple[str, Callable[[Any, str | None], Derived]]] = {
    "service_contract": ("proposal", contract_from_proposal),
    "settlement_statement": ("service_contract", settlement_from_contract),
}


def source_type(target: str) -> str:
    get_type(target)
    if target not in DERIVATIONS:
        known = ", ".join(DERIVATIONS)
        raise UsageError(f"nothing derives a {target}; docgen derives: {known}")
    return DERIVATIONS[target][0]


def derive_yaml(target: str, source: DocumentModel, number: str | None = None) -> str:
    """The target's data as commented YAML, with every field still to fill marked."""
    derived = DERIVATIONS[target][1](source, number)
    schema_line, body = commented_yaml(get_type(target), derived.data, derived.to_fill).split("\n", 1)
    origin = f"{source.type_name} {number}" if number else source.type_name
    return (
        f"{schema_line}\n# {target} derived from {origin}.\n"
        "# Fields marked TO FILL are empty: `docgen validate` names each until it is filled in.\n" + body
    )
