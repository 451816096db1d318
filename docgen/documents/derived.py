"""Derived data: what a derivation prefills for a target type from a source document (docgen derive).

A derivation copies what the source already says and leaves what it cannot
know as empty fields marked `# TO FILL`, so that validation names each of them
until someone fills them in. Each lives in its target type's module, named in
the target's derived_from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Derived:
    """Prefilled data for the target type, the fields someone must still fill with a hint each, and a note
    (written as a comment atop the derived YAML) on what the source could not give."""

    data: dict[str, Any]
    to_fill: dict[str, str] = field(default_factory=dict)
    note: str = ""


# (source document, its number if it has one) → the target's prefilled data
Derivation = Callable[[Any, "str | None"], Derived]


def plain(model: Any) -> Any:
    """Input-shaped data: what a user would type, without computed fields or empty values."""
    return model.model_dump(mode="json", round_trip=True, exclude_none=True)


def citing_contract(data: dict[str, Any], to_fill: dict[str, str], number: str | None) -> Derived:
    """Derived data that cites its contract; a contract read from a data file has no number yet, so it is to fill."""
    if number is None:
        to_fill = {**to_fill, "contract_number": "number of the contract, e.g. HT-2026-0001 (合同编号)"}
    return Derived(data, to_fill)
