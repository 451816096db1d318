"""The resignation certificate: Implementing Regulations Art. 24 (CN) and LSA Art. 19 with its ruling (TW)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from docgen.documents.arithmetic import add_months, completed_months
from docgen.documents.resignation_certificate import ResignationCertificate
from docgen.pipeline import render_document

from .textutil import html_text
from .variants import DELETE, problems, text, validate

TYPE = "resignation_certificate"
TW: dict[str, Any] = {
    "jurisdiction": "TW",
    "department": DELETE,
    "contract": DELETE,
    "handover": DELETE,
    "work_nature": "負責天貓店鋪商品上架、活動設定及銷售數據分析",
    "wage": {"monthly": "45000.00", "currency": "TWD"},
}


def _service(hire: str, termination: str) -> tuple[int, int]:
    # Without the sample's handover, which would fall after these earlier issue dates.
    changes = {
        "hire_date": hire,
        "termination_date": termination,
        "contract.start": hire,
        "issue_date": termination,
        "handover": DELETE,
    }
    length = validate(TYPE, changes).service_length
    return length.years, length.months


def test_sample_service_length() -> None:
    certificate = validate(TYPE)
    assert isinstance(certificate, ResignationCertificate)
    assert (certificate.service_length.years, certificate.service_length.months) == (0, 10)


@pytest.mark.parametrize(
    ("hire", "termination", "years", "months"),
    [
        ("2023-03-13", "2023-03-13", 0, 0),  # one day
        ("2023-03-13", "2023-04-11", 0, 0),  # a day short of a month
        ("2023-03-13", "2023-04-12", 0, 1),  # both days counted: a whole month
        ("2023-03-13", "2024-03-11", 0, 11),
        ("2023-03-13", "2024-03-12", 1, 0),
        ("2023-03-01", "2026-08-31", 3, 6),
        ("2024-01-31", "2024-02-27", 0, 0),
        ("2024-01-31", "2024-02-28", 0, 1),  # January 31 plus a month is February 29 (2024): a whole month
    ],
)
def test_years_and_months_of_service(hire: str, termination: str, years: int, months: int) -> None:
    assert _service(hire, termination) == (years, months)


def test_month_arithmetic_follows_month_ends() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 31), 24) == date(2028, 12, 31)
    assert add_months(date(2028, 2, 29), 24) == date(2030, 2, 28)
    assert completed_months(date(2024, 1, 31), date(2024, 2, 29)) == 1
    assert completed_months(date(2024, 1, 31), date(2024, 2, 28)) == 0
    assert completed_months(date(2024, 5, 1), date(2024, 4, 1)) == 0


def test_termination_before_hire_is_refused() -> None:
    changes = {"hire_date": "2023-03-13", "termination_date": "2023-03-12", "issue_date": "2023-03-12"}
    assert problems(TYPE, changes) == [f"{TYPE}.yaml: termination_date: 2023-03-12 falls before hire_date 2023-03-13"]


def test_certificate_is_issued_when_the_employment_ends() -> None:
    assert validate(TYPE, {"issue_date": "2027-11-30"}).issue_date == date(2027, 11, 30)
    [problem] = problems(TYPE, {"issue_date": "2027-11-29"})
    assert problem.startswith(f"{TYPE}.yaml: issue_date: 2027-11-29 falls before termination_date 2027-11-30")


def test_there_is_no_evaluation_field() -> None:
    assert problems(TYPE, {"evaluation": "工作认真负责"}) == [
        f"{TYPE}.yaml: evaluation: Extra inputs are not permitted"
    ]
    # The only reasons are fixed, neutral choices: free text cannot slip in through them.
    [problem] = problems(TYPE, {"leaving_reason": "工作表现不佳"})
    assert problem.startswith(f"{TYPE}.yaml: leaving_reason: Input should be 'personal_resignation'")


def test_reason_only_when_the_employee_asked() -> None:
    assert problems(TYPE, {"reason_requested": False}) == [
        f"{TYPE}.yaml: leaving_reason: the reason for leaving is stated only at the employee's request; "
        "set reason_requested: true once they have asked for it, or leave the reason out"
    ]
    assert problems(TYPE, {"leaving_reason": DELETE}) == [
        f"{TYPE}.yaml: leaving_reason: required when reason_requested is true"
    ]


@pytest.mark.parametrize(
    ("locale", "label"), [("zh_CN", "离职原因"), ("en_US", "Reasonforleaving"), ("zh_TW", "離職原因")]
)
def test_reason_is_printed_only_when_asked_for(settings, locale: str, label: str) -> None:
    assert label in text(validate(TYPE), settings, locale)
    without = validate(TYPE, {"leaving_reason": DELETE, "reason_requested": False})
    assert label not in text(without, settings, locale)


def test_expiry_reason_needs_an_expiry() -> None:
    assert problems(TYPE, {"leaving_reason": "contract_expiry"}) == [
        f"{TYPE}.yaml: ended_by: must be expiry when the reason is contract_expiry"
    ]


def test_handover_is_optional(settings) -> None:
    assert "办结工作交接" in text(validate(TYPE), settings, "zh_CN")
    assert "交接" not in text(validate(TYPE, {"handover": DELETE}), settings, "zh_CN")


def test_cn_needs_the_contract_term() -> None:
    [problem] = problems(TYPE, {"contract": DELETE})
    assert problem.startswith(f"{TYPE}.yaml: contract: required under CN") and "Art. 24" in problem


@pytest.mark.parametrize(("kind", "end"), [("fixed_term", DELETE), ("open_ended", "2027-03-12")])
def test_contract_end_matches_its_kind(kind: str, end: object) -> None:
    [problem] = problems(TYPE, {"contract.kind": kind, "contract.end": end})
    assert problem.startswith(f"{TYPE}.yaml: contract.end: ")


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "zh_CN",
            [
                "劳动合同期限2027年1月4日至2030年1月3日（固定期限劳动合同）",
                "劳动合同解除日期2027年11月30日",
                "职位电商运营经理",
                "在本单位工作年限10个月",
            ],
        ),
        ("en_US", ["Contractterm", "PeriodofemploymentJanuary4,2027toNovember30,2027", "Lengthofservice10months"]),
        (
            "zh_TW",
            [
                "勞動合同期間2027年1月4日至2030年1月3日（固定期限勞動合同）",  # PRC law: PRC terms
                "勞動合同解除日期2027年11月30日",
                "工作年限10個月",
            ],
        ),
    ],
)
def test_cn_contents(settings, locale: str, phrases: list[str]) -> None:
    rendered = text(validate(TYPE), settings, locale)
    for phrase in phrases:
        assert phrase in rendered


def test_tw_needs_nature_of_work_and_wage() -> None:
    assert validate(TYPE, TW).jurisdiction == "TW"
    for field in ("work_nature", "wage"):
        [problem] = problems(TYPE, {**TW, field: DELETE})
        assert problem.startswith(f"{TYPE}.yaml: {field}: required under TW") and "25578" in problem


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("department", "天貓事業部"),
        ("contract", {"kind": "open_ended", "start": "2027-01-04"}),
        ("handover", {"completed_on": "2027-11-26"}),
    ],
)
def test_tw_holds_nothing_else_without_consent(field: str, value: object) -> None:
    [problem] = problems(TYPE, {**TW, field: value})
    assert problem.startswith(f"{TYPE}.yaml: {field}: under TW the certificate holds only position")
    assert validate(TYPE, {**TW, field: value, "extras_consented": True}).extras_consented


def test_consent_is_a_tw_field() -> None:
    assert problems(TYPE, {"extras_consented": True}) == [f"{TYPE}.yaml: extras_consented: applies only under TW"]


@pytest.mark.parametrize(
    ("locale", "phrases"),
    [
        (
            "zh_CN",
            [
                "服务证明书",
                "担任职务电商运营经理",
                "工作性质",
                "服务年资10个月",
                "新台币45,000元/月",
                "劳动基准法》第十九条",
            ],
        ),
        (
            "en_US",
            ["CertificateofService", "Natureofwork", "TWD45,000amonth", "Article19oftheLaborStandardsAct"],
        ),
        (
            "zh_TW",
            [
                "服務證明書",
                "擔任職務电商运营经理",
                "服務年資10個月",
                "新臺幣45,000元/月",
                "勞動基準法第十九條",
                "經本人同意記載",
            ],
        ),
    ],
)
def test_tw_contents(settings, locale: str, phrases: list[str]) -> None:
    rendered = text(validate(TYPE, TW), settings, locale)
    for phrase in phrases:
        assert phrase in rendered
    assert "劳动合同期限" not in rendered and "勞動契約期間" not in rendered and "Contractterm" not in rendered


def test_tw_contents_in_docx(settings) -> None:
    rendered = text(validate(TYPE, TW), settings, "zh_TW", "docx")
    assert "服務證明書" in rendered and "新臺幣45,000元/月" in rendered and "勞動契約期間" not in rendered


# ---------------------------------------------------------------- titles and terms (issue #17)


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_the_english_title_is_a_certificate_of_separation(settings, fmt: str) -> None:
    rendered = text(validate(TYPE), settings, "en_US", fmt)
    assert "CertificateofSeparationfromEmployment" in rendered
    assert "EmploymentVerificationLetter" not in rendered  # a letter confirming current employment is another thing
    assert "Thisistocertifythat" in rendered


def test_zh_tw_under_prc_law_keeps_the_prc_terms(settings) -> None:
    rendered = text(validate(TYPE), settings, "zh_TW")
    assert "勞動合同解除日期" in rendered and "固定期限勞動合同" in rendered
    assert "勞動契約" not in rendered and "定期勞動契約" not in rendered


def test_zh_cn_puts_no_space_around_dates_and_figures(settings) -> None:
    rendered = html_text(render_document(validate(TYPE), settings, fmt="html", locale="zh_CN"))
    assert "林晓雯自2027年1月4日起在我公司工作，至2027年11月30日止" in rendered
    assert "已于2027年11月30日解除" in rendered
