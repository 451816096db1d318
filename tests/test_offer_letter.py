"""The offer letter's rules: Labour Contract Law Art. 19 and 20, dates, IDs and money."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from docgen.documents.offer_letter import OfferLetter, longest_probation_months
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.samples import sample_path
from docgen.validation import validate_record

TODAY = date(2026, 11, 27)
SAMPLE = load_records(sample_path("offer_letter"))[0].data


def _validate(changes: dict[str, Any], minimum_wage: Decimal | None = None) -> OfferLetter:
    data = copy.deepcopy(SAMPLE)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target = data
        for key in parents:
            target = target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    document = validate_record(OfferLetter, Record(data, "offer.yaml"), today=TODAY, minimum_wage=minimum_wage)
    assert isinstance(document, OfferLetter)
    return document


_DELETE = object()


def _problems(changes: dict[str, Any], minimum_wage: Decimal | None = None) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        _validate(changes, minimum_wage)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("contract_type", "term", "longest"),
    [
        ("fixed_term", 1, 0),
        ("fixed_term", 2, 0),
        ("fixed_term", 3, 1),  # 3 months up to 1 year: boundary included
        ("fixed_term", 11, 1),
        ("fixed_term", 12, 2),  # 1 year up to 3 years
        ("fixed_term", 35, 2),
        ("fixed_term", 36, 6),  # 3 years or more
        ("fixed_term", 120, 6),
        ("open_ended", None, 6),
        ("task_based", None, 0),
    ],
)
def test_article_19_table(contract_type: str, term: int | None, longest: int) -> None:
    assert longest_probation_months(contract_type, term) == longest


@pytest.mark.parametrize(("term", "allowed"), [(2, 0), (3, 1), (11, 1), (12, 2), (35, 2), (36, 6)])
def test_probation_at_and_over_the_limit(term: int, allowed: int) -> None:
    base = {"terms.term_months": str(term)}
    if allowed:
        assert _validate({**base, "terms.probation_months": str(allowed)}).terms.probation_months == allowed
    problems = _problems({**base, "terms.probation_months": str(allowed + 1)})
    assert problems == [
        f"offer.yaml: terms.probation_months: probation of {allowed + 1} months exceeds the {allowed}-month "
        "limit for this contract term (Labour Contract Law Art. 19)"
    ]


def test_task_based_contract_has_no_probation() -> None:
    changes = {"terms.contract_type": "task_based", "terms.term_months": _DELETE}
    assert "Art. 19" in _problems(changes)[0]


def test_probation_pay_exactly_80_percent_is_accepted() -> None:
    letter = _validate({})
    assert letter.pay.monthly_wage == Decimal("19000.00")
    assert letter.terms.probation_monthly_pay == Decimal("15200.00")


def test_probation_pay_one_fen_below_80_percent_is_refused() -> None:
    [problem] = _problems({"terms.probation_monthly_pay": "15199.99"})
    assert problem.startswith("offer.yaml: terms.probation_monthly_pay: probation pay 15199.99 is below 80%")
    assert "15200.00" in problem and "Art. 20" in problem


def test_probation_pay_below_the_profile_minimum_wage_is_refused() -> None:
    changes = {
        "pay.base_monthly": "2000.00",
        "pay.allowances": [],
        "pay.performance_monthly": _DELETE,
        "terms.probation_monthly_pay": "2000.00",
    }
    assert _validate(changes).terms.probation_monthly_pay == Decimal("2000.00")
    [problem] = _problems(changes, minimum_wage=Decimal("2740.00"))
    assert "below the local minimum wage 2740.00" in problem


def test_tw_jurisdiction_skips_prc_rules() -> None:
    letter = _validate({"jurisdiction": "TW", "terms.term_months": "2", "terms.probation_months": "3"})
    assert letter.jurisdiction == "TW"


def test_reply_deadline_after_start_date_is_refused() -> None:
    assert _problems({"reply_deadline": "2027-01-05"}) == [
        "offer.yaml: reply_deadline: 2027-01-05 falls after position.start_date"
    ]
    assert _validate({"reply_deadline": "2027-01-04"}).reply_deadline == date(2027, 1, 4)


def test_future_birth_date_and_bad_id_are_each_reported() -> None:
    problems = _problems({"candidate.birth_date": "2026-11-28", "candidate.id_number": "310105199806154026"})
    assert problems == [
        "offer.yaml: candidate.id_number: not a valid resident ID number: "
        "The number's checksum or check digit is invalid.",
        "offer.yaml: candidate.birth_date: birth date lies in the future",
    ]
    assert _validate({"candidate.birth_date": "2026-11-27"}).candidate.birth_date == TODAY


def test_impossible_date_is_reported_against_its_field() -> None:
    [problem] = _problems({"position.start_date": "2026-02-30"})
    assert problem.startswith("offer.yaml: position.start_date: ")
    assert "day value is outside expected range" in problem


@pytest.mark.parametrize("amount", ["0", "-1.00", "12.345", "abc", "NaN"])
def test_money_must_be_positive_fen(amount: str) -> None:
    [problem] = _problems({"pay.base_monthly": amount})
    assert problem.startswith("offer.yaml: pay.base_monthly: ")


def test_misspelt_field_is_an_error() -> None:
    assert _problems({"pay.base_montly": "1.00"}) == ["offer.yaml: pay.base_montly: Extra inputs are not permitted"]


def test_phone_stays_text() -> None:
    assert _validate({"candidate.phone": "+8613800138000"}).candidate.phone == "+8613800138000"


def test_issue_date_defaults_to_today() -> None:
    assert _validate({"issue_date": _DELETE, "reply_deadline": "2026-12-31"}).issue_date == TODAY
