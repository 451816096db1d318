"""Held keys: a line of an expense claim is billed by one standing settlement statement only, on both backends.

The register refuses a second holder before a number is taken, refuses it again under its unique index when
two statements are issued at the same moment, and releases a statement's keys when it is voided.
"""

from __future__ import annotations

import copy
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from docgen.errors import InvalidData, KeyHeld
from docgen.inputs import Record, load_records
from docgen.pipeline import validate_records
from docgen.store import HeldKey, Request, open_register

from .conftest import SAMPLES
from .registers import docgen_command, entries, lines, run, write_data

CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data
SETTLEMENT: dict[str, Any] = load_records(SAMPLES / "settlement_statement.yaml")[0].data
CLAIM: dict[str, Any] = load_records(SAMPLES / "expense_claim.yaml")[0].data
HELD = "expenses.0.item_key: BX-2027-0001#3 (billed_expense) is already held by"


def statement(reason: str = "3月客服30秒响应率未达标扣减", **changes: Any) -> dict[str, Any]:
    """The sample statement, billing BX-2027-0001 line 3; another deduction reason makes it another document."""
    data = copy.deepcopy(SETTLEMENT)
    data["adjustments"][0]["reason"] = reason
    return data | changes


def billing_line_1(reason: str) -> dict[str, Any]:
    """Another statement, billing line 1 of the claim (billable in these registers' claim) instead of line 3."""
    data = statement(reason)
    data["expenses"][0].update(line=1, spent_on="2027-02-20", amount="1107.00")
    return data


def billable_claim() -> dict[str, Any]:
    """The sample expense claim with its first line billable too, so two statements can bill two lines of it."""
    claim = copy.deepcopy(CLAIM)
    claim["lines"][0]["billable"] = True
    return claim


def _with_contract(url: str, folder: Path) -> None:
    """The contract and the expense claim a statement cites, issued as BX-2027-0001."""
    contract = copy.deepcopy(CONTRACT)
    del contract["proposal_number"]  # its proposal is not in these registers
    for type_name, data in (("service_contract", contract), ("expense_claim", billable_claim())):
        path = write_data(folder / f"{type_name}.json", data)
        issued = run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)
        assert issued.exit_code == 0, issued.output


def _issue(url: str, folder: Path, name: str, data: Any, *options: str) -> Any:
    path = write_data(folder / f"{name}.json", data)
    return run(
        "issue", "settlement_statement", str(path), "-f", "html", "-d", str(folder / "out"), "--db", url, *options
    )


def _check(url: str) -> None:
    checked = run("register", "check", "--db", url)
    assert checked.exit_code == 0, checked.output


# The type: which keys a statement holds


def test_each_billed_expense_holds_its_claim_and_line(settings) -> None:
    [document] = validate_records("settlement_statement", [Record(statement(), "s.yaml")], settings)
    assert document.held_keys() == [("expenses.0.item_key", "billed_expense", "BX-2027-0001#3")]
    [bare] = validate_records("settlement_statement", [Record(statement(expenses=[]), "s.yaml")], settings)
    assert bare.held_keys() == []


def test_a_line_billed_twice_in_one_statement_is_refused_by_validation(settings) -> None:
    twice = statement()
    twice["expenses"].append(twice["expenses"][0] | {"description": "同一行再次结算"})
    with pytest.raises(InvalidData) as caught:
        validate_records("settlement_statement", [Record(twice, "s.yaml")], settings)
    assert [str(p) for p in caught.value.problems] == [
        "s.yaml: expenses.1.line: line 3 of BX-2027-0001 is billed twice in this statement"
    ]


# The register: one holder at a time


def test_a_second_statement_billing_the_same_line_is_refused_naming_the_first(
    register_url: str, tmp_path: Path
) -> None:
    _with_contract(register_url, tmp_path)
    assert _issue(register_url, tmp_path, "first", statement()).exit_code == 0
    taken = len(entries(register_url))
    second = _issue(register_url, tmp_path, "second", statement("另一项扣减"))
    assert second.exit_code == 1
    assert second.stderr.strip() == f"docgen: error: {tmp_path / 'second.json'}: {HELD} JS-2027-0001"
    assert len(entries(register_url)) == taken  # refused before a number was taken
    other_line = _issue(register_url, tmp_path, "other", billing_line_1("另一项扣减"))
    assert other_line.exit_code == 0, other_line.output
    _check(register_url)


