"""The supplementary agreement: its changes as data with effective dates, its clauses named from the contract's
stored outline, later documents held to the values in force for their period, the chain in the register, derive
from the contract, and spreadsheet input."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pypdf import PdfReader

from docgen.config import Settings
from docgen.documents.base import Amendment
from docgen.inputs import load_records
from docgen.pipeline import validate_records
from docgen.registry import get_type
from docgen.resources import bundled_templates

from .conftest import SAMPLES
from .registers import run, write_data
from .test_project_plan import _titled
from .test_repeated_facts import contract, issued, refused, retrospective, settlement
from .variants import DELETE, problems, text, validate

TYPE = "supplementary_agreement"
AGREEMENT: dict[str, Any] = load_records(SAMPLES / f"{TYPE}.yaml")[0].data
CITED = "service_contract HT-2026-0001"


def agreement(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(AGREEMENT) | changes


def test_sample_changes_are_data_with_effective_dates() -> None:
    sample = validate(TYPE)
    july = date(2027, 7, 1)
    assert sample.changes() == [
        Amendment(july, "platforms", ["天猫旗舰店", "抖音小店", "京东自营旗舰店"]),
        Amendment(july, "kpis", [{"name": k["name"], "target": k["target"], **({"measure": k["measure"]} if "measure" in k else {})}
                                 for k in AGREEMENT["kpis"]["kpis"]]),
    ]  # fmt: skip
    raised = validate(TYPE, {"fee": {"monthly_fee": "90000", "effective": "2027-07-01"},
                             "service_end": {"end": "2028-06-30", "effective": "2027-07-01"}})  # fmt: skip
    assert raised.changes()[:2] == [
        Amendment(july, "fees.monthly_fee", "90000.00", logged_in="fee_changes"),
        Amendment(july, "service_period.end", "2028-06-30"),
    ]
    assert get_type(TYPE).number_pattern == "BC-{yyyy}-{seq:04}" and get_type(TYPE).kind == "commercial"


@pytest.mark.parametrize("field", ["fee", "service_end", "added_platforms", "kpis"])
def test_a_change_effective_before_the_service_start_is_refused(field: str) -> None:
    changes: dict[str, dict[str, Any]] = {
        "fee": {"monthly_fee": "90000", "effective": "2026-12-31"},
        "service_end": {"end": "2028-06-30", "effective": "2026-12-31"},
        "added_platforms": {"added": ["京东自营旗舰店"], "effective": "2026-12-31"},
        "kpis": {"kpis": AGREEMENT["kpis"]["kpis"], "effective": "2026-12-31"},
    }
    assert problems(TYPE, {field: changes[field]}) == [
        f"{TYPE}.yaml: {field}.effective: 2026-12-31 falls before the contract's service start 2027-01-01: "
        "a change takes effect on or after it"
    ]
    assert validate(TYPE, {field: changes[field] | {"effective": "2027-01-01"}})


def test_an_agreement_changing_nothing_is_refused() -> None:
    assert problems(TYPE, {"added_platforms": DELETE, "kpis": DELETE}) == [
        f"{TYPE}.yaml: fee: give at least one change: fee, service_end, added_platforms or kpis"
    ]


def test_an_extension_ends_later_and_an_added_store_is_new() -> None:
    assert problems(TYPE, {"service_end": {"end": "2027-12-31", "effective": "2027-07-01"}}) == [
        f"{TYPE}.yaml: service_end.end: 2027-12-31 is not after the contract's service end 2027-12-31: "
        "an extension ends later"
    ]
    assert problems(TYPE, {"added_platforms.added": ["抖音小店"]}) == [
        f"{TYPE}.yaml: added_platforms.added.0: 抖音小店 is already among the contract's stores"
    ]


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh_CN", ["原合同其他条款不变，继续有效", "本补充协议与原合同不一致的，以本补充协议为准", "一式两份",
                   "甲方（盖章）：杭州青禾美妆科技有限公司", "乙方（盖章）：上海云帆电子商务运营有限公司",
                   "自2027年7月1日起，固定服务费调整为每月¥90,000.00", "服务期限延长至2028年6月30日止"]),
        ("zh_TW", ["原合同其他條款不變，繼續有效", "本補充協議與原合同不一致的，以本補充協議為準", "一式兩份",
                   "甲方（蓋章）：杭州青禾美妆科技有限公司", "服務期限延長至2028年6月30日止"]),
        ("en_US", ["all other terms of the Contract remain unchanged and in full force", "this agreement prevails",
                   "two originals", "Party A (seal): 杭州青禾美妆科技有限公司", "the fixed service fee is RMB 90,000.00",
                   "The service period is extended to June 30, 2028"]),
    ],
)  # fmt: skip
def test_it_states_the_changes_what_stays_in_force_and_what_prevails(
    settings: Settings, locale: str, said: list[str]
) -> None:
    document = validate(TYPE, {"fee": {"monthly_fee": "90000", "effective": "2027-07-01"},
                               "service_end": {"end": "2028-06-30", "effective": "2027-07-01"}})  # fmt: skip
    for fmt in ("html", "docx", "pdf"):
        content = text(document, settings, locale, fmt)
        for phrase in said:
            assert "".join(phrase.split()) in content, (fmt, phrase)


def test_derive_fills_the_contract_number_parties_and_current_values(tmp_path: Path) -> None:
    out = tmp_path / "agreement.yaml"
    args = ["derive", TYPE, "--from", str(SAMPLES / "service_contract.yaml"), "-o", str(out)]
    result = run(*args, "--contract-number", "HT-2026-0001")
    assert result.exit_code == 0, result.output
    data = load_records(out)[0].data
    for field in ("contract_number", "client", "client_signatory", "contract_period", "contract_platforms"):
        assert str(data[field]) == str(AGREEMENT[field]), field
    assert Decimal(str(data["fee"]["monthly_fee"])) == Decimal("80000.00")
    validated = run("validate", TYPE, str(out))
    assert validated.exit_code == 1
    assert f"{out}: fee.effective: empty: give a value" in validated.stderr
    assert f"{out}: amended_clauses.0.clause: empty: give a value" in validated.stderr


# ---------------------------------------------------------------- the register: clauses, values in force, the chain


def _issue(url: str, folder: Path, type_name: str, data: dict[str, Any], name: str, fmt: str = "html") -> str:
    path = write_data(folder / f"{name}.json", data)
    result = run("issue", type_name, str(path), "-f", fmt, "-d", str(folder / name), "--db", url)
    assert result.exit_code == 0, result.output
    number: str = result.stdout.split("\t")[0]
    return number


def test_amended_clauses_print_by_the_numbers_the_contract_was_issued_with(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = agreement(amended_clauses=[{"clause": "fees.fixed_fee", "text": "固定服务费：每月¥90,000.00。"},
                                      {"clause": "kpis"}])  # fmt: skip
    number = _issue(register_url, tmp_path, TYPE, data, "agreement", "pdf")
    assert number == "BC-2027-0001"
    outline = run("register", "show", "HT-2026-0001", "--outline", "--db", register_url).stdout
    references = {line.split("\t")[1]: line.split("\t")[0] for line in outline.splitlines() if "\t" in line}
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "agreement" / f"{number}.pdf").pages)
    printed = "".join(pdf.split())
    assert f"1.原合同{references['fees.fixed_fee']}修改为：固定服务费：每月¥90,000.00。" in printed
    assert f"2.原合同{references['kpis']}修改为：按本补充协议第二条的约定执行。" in printed
    assert "fees.fixed_fee" not in printed


def test_a_clause_the_contract_was_not_issued_with_is_refused(register_url: str, tmp_path: Path) -> None:
    without_renewal = contract(auto_renewal=False)
    issued(register_url, "service_contract", without_renewal, tmp_path, "contract")
    data = agreement(amended_clauses=[{"clause": "scope"}, {"clause": "renewal"}])
    message = refused(register_url, tmp_path, TYPE, data)
    assert message.endswith(
        ": amended_clauses.1.clause: clause renewal is not in the outline HT-2026-0001 was issued with"
    )
    assert "amended_clauses.0" not in message


def test_an_agreement_repeating_the_parties_differently_is_refused(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = agreement(client={"legal_name": "杭州青禾日化有限公司", "uscc": AGREEMENT["client"]["uscc"]})
    message = refused(register_url, tmp_path, TYPE, data)
    assert f": client.legal_name: 杭州青禾日化有限公司 here, 杭州青禾美妆科技有限公司 in {CITED}; " in message


def _raise_fee(effective: str) -> dict[str, Any]:
    return agreement(issue_date="2027-02-20", fee={"monthly_fee": "90000.00", "effective": effective},
                     added_platforms=None, kpis=None, amended_clauses=[{"clause": "fees.fixed_fee"}])  # fmt: skip


def _march(fee: str) -> dict[str, Any]:
    """The sample statement for March 2027 at a monthly fee (its instalment share follows the fee: left out)."""
    data = settlement()
    data["fees"]["monthly_fee"] = fee
    del data["instalment"]
    return data


def test_a_statement_after_a_raised_fee_is_held_to_the_new_fee(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    raised = _issue(register_url, tmp_path, TYPE, _raise_fee("2027-03-01"), "agreement")
    message = refused(register_url, tmp_path, "settlement_statement", _march("80000.00"))
    assert f": fees.monthly_fee: 80000.00 here, 90000.00 in {CITED} + {raised}; " in message
    assert _issue(register_url, tmp_path, "settlement_statement", _march("90000.00"), "march").startswith("JS-")


def test_a_statement_for_a_period_before_the_change_keeps_the_old_fee(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    _issue(register_url, tmp_path, TYPE, _raise_fee("2027-04-01"), "agreement")  # in force after March's first day
    message = refused(register_url, tmp_path, "settlement_statement", _march("90000.00"))
    assert f": fees.monthly_fee: 90000.00 here, 80000.00 in {CITED}; " in message
    assert _issue(register_url, tmp_path, "settlement_statement", _march("80000.00"), "march").startswith("JS-")


def test_a_voided_agreement_no_longer_counts(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    raised = _issue(register_url, tmp_path, TYPE, _raise_fee("2027-03-01"), "agreement")
    voided = run("register", "void", raised, "--reason", "not signed by the client", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    message = refused(register_url, tmp_path, "settlement_statement", _march("90000.00"))
    assert f": fees.monthly_fee: 90000.00 here, 80000.00 in {CITED}; " in message


def test_an_extension_holds_later_statements_to_the_new_service_end(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    extended = agreement(issue_date="2027-02-20", service_end={"end": "2028-06-30", "effective": "2027-03-01"},
                         added_platforms=None, kpis=None, amended_clauses=[{"clause": "period"}])  # fmt: skip
    number = _issue(register_url, tmp_path, TYPE, extended, "agreement")
    old = refused(register_url, tmp_path, "settlement_statement", settlement())
    assert f": service_period.end: 2027-12-31 here, 2028-06-30 in {CITED} + {number}; " in old
    new = settlement()
    new["service_period"]["end"] = "2028-06-30"
    assert _issue(register_url, tmp_path, "settlement_statement", new, "march").startswith("JS-")


def test_derive_from_an_amended_contract_starts_from_the_terms_now_agreed(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    _issue(register_url, tmp_path, TYPE, _raise_fee("2027-03-01"), "agreement")
    derived = tmp_path / "derived.yaml"
    result = run("derive", "settlement_statement", "--from", "HT-2026-0001", "--output", str(derived),
                 "--db", register_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert Decimal(str(load_records(derived)[0].data["fees"]["monthly_fee"])) == Decimal("90000.00")


# ---------------------------------------------------------------- the contract's total at the fees in force


def _raised(effective: str, **changes: Any) -> Any:
    """The sample contract (2027-01..12 at 80,000.00 a month, VAT included) with the fee raised to 90,000.00,
    as the register overlays the agreement raising it."""
    fee_changes = [{"effective": effective, "before": "80000.00", "after": "90000.00"}]
    return validate("service_contract", {"fees.monthly_fee": "90000.00", "fee_changes": fee_changes, **changes})


@pytest.mark.parametrize(
    ("effective", "total"),
    [("2027-07-01", "1020000.00"),  # 6 × 80,000 + 6 × 90,000: July's first day is under the new fee
     ("2027-07-02", "1010000.00"),  # mid-July: July keeps the old fee, the new one applies from August
     ("2027-01-01", "1080000.00"), ("2028-01-01", "960000.00")],
)  # fmt: skip
def test_the_fixed_total_takes_each_month_at_the_fee_in_force_on_its_first_day(effective: str, total: str) -> None:
    assert validate("service_contract").fixed_total == Decimal("960000.00")
    raised = _raised(effective)
    assert raised.fixed_total == Decimal(total)
    assert [payment.amount for payment in raised.schedule] == [Decimal(total) / 4] * 4


def test_vat_is_added_once_to_the_months_added_up_and_an_extension_takes_the_fee_then() -> None:
    untaxed = _raised("2027-07-01", **{"fees.prices_include_tax": False})
    assert (untaxed.fixed_net, untaxed.fixed_tax, untaxed.fixed_total) == (
        Decimal("1020000.00"), Decimal("61200.00"), Decimal("1081200.00"))  # fmt: skip
    extended = _raised("2027-07-01", **{"service_period.end": "2028-06-30"})
    assert extended.fixed_total == Decimal("1560000.00")  # 6 × 80,000 + 12 × 90,000


def test_the_fee_changes_lead_from_one_fee_to_the_next_and_end_at_the_monthly_fee() -> None:
    july = {"effective": "2027-07-01", "before": "80000.00", "after": "90000.00"}
    october = {"effective": "2027-10-01", "before": "90000.00", "after": "95000.00"}
    chained = validate("service_contract", {"fees.monthly_fee": "95000", "fee_changes": [october, july]})
    assert chained.fixed_total == Decimal("1035000.00")  # 6 × 80,000 + 3 × 90,000 + 3 × 95,000
    unchained = october | {"before": "85000.00"}
    assert problems("service_contract", {"fees.monthly_fee": "95000", "fee_changes": [july, unchained]}) == [
        "service_contract.yaml: fee_changes.1.before: 85000.00 is not the fee the change before it set, 90000.00"
    ]
    assert problems("service_contract", {"fees.monthly_fee": "80000", "fee_changes": [july]}) == [
        "service_contract.yaml: fees.monthly_fee: 80000.00 is not the fee the last of fee_changes sets, 90000.00"
    ]


def _holds(url: str, folder: Path, value: str) -> bool:
    """Whether a retrospective issued after the service (2028-01-15) with contract_value passes validate --db."""
    path = write_data(folder / f"retrospective-{value}.json", retrospective(contract_value=value))
    return bool(run("validate", "project_retrospective", str(path), "--db", url).exit_code == 0)


def test_a_retrospective_after_a_raised_fee_is_held_to_the_months_at_their_fees(
    register_url: str, tmp_path: Path
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    assert _holds(register_url, tmp_path, "960000.00")  # 12 × 80,000: no agreement yet
    raised = _issue(register_url, tmp_path, TYPE, _raise_fee("2027-07-01"), "agreement")
    assert _holds(register_url, tmp_path, "1020000.00")  # 6 × 80,000 + 6 × 90,000
    message = refused(register_url, tmp_path, "project_retrospective", retrospective(contract_value="1080000.00"))
    assert f": contract_value: 1080000.00 here, 1020000.00 in {CITED} + {raised} (fixed_total); " in message
    assert not _holds(register_url, tmp_path, "960000.00")
    voided = run("register", "void", raised, "--reason", "not signed by the client", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    assert _holds(register_url, tmp_path, "960000.00")
    assert not _holds(register_url, tmp_path, "1020000.00")


def test_a_statement_after_the_raise_is_still_held_to_the_fee_at_its_periods_start(
    register_url: str, tmp_path: Path
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    _issue(register_url, tmp_path, TYPE, _raise_fee("2027-03-02"), "agreement")  # mid-March: March keeps 80,000
    message = refused(register_url, tmp_path, "settlement_statement", _march("90000.00"))
    assert f": fees.monthly_fee: 90000.00 here, 80000.00 in {CITED}; " in message


REPORT: dict[str, Any] = load_records(SAMPLES / "operations_report.yaml")[0].data


@pytest.mark.parametrize("effective", ["2027-03-01", "2027-04-01"])
def test_a_report_is_held_to_the_stores_in_force_on_its_periods_first_day(
    register_url: str, tmp_path: Path, effective: str
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    added = agreement(issue_date="2027-02-20", added_platforms={"added": ["京东自营旗舰店"], "effective": effective},
                      kpis=None, amended_clauses=[{"clause": "scope"}])  # fmt: skip
    number = _issue(register_url, tmp_path, TYPE, added, "agreement")
    report = copy.deepcopy(REPORT)  # March 2027, issued on 2027-04-03, with the contract's two stores
    if effective == "2027-04-01":  # in force after the report's period began: the report keeps two stores
        assert _issue(register_url, tmp_path, "operations_report", report, "report").startswith("YB-")
    else:
        message = refused(register_url, tmp_path, "operations_report", report)
        assert f": platforms: 2 entries here, 3 entries in {CITED} + {number}; " in message


def test_register_show_lists_the_contracts_agreements(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    number = _issue(register_url, tmp_path, TYPE, agreement(), "agreement")
    shown = run("register", "show", "HT-2026-0001", "--db", register_url)
    assert shown.exit_code == 0, shown.output
    assert f"  cited by\t{number}\t{TYPE}" in shown.stdout.splitlines()
    assert f"└─ {number}\t{TYPE}\tissued\t2027-06-20" in shown.stdout
    own = run("register", "show", number, "--db", register_url).stdout.splitlines()
    assert "  cites\tcontract_number\tHT-2026-0001" in own


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def test_an_agreement_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "agreements.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    titles = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))["fields"]
    row = _titled(AGREEMENT, (), titles)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"原合同编号", "新增店铺1", "新指标2名称", "修改条款1", "服务费生效日期"} <= set(headers)
    bad = row | {"新增店铺生效日期": "2026-12-01"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{path}:row 3: added_platforms.effective: 2026-12-01 falls before the contract's service start 2027-01-01: "
        "a change takes effect on or after it"
    ]
    [good] = validate_records(TYPE, load_records(path, get_type(TYPE))[:1], settings)
    assert good == validate(TYPE)
