"""The exit clearance: the notice against the law for each kind of separation (noted, never refused), the final
wage, untaken annual leave, economic compensation and its cap, its tax-exempt part, pay in lieu of notice, the
reimbursements it cites, TW's rules and what TW refuses, the non-compete, the exit interview's reason kept off
every printed page, the certificate derived from it and checked against it, and spreadsheet input."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.config import Settings
from docgen.derive import derive_yaml
from docgen.documents.exit_clearance import ExitClearance, ExitClearanceSettings
from docgen.inputs import Record, load_records
from docgen.registry import get_type
from docgen.resources import bundled_templates
from docgen.validation import validate_record

from .conftest import SAMPLES
from .registers import run, write_data
from .test_project_plan import _titled
from .test_repeated_facts import contract
from .variants import DELETE, TODAY, problems, text, validate, variant
from .webforms import changed, form_pairs, messages_by_field, post_form, web_client, web_settings

TYPE = "exit_clearance"
FILE = "exit_clearance.yaml"
CLEARANCE: dict[str, Any] = load_records(SAMPLES / FILE)[0].data
CLAIM: dict[str, Any] = load_records(SAMPLES / "expense_claim.yaml")[0].data
CERTIFICATE: dict[str, Any] = load_records(SAMPLES / "resignation_certificate.yaml")[0].data
REASON = "希望转向品牌方工作，通勤时间较长"
D = Decimal


def with_settings(changes: dict[str, Any], **settings: Any) -> ExitClearance:
    """The changed sample validated under [types.exit_clearance] settings."""
    own = ExitClearanceSettings.model_validate(settings)
    document = validate_record(get_type(TYPE), Record(variant(TYPE, changes), FILE), today=TODAY, type_settings=own)
    assert isinstance(document, ExitClearance)
    return document


def clearance(changes: dict[str, Any] | None = None) -> ExitClearance:
    document = validate(TYPE, changes)
    assert isinstance(document, ExitClearance)
    return document


def test_sample_figures() -> None:
    sample = clearance()
    assert sample.final_wage == D("18344.83")  # 19,000.00 × 21 ÷ 21.75 = 18,344.827… → 18,344.83
    assert (sample.leave_entitlement, sample.leave_year_days, sample.leave_days_untaken) == (5, 331, D(2))
    assert sample.leave_pay == D("3076.05")  # 16,726.00 × 2 × 200% ÷ 21.75 = 3,076.045… → 3,076.05
    assert (sample.compensation_months, sample.compensation) == (D(1), D("16726.00"))
    assert (sample.compensation_tax_exempt, sample.compensation_taxable) == (D("16726.00"), D("0.00"))
    assert (sample.gross_total, sample.net_payable, sample.net_owed) == (D("40800.38"), D("38800.38"), D("0.00"))
    assert str(sample.handover_completed_on) == "2027-11-26"
    assert get_type(TYPE).number_pattern == "LJ-{yyyy}-{seq:04}" and get_type(TYPE).kind == "hr"


def test_personal_fields_are_the_id_pay_bank_and_interview() -> None:
    assert get_type(TYPE).personal_fields == ("employee.id_number", "pay", "bank_account", "exit_interview_reason")


# ---------------------------------------------------------------- the final wage (劳社部发〔2008〕3号)


def test_the_final_wage_is_rounded_half_up_once_and_its_divisor_is_configured() -> None:
    # 100.10 × 1 ÷ 20 = 5.005: half up gives 5.01 (banker's rounding would give 5.00).
    changed = with_settings({"pay.monthly_wage": "100.10", "pay.days_payable": 1}, monthly_pay_days="20")
    assert changed.final_wage == D("5.01")
    assert with_settings({"pay.days_payable": 0}).final_wage == D("0.00")


# ---------------------------------------------------------------- annual leave (条例 Art. 3; 实施办法 Arts. 10–12)


@pytest.mark.parametrize(("years", "days"), [(0, 0), (1, 5), (9, 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_the_entitlement_follows_cumulative_working_years(years: int, days: int) -> None:
    assert clearance({"annual_leave.working_years": years}).leave_entitlement == days


@pytest.mark.parametrize(("last_day", "untaken"), [("2027-03-13", 0), ("2027-03-14", 1)])
def test_untaken_leave_is_pro_rata_with_the_fraction_dropped(last_day: str, untaken: int) -> None:
    # From 2027-01-01: 72 days ÷ 365 × 5 = 0.986 → 0 days; 73 days ÷ 365 × 5 = 1 day exactly.
    changes = {"hire_date": "2027-01-01", "last_working_day": last_day, "annual_leave.days_taken": 0}
    assert clearance(changes).leave_days_untaken == untaken


def test_leave_taken_beyond_the_share_is_not_clawed_back() -> None:
    assert clearance({"annual_leave.days_taken": 5}).leave_days_untaken == 0


def test_untaken_leave_is_paid_at_200_percent_of_the_12_month_daily_wage() -> None:
    sample = clearance({"annual_leave.days_taken": 0})  # 331 ÷ 365 × 5 = 4.53 → 4 days
    assert (sample.leave_days_untaken, sample.leave_rate, sample.leave_daily_wage) == (4, 200, D("769.01"))
    assert sample.leave_pay == D("6152.09")  # 16,726.00 × 4 × 2 ÷ 21.75 = 6,152.091…
    assert clearance({"annual_leave": DELETE}).leave_pay == 0


# ---------------------------------------------------------------- economic compensation (Arts. 46, 47)


@pytest.mark.parametrize(
    ("last_day", "months"),
    [("2027-01-04", D("0.5")), ("2027-07-02", D("0.5")), ("2027-07-03", D(1)), ("2028-01-03", D(1)),
     ("2028-01-04", D("1.5")), ("2028-07-03", D(2))],
)  # fmt: skip
def test_six_months_count_as_a_year_and_less_as_half_a_month(last_day: str, months: Decimal) -> None:
    # Hired 2027-01-04: to 2027-07-02 is 5 months 29 days, to 2027-07-03 six months, to 2028-01-03 one year.
    changes = {"last_working_day": last_day, "non_compete": DELETE, "issue_date": last_day}
    assert clearance(changes).compensation_months == months


LONG = {"hire_date": "2010-01-04", "annual_leave": DELETE}  # to 2027-11-30: 17 years 10 months 27 days → 18


@pytest.mark.parametrize(
    ("average", "capped", "wage", "months"),
    [("37302.00", False, "37302.00", 18), ("37302.01", True, "37302.00", 12), ("12000.00", False, "12000.00", 18)],
)
def test_above_three_times_the_local_average_caps_the_wage_and_the_years(
    average: str, capped: bool, wage: str, months: int
) -> None:
    # 3 × 12,434.00 = 37,302.00: exactly three times is not above it, so neither the wage nor the years are capped.
    found = clearance({**LONG, "pay.average_monthly_wage": average})
    assert (found.compensation_capped, found.compensation_wage, found.compensation_months) == (capped, D(wage), months)
    assert found.compensation == D(wage) * months


def test_the_local_average_is_configured() -> None:
    found = with_settings({**LONG, "pay.average_monthly_wage": "15000.01"}, local_average_monthly_wage="5000.00")
    assert (found.compensation_capped, found.compensation_wage, found.compensation_months) == (True, D(15000), 12)


@pytest.mark.parametrize(("average", "exempt", "taxable"), [("10000.00", "180000.00", "0.00"),
                                                            ("10000.01", "180000.00", "0.18")])  # fmt: skip
def test_compensation_is_tax_exempt_up_to_three_times_the_local_annual_wage(
    average: str, exempt: str, taxable: str
) -> None:
    # Local average 5,000.00 a month: the exempt part is 3 × 60,000.00 = 180,000.00; 18 months × 10,000.00 is at it.
    found = with_settings({**LONG, "pay.average_monthly_wage": average}, local_average_monthly_wage="5000.00")
    assert found.compensation_exempt_limit == D("180000.00")
    assert (found.compensation_tax_exempt, found.compensation_taxable) == (D(exempt), D(taxable))


@pytest.mark.parametrize(
    ("changes", "owed"),
    [
        ({"separation": "resignation", "notice_date": "2027-10-31", "mutual_agreement_proposed_by": DELETE}, False),
        ({"separation": "resignation_employer_fault", "mutual_agreement_proposed_by": DELETE}, True),
        ({"mutual_agreement_proposed_by": "employer"}, True),
        ({"mutual_agreement_proposed_by": "employee"}, False),
        ({"separation": "dismissal_fault", "mutual_agreement_proposed_by": DELETE}, False),
        ({"separation": "dismissal_no_fault", "notice_date": "2027-10-31", "mutual_agreement_proposed_by": DELETE},
         True),
        ({"separation": "redundancy", "mutual_agreement_proposed_by": DELETE}, True),
        ({"separation": "contract_expiry", "mutual_agreement_proposed_by": DELETE}, True),
        ({"separation": "contract_expiry", "mutual_agreement_proposed_by": DELETE, "renewal_refused": True}, False),
    ],
)  # fmt: skip
def test_the_kind_of_separation_decides_whether_compensation_is_owed(changes: dict[str, Any], owed: bool) -> None:
    found = clearance(changes)
    assert found.compensation_owed is owed
    assert found.compensation == (D("16726.00") if owed else 0)


def test_no_compensation_is_printed_as_not_owed(settings: Settings) -> None:
    rendered = text(clearance({"mutual_agreement_proposed_by": "employee"}), settings, "zh_CN")
    assert "本次离职不支付经济补偿（《劳动合同法》第四十六条）" in rendered and "经济补偿¥" not in rendered


# ---------------------------------------------------------------- notice (Art. 37, 40): noted, never refused

RESIGNED = {"separation": "resignation", "mutual_agreement_proposed_by": DELETE}


@pytest.mark.parametrize(("notice", "short"), [("2027-10-31", False), ("2027-11-01", True)])
def test_a_resignation_gives_30_days_notice_and_a_shorter_one_is_noted(
    notice: str, short: bool, settings: Settings
) -> None:
    found = clearance({**RESIGNED, "notice_date": notice})
    assert (found.notice_required_days, found.notice_days, found.notice_short) == (30, 30 if not short else 29, short)
    assert ("实际通知29天，少于法定的30天，特此记录。" in text(found, settings, "zh_CN")) is short


@pytest.mark.parametrize(("notice", "last_day", "required", "short"), [
    ("2027-06-30", "2027-07-03", 3, False),  # given during probation (it ends 2027-07-03): 3 days
    ("2027-07-01", "2027-07-03", 3, True),
    ("2027-07-03", "2027-07-06", 3, False),  # on probation's last day: still during probation
    ("2027-07-04", "2027-07-07", 30, True),  # the day after: 30 days
])  # fmt: skip
def test_during_probation_three_days_notice_suffice(notice: str, last_day: str, required: int, short: bool) -> None:
    changes = {**RESIGNED, "notice_date": notice, "last_working_day": last_day, "non_compete": DELETE}
    found = clearance(changes)
    assert (found.notice_required_days, found.notice_short) == (required, short)


@pytest.mark.parametrize(("notice", "in_lieu"), [("2027-10-31", "0"), ("2027-11-01", "19000.00")])
def test_an_art_40_dismissal_without_30_days_notice_pays_a_month_in_lieu(notice: str, in_lieu: str) -> None:
    changes = {"separation": "dismissal_no_fault", "notice_date": notice, "mutual_agreement_proposed_by": DELETE}
    assert clearance(changes).pay_in_lieu == D(in_lieu)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({**RESIGNED}, "notice_date", "a resignation needs the day written notice was given"),
        ({"mutual_agreement_proposed_by": DELETE}, "mutual_agreement_proposed_by",
         "a mutual agreement (Art. 36) says who proposed it"),
        ({**RESIGNED, "notice_date": "2027-10-31", "renewal_refused": True}, "renewal_refused",
         "only the end of a fixed term (Art. 44) has a refused renewal"),
        ({"notice_date": "2027-12-01"}, "notice_date", "2027-12-01 lies outside the employment"),
        ({"last_working_day": "2027-01-03"}, "last_working_day", "2027-01-03 falls before hire_date 2027-01-04"),
        ({"access.0.revoked_on": "2027-01-03"}, "access.0.revoked_on", "2027-01-03 falls before hire_date"),
    ],
)  # fmt: skip
def test_an_incomplete_separation_is_refused_naming_its_field(
    changes: dict[str, Any], field: str, message: str
) -> None:
    [problem] = problems(TYPE, changes)
    assert problem.startswith(f"{FILE}: {field}: {message}")


# ---------------------------------------------------------------- after the employment (Art. 24)


@pytest.mark.parametrize(("months", "ok"), [(24, True), (25, False)])
def test_a_non_compete_lasts_two_years_at_most(months: int, ok: bool) -> None:
    if ok:
        assert clearance({"non_compete.months": months}).non_compete is not None
    else:
        assert problems(TYPE, {"non_compete.months": months}) == [
            f"{FILE}: non_compete.months: 25 months exceeds the two years a non-compete may last after the "
            "employment (Labour Contract Law Art. 24; 勞動基準法 Art. 9-1)"
        ]


@pytest.mark.parametrize(("start", "ok"), [("2027-11-30", False), ("2027-12-01", True)])
def test_a_non_compete_starts_after_the_last_working_day(start: str, ok: bool) -> None:
    if ok:
        assert str(clearance({"non_compete.start": start}).non_compete.start) == start  # type: ignore[union-attr]
    else:
        [problem] = problems(TYPE, {"non_compete.start": start})
        assert problem.startswith(f"{FILE}: non_compete.start: 2027-11-30 falls on or before the last working day")


def test_the_nda_and_non_compete_are_recalled_on_the_document(settings: Settings) -> None:
    rendered = text(clearance(), settings, "zh_CN")
    assert "保密协议（编号BM-2026-0001）在离职后继续有效" in rendered
    assert "竞业限制自2027年12月1日起，为期12个月；在此期间公司按月支付竞业限制补偿金¥6,000.00。" in rendered


# ---------------------------------------------------------------- TW (勞動基準法, 勞工退休金條例)

TW = {"jurisdiction": "TW", "separation": "resignation", "mutual_agreement_proposed_by": DELETE}


@pytest.mark.parametrize(("notice", "required"), [("2027-04-03", 0), ("2027-04-04", 10), ("2028-01-03", 10),
                                                  ("2028-01-04", 20), ("2030-01-04", 30)])  # fmt: skip
def test_tw_notice_follows_seniority_by_art_16(notice: str, required: int) -> None:
    # Hired 2027-01-04: 3 months on 2027-04-04, a year on 2028-01-04, three years on 2030-01-04.
    changes = {**TW, "notice_date": notice, "last_working_day": "2030-02-28", "non_compete.start": "2030-03-01",
               "issue_date": "2030-02-28"}  # fmt: skip
    assert clearance(changes).notice_required_days == required


@pytest.mark.parametrize(
    ("last_day", "months"), [("2029-01-03", D(1)), ("2040-01-03", D(6)), ("2027-07-03", D("0.25"))]
)
def test_tw_severance_is_half_a_month_a_year_at_most_six(last_day: str, months: Decimal) -> None:
    changes = {**TW, "separation": "resignation_employer_fault", "last_working_day": last_day,
               "non_compete": DELETE, "issue_date": last_day}  # fmt: skip
    found = clearance(changes)
    assert (found.compensation_months, found.compensation) == (months, (D("16726.00") * months).quantize(D("0.01")))
    assert found.compensation_tax_exempt is None


def test_tw_pays_untaken_leave_at_100_percent_of_the_last_months_wage_by_30() -> None:
    # Hired 2027-01-04, leaving 2027-11-30: 10 months of seniority give 3 days (Art. 38 ¶1), 2 taken, 1 untaken.
    found = clearance({**TW, "notice_date": "2027-10-31"})
    assert (found.leave_entitlement, found.leave_days_untaken, found.leave_rate) == (3, 1, 100)
    assert (found.leave_daily_wage, found.leave_pay) == (D("633.33"), D("633.33"))  # 19,000.00 ÷ 30
    assert found.final_wage == D("13300.00")  # 19,000.00 × 21 ÷ 30


@pytest.mark.parametrize("separation", ["mutual_agreement", "dismissal_no_fault", "redundancy", "contract_expiry"])
def test_tw_refuses_what_it_does_not_implement_naming_jurisdiction(separation: str) -> None:
    changes = {"jurisdiction": "TW", "separation": separation, "notice_date": "2027-10-31"}
    if separation != "mutual_agreement":
        changes["mutual_agreement_proposed_by"] = DELETE
    [problem] = problems(TYPE, changes)
    assert problem.startswith(f"{FILE}: jurisdiction: a {separation} is not implemented under TW")


# ---------------------------------------------------------------- the exit interview's reason stays in the data


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_the_exit_interview_reason_is_kept_but_never_printed(locale: str, settings: Settings) -> None:
    found = clearance()
    assert found.exit_interview_reason == REASON
    for fmt in ("html", "docx", "pdf"):
        assert "".join(REASON.split()) not in text(found, settings, locale, fmt)


def test_a_certificate_derived_from_the_clearance_holds_no_interview_reason_and_no_pay() -> None:
    derived = derive_yaml("resignation_certificate", clearance(), "LJ-2027-0001")
    data = yaml.safe_load(derived)
    assert REASON not in derived and "19000" not in derived
    assert data["clearance_number"] == "LJ-2027-0001" and data["employee"]["name"] == "林晓雯"
    assert (str(data["hire_date"]), str(data["termination_date"]), data["position"]) == (
        "2027-01-04", "2027-11-30", "电商运营经理"
    )  # fmt: skip
    assert (str(data["handover"]["completed_on"]), data["handover"]["received_by"]) == (
        "2027-11-26",
        "天猫事业部运营主管 李静",
    )


# ---------------------------------------------------------------- the register: claims and the certificate


def _issue(url: str, folder: Path, type_name: str, data: dict[str, Any]) -> Any:
    path = write_data(folder / f"{type_name}.json", data)
    return run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)


def _with_claim(url: str, folder: Path, **claim_changes: Any) -> None:
    """The contract, then the claim (changed as asked) issued as BX-2027-0001."""
    for type_name, data in (("service_contract", contract()), ("expense_claim", copy.deepcopy(CLAIM) | claim_changes)):
        assert _issue(url, folder, type_name, data).exit_code == 0


def _clearance_alone(**changes: Any) -> dict[str, Any]:
    """The sample clearance without the offer letter, labour contract and NDA these registers do not hold."""
    cited = ("offer_number", "contract_number", "nda_number")
    data = {key: value for key, value in CLEARANCE.items() if key not in cited}
    return data | changes


def test_a_reimbursement_owed_is_the_claims_net_payable(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    wrong = _clearance_alone(reimbursements=[{"claim_number": "BX-2027-0001", "amount": "2653.51"}])
    refused = _issue(register_url, tmp_path, TYPE, wrong)
    assert refused.exit_code == 1
    assert "reimbursements.0.amount: 2653.51 is not BX-2027-0001's net payable 2653.50" in refused.stderr
    issued = _issue(register_url, tmp_path, TYPE, _clearance_alone())
    assert issued.exit_code == 0, issued.output
    assert issued.stdout.split("\t")[0] == "LJ-2027-0001"


def test_a_reimbursement_of_another_employees_claim_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path, claimant={"name": "王磊", "department": "天猫事业部"})
    refused = _issue(register_url, tmp_path, TYPE, _clearance_alone())
    assert refused.exit_code == 1
    assert "reimbursements.0.claim_number: BX-2027-0001 was claimed by 王磊, not 林晓雯" in refused.stderr


@pytest.mark.parametrize(("handover", "ok"), [("2027-11-26", True), ("2027-11-27", False)])
def test_a_certificate_attesting_a_later_handover_than_its_clearance_is_refused(
    register_url: str, tmp_path: Path, handover: str, ok: bool
) -> None:
    _with_claim(register_url, tmp_path)
    assert _issue(register_url, tmp_path, TYPE, _clearance_alone()).exit_code == 0
    certificate = copy.deepcopy(CERTIFICATE)
    certificate["handover"]["completed_on"] = handover
    result = _issue(register_url, tmp_path, "resignation_certificate", certificate)
    assert result.exit_code == (0 if ok else 1), result.output
    if not ok:
        assert (
            "handover.completed_on: 2027-11-27 falls after LJ-2027-0001's handover, completed on 2027-11-26"
            in result.stderr
        )


def test_a_certificate_without_a_clearance_still_issues(register_url: str, tmp_path: Path) -> None:
    # Art. 50: the company issues the certificate at separation, handover done or not, clearance or none.
    certificate = {key: value for key, value in CERTIFICATE.items() if key not in ("clearance_number", "handover")}
    result = _issue(register_url, tmp_path, "resignation_certificate", certificate)
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\t")[0].startswith("LZ-2027-")


def test_a_certificate_for_another_employee_than_its_clearance_is_refused(register_url: str, tmp_path: Path) -> None:
    _with_claim(register_url, tmp_path)
    assert _issue(register_url, tmp_path, TYPE, _clearance_alone()).exit_code == 0
    certificate = copy.deepcopy(CERTIFICATE) | {"employee": {"name": "孙浩然"}}
    result = _issue(register_url, tmp_path, "resignation_certificate", certificate)
    assert result.exit_code == 1
    assert "employee.name: 孙浩然 here, 林晓雯 in exit_clearance LJ-2027-0001" in result.stderr


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def test_a_clearance_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path) -> None:
    path = tmp_path / "clearances.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    fields = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))
    labels = {code: label for choices in fields["choices"].values() for code, label in choices.items()}
    row = {title: labels.get(str(value), value) for title, value in _titled(CLEARANCE, (), fields["fields"]).items()}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"员工姓名", "离职类型", "交接1接收人", "账号权限1注销日期", "报销单1编号", "前十二个月平均工资"} <= set(
        headers
    )
    bad = row | {"竞业限制月数": "25"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{path}:row 3: non_compete.months: 25 months exceeds the two years a non-compete may last after the "
        "employment (Labour Contract Law Art. 24; 勞動基準法 Art. 9-1)"
    ]


def test_a_certificate_derived_from_an_issued_clearance_issues_once_its_contract_is_filled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    _with_claim(url, tmp_path)
    assert _issue(url, tmp_path, TYPE, _clearance_alone()).exit_code == 0
    target = tmp_path / "certificate.yaml"
    derived = run("derive", "resignation_certificate", "--from", "LJ-2027-0001", "-o", str(target), "--db", url)
    assert derived.exit_code == 0, derived.output
    written = target.read_text(encoding="utf-8")
    assert "# resignation_certificate derived from exit_clearance LJ-2027-0001." in written and REASON not in written
    assert "# TO FILL: the labour contract's kind, start and end" in written
    unfilled = run("validate", "resignation_certificate", str(target))
    assert unfilled.exit_code == 1 and "contract.start" in unfilled.stderr
    data = load_records(target)[0].data | {"contract": CERTIFICATE["contract"], "issue_date": "2027-11-30"}
    issued = _issue(url, tmp_path, "resignation_certificate", data)
    assert issued.exit_code == 0, issued.output


# ---------------------------------------------------------------- the web form


def test_the_web_form_words_the_clearance_and_its_rules_in_chinese(tmp_path: Path) -> None:
    client = web_client(web_settings(tmp_path))
    page = client.get(f"/new/{TYPE}?from=sample")
    assert page.status_code == 200 and "离职类型" in page.text and "账号和权限注销" in page.text
    pairs = changed(form_pairs(page.text), non_compete__months="25")
    checked = post_form(client, f"/new/{TYPE}", [*pairs, ("_action", "check")]).text
    assert messages_by_field(checked) == {
        "non_compete.months": [
            "竞业限制25个月，超过离职后最长两年的限制（《劳动合同法》第二十四条；台湾地区《劳动基准法》第九条之一）"
        ]
    }


def test_the_employee_leaving_is_the_one_the_labour_contract_was_signed_with(register_url: str, tmp_path: Path) -> None:
    for type_name in ("offer_letter", "nda", "labour_contract"):
        data = load_records(SAMPLES / f"{type_name}.yaml")[0].data
        assert _issue(register_url, tmp_path, type_name, data).exit_code == 0
    other = {key: value for key, value in CLEARANCE.items() if key not in ("offer_number", "reimbursements")}
    other["employee"] = other["employee"] | {"id_number": "11010519491231002X"}
    refused = _issue(register_url, tmp_path, TYPE, other)
    assert refused.exit_code == 1
    assert (
        ": employee.id_number: 11010519491231002X here, 310105199806154027 in labour_contract LD-2027-0001 "
        "(employee.id_document.number)"
    ) in refused.stderr
