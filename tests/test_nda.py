"""The NDA: its two forms, the term, and the non-compete limits of Labour Contract Law Art. 23-25 and LSA Art. 9-1."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from docgen.documents.nda import Nda
from docgen.locale.fields import title as type_title

from .variants import DELETE, problems, text, validate

TYPE = "nda"
MUTUAL: dict[str, Any] = {
    "form": "mutual",
    "employee": DELETE,
    "non_compete": DELETE,
    "signing_place": DELETE,
    "counterparty": {
        "legal_name": "杭州澜悦生物科技有限公司",
        "uscc": "91330106MA2H3K5X7U",
        "address": "杭州市西湖区文三路 478 号",
        "representative": "沈若琳",
    },
    "purpose": "澜悦护肤天猫旗舰店代运营合作的洽谈与履行",
    "term": {"years": 3, "survival_years": 2},
    "liquidated_damages": "50000.00",
    "disputes": {"method": "arbitration", "venue": "上海国际仲裁中心"},
}
DATES = {"non_compete.months": DELETE, "non_compete.leaving_date": "2026-12-31"}
TW = {"jurisdiction": "TW", "non_compete.average_monthly_wage": "12000.00"}
LENGTH_LAW = "exceeds the limit of 24 months after leaving (Labour Contract Law Art. 24)"


def test_sample_is_an_employee_undertaking_with_a_non_compete() -> None:
    nda = validate(TYPE)
    assert isinstance(nda, Nda)
    assert nda.non_compete is not None and nda.non_compete.months == 12
    assert type_title("nda", "zh_CN", nda.title_variant()) == "保密及竞业限制承诺书"


@pytest.mark.parametrize("months", [1, 23, 24])
def test_non_compete_up_to_24_months_is_allowed(months: int) -> None:
    assert validate(TYPE, {"non_compete.months": months}).non_compete.months == months


@pytest.mark.parametrize("months", [25, 36])
def test_non_compete_over_24_months_is_refused(months: int) -> None:
    assert problems(TYPE, {"non_compete.months": months}) == [
        f"{TYPE}.yaml: non_compete.months: a non-compete of {months} months {LENGTH_LAW}"
    ]


@pytest.mark.parametrize(
    ("leaving", "end"),
    [("2026-12-31", "2028-12-31"), ("2026-06-15", "2028-06-15"), ("2028-02-29", "2030-02-28")],
)
def test_non_compete_ending_exactly_24_months_after_leaving_is_allowed(leaving: str, end: str) -> None:
    nda = validate(TYPE, {**DATES, "non_compete.leaving_date": leaving, "non_compete.end_date": end})
    assert nda.non_compete.end_date == date.fromisoformat(end)


@pytest.mark.parametrize(
    ("leaving", "end", "latest"),
    [
        ("2026-12-31", "2029-01-01", "2028-12-31"),
        ("2026-06-15", "2028-06-16", "2028-06-15"),
        ("2028-02-29", "2030-03-01", "2030-02-28"),
    ],
)
def test_non_compete_24_months_and_a_day_is_refused(leaving: str, end: str, latest: str) -> None:
    assert problems(TYPE, {**DATES, "non_compete.leaving_date": leaving, "non_compete.end_date": end}) == [
        f"{TYPE}.yaml: non_compete.end_date: {end} is more than 24 months after leaving_date {leaving} "
        f"(at most {latest}; Labour Contract Law Art. 24)"
    ]


def test_non_compete_length_is_given_one_way() -> None:
    assert problems(TYPE, {"non_compete.end_date": "2027-12-31", "non_compete.leaving_date": "2026-12-31"}) == [
        f"{TYPE}.yaml: non_compete.months: give either months, or leaving_date and end_date, not both"
    ]
    assert problems(TYPE, {**DATES}) == [
        f"{TYPE}.yaml: non_compete.end_date: give months, or both leaving_date and end_date"
    ]
    assert problems(TYPE, {**DATES, "non_compete.end_date": "2026-12-31"}) == [
        f"{TYPE}.yaml: non_compete.end_date: 2026-12-31 is not after leaving_date 2026-12-31"
    ]
    [problem] = problems(TYPE, {"non_compete.months": 0})
    assert problem == f"{TYPE}.yaml: non_compete.months: Input should be greater than or equal to 1"


@pytest.mark.parametrize("amount", [DELETE, "0.00", "-100.00"])
def test_non_compete_without_compensation_is_refused_with_the_reason(amount: object) -> None:
    assert problems(TYPE, {"non_compete.monthly_compensation": amount}) == [
        f"{TYPE}.yaml: non_compete.monthly_compensation: a non-compete needs a monthly compensation paid during "
        "the restriction (Labour Contract Law Art. 23); without one it is refused"
    ]
    assert validate(TYPE, {"non_compete.monthly_compensation": "0.01"}).non_compete is not None


def test_tw_non_compete_rules() -> None:
    assert validate(TYPE, TW).jurisdiction == "TW"
    assert problems(TYPE, {**TW, "non_compete.months": 25}) == [
        f"{TYPE}.yaml: non_compete.months: a non-compete of 25 months exceeds the limit of 24 months after leaving "
        "(Labor Standards Act Art. 9-1)"
    ]
    [problem] = problems(TYPE, {**TW, "non_compete.monthly_compensation": DELETE})
    assert "Labor Standards Act Art. 9-1" in problem


def test_tw_compensation_is_at_least_half_the_wage() -> None:
    assert validate(TYPE, {**TW, "non_compete.monthly_compensation": "6000.00"}).jurisdiction == "TW"
    assert problems(TYPE, {**TW, "non_compete.monthly_compensation": "5999.99"}) == [
        f"{TYPE}.yaml: non_compete.monthly_compensation: 5999.99 is below half the average monthly wage 12000.00 "
        "(at least 6000.00; LSA Enforcement Rules Art. 7-3)"
    ]
    [problem] = problems(TYPE, {**TW, "non_compete.average_monthly_wage": DELETE})
    assert problem.startswith(f"{TYPE}.yaml: non_compete.average_monthly_wage: required under TW")


@pytest.mark.parametrize("years", [-1, 0])
def test_negative_or_zero_term_is_refused(years: int) -> None:
    assert problems(TYPE, {"term.years": years}) == [
        f"{TYPE}.yaml: term.years: Input should be greater than or equal to 1"
    ]


def test_term_boundaries() -> None:
    assert validate(TYPE, {"term.years": 1}).term.years == 1
    assert validate(TYPE, {"term.survival_years": 0}).term.survival_years == 0
    assert problems(TYPE, {"term.survival_years": -1}) == [
        f"{TYPE}.yaml: term.survival_years: Input should be greater than or equal to 0"
    ]


def test_cn_employee_pays_liquidated_damages_only_for_the_non_compete() -> None:
    [problem] = problems(TYPE, {"liquidated_damages": "50000.00"})
    assert problem.startswith(f"{TYPE}.yaml: liquidated_damages: an employee may be bound to pay liquidated damages")
    assert "Art. 25" in problem
    assert validate(TYPE, {**TW, "liquidated_damages": "50000.00"}).liquidated_damages == Decimal("50000.00")
    assert validate(TYPE, MUTUAL).liquidated_damages == Decimal("50000.00")


def test_cn_labour_disputes_go_to_arbitration() -> None:
    [problem] = problems(TYPE, {"disputes.method": "court"})
    assert problem.startswith(f"{TYPE}.yaml: disputes.method: labour disputes go to labour dispute arbitration")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"counterparty": DELETE}, "counterparty", "required for a mutual agreement"),
        ({"purpose": DELETE}, "purpose", "required for a mutual agreement"),
        ({"term.years": DELETE}, "term.years", "required for a mutual agreement"),
        ({"employee": {"name": "周子涵", "department": "抖音事业部", "position": "主管"}}, "employee", "only for"),
        (
            {"non_compete": {"scope": "x", "region": "y", "months": 6, "monthly_compensation": "1.00"}},
            "non_compete",
            "binds",
        ),
    ],
)
def test_mutual_form_parties(changes: dict[str, Any], field: str, message: str) -> None:
    [problem] = problems(TYPE, {**MUTUAL, **changes})
    assert problem.startswith(f"{TYPE}.yaml: {field}: {message}")


def test_employee_form_parties() -> None:
    assert problems(TYPE, {"employee": DELETE}) == [f"{TYPE}.yaml: employee: required for the employee form"]
    [problem] = problems(TYPE, {"counterparty": MUTUAL["counterparty"]})
    assert problem.startswith(f"{TYPE}.yaml: counterparty: only for a mutual agreement")


def test_categories_are_listed_once() -> None:
    assert problems(TYPE, {"information.categories": ["pay", "client_data", "pay"]}) == [
        f"{TYPE}.yaml: information.categories: listed more than once: pay"
    ]


@pytest.mark.parametrize(
    ("changes", "titles"),
    [
        ({}, ("保密及竞业限制承诺书", "Confidentiality and Non-Compete Undertaking", "保密及競業限制承諾書")),
        (TW, ("保密及竞业禁止承诺书", "Confidentiality and Non-Compete Undertaking", "保密及競業禁止承諾書")),
        ({"non_compete": DELETE}, ("保密承诺书", "Confidentiality Undertaking", "保密承諾書")),
        (MUTUAL, ("保密协议", "Mutual Non-Disclosure Agreement", "保密協議")),
    ],
)
def test_title_follows_the_form(settings, changes: dict[str, Any], titles: tuple[str, str, str]) -> None:
    nda = validate(TYPE, changes)
    for locale, title in zip(("zh_CN", "en_US", "zh_TW"), titles, strict=True):
        assert "".join(title.split()) in text(nda, settings, locale, "docx")


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "zh_CN",
            [
                "甲方",
                "乙方（盖章）：杭州澜悦生物科技有限公司",
                "有效期3年",
                "继续有效2年",
                "人民币伍万元整",
                "提交上海国际仲裁中心仲裁",
            ],
        ),
        (
            "en_US",
            [
                "PartyB",
                "forceFor3years",
                "continuefor2years",
                "RMBFiftyThousandYuanOnly",
                "submittedto上海国际仲裁中心",
            ],
        ),
        (
            "zh_TW",
            ["乙方（蓋章）：杭州澜悦生物科技有限公司", "有效期間3年", "人民幣伍萬元整", "提交上海国际仲裁中心仲裁"],
        ),
    ],
)
def test_mutual_form_renders(settings, locale: str, fmt: str, phrases: list[str]) -> None:
    rendered = text(validate(TYPE, MUTUAL), settings, locale, fmt)
    for phrase in phrases:
        assert phrase.lower() in rendered.lower()
    assert "竞业" not in rendered and "競業" not in rendered and "Non-compete" not in rendered


def test_articles_renumber_without_a_non_compete(settings) -> None:
    assert "第八条违约责任" in text(validate(TYPE), settings, "zh_CN")
    assert "依照第七条的约定" in text(validate(TYPE), settings, "zh_CN")
    without = text(validate(TYPE, {"non_compete": DELETE}), settings, "zh_CN")
    assert "第七条违约责任" in without and "第七条竞业限制" not in without


def test_items_renumber_when_a_category_is_left_out(settings) -> None:
    rendered = text(validate(TYPE, {"information.categories": ["financial_data", "pay"]}), settings, "zh_CN")
    assert "（一）财务数据" in rendered and "（二）薪酬信息" in rendered and "（三）其他：" in rendered
    assert "客户资料" not in rendered


@pytest.mark.parametrize(
    ("locale", "phrase"),
    [
        ("zh_CN", "竞业限制期限为自2027年1月1日起至2028年12月31日止，不超过二年"),
        ("en_US", "fromJanuary1,2027toDecember31,2028"),
        ("zh_TW", "競業限制期間為自2027年1月1日起至2028年12月31日止，不超過二年"),
    ],
)
def test_non_compete_with_dates_renders_them(settings, locale: str, phrase: str) -> None:
    nda = validate(TYPE, {**DATES, "non_compete.end_date": "2028-12-31"})
    assert phrase in text(nda, settings, locale)


# ---------------------------------------------------------------- who may be bound, waiver, notices (issue #17)


@pytest.mark.parametrize("role", ["senior_manager", "senior_technical", "confidential_staff"])
def test_a_prc_non_compete_binds_the_roles_of_art_24(role: str) -> None:
    assert validate(TYPE, {"employee.role": role}).employee.role == role


def test_a_prc_non_compete_refuses_other_staff_naming_the_role() -> None:
    assert problems(TYPE, {"employee.role": "other"}) == [
        f"{TYPE}.yaml: employee.role: a non-compete may bind only senior managers, senior technical staff and "
        "others with a duty of confidentiality, not an employee whose role is other (Labour Contract Law Art. 24 ¶1)"
    ]
    [problem] = problems(TYPE, {"employee.role": DELETE})
    assert problem.startswith(f"{TYPE}.yaml: employee.role: required for a non-compete under PRC law")
    assert validate(TYPE, {"employee.role": "other", "non_compete": DELETE}).employee.role == "other"


def test_under_tw_law_the_role_is_not_checked() -> None:
    """LSA Art. 9-1 has its own conditions; the PRC roles of Art. 24 do not apply."""
    assert validate(TYPE, {**TW, "employee.role": "other"}).jurisdiction == "TW"


@pytest.mark.parametrize(
    ("locale", "waiver", "unpaid"),
    [
        (
            "zh_CN",
            "在竞业限制期限内通知的，公司应额外向本人支付三个月的竞业限制经济补偿",
            "因公司原因三个月未支付经济补偿的",
        ),
        (
            "en_US",
            "it shall pay me three months' non-compete compensation in addition",
            "fails to pay the compensation for three months",
        ),
        ("zh_TW", "公司應額外給付本人三個月之競業限制經濟補償", "因公司之原因三個月未給付經濟補償者"),
    ],
)
def test_the_waiver_and_the_employees_right_to_end_it_under_prc_law(settings, locale, waiver, unpaid) -> None:
    rendered = text(validate(TYPE), settings, locale, "pdf")
    assert "".join(waiver.split()) in rendered and "".join(unpaid.split()) in rendered
    taiwan = text(validate(TYPE, TW), settings, locale)
    assert "".join(waiver.split()) not in taiwan and "".join(unpaid.split()) not in taiwan


@pytest.mark.parametrize(
    ("locale", "narrowed"),
    [
        (
            "zh_CN",
            "仅可披露该客户自身的信息及公司为其提供服务的信息，不得披露其他客户的信息、公司的财务数据及任何人的薪酬信息",
        ),
        ("en_US", "only that client's own information and information on the Company's services to it, never other"),
        ("zh_TW", "僅得揭露該客戶自身之資訊及公司為其提供服務之資訊"),
    ],
)
def test_disclosure_to_a_client_is_narrowed_to_that_clients_own_information(settings, locale, narrowed) -> None:
    rendered = text(validate(TYPE), settings, locale)
    assert "".join(narrowed.split()) in rendered
    assert "同事及公司客户披露" not in rendered and "colleagues and Company clients" not in rendered


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_the_employees_signing_date_is_left_blank(settings, locale: str) -> None:
    """The company signs on the issue date; the employee dates their own signature."""
    nda = validate(TYPE)
    rendered = text(nda, settings, locale)
    issued = {"zh_CN": "2026年12月1日", "zh_TW": "2026年12月1日", "en_US": "December1,2026"}[locale]
    assert rendered.count(issued) == 1


@pytest.mark.parametrize(
    ("locale", "label"), [("zh_CN", "通知送达地址"), ("en_US", "Addressfornotices"), ("zh_TW", "通知送達地址")]
)
def test_the_employees_address_for_notices(settings, locale: str, label: str) -> None:
    rendered = text(validate(TYPE), settings, locale)
    assert f"{label}上海市浦东新区锦绣路2580弄12号601室" in rendered
    blank = text(validate(TYPE, {"employee.address": DELETE}), settings, locale)
    assert label in blank and "锦绣路" not in blank


def test_the_scope_is_the_roles_business_and_names_competitors(settings) -> None:
    rendered = text(validate(TYPE), settings, "zh_CN")
    assert "竞业限制的范围限于与本人在公司所任职务相关的业务，即：抖音、快手平台的直播电商代运营服务" in rendered
    assert "地域为：上海市、江苏省、浙江省" in rendered and "杭州星播网络科技有限公司" in rendered


def test_zh_tw_follows_the_jurisdictions_terms(settings) -> None:
    prc = text(validate(TYPE), settings, "zh_TW")
    assert "保密及競業限制承諾書" in prc and "競業禁止" not in prc and "解除勞動合同" in prc
    taiwan = text(validate(TYPE, TW), settings, "zh_TW")
    assert "保密及競業禁止承諾書" in taiwan and "競業限制" not in taiwan and "終止勞動契約" in taiwan
