"""The PRC Labour Contract Law's probation rules (Art. 19, 20), shared by the offer letter and the labour contract.

Each check raises a RuleViolation worded by the calling type's own messages (the keys below), so that each type's
fields.<locale>.yaml words them in its own terms.
"""

from __future__ import annotations

from decimal import Decimal

from .violations import RuleViolation

# Art. 20: probation pay is at least 80% of the wage agreed for the position.
PROBATION_PAY_FLOOR = Decimal("0.8")

# The keys each caller's messages must word, with the English both types give.
PROBATION_MESSAGES = {
    "probation_too_long": "probation of {months} months exceeds the {limit}-month limit for this "
    "contract term (Labour Contract Law Art. 19)",
    "probation_pay_below_wage": "probation pay {pay} is below 80% of the agreed monthly wage "
    "{wage} (at least {floor:.2f}; Labour Contract Law Art. 20)",
    "probation_pay_below_minimum": "probation pay {pay} is below the local minimum wage {minimum} "
    "(Labour Contract Law Art. 20)",
}


def longest_probation_months(contract_type: str, term_months: int | None) -> int:
    """Labour Contract Law Art. 19; 以上 includes the boundary (Civil Code Art. 1259)."""
    if contract_type == "open_ended":
        return 6
    if contract_type == "task_based" or term_months is None or term_months < 3:
        return 0
    if term_months < 12:
        return 1
    if term_months < 36:
        return 2
    return 6


def check_probation_length(
    field: str, messages: dict[str, str], months: int, contract_type: str, term_months: int | None
) -> None:
    """Art. 19: refuse a probation longer than the contract term allows."""
    longest = longest_probation_months(contract_type, term_months)
    if months > longest:
        raise RuleViolation.worded(field, messages, "probation_too_long", months=months, limit=longest)


def check_probation_pay(
    field: str, messages: dict[str, str], pay: Decimal, wage: Decimal, minimum: Decimal | None
) -> None:
    """Art. 20: probation pay at least 80% of the agreed wage (compared exactly, unrounded) and the minimum wage."""
    floor = wage * PROBATION_PAY_FLOOR
    if pay < floor:
        raise RuleViolation.worded(field, messages, "probation_pay_below_wage", pay=pay, wage=wage, floor=floor)
    if minimum is not None and pay < minimum:
        raise RuleViolation.worded(field, messages, "probation_pay_below_minimum", pay=pay, minimum=minimum)