def test_voiding_the_statement_releases_its_lines(register_url: str, tmp_path: Path) -> None:
    _with_contract(register_url, tmp_path)
    assert _issue(register_url, tmp_path, "first", statement()).exit_code == 0
    voided = run("register", "void", "JS-2027-0001", "--reason", "金额有误", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    again = _issue(register_url, tmp_path, "again", statement("更正后的扣减"))
    assert again.exit_code == 0, again.output
    assert [number for number, _ in lines(again.stdout)] == ["JS-2027-0002"]
    _check(register_url)


def test_the_same_statement_again_or_reissued_is_not_refused(register_url: str, tmp_path: Path) -> None:
    _with_contract(register_url, tmp_path)
    assert _issue(register_url, tmp_path, "first", statement()).exit_code == 0
    again = _issue(register_url, tmp_path, "first", statement())
    assert again.exit_code == 0 and [n for n, _ in lines(again.stdout)] == ["JS-2027-0001"]
    reissued = _issue(register_url, tmp_path, "first", statement(), "--reissue")
    assert reissued.exit_code == 0, reissued.output
    assert [n for n, _ in lines(reissued.stdout)] == ["JS-2027-0002"]  # the earlier issue is void: it holds nothing
    third = _issue(register_url, tmp_path, "third", statement("另一项扣减"))
    assert third.exit_code == 1 and third.stderr.strip().endswith(f"{HELD} JS-2027-0002")
    _check(register_url)


def test_in_a_batch_a_line_an_earlier_row_billed_is_refused_naming_that_rows_number(
    register_url: str, tmp_path: Path
) -> None:
    _with_contract(register_url, tmp_path)
    rows = [statement("第一行"), statement("第二行"), billing_line_1("第三行")]
    stopped = _issue(register_url, tmp_path, "batch", rows)
    assert stopped.exit_code == 1
    assert f"{tmp_path / 'batch.json'}:row 2: {HELD} JS-2027-0001" in stopped.stderr
    assert [n for n, _ in lines(stopped.stdout)] == ["JS-2027-0001"]
    assert run("register", "void", "JS-2027-0001", "--reason", "重新开具", "--db", register_url).exit_code == 0
    going = _issue(register_url, tmp_path, "batch", rows, "--keep-going")
    assert going.exit_code == 1
    assert [n for n, _ in lines(going.stdout)] == ["JS-2027-0003", "JS-2027-0005"]  # the rows after it go on
    refused = f"{tmp_path / 'batch.json'}:row 2: JS-2027-0004 voided: {HELD} JS-2027-0003"
    assert going.stderr.splitlines()[0] == refused
    _check(register_url)


def test_one_document_holding_a_key_twice_is_refused_by_the_register(register_url: str) -> None:
    request = Request("91310115MA1K4B7T6N", "公司", "any", 2027, "X-{yyyy}-{seq:04}", "zh_CN", ("html",), "{}", "k")
    twice = (HeldKey("lines.0.invoice_key", "invoice", "0441"), HeldKey("lines.1.invoice_key", "invoice", "0441"))
    with open_register(register_url) as register:
        entry = register.reserve(request)
        with pytest.raises(KeyHeld) as caught:
            register.complete(entry, [], holds=twice)
        after = register.entry(entry.entity, entry.number)
        assert after is not None and after.status == "reserved"  # rolled back: nothing of the issue was kept
    assert (
        str(caught.value) == "lines.1.invoice_key: 0441 (invoice) is also held by lines.0.invoice_key of this document"
    )


# Two statements issued at the same moment: the unique index lets one through

# Each process waits, past the check made before its number was taken, until the other has made it too.
_BOTH_CHECKED = """
import pathlib, time
from docgen.store import register as _register
_complete = _register.Register.complete
def _both_checked(self, *args, **kwargs):
    pathlib.Path({mine!r}).touch()
    deadline = time.monotonic() + 120
    while len(list(pathlib.Path({folder!r}).glob("checked-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    return _complete(self, *args, **kwargs)
_register.Register.complete = _both_checked
"""


def test_two_statements_billing_the_same_line_at_the_same_moment_one_is_refused(
    register_url: str, tmp_path: Path
) -> None:
    _with_contract(register_url, tmp_path)
    processes = []
    for index in range(2):
        data = write_data(tmp_path / f"s{index}.json", statement(f"扣减 {index}"))
        prelude = _BOTH_CHECKED.format(mine=str(tmp_path / f"checked-{index}"), folder=str(tmp_path))
        args = ("issue", "settlement_statement", str(data), "-f", "html", "-d", str(tmp_path / "out"))
        command, env = docgen_command(*args, "--db", register_url, prelude=prelude)
        processes.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    started = time.monotonic()
    results = [(process.communicate(timeout=300), process.returncode) for process in processes]
    assert time.monotonic() - started < 200
    winners = [lines(out) for (out, _), code in results if code == 0]
    losers = [err for (_, err), code in results if code == 1]
    assert len(winners) == 1 and len(losers) == 1, results
    [[(number, _)]] = winners
    assert f"{HELD} {number}" in losers[0]
    statuses = sorted(entry.status for entry in entries(register_url, type_name="settlement_statement"))
    assert statuses == ["issued", "void"]  # the loser's number is void, saying why
    _check(register_url)


def test_the_web_api_refuses_a_line_billed_already_with_a_conflict(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from docgen.web.app import create_app

    from .test_web_api import _settings

    client = TestClient(create_app(_settings(tmp_path)), base_url="http://127.0.0.1:8000")
    contract = copy.deepcopy(CONTRACT)
    del contract["proposal_number"]
    assert client.post("/api/types/service_contract/issue?format=html", json=contract).status_code == 200
    assert client.post("/api/types/expense_claim/issue?format=html", json=CLAIM).status_code == 200
    assert client.post("/api/types/settlement_statement/issue?format=html", json=statement()).status_code == 200
    answer = client.post("/api/types/settlement_statement/issue?format=html", json=statement("另一项扣减"))
    assert answer.status_code == 409
    assert answer.json()["error"].endswith(f"{HELD} JS-2027-0001")
    assert client.get("/api/documents").json()["total"] == 3  # no number taken for it
