"""An invoice is claimed once across every expense claim still issued ("防止虚报、冒领"), on both backends.

The claim holds each line's invoice_key in the register (exclusive_keys); a second claim with the same invoice
is refused naming the first, and a void claim no longer holds its invoices.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .registers import entries, run, write_data
from .test_expense_claim import CLAIM
from .test_repeated_facts import contract, issued

E_INVOICE = "25312000000123456789"  # the sample's first line, a 数电发票


def _issue_claim(url: str, folder: Path, name: str, data: dict[str, Any]) -> Any:
    path = write_data(folder / f"{name}.json", data)
    return run("issue", "expense_claim", str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)


def _another_claim() -> dict[str, Any]:
    """Another employee's claim, whose only line carries the sample's first invoice again."""
    data = copy.deepcopy(CLAIM)
    data["claimant"]["name"] = "李娜"
    data["lines"] = [data["lines"][0]]
    return data


def test_an_invoice_already_claimed_is_refused_naming_the_claim(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    first = _issue_claim(register_url, tmp_path, "first", CLAIM)
    assert first.exit_code == 0, first.output
    second = _issue_claim(register_url, tmp_path, "second", _another_claim())
    assert second.exit_code == 1
    assert f"lines.0.invoice_key: {E_INVOICE} (invoice) is already held by BX-2027-0001" in second.stderr
    assert sorted(entry.number for entry in entries(register_url)) == ["BX-2027-0001", "HT-2026-0001"]


def test_a_void_claim_no_longer_holds_its_invoices(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    assert _issue_claim(register_url, tmp_path, "first", CLAIM).exit_code == 0
    voided = run("register", "void", "BX-2027-0001", "--reason", "重复提交", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    second = _issue_claim(register_url, tmp_path, "second", _another_claim())
    assert second.exit_code == 0, second.output
    assert second.stdout.split("\t")[0] == "BX-2027-0002"
