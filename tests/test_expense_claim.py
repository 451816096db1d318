"""The expense claim: each line's voucher and its numbers, the 专用发票's tax and buyer, the receipt limit, an invoice
claimed once, the submission window, the category limits, billable lines, the advance, the approval chain, the
settings in docgen.toml, the contract it cites, and spreadsheet input."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from docgen.config import Settings
from docgen.documents.expense_claim import ExpenseClaim, ExpenseClaimSettings
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records
from docgen.pipeline import FORMATS, validate_records
from docgen.registry import get_type
from docgen.resources import bundled_templates
from docgen.validation import validate_record

from .conftest import SAMPLES
from .registers import run, write_data
from .test_project_plan import _titled
from .test_repeated_facts import contract, issued, refused
from .variants import DELETE, TODAY, problems, text, validate, variant
from .webforms import changed, form_pairs, messages_by_field, post_form, web_client, web_settings

TYPE = "expense_claim"
FILE = "expense_claim.yaml"
CLAIM: dict[str, Any] = load_records(SAMPLES / "expense_claim.yaml")[0].data
RECEIPT, SPECIAL, ORDINARY, E_INVOICE = "lines.3", "lines.1", "lines.2", "lines.0"


def with_settings(changes: dict[str, Any], **settings: Any) -> ExpenseClaim:
    """The changed sample validated under [types.expense_claim] settings."""
    record = Record(variant(TYPE, changes), FILE)
    own = ExpenseClaimSettings.model_validate(settings)
    document = validate_record(get_type(TYPE), record, today=TODAY, type_settings=own)
    assert isinstance(document, ExpenseClaim)
    return document


def refused_under(changes: dict[str, Any], **settings: Any) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        with_settings(changes, **settings)
    return [str(problem) for problem in caught.value.problems]


def test_sample_figures() -> None:
    claim = validate(TYPE)
    assert claim.total == Decimal("5653.50")
    assert [(s.category, s.amount) for s in claim.subtotals] == [
        ("transport", Decimal("1107.00")),
        ("accommodation", Decimal("580.00")),
        ("entertainment", Decimal("3680.00")),
        ("office", Decimal("86.50")),
        ("communication", Decimal("200.00")),
    ]
    assert (claim.net_payable, claim.refundable) == (Decimal("2653.50"), Decimal("0.00"))
    assert claim.billable_total == Decimal("3680.00") and claim.voucher_count == 5
    assert claim.approvers == ["department_head", "finance", "general_manager"]
    assert get_type(TYPE).number_pattern == "BX-{yyyy}-{seq:04}" and get_type(TYPE).kind == "finance"
    assert get_type(TYPE).exclusive_keys == {"lines.*.invoice_key": "invoice"}  # type: ignore[attr-defined]


def test_subtotals_add_every_line_of_a_category() -> None:
    claim = validate(TYPE, {f"{E_INVOICE}.category": "communication"})
    assert [(s.category, s.amount) for s in claim.subtotals][-1] == ("communication", Decimal("1307.00"))
    assert sum(s.amount for s in claim.subtotals) == claim.total


# ---------------------------------------------------------------- each line's voucher


def test_each_line_gives_its_invoice_key() -> None:
    keys = [line.invoice_key for line in validate(TYPE).lines]
    assert keys == [
        "25312000000123456789", "3300214130-01234567", "144031900111-12345678", None, "25312000000987654321"
    ]  # fmt: skip


def test_a_line_without_a_voucher_is_refused() -> None:
    assert problems(TYPE, {f"{RECEIPT}.voucher_type": DELETE}) == [
        f"{FILE}: lines.3.voucher_type: a line needs its voucher (原始凭证): give voucher_type (vat_special, ordinary, "
        "e_invoice or receipt) with the invoice's numbers"
    ]


@pytest.mark.parametrize(("code", "ok"), [("144031900", False), ("1440319001", True), ("14403190011", False),
                                          ("144031900111", True), ("1440319001112", False), ("14403190011x", False),
                                          (DELETE, False)])  # fmt: skip
def test_a_paper_invoice_code_is_10_or_12_digits(code: Any, ok: bool) -> None:
    if ok:
        assert validate(TYPE, {f"{ORDINARY}.invoice_code": code}).lines[2].invoice_key == f"{code}-12345678"
    else:
        assert problems(TYPE, {f"{ORDINARY}.invoice_code": code}) == [
            f"{FILE}: lines.2.invoice_code: a paper invoice's 发票代码 (invoice_code) is 10 or 12 digits"
        ]


@pytest.mark.parametrize(("number", "ok"), [("1234567", False), ("12345678", True), ("123456789", False),
                                            (DELETE, False)])  # fmt: skip
def test_a_paper_invoice_number_is_8_digits(number: Any, ok: bool) -> None:
    if ok:
        assert validate(TYPE, {f"{SPECIAL}.invoice_number": number}).lines[1].invoice_key == f"3300214130-{number}"
    else:
        assert problems(TYPE, {f"{SPECIAL}.invoice_number": number}) == [
            f"{FILE}: lines.1.invoice_number: a paper invoice's 发票号码 (invoice_number) is 8 digits"
        ]


@pytest.mark.parametrize(("number", "ok"), [("2531200000012345678", False), ("25312000000123456780", True),
                                            ("253120000001234567801", False), (DELETE, False)])  # fmt: skip
def test_a_digital_invoice_number_is_20_digits(number: Any, ok: bool) -> None:
    if ok:
        assert validate(TYPE, {f"{E_INVOICE}.invoice_number": number}).lines[0].invoice_key == number
    else:
        assert problems(TYPE, {f"{E_INVOICE}.invoice_number": number}) == [
            f"{FILE}: lines.0.invoice_number: a 数电发票's number (invoice_number) is 20 digits"
        ]


def test_a_digital_invoice_has_no_code() -> None:
    assert problems(TYPE, {f"{E_INVOICE}.invoice_code": "144031900111"}) == [
        f"{FILE}: lines.0.invoice_code: a 数电发票 has no 发票代码: leave invoice_code out"
    ]


@pytest.mark.parametrize("field", ["invoice_code", "invoice_number"])
def test_a_receipt_needs_no_invoice_number_and_takes_none(field: str) -> None:
    assert validate(TYPE).lines[3].invoice_key is None
    assert problems(TYPE, {f"{RECEIPT}.{field}": "12345678"}) == [
        f"{FILE}: lines.3.{field}: a receipt (收据) has no invoice code or number: leave them out, or give the "
        "invoice's voucher_type"
    ]


# ---------------------------------------------------------------- the 增值税专用发票: tax and buyer


def test_a_special_invoice_states_its_tax_at_most_the_amount() -> None:
    assert validate(TYPE, {f"{SPECIAL}.tax_amount": "580.00"}).lines[1].tax_amount == Decimal("580.00")
    assert problems(TYPE, {f"{SPECIAL}.tax_amount": "580.01"}) == [
        f"{FILE}: lines.1.tax_amount: tax_amount 580.01 exceeds the line's amount 580.00"
    ]
    assert problems(TYPE, {f"{SPECIAL}.tax_amount": DELETE}) == [
        f"{FILE}: lines.1.tax_amount: a 增值税专用发票 states its tax: give tax_amount"
    ]


@pytest.mark.parametrize("field", ["buyer_name", "buyer_tax_id"])
def test_a_special_invoice_names_its_buyer(field: str) -> None:
    assert problems(TYPE, {f"{SPECIAL}.{field}": DELETE}) == [
        f"{FILE}: lines.1.{field}: a 增值税专用发票 is made out to the company: give buyer_name and buyer_tax_id as "
        "on the invoice"
    ]


OUR_NAME, OUR_USCC = "上海云帆电子商务运营有限公司", "91310115MA1K4B7T6N"
OTHER_USCC = "91330106MA2H3K5P13"


def test_the_buyer_is_the_company_the_data_names() -> None:
    ours = {"company": {"legal_name": OUR_NAME, "uscc": OUR_USCC}}
    assert validate(TYPE, ours).lines[1].buyer_tax_id == OUR_USCC
    assert problems(TYPE, ours | {f"{SPECIAL}.buyer_tax_id": OTHER_USCC}) == [
        f"{FILE}: lines.1.buyer_tax_id: the invoice's buyer {OUR_NAME} ({OTHER_USCC}) is not the company {OUR_NAME} "
        f"({OUR_USCC}): a 增值税专用发票 must be made out to the company"
    ]
    assert problems(TYPE, ours | {f"{SPECIAL}.buyer_name": "杭州青禾美妆科技有限公司"}) == [
        f"{FILE}: lines.1.buyer_name: the invoice's buyer 杭州青禾美妆科技有限公司 ({OUR_USCC}) is not the company "
        f"{OUR_NAME} ({OUR_USCC}): a 增值税专用发票 must be made out to the company"
    ]


def test_every_special_invoice_of_a_claim_names_the_same_buyer() -> None:
    second = {"voucher_type": "vat_special", "tax_amount": "10.00", "buyer_name": OUR_NAME, "buyer_tax_id": OUR_USCC}
    line = CLAIM["lines"][2] | second
    assert validate(TYPE, {"lines.2": line}).lines[2].voucher_type == "vat_special"
    assert problems(TYPE, {"lines.2": line | {"buyer_tax_id": OTHER_USCC}}) == [
        f"{FILE}: lines.2.buyer_name: the invoice's buyer {OUR_NAME} ({OTHER_USCC}) differs from lines.1's "
        f"{OUR_NAME} ({OUR_USCC}): every 增值税专用发票 is made out to the company"
    ]


@pytest.mark.parametrize(("locale", "said"), [
    ("zh_CN", f"杭州出差住宿一晚：增值税专用发票税额¥32.83，购买方{OUR_NAME}（{OUR_USCC}）"),
    ("en_US", f"杭州出差住宿一晚—madeoutto{OUR_NAME}({OUR_USCC}),aVATspecialinvoicewithtaxofRMB32.83"),
    ("zh_TW", f"杭州出差住宿一晚：增值稅專用發票稅額人民幣32.83，購買方{OUR_NAME}（{OUR_USCC}）"),
])  # fmt: skip
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_special_invoices_tax_and_buyer_are_printed_for_finance_to_check(
    settings: Settings, locale: str, said: str, fmt: str
) -> None:
    assert said in text(validate(TYPE), settings, locale, fmt)
    ordinary = {f"{SPECIAL}.voucher_type": "ordinary", f"{SPECIAL}.tax_amount": DELETE}
    ordinary |= {f"{SPECIAL}.buyer_name": DELETE, f"{SPECIAL}.buyer_tax_id": DELETE}
    assert OUR_USCC not in text(validate(TYPE, ordinary), settings, locale, fmt)


# ---------------------------------------------------------------- the receipt limit (小额零星经营业务)


def test_a_receipt_of_exactly_the_limit_passes_and_one_fen_more_needs_an_invoice() -> None:
    assert validate(TYPE, {f"{RECEIPT}.amount": "500.00"}).lines[3].amount == Decimal("500.00")
    assert problems(TYPE, {f"{RECEIPT}.amount": "500.01"}) == [
        f"{FILE}: lines.3.amount: a receipt (收据) is accepted up to 500.00 for a small sporadic payment; 500.01 "
        "needs an invoice (发票)"
    ]


def test_the_receipt_limit_is_the_configurations() -> None:
    assert with_settings({f"{RECEIPT}.amount": "800.00"}, receipt_limit="800.00").lines[3].amount == Decimal("800.00")
    assert refused_under({f"{RECEIPT}.amount": "300.01"}, receipt_limit="300.00") == [
        f"{FILE}: lines.3.amount: a receipt (收据) is accepted up to 300.00 for a small sporadic payment; 300.01 "
        "needs an invoice (发票)"
    ]


def test_an_invoice_may_carry_more_than_the_receipt_limit() -> None:
    assert validate(TYPE, {f"{E_INVOICE}.amount": "500.01"}).lines[0].amount == Decimal("500.01")


# ---------------------------------------------------------------- an invoice claimed once


def test_an_invoice_twice_in_the_claim_is_refused_naming_both_lines() -> None:
    assert problems(TYPE, {"lines.4.invoice_number": "25312000000123456789"}) == [
        f"{FILE}: lines.4.invoice_number: invoice 25312000000123456789 is on lines.0 and lines.4: an invoice is "
        "claimed once"
    ]
    paper = {"voucher_type": "ordinary", "invoice_code": "3300214130", "invoice_number": "01234567"}
    assert problems(TYPE, {"lines.4": CLAIM["lines"][4] | paper}) == [
        f"{FILE}: lines.4.invoice_number: invoice 3300214130-01234567 is on lines.1 and lines.4: an invoice is "
        "claimed once"
    ]


def test_the_same_number_under_another_code_and_two_receipts_are_different_vouchers() -> None:
    other_code = {"voucher_type": "ordinary", "invoice_code": "3300214131", "invoice_number": "01234567"}
    assert validate(TYPE, {"lines.4": CLAIM["lines"][4] | other_code}).lines[4].invoice_key == "3300214131-01234567"
    receipt = {k: v for k, v in CLAIM["lines"][4].items() if k != "invoice_number"} | {"voucher_type": "receipt"}
    assert validate(TYPE, {"lines.4": receipt}).lines[4].invoice_key is None


# ---------------------------------------------------------------- the submission window


def test_a_line_exactly_the_window_old_passes_and_a_day_older_is_refused() -> None:
    assert str(validate(TYPE, {"lines.0.spent_on": "2026-12-10"}).lines[0].spent_on) == "2026-12-10"
    assert problems(TYPE, {"lines.0.spent_on": "2026-12-09"}) == [
        f"{FILE}: lines.0.spent_on: 2026-12-09 is 91 days before issue_date 2027-03-10: a cost is claimed within "
        "90 days"
    ]


def test_a_line_dated_on_the_issue_date_passes_and_a_day_after_it_is_refused() -> None:
    assert str(validate(TYPE, {"lines.4.spent_on": "2027-03-10"}).lines[4].spent_on) == "2027-03-10"
    assert problems(TYPE, {"lines.4.spent_on": "2027-03-11"}) == [
        f"{FILE}: lines.4.spent_on: 2027-03-11 falls after issue_date 2027-03-10: a claim states costs already incurred"
    ]


def test_the_window_is_the_configurations() -> None:
    assert with_settings({"lines.0.spent_on": "2027-02-08"}, submission_window_days=30).lines[0].spent_on
    assert refused_under({"lines.0.spent_on": "2027-02-07"}, submission_window_days=30) == [
        f"{FILE}: lines.0.spent_on: 2027-02-07 is 31 days before issue_date 2027-03-10: a cost is claimed within "
        "30 days"
    ]


# ---------------------------------------------------------------- the category limits (报销标准)


def test_an_amount_at_its_category_limit_passes_and_above_it_needs_a_reason() -> None:
    at_limit = {f"{ORDINARY}.amount": "2000.00", f"{ORDINARY}.over_limit_reason": DELETE}
    assert validate(TYPE, at_limit).lines[2].amount == Decimal("2000.00")
    assert problems(TYPE, at_limit | {f"{ORDINARY}.amount": "2000.01"}) == [
        f"{FILE}: lines.2.amount: 2000.01 exceeds the limit of 2000.00 for entertainment (报销标准): give "
        "over_limit_reason for the exception"
    ]
    assert validate(TYPE, {f"{ORDINARY}.amount": "2000.01"}).lines[2].over_limit_reason


def test_the_category_limits_are_the_configurations() -> None:
    limits = {"category_limits": {"transport": "1000.00"}}
    assert refused_under({}, **limits) == [
        f"{FILE}: lines.0.amount: 1107.00 exceeds the limit of 1000.00 for transport (报销标准): give "
        "over_limit_reason for the exception"
    ]
    no_reason = {f"{ORDINARY}.over_limit_reason": DELETE, "lines.0.amount": "1000.00"}
    assert with_settings(no_reason, **limits).lines[2].amount == Decimal("3680.00")  # entertainment: no limit now


# ---------------------------------------------------------------- billable lines, the advance and approval


def test_a_billable_line_needs_the_claims_client() -> None:
    assert problems(TYPE, {"client": DELETE, "contract_number": DELETE}) == [
        f"{FILE}: lines.2.billable: a line billable to the client needs the claim's client: give client"
    ]
    unbilled = validate(TYPE, {"client": DELETE, "contract_number": DELETE, f"{ORDINARY}.billable": False})
    assert unbilled.billable_total == Decimal("0.00")


@pytest.mark.parametrize(("advance", "payable", "refundable"), [
    (DELETE, "5653.50", "0.00"), ("5653.50", "0.00", "0.00"), ("5653.51", "0.00", "0.01"), ("8000.00", "0.00", "2346.50"),
])  # fmt: skip
def test_the_advance_is_offset(advance: Any, payable: str, refundable: str) -> None:
    claim = validate(TYPE, {"advance": advance})
    assert (claim.net_payable, claim.refundable) == (Decimal(payable), Decimal(refundable))


@pytest.mark.parametrize(("amount", "approvers"), [
    ("3026.50", ["department_head", "finance"]),  # a total of exactly 5000.00
    ("3026.51", ["department_head", "finance", "general_manager"]),
])  # fmt: skip
def test_the_general_manager_approves_above_the_threshold(amount: str, approvers: list[str]) -> None:
    claim = validate(TYPE, {f"{ORDINARY}.amount": amount})
    assert claim.approvers == approvers


def test_the_threshold_is_the_configurations() -> None:
    assert with_settings({}, gm_threshold="5653.50").approvers == ["department_head", "finance"]
    assert with_settings({}, gm_threshold="5653.49").approvers[-1] == "general_manager"


@pytest.mark.parametrize(("locale", "said"), [
    ("zh_CN", "总经理审批签字日期："),
    ("en_US", "GeneralmanagerSignatureDate:"),
    ("zh_TW", "總經理審批簽字日期："),
])  # fmt: skip
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_general_managers_signature_box_is_printed_only_above_the_threshold(
    settings: Settings, locale: str, said: str, fmt: str
) -> None:
    assert said in text(validate(TYPE), settings, locale, fmt)
    assert said not in text(validate(TYPE, {f"{ORDINARY}.amount": "3026.50"}), settings, locale, fmt)


@pytest.mark.parametrize(("locale", "payable", "refund"), [
    ("zh_CN", "应付报销人¥2,653.50（大写：人民币贰仟陆佰伍拾叁元伍角）",
     "报销人应退回¥2,346.50（大写：人民币贰仟叁佰肆拾陆元伍角）"),
    ("en_US", "Payabletotheclaimant:RMB2,653.50(inwords:RMBTwoThousandSixHundredFifty-ThreeYuanandFiftyFenOnly)",
     "theclaimantrefundsRMB2,346.50"),
    ("zh_TW", "應付報銷人人民幣2,653.50（大寫：人民幣貳仟陸佰伍拾參元伍角）", "報銷人應退回人民幣2,346.50"),
])  # fmt: skip
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_net_is_printed_payable_or_refundable_in_figures_and_words(
    settings: Settings, locale: str, payable: str, refund: str, fmt: str
) -> None:
    printed = text(validate(TYPE), settings, locale, fmt)
    assert payable in printed and refund not in printed
    refunding = text(validate(TYPE, {"advance": "8000.00"}), settings, locale, fmt)
    assert refund in refunding and payable not in refunding


# ---------------------------------------------------------------- the settings, read strictly from docgen.toml


def _config(tmp_path: Path, table: str) -> Path:
    config = tmp_path / "docgen.toml"
    config.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8") + f"\n[types.expense_claim]\n{table}\n")
    return config


def test_the_settings_read_from_docgen_toml(tmp_path: Path) -> None:
    config = _config(tmp_path, 'receipt_limit = "80.00"\n[types.expense_claim.category_limits]\noffice = "50.00"')
    path = write_data(tmp_path / "claim.json", CLAIM)
    result = run("--config", str(config), "validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}: lines.3.amount: a receipt (收据) is accepted up to 80.00" in result.stderr


@pytest.mark.parametrize(("table", "named"), [
    ('receipt_limt = "80.00"', "types.expense_claim.receipt_limt"),
    ('[types.expense_claim.category_limits]\ntaxi = "50.00"', "types.expense_claim.category_limits.taxi"),
    ("submission_window_days = -1", "types.expense_claim.submission_window_days"),
])  # fmt: skip
def test_a_setting_misspelt_or_out_of_range_is_refused_naming_it(tmp_path: Path, table: str, named: str) -> None:
    result = run("--config", str(_config(tmp_path, table)), "validate", TYPE, str(SAMPLES / "expense_claim.yaml"))
    assert result.exit_code == 1
    assert named in result.stderr


# ---------------------------------------------------------------- messages in the interface language


def test_a_refusal_is_worded_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_LANG", "zh_CN")
    path = write_data(tmp_path / "claim.json", variant(TYPE, {f"{RECEIPT}.amount": "500.01"}))
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert f"{path}: lines.3.amount: 收据仅限500.00以内的小额零星支出；500.01须取得发票" in result.stderr


# ---------------------------------------------------------------- the contract it cites


def test_a_claim_under_a_contract_issues_as_bx_2027_0001(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    path = write_data(tmp_path / "claim.json", CLAIM)
    result = run("issue", TYPE, str(path), "-f", "pdf", "-d", str(tmp_path / "out"), "--db", register_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\t")[0] == "BX-2027-0001"


def test_a_claim_naming_another_client_than_its_contract_is_refused(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    message = refused(register_url, tmp_path, TYPE, copy.deepcopy(CLAIM) | {"client": "杭州青禾日化有限公司"})
    assert ": client: 杭州青禾日化有限公司 here, 杭州青禾美妆科技有限公司 in service_contract HT-2026-0001" in message


# ---------------------------------------------------------------- spreadsheet input with Chinese column titles


def test_a_claim_typed_into_a_sheet_with_chinese_column_titles(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "claims.xlsx"
    assert run("sample", TYPE, "--xlsx", str(path), "--locale", "zh_CN").exit_code == 0
    fields = yaml.safe_load((bundled_templates() / TYPE / "fields.zh_CN.yaml").read_text(encoding="utf-8"))
    labels = {code: label for choices in fields["choices"].values() for code, label in choices.items()}
    labels |= {"True": "是"}
    row = {title: labels.get(str(value), value) for title, value in _titled(CLAIM, (), fields["fields"]).items()}
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert {"报销人", "费用1凭证类型", "费用2发票代码", "费用3向客户收取", "冲销借款"} <= set(headers)
    bad = row | {"费用4金额": "500.01"}
    for number, values in ((2, row), (3, bad)):
        for title, value in values.items():
            sheet.cell(row=number, column=headers.index(title) + 1, value=str(value))
    workbook.save(path)
    result = run("validate", TYPE, str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{path}:row 3: lines.3.amount: a receipt (收据) is accepted up to 500.00 for a small sporadic payment; "
        "500.01 needs an invoice (发票)"
    ]
    [good] = validate_records(TYPE, load_records(path, get_type(TYPE))[:1], settings)
    assert good == validate(TYPE)


# ---------------------------------------------------------------- the web form


def test_the_web_form_puts_a_rules_message_next_to_its_line(tmp_path: Path) -> None:
    client = web_client(web_settings(tmp_path))
    page = client.get(f"/new/{TYPE}?from=sample")
    assert page.status_code == 200 and "冲销借款" in page.text and "费用明细" in page.text
    for field, value, said in [
        ("lines__3__amount", "500.01", "收据仅限500.00以内的小额零星支出；500.01须取得发票"),
        ("lines__0__spent_on", "2026-12-09", "费用日期2026-12-09早于报销日期2027-03-10共91天：费用须在90天内报销"),
    ]:
        pairs = changed(form_pairs(page.text), **{field: value})
        checked = post_form(client, f"/new/{TYPE}", [*pairs, ("_action", "check")]).text
        assert messages_by_field(checked) == {field.replace("__", "."): [said]}
