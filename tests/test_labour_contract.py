"""The labour contract: the clauses of Labour Contract Law Art. 17, its ID documents, term, probation (Art. 19, 20,
shared with the offer letter), training service period (Art. 22), late signing (Art. 10, 82), the open-ended
contract Art. 14 requires (with the register's earlier contracts), the offer it repeats, derive, sheets, settings."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from stdnum.iso7064 import mod_11_2

from docgen.config import Settings
from docgen.documents import labour_law, offer_letter
from docgen.documents.base import Earlier
from docgen.documents.labour_contract import LabourContract, LabourContractSettings
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import validate_records
from docgen.registry import get_type
from docgen.resources import bundled_templates
from docgen.validation import validate_record

from .conftest import SAMPLES
from .registers import run, write_data
from .test_project_plan import _titled
from .test_repeated_facts import issued, refused
from .variants import DELETE, TODAY, problems, text, validate, variant

TYPE = "labour_contract"
FILE = f"{TYPE}.yaml"
CONTRACT: dict[str, Any] = load_records(SAMPLES / FILE)[0].data
OFFER: dict[str, Any] = load_records(SAMPLES / "offer_letter.yaml")[0].data


def contract(changes: dict[str, Any]) -> LabourContract:
    document = validate(TYPE, changes)
    assert isinstance(document, LabourContract)
    return document


def refusal(changes: dict[str, Any]) -> str:
    [problem] = problems(TYPE, changes)
    return problem


def test_the_sample_is_a_numbered_hr_document_whose_personal_fields_are_purged() -> None:
    sample = contract({})
    assert (LabourContract.number_pattern, LabourContract.kind) == ("LD-{yyyy}-{seq:04}", "hr")
    assert sample.pay.monthly_wage == Decimal("19000.00") and sample.term.expected_end == date(2030, 1, 3)
    assert {"employee.id_document", "employee.address", "employee.phone", "pay"} <= set(LabourContract.personal_fields)
    assert LabourContract.cites == {"offer_number": "offer_letter", "nda_number": "nda"}


# ---------------------------------------------------------------- the probation rules, shared with the offer letter


def test_the_offer_letter_and_the_labour_contract_share_one_probation_rule() -> None:
    assert offer_letter.longest_probation_months is labour_law.longest_probation_months
    assert offer_letter.check_probation_pay is labour_law.check_probation_pay


@pytest.mark.parametrize(("months", "end", "longest"), [
    (36, "2030-01-03", 6), (35, "2029-12-03", 2), (12, "2028-01-03", 2), (11, "2027-12-03", 1), (3, "2027-04-03", 1),
    (2, "2027-03-03", 0),
])  # fmt: skip
def test_a_probation_at_the_art_19_limit_passes_and_a_month_more_is_refused(months: int, end: str, longest: int) -> None:
    term = {"type": "fixed_term", "start": "2027-01-04", "months": months, "end": end}
    at_limit = {"term": term, "probation.months": longest, "offer_number": DELETE}
    if longest == 0:
        at_limit |= {"probation": DELETE}
    assert contract(at_limit).probation.months == longest
    if longest < 6:
        assert refusal({"term": term, "probation.months": longest + 1, "offer_number": DELETE}) == (
            f"{FILE}: probation.months: probation of {longest + 1} months exceeds the {longest}-month limit for this "
            "contract term (Labour Contract Law Art. 19)"
        )


def test_a_task_based_contract_takes_no_probation() -> None:
    task = {"type": "task_based", "start": "2027-01-04", "task": "双十一大促项目上线"}
    assert "0-month limit" in refusal({"term": task, "offer_number": DELETE})
    assert contract({"term": task, "offer_number": DELETE, "probation": DELETE}).term.task


def test_probation_pay_at_80_percent_passes_and_a_fen_less_is_refused() -> None:
    assert contract({"probation.monthly_pay": "15200.00"})
    assert refusal({"probation.monthly_pay": "15199.99"}) == (
        f"{FILE}: probation.monthly_pay: probation pay 15199.99 is below 80% of the agreed monthly wage 19000.00 "
        "(at least 15200.00; Labour Contract Law Art. 20)"
    )


def test_probation_pay_below_the_local_minimum_wage_is_refused() -> None:
    record = Record(variant(TYPE, {"probation.monthly_pay": "15200.00"}), FILE)
    model = get_type(TYPE)
    assert validate_record(model, record, today=TODAY, minimum_wage=Decimal("15200.00"))
    with pytest.raises(InvalidData) as caught:
        validate_record(model, record, today=TODAY, minimum_wage=Decimal("15200.01"))
    assert "below the local minimum wage 15200.01 (Labour Contract Law Art. 20)" in str(caught.value.problems[0])


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"probation.monthly_pay": DELETE}, "probation.monthly_pay", "required when there is a probation"),
    ({"probation.conditions": []}, "probation.conditions", "Art. 39(1)"),
    ({"probation.months": 0}, "probation.monthly_pay", "given, but probation.months is 0"),
])  # fmt: skip
def test_a_probation_names_its_pay_and_conditions(changes: dict[str, Any], field: str, says: str) -> None:
    message = refusal(changes)
    assert message.startswith(f"{FILE}: {field}: ") and says in message


# ---------------------------------------------------------------- the employee's ID document


def _fpr_2023(body: str) -> str:
    return body + mod_11_2.calc_check_digit(body)


@pytest.mark.parametrize(("kind", "number", "ok"), [
    ("resident_id", "310105199806154027", True),
    ("resident_id", "310105199806154028", False),  # wrong check digit
    ("passport", "E12345678", True),
    ("passport", "E1234", True),
    ("passport", "E123", False),
    ("passport", "e12345678", False),
    ("hk_macao_permit", "H12345678", True),
    ("hk_macao_permit", "M1234567801", True),
    ("hk_macao_permit", "H1234567", False),
    ("hk_macao_permit", "X12345678", False),
    ("taiwan_permit", "12345678", True),
    ("taiwan_permit", "1234567", False),
    ("foreign_permanent_residence", "USA310070101001", True),  # the 2017 card: format only
    ("foreign_permanent_residence", _fpr_2023("93100019800101012"), True),
    ("foreign_permanent_residence", _fpr_2023("93100019800101012")[:-1] + "0", False),
    ("foreign_permanent_residence", "310105199806154027", False),  # a resident ID is not a permanent residence card
])  # fmt: skip
def test_each_id_document_is_checked_by_its_format_and_check_digit(kind: str, number: str, ok: bool) -> None:
    changes = {"employee.id_document": {"type": kind, "number": number}}
    if ok:
        assert contract(changes).employee.id_document.number == number
    else:
        assert refusal(changes).startswith(f"{FILE}: employee.id_document.number: not a valid {kind} number: ")


def test_the_id_document_is_printed_with_its_type(settings: Settings) -> None:
    changes = {"employee.id_document": {"type": "hk_macao_permit", "number": "H12345678"}}
    assert "港澳居民来往内地通行证：H12345678" in text(contract(changes), settings, "zh_CN")


# ---------------------------------------------------------------- the term


@pytest.mark.parametrize(("end", "ok"), [("2030-01-03", True), ("2030-01-04", False), ("2030-01-02", False)])
def test_a_fixed_terms_end_is_its_start_plus_months_less_a_day(end: str, ok: bool) -> None:
    if ok:
        assert contract({"term.end": end}).term.end == date(2030, 1, 3)
    else:
        assert refusal({"term.end": end}) == (
            f"{FILE}: term.end: {end} does not agree with 36 months from 2027-01-04: the term ends on 2030-01-03"
        )


@pytest.mark.parametrize(("term", "field", "says"), [
    ({"type": "fixed_term", "start": "2027-01-04", "end": "2030-01-03"}, "term.months", "required for a fixed"),
    ({"type": "fixed_term", "start": "2027-01-04", "months": 36}, "term.end", "start plus months less one day"),
    ({"type": "task_based", "start": "2027-01-04"}, "term.task", "ends when its task is done"),
    ({"type": "open_ended", "start": "2027-01-04", "end": "2030-01-03"}, "term.end", "left out for a open_ended"),
])  # fmt: skip
def test_each_kind_of_term_has_its_own_fields(term: dict[str, Any], field: str, says: str) -> None:
    message = refusal({"term": term, "offer_number": DELETE})
    assert message.startswith(f"{FILE}: {field}: ") and says in message


# ---------------------------------------------------------------- working hours


def test_a_special_working_hours_system_needs_its_approval_number(settings: Settings) -> None:
    assert "(Labour Law Art. 39)" in refusal({"working_hours.system": "comprehensive"})
    approved = contract({"working_hours.system": "flexible", "working_hours.approval": "沪人社综〔2026〕88号"})
    assert "不定时工作制，已经劳动行政部门批准（批准文号：沪人社综〔2026〕88号）" in text(approved, settings, "zh_CN")
    assert refusal({"working_hours.approval": "沪人社综〔2026〕88号"}).endswith("needs no approval")


# ---------------------------------------------------------------- training service period (Art. 22)


def test_training_damages_up_to_the_cost_pass_and_a_fen_more_is_refused() -> None:
    assert contract({"training.damages": "12000.00"}).training
    assert refusal({"training.damages": "12000.01"}) == (
        f"{FILE}: training.damages: damages 12000.01 exceed the training cost 12000.00: the damages for leaving "
        "before the service period ends are at most the training cost paid (Labour Contract Law Art. 22)"
    )


@pytest.mark.parametrize(("cost", "months", "reduction"), [
    ("12000.00", 24, "500.00"), ("1000.00", 3, "333.33"), ("1000.01", 2, "500.01"), ("2000.00", 3, "666.67"),
])  # fmt: skip
def test_each_month_served_takes_its_share_of_the_cost_off_rounded_half_up(cost: str, months: int, reduction: str) -> None:
    training = {"course": "直播运营课程", "cost": cost, "service_months": months, "damages": cost}
    document = contract({"training": training})
    assert document.training is not None and document.training.monthly_reduction == Decimal(reduction)


# ---------------------------------------------------------------- signing late (Art. 10, 82)


def test_signing_a_month_after_the_start_passes_and_a_day_later_needs_acknowledging(settings: Settings) -> None:
    assert not contract({"issue_date": "2027-02-04"}).signed_late
    assert refusal({"issue_date": "2027-02-05"}) == (
        f"{FILE}: issue_date: signed on 2027-02-05, more than one month after the start 2027-01-04 (at the latest "
        "2027-02-04): the company owes double wages from the second month (Labour Contract Law Art. 10, 82); set "
        "late_signing_acknowledged: true to issue it with that note"
    )
    late = contract({"issue_date": "2027-02-05", "late_signing_acknowledged": True})
    assert "晚于用工之日起一个月（2027年2月4日）" in text(late, settings, "zh_CN")
    assert refusal({"late_signing_acknowledged": True}).startswith(f"{FILE}: late_signing_acknowledged: given")


# ---------------------------------------------------------------- the open-ended contract Art. 14 requires


def test_ten_years_of_service_require_an_open_ended_contract_and_nine_do_not() -> None:
    assert contract({"prior_service.years_with_company": 9})
    assert refusal({"prior_service.years_with_company": 10}).startswith(
        f"{FILE}: term.type: the employee is owed an open-ended contract after 10 years of consecutive service "
        "(Labour Contract Law Art. 14 ¶2(1))"
    )
    assert contract({"prior_service.years_with_company": 10, "employee_requests_fixed_term": True})


def test_a_renewal_after_two_fixed_terms_requires_an_open_ended_contract_unless_there_are_grounds() -> None:
    assert contract({"prior_service.fixed_term_contracts": 1})
    assert "after 2 consecutive fixed-term contracts (Labour Contract Law Art. 14 ¶2(3))" in refusal(
        {"prior_service.fixed_term_contracts": 2}
    )
    assert contract({"prior_service.fixed_term_contracts": 2, "grounds_against_renewal": True})
    assert contract({"prior_service.fixed_term_contracts": 2, "employee_requests_fixed_term": True})
    open_ended = {"type": "open_ended", "start": "2027-01-04"}
    assert contract({"prior_service.fixed_term_contracts": 2, "term": open_ended, "offer_number": DELETE})


def test_a_year_without_a_written_contract_makes_it_open_ended_whatever_the_employee_asks() -> None:
    deemed = {"prior_service.year_without_contract": True, "employee_requests_fixed_term": True}
    assert "(Labour Contract Law Art. 14 ¶3)" in refusal(deemed)
    late = {"late_signing_acknowledged": True}
    assert contract(late | {"issue_date": "2028-01-03"}).signed_late
    assert "(Labour Contract Law Art. 14 ¶3)" in refusal(late | {"issue_date": "2028-01-04"})


def _earlier(number: str, start: str, kind: str = "fixed_term", probation: int = 0) -> Earlier:
    data = {"term": {"type": kind, "start": start}, "probation": {"months": probation}}
    return Earlier(number, date.fromisoformat(start), data)


PATH = "employee.id_document.number"


def test_the_registers_contracts_count_towards_the_years_and_the_fixed_terms() -> None:
    renewal = contract({"offer_number": DELETE, "probation": DELETE})
    assert LabourContract.earlier == {PATH: "contract_history"}
    assert renewal.contract_history(PATH, [_earlier("LD-2024-0001", "2024-01-04")]) == []
    assert renewal.service_history == {"numbers": ["LD-2024-0001"], "years": 3, "fixed_terms": 1}
    [fault] = renewal.contract_history(PATH, [_earlier("LD-2021-0001", "2021-01-04"), _earlier("LD-2024-0001", "2024-01-04")])
    assert fault.template.startswith("{path}: by the contracts the register holds") and dict(fault.params)["count"] == 2
    years = [_earlier("LD-2017-0001", "2017-01-05", "open_ended")]
    assert renewal.contract_history(PATH, years) == [] and renewal.service_history["years"] == 9  # type: ignore[index]
    [fault] = renewal.contract_history(PATH, [_earlier("LD-2017-0001", "2017-01-04", "open_ended")])
    assert dict(fault.params)["years"] == 10


def test_a_contract_starting_on_the_same_day_is_this_one_reissued_not_an_earlier_one() -> None:
    reissued = contract({})
    assert reissued.contract_history(PATH, [_earlier("LD-2027-0001", "2027-01-04", probation=6)]) == []
    assert reissued.service_history == {"numbers": [], "years": 0, "fixed_terms": 0}


def test_a_probation_is_agreed_only_once_with_the_same_employee() -> None:
    again = contract({"offer_number": DELETE})
    [fault] = again.contract_history(PATH, [_earlier("LD-2024-0001", "2024-01-04", probation=2)])
    assert dict(fault.params) == {"path": PATH, "number": "LD-2024-0001"} and "Art. 19 ¶2" in fault.template
    assert again.contract_history(PATH, [_earlier("LD-2024-0001", "2024-01-04")]) == []


def test_without_a_register_the_history_is_a_placeholder_and_with_one_it_is_printed(settings: Settings) -> None:
    draft = contract({})
    assert "于本合同签发时从登记簿读取" in text(draft, settings, "zh_CN")
    draft.contract_history(PATH, [_earlier("LD-2024-0001", "2024-01-04")])
    printed = text(draft, settings, "zh_CN")
    assert "乙方此前与甲方订立劳动合同LD-2024-0001；截至本合同起始日，连续工作满3年，连续订立固定期限劳动合同1次" in printed


# ---------------------------------------------------------------- jurisdiction


def test_taiwan_law_is_refused_rather_than_given_prc_rules() -> None:
    message = refusal({"jurisdiction": "TW"})
    assert message.startswith(f"{FILE}: jurisdiction: only PRC labour law is implemented") and "LSA Art. 9" in message


# ---------------------------------------------------------------- the required clauses, printed


@pytest.mark.parametrize("locale", ["zh_CN", "en_US", "zh_TW"])
def test_every_clause_art_17_requires_is_printed(locale: str, settings: Settings) -> None:
    words = {
        "zh_CN": ["法定代表人（主要负责人）：周明哲", "住所/住址", "劳动合同期限", "工作内容和工作地点", "工作时间和休息休假",
                  "劳动报酬", "每月10日", "社会保险", "劳动保护、劳动条件和职业危害防护", "一式两份", "甲乙双方各执一份"],
        "en_US": ["Legal representative (principal): 周明哲", "Term", "Job and Place of Work", "Rest and Leave",
                  "Pay", "Social Insurance", "Occupational Hazards", "two originals", "one kept by each party"],
        "zh_TW": ["法定代表人（主要負責人）：周明哲", "勞動合同期限", "工作內容和工作地點", "職業危害防護", "一式兩份"],
    }[locale]
    printed = text(contract({}), settings, locale, "pdf")
    assert [word for word in words if "".join(word.split()) not in printed] == []


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_both_parties_sign_and_date_their_copies(fmt: str, settings: Settings) -> None:
    signed = text(contract({}), settings, "zh_CN", fmt)
    assert "甲方（盖章）：上海云帆电子商务运营有限公司" in signed and "乙方（劳动者）：林晓雯签字：日期：" in signed
    assert "日期：2027年1月4日" in signed and "一式两份，甲乙双方各执一份" in signed


def test_the_representative_given_in_the_data_wins_over_the_profile(settings: Settings) -> None:
    assert "法定代表人（主要负责人）：陈思远" in text(contract({"representative": "陈思远"}), settings, "zh_CN")


# ---------------------------------------------------------------- settings


def test_the_number_of_originals_is_the_configurations(tmp_path: Path, settings: Settings) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8") + "\n[types.labour_contract]\ncopies = 3\n")
    out = tmp_path / "c.html"
    result = run("--config", str(config), "render", TYPE, str(SAMPLES / FILE), "-f", "html", "-l", "zh_CN", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "一式三份" in out.read_text(encoding="utf-8")
    assert LabourContractSettings().copies == 2
    config.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8") + "\n[types.labour_contract]\ncopies = 1\n")
    refused_config = run("--config", str(config), "validate", TYPE, str(SAMPLES / FILE))
    assert refused_config.exit_code == 1 and "types.labour_contract.copies" in refused_config.stderr


def test_a_refusal_is_worded_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    path = write_data(tmp_path / "contract.json", variant(TYPE, {"training.damages": "12000.01"}))
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}: training.damages: 违约金12000.01超过培训费用12000.00" in result.stderr


# ---------------------------------------------------------------- the offer letter it cites and repeats


def _offer_issued(url: str, folder: Path) -> None:
    issued(url, "offer_letter", copy.deepcopy(OFFER), folder, "offer")


def _citing_offer(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CONTRACT)
    del data["nda_number"]  # the NDA is not in these registers
    return data | changes


def test_a_contract_agreeing_with_its_offer_issues_as_ld_2027_0001(register_url: str, tmp_path: Path) -> None:
    _offer_issued(register_url, tmp_path)
    path = write_data(tmp_path / "contract.json", _citing_offer())
    result = run("issue", TYPE, str(path), "-f", "html", "-d", str(tmp_path / "out"), "--db", register_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\t")[0] == "LD-2027-0001"
    page = Path(result.stdout.split("\t")[1].strip()).read_text(encoding="utf-8")
    assert "从登记簿读取" not in page and "连续工作满0年" in page  # the register's history, not the placeholder


def _renewal(start: str, end: str, issued_on: str) -> dict[str, Any]:
    term = {"type": "fixed_term", "start": start, "months": 36, "end": end}
    data = _citing_offer(term=term, issue_date=issued_on, probation={"months": 0})
    del data["offer_number"]  # a renewal follows the contract before it, not the offer
    return data


def test_a_third_fixed_term_for_the_same_id_is_refused_by_the_registers_contracts(
    register_url: str, tmp_path: Path
) -> None:
    _offer_issued(register_url, tmp_path)
    issued(register_url, TYPE, _citing_offer(), tmp_path, "first")
    issued(register_url, TYPE, _renewal("2030-01-04", "2033-01-03", "2030-01-04"), tmp_path, "second")
    third = _renewal("2033-01-04", "2036-01-03", "2033-01-04")
    message = refused(register_url, tmp_path, TYPE, third)
    assert "employee.id_document.number: by the contracts the register holds, the employee is owed an open-ended " in message
    assert "after 2 consecutive fixed-term contracts (Labour Contract Law Art. 14 ¶2(3))" in message
    asked = write_data(tmp_path / "asked.json", third | {"employee_requests_fixed_term": True})
    assert run("validate", TYPE, str(asked), "--db", register_url).exit_code == 0


def test_pay_differing_from_the_offer_needs_a_reason(register_url: str, tmp_path: Path) -> None:
    _offer_issued(register_url, tmp_path)
    lower = _citing_offer(pay=copy.deepcopy(CONTRACT["pay"]) | {"base_monthly": "14000.00"})
    message = refused(register_url, tmp_path, TYPE, lower)
    assert "pay.monthly_wage" in message and "offer_letter LY-2026-0001" in message
    path = write_data(tmp_path / "reasoned.json", lower | {"differs_from_offer": "入职前双方协商调整基本工资。"})
    assert run("validate", TYPE, str(path), "--db", register_url).exit_code == 0


def test_derive_prefills_the_contract_from_the_offer(tmp_path: Path) -> None:
    out = tmp_path / "contract.yaml"
    assert run("derive", TYPE, "--from", str(SAMPLES / "offer_letter.yaml"), "-o", str(out)).exit_code == 0
    derived = load_records(out)[0].data
    assert derived["employee"]["id_document"] == {"type": "resident_id", "number": "310105199806154027"}
    assert derived["term"] == {"type": "fixed_term", "start": "2027-01-04", "months": "36", "end": "2030-01-03"}
    assert derived["probation"]["monthly_pay"] == "15200.00" and derived["pay"]["base_monthly"] == "15000.00"
    assert "# TO FILL: the employee's address" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def test_a_contract_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "contracts.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    fields = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))
    labels = {"resident_id": "居民身份证", "fixed_term": "固定期限", "standard": "标准工时制"}
    row = {title: labels.get(str(value), value) for title, value in _titled(CONTRACT, (), fields["fields"]).items()}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"证件类型", "证件号码", "住址", "合同终止日", "录用条件1", "职业危害防护"} <= set(headers)
    bad = row | {"合同终止日": "2030-01-04"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}:row 3: term.end: 2030-01-04 does not agree with 36 months from 2027-01-04" in result.stderr
    [good] = validate_records(TYPE, load_records(path, get_type(TYPE))[:1], settings)
    assert good == validate(TYPE)
