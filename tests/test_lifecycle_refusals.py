"""Every rulebook rule on a single document refuses `issue` on both register backends, before a number is taken.

The rules themselves are tested at their boundaries in test_date_rules, test_settlement_cycle and test_approval;
the rules between documents (citations, repeated facts, proposal validity) in test_citations and
test_repeated_facts. Here each refusal goes through the command a user runs, into a real register.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .registers import entries, run, write_data
from .variants import validate, variant

REFUSALS: list[tuple[str, str, dict[str, Any], str]] = [
    # (type, what is wrong, changes to the sample, the field the message names)
    ("resignation_certificate", "handover after issue", {"handover.completed_on": "2027-12-01"},
     "handover.completed_on"),
    ("resignation_certificate", "separation after issue",
     {"termination_date": "2027-12-01", "handover.completed_on": "2027-11-26"}, "issue_date"),
    ("settlement_statement", "paid after issue", {"payments_received.0.paid_on": "2027-04-03"},
     "payments_received.0.paid_on"),
    ("settlement_statement", "fapiao after issue", {"invoice.issued_on": "2027-04-03"}, "invoice.issued_on"),
    ("settlement_statement", "period outside the service",
     {"service_period": {"start": "2027-04-01", "end": "2027-12-31"}}, "period.start"),
    ("settlement_statement", "period not one month", {"period.end": "2027-03-30"}, "period.end"),
    ("settlement_statement", "issued before the period ends",
     {"issue_date": "2027-03-30", "invoice.issued_on": "2027-03-30"}, "issue_date"),
    ("service_contract", "instalment before signing", {"payment_schedule.0.due": "2026-12-14"},
     "payment_schedule.0.due"),
    ("service_contract", "instalment after the grace", {"payment_schedule.3.due": "2028-03-31"},
     "payment_schedule.3.due"),
    ("budget", "approved without a date", {"approval": {"status": "approved", "approved_by": "总经理 陈思远"}},
     "approval.approved_on"),
    ("budget", "approved after issue", {"approval.approved_on": "2027-04-09"}, "approval.approved_on"),
    ("budget", "a draft naming an approver", {"approval": {"status": "draft", "approved_by": "总经理 陈思远"}},
     "approval.approved_by"),
    ("project_retrospective", "final report before the end",
     {"issue_date": "2027-12-30", "conclusions_approval.approved_on": "2027-12-29"}, "issue_date"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("type_name", "changes", "field"),
    [(type_name, changes, field) for type_name, _, changes, field in REFUSALS],
    ids=[f"{type_name}: {wrong}" for type_name, wrong, _, _ in REFUSALS],
)
def test_issue_refuses_before_taking_a_number(
    register_url: str, tmp_path: Path, type_name: str, changes: dict[str, Any], field: str
) -> None:
    path = write_data(tmp_path / f"{type_name}.json", variant(type_name, changes))
    issued = run("issue", type_name, str(path), "-f", "html", "-d", str(tmp_path / "out"), "--db", register_url)
    assert issued.exit_code == 1, issued.output
    assert issued.stderr.startswith(f"{path}: {field}: "), issued.stderr
    assert entries(register_url) == []
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("type_name", sorted({type_name for type_name, _, _, _ in REFUSALS}))
def test_each_unchanged_sample_keeps_every_rule(type_name: str) -> None:
    """The refusals above come from the change, not from the sample."""
    assert validate(type_name).type_name == type_name
