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
from docgen.pipeline import render_document
from docgen.samples import sample_path
from docgen.validation import validate_record

from .textutil import html_text
from .variants import text, validate

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


# ---------------------------------------------------------------- conditions of employment, hours, signing, pay basis


def test_a_prc_probation_needs_its_conditions_of_employment() -> None:
    [problem] = _problems({"terms.probation_conditions": []})
    assert problem.startswith("offer.yaml: terms.probation_conditions: a probation needs its conditions")
    assert "Art. 39(1)" in problem
    assert _validate(
        {"terms.probation_conditions": [], "terms.probation_months": 0, "terms.probation_monthly_pay": _DELETE}
    )
    assert _validate({"terms.probation_conditions": [], "jurisdiction": "TW"})  # Taiwan: no Art. 39(1)


@pytest.mark.parametrize("system", ["comprehensive", "flexible"])
def test_a_special_working_hours_system_needs_its_approval_number(system: str) -> None:
    [problem] = _problems({"terms.working_hours": system})
    assert problem.startswith(f"offer.yaml: terms.working_hours_approval: a {system} working-hours system needs")
    approved = _validate({"terms.working_hours": system, "terms.working_hours_approval": "沪人社综〔2026〕18号"})
    assert approved.terms.working_hours_approval == "沪人社综〔2026〕18号"


def test_the_standard_system_takes_no_approval_number() -> None:
    [problem] = _problems({"terms.working_hours_approval": "沪人社综〔2026〕18号"})
    assert "standard working-hours system needs no approval" in problem


def test_the_contract_is_signed_within_one_month_of_the_first_day() -> None:
    """Art. 10: start 2027-01-04, so 2027-02-04 at the latest."""
    assert _validate({"terms.contract_signing_date": "2027-02-04"}).contract_signing_date == date(2027, 2, 4)
    [problem] = _problems({"terms.contract_signing_date": "2027-02-05"})
    assert problem.startswith("offer.yaml: terms.contract_signing_date: 2027-02-05 is more than one month after")
    assert "by 2027-02-04" in problem and "Art. 10" in problem
    assert _validate({"terms.contract_signing_date": _DELETE}).contract_signing_date == date(2027, 1, 4)


def test_probation_pay_of_the_base_only_adds_the_allowances_and_performance_pay_for_art_20() -> None:
    # 12,200 base + 1,000 allowances + 3,000 performance pay = 16,200 ≥ 80% of 19,000 (15,200)
    letter = _validate({"terms.probation_pay_covers": "base_only", "terms.probation_monthly_pay": "12200.00"})
    assert letter.probation_wage == Decimal("16200.00")
    [problem] = _problems({"terms.probation_monthly_pay": "12200.00"})  # the whole wage: below 80%
    assert "below 80%" in problem
    [problem] = _problems({"terms.probation_pay_covers": "base_only", "terms.probation_monthly_pay": "11199.99"})
    assert "below 80%" in problem


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "zh_CN",
            [
                "试用期录用条件如下",
                "第三十九条第（一）项",
                "已包含上述津贴及绩效工资",
                "实行标准工时制",
                "公司将于2027年1月4日前与您签订书面劳动合同（《劳动合同法》第十条",
                "三、录用前提",
                "背景调查",
                "入职体检",
                "竞业限制",
            ],
        ),
        (
            "en_US",
            [
                "conditions of employment that the probation tests",
                "Article 39(1)",
                "including the allowances and the performance pay",
                "standard working-hours system",
                "shall sign a written employment contract with you by January 4, 2027",
                "3. Conditions of this offer",
                "on the 10th of each month",
                "(in words: RMB Nineteen Thousand Yuan Only)",
            ],
        ),
        ("zh_TW", ["試用期錄用條件如下", "解除勞動合同", "績效工資（目標值）", "固定期限勞動合同", "三、錄用前提"]),
    ],
)
def test_the_letter_states_its_conditions_hours_signing_date_and_pay_basis(settings, locale, phrases) -> None:
    rendered = text(validate("offer_letter"), settings, locale, "pdf")
    for phrase in phrases:
        assert "".join(phrase.split()) in rendered, phrase


def test_zh_tw_under_taiwan_law_uses_taiwan_terms(settings) -> None:
    rendered = text(validate("offer_letter", {"jurisdiction": "TW"}), settings, "zh_TW")
    for phrase in ("績效獎金（目標值）", "定期勞動契約", "終止勞動契約"):
        assert phrase in rendered, phrase
    for prc in ("績效工資", "勞動合同", "解除"):
        assert prc not in rendered, prc


def test_zh_cn_puts_no_space_between_chinese_and_digits(settings) -> None:
    rendered = html_text(render_document(validate("offer_letter"), settings, fmt="html", locale="zh_CN"))
    for joined in ("合同期限36个月。试用期6个月", "每月10日发放", "带薪年休假10天/年", "于2026年12月10日前"):
        assert joined in rendered, joined
