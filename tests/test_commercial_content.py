"""The commercial documents' content (issue #17): the contract's clauses in every locale, commission bands that do
not overlap, one renewal rule, one tax basis from proposal to contract, deductions that cite a contract clause,
statements reconciled against the instalment schedule, and the zh_CN spacing rule."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.inputs import parse_yaml
from docgen.pipeline import render_document
from docgen.registry import document_types
from docgen.samples import sample_path

from .textutil import docx_text
from .variants import DELETE, problems, text, validate, variant

CONTRACT, PROPOSAL, SETTLEMENT = "service_contract", "proposal", "settlement_statement"
LOCALES = ("zh_CN", "en_US", "zh_TW")


def squeezed(phrase: str) -> str:
    return "".join(phrase.split())


# ---------------------------------------------------------------- clause presence, per type and locale

# What a lawyer looks for in each sample, by locale: the clauses issue #17 found missing, and the conventions.
CLAUSES: dict[str, dict[str, list[str]]] = {
    CONTRACT: {
        "zh_CN": [
            "个人信息与数据保护", "《中华人民共和国个人信息保护法》第二十一条", "不得转委托", "返还甲方或予以删除",
            "不可抗力", "通知与送达", "xu.wenbo@qinghe-beauty.example.com", "legal@yunfan-ops.example.com",
            "账号及资料交还", "2028年1月7日", "平台规则与店铺处罚", "由甲方自行承担", "店铺因一方原因被关闭",
            "提案与本合同不一致的，以本合同为准", "以简体中文文本为准", "考核指标当月未达成",
            "扣减¥5,000.00", "连续3个月未达成", "乙方刷单炒信", "消费者个人信息泄露", "一式两份，双方各执一份",
            "（以下无正文）",
        ],
        "en_US": [
            "Personal information and data", "Article 21 of the Personal Information Protection Law",
            "shall not sub-entrust", "return the personal information", "Force majeure",
            "Notices and service of documents", "xu.wenbo@qinghe-beauty.example.com",
            "legal@yunfan-ops.example.com", "Return of accounts and materials", "January 7, 2028",
            "Platform rules and store penalties", "Party A shall bear them", "closed for reasons attributable",
            "this agreement prevails", "the Simplified Chinese text prevails", "deduct RMB 5,000.00",
            "for 3 consecutive months", "places fake orders", "personal information is leaked",
            "two originals, one for each party", "(No further text below.)", "late-payment damages",
            "calculated on a tiered (marginal) basis", "Party B shall provide the following services",
        ],
        "zh_TW": [
            "個人信息與數據保護", "《中華人民共和國個人信息保護法》第二十一條", "不得轉委託", "返還甲方或予以刪除",
            "不可抗力", "通知與送達", "xu.wenbo@qinghe-beauty.example.com", "legal@yunfan-ops.example.com",
            "賬號及資料交還", "2028年1月7日", "平台規則與店鋪處罰", "由甲方自行承擔", "店鋪因一方原因被關閉",
            "提案與本合同不一致的，以本合同為準", "以簡體中文文本為準", "考核指標當月未達成", "連續3個月未達成",
            "一式兩份，雙方各執一份", "（以下無正文）",
        ],
    },
    PROPOSAL: {
        "zh_CN": ["以上单价为含税价", "上述费用均为含税价", "与本提案费用报价的计税口径一致", "以合同为准"],
        "en_US": ["Unit prices include VAT", "the same tax basis as the fee quotation", "the agreement prevails"],
        "zh_TW": ["以上單價為含稅價", "上述費用均為含稅價", "與本提案費用報價之計稅基礎一致", "以合同為準"],
    },
    SETTLEMENT: {
        "zh_CN": [
            "甲方（委托方）杭州青禾美妆科技有限公司", "乙方（服务方）上海云帆电子商务运营有限公司",
            "合同“考核指标”条款", "付款期次核对", "合同付款计划第1期", "发票金额（价税合计）¥169,400.00",
        ],
        "en_US": [
            "Party A (Client)", "Party B (Agency)", "Contract clause on performance indicators",
            "Instalment reconciliation", "Instalment 1 of the contract's payment schedule",
            "for RMB 169,400.00 (VAT included)", "1. Fees for the period", "late-payment damages",
        ],
        "zh_TW": [
            "甲方（委託方）杭州青禾美妆科技有限公司", "乙方（服務方）上海云帆电子商务运营有限公司",
            "合同「考核指標」條款", "付款期次核對", "合同付款計畫第1期", "發票金額（價稅合計）人民幣 169,400.00",
        ],
    },
}  # fmt: skip


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", list(CLAUSES))
def test_each_clause_is_in_the_rendered_document(type_name: str, locale: str, fmt: str, settings) -> None:
    found = text(validate(type_name), settings, locale, fmt)
    missing = [phrase for phrase in CLAUSES[type_name][locale] if squeezed(phrase) not in found]
    assert not missing, f"{type_name}.{locale}.{fmt} lacks {missing}"


def test_statements_are_numbered_in_sections_and_only_contracts_in_articles(settings) -> None:
    assert "Article" not in text(validate(SETTLEMENT), settings, "en_US")
    assert "Article" not in text(validate(PROPOSAL), settings, "en_US")
    assert "Article21Miscellaneous" in text(validate(CONTRACT), settings, "en_US")


def test_the_zh_tw_contract_keeps_the_prc_terms_of_its_jurisdiction(settings) -> None:
    """A PRC contract in Traditional characters: 合同 and 解除 (Civil Code Art. 562-563), not Taiwan's 合約 and 終止."""
    found = text(validate(CONTRACT), settings, "zh_TW")
    assert "代運營服務合同" in found and "合同解除" in found
    assert "合約" not in found and "終止本合同" not in found and "營業秘密" not in found


# ---------------------------------------------------------------- the party table


def _party_rows(document: Any, settings, locale: str) -> dict[str, list[str]]:
    table = docx.Document(io.BytesIO(render_document(document, settings, fmt="docx", locale=locale))).tables[0]
    return {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows}


def test_the_party_table_shows_each_legal_representative_and_who_signs(settings) -> None:
    rows = _party_rows(validate(CONTRACT), settings, "zh_CN")
    assert rows["法定代表人"] == ["沈佳怡", "周明哲"]
    assert rows["授权代表（签约人）"] == ["沈佳怡", "陈思远"]


def test_a_client_signing_through_an_authorised_signatory_names_its_legal_representative(settings) -> None:
    authorised = {"client.representative": "许文博", "client.representative_role": "authorised_signatory"}
    assert problems(CONTRACT, authorised) == [
        "service_contract.yaml: client_legal_representative: the client signs through an authorised signatory: "
        "give its legal representative too"
    ]
    rows = _party_rows(validate(CONTRACT, authorised | {"client_legal_representative": "沈佳怡"}), settings, "en_US")
    assert rows["Legal representative"] == ["沈佳怡", "周明哲"]
    assert rows["Authorized representative (signing)"] == ["许文博", "陈思远"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"notices.agency.email": "legal at yunfan"}, "notices.agency.email: String should match pattern"),
        ({"notices": DELETE}, "notices: Field required"),
        ({"kpis": [], "kpi_deduction": "5000.00"}, "kpi_deduction: a deduction for missed indicators needs"),
    ],
)
def test_the_new_contract_data_is_validated(changes: dict[str, Any], expected: str) -> None:
    [problem] = problems(CONTRACT, changes)
    assert problem.split(": ", 1)[1].startswith(expected)


def test_the_handover_date_counts_from_the_end_of_service() -> None:
    assert str(validate(CONTRACT).handover_due) == "2028-01-07"
    assert str(validate(CONTRACT, {"handover_days": 30}).handover_due) == "2028-01-30"


# ---------------------------------------------------------------- commission bands: a boundary belongs to one band

# Each locale's band wording as (lower bound excluded, upper bound included); None is open.
BAND_FORMS = {
    "zh_CN": [r"^不超过(?P<up>.+)（含）的部分$", r"^超过(?P<low>.+)至(?P<up>.+)（含）的部分$", r"^超过(?P<low>.+)的部分$"],
    "zh_TW": [r"^不超過(?P<up>.+)（含）[的之]部分$", r"^超過(?P<low>.+)至(?P<up>.+)（含）[的之]部分$", r"^超過(?P<low>.+)[的之]部分$"],
    "en_US": [
        r"^The part up to and including (?P<up>.+)$",
        r"^The part over (?P<low>.+), up to and including (?P<up>.+)$",
        r"^The part over (?P<low>.+)$",
    ],
}  # fmt: skip


def _amount(printed: str | None) -> Decimal | None:
    return None if printed is None else Decimal(re.sub(r"[^0-9.]", "", printed))


def _band(cell: str, locale: str) -> tuple[Decimal | None, Decimal | None]:
    for form in BAND_FORMS[locale]:
        if found := re.match(form, cell):
            return _amount(found.groupdict().get("low")), _amount(found.groupdict().get("up"))
    raise AssertionError(f"{cell!r} is not worded as a band with an included upper and an excluded lower bound")


def _bands(type_name: str, locale: str, settings) -> list[tuple[Decimal | None, Decimal | None]]:
    document = docx.Document(io.BytesIO(render_document(validate(type_name), settings, fmt="docx", locale=locale)))
    table = next(t for t in document.tables if "GMV" in t.rows[0].cells[0].text)
    return [_band(row.cells[0].text, locale) for row in table.rows[1:]]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type_name", [CONTRACT, PROPOSAL])
def test_a_gmv_on_a_band_boundary_belongs_to_exactly_one_band(type_name: str, locale: str, settings) -> None:
    """以上 includes its boundary (Civil Code Art. 1259), so 以上 … 至 bands overlapped at ¥2,000,000."""
    bands = _bands(type_name, locale, settings)
    assert bands == [
        (None, Decimal("2000000.00")),
        (Decimal("2000000.00"), Decimal("5000000.00")),
        (Decimal("5000000.00"), None),
    ]
    for gmv in (Decimal("0.01"), Decimal("2000000"), Decimal("2000000.01"), Decimal("5000000"), Decimal("9e6")):
        holding = [(low, up) for low, up in bands if (low is None or gmv > low) and (up is None or gmv <= up)]
        assert len(holding) == 1, f"{gmv} lies in {holding}"


def test_the_commission_charges_the_boundary_at_the_lower_band_as_worded() -> None:
    commission = validate(CONTRACT).fees.commission
    assert commission.on(Decimal("2000000")) == Decimal("60000.00")  # all of it at 3%, the band that includes it
    assert commission.on(Decimal("2000100")) == Decimal("60002.00")  # only the part over it at 2%


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh_CN", "超过¥2,000,000.00至¥5,000,000.00（含）的部分2%"),
        ("en_US", "the part over RMB 2,000,000.00, up to and including RMB 5,000,000.00, 2%"),
        ("zh_TW", "超過人民幣 2,000,000.00至人民幣 5,000,000.00（含）之部分2%"),
    ],
)
def test_the_statement_words_the_bands_as_the_contract_does(locale: str, words: str, settings) -> None:
    assert squeezed(words) in text(validate(SETTLEMENT), settings, locale)


# ---------------------------------------------------------------- renewal: one meaning in every locale

# "At least N days before the term expires", never "within the N days before it" (期满前 N 日内).
RENEWAL = {
    "zh_CN": ("应至少于本合同期满前{n}日书面通知对方", "期满前{n}日内"),
    "zh_TW": ("應至少於本合同期滿前{n}日書面通知對方", "期滿前{n}日內"),
    "en_US": ("shall notify the other party in writing at least {n} days before the term expires", "within {n} days"),
}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("days", [30, 45])
def test_the_renewal_notice_means_the_same_in_every_locale(locale: str, days: int, settings) -> None:
    found = text(validate(CONTRACT, {"renewal_notice_days": days}), settings, locale, "docx")
    meant, other = RENEWAL[locale]
    assert squeezed(meant.format(n=days)) in found
    assert squeezed(other.format(n=days)) not in found


# ---------------------------------------------------------------- one tax basis from the proposal to the contract


def test_a_proposal_quoting_on_another_tax_basis_than_its_fee_model_is_refused() -> None:
    assert problems(PROPOSAL, {"quotation.prices_include_tax": False}) == [
        "proposal.yaml: fee_model.prices_include_tax: the fee model's tax basis (prices_include_tax, vat_rate) "
        "differs from the quotation's: state both on one basis, or the same fee means two amounts"
    ]
    assert problems(PROPOSAL, {"quotation.vat_rate": "0.09"})[0].startswith("proposal.yaml: fee_model.prices_include")


def _derived_contract(tmp_path: Path, proposal: dict[str, Any]) -> dict[str, Any]:
    source, out = tmp_path / "proposal.json", tmp_path / "contract.yaml"
    source.write_text(json.dumps(proposal, ensure_ascii=False, default=str), encoding="utf-8")
    result = CliRunner().invoke(app, ["derive", CONTRACT, "--from", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return parse_yaml(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("include_tax", [True, False])
def test_the_derived_contract_states_its_fees_on_the_proposals_tax_basis(
    tmp_path: Path, include_tax: bool, settings
) -> None:
    basis = {"quotation.prices_include_tax": include_tax, "fee_model.prices_include_tax": include_tax}
    proposal = validate(PROPOSAL, basis)
    data = _derived_contract(tmp_path, variant(PROPOSAL, basis))
    assert data["fees"]["prices_include_tax"] == str(include_tax).lower()
    filled = variant(CONTRACT, {"fees": data["fees"], "notices.client": data["notices"]["client"]})
    contract = validate(CONTRACT, filled)
    said = ("以上单价为含税价", "均为含税价") if include_tax else ("以上单价不含税", "均不含税，另按税率加计增值税")
    assert squeezed(said[0]) in text(proposal, settings, "zh_CN")
    assert squeezed(said[1]) in text(contract, settings, "zh_CN")


def test_a_proposal_without_a_fee_model_passes_its_quotations_tax_basis_on(tmp_path: Path) -> None:
    data = _derived_contract(tmp_path, variant(PROPOSAL, {"fee_model": DELETE, "quotation.prices_include_tax": False}))
    assert (data["fees"]["prices_include_tax"], data["fees"]["vat_rate"]) == ("false", "0.06")
    assert data["notices"]["client"] == {
        "recipient": "许文博",
        "address": "浙江省杭州市西湖区文三路478号12楼",
        "email": "xu.wenbo@qinghe-beauty.example.com",
    }


# ---------------------------------------------------------------- deductions cite a contract clause


def test_a_deduction_without_a_contract_clause_is_refused() -> None:
    assert problems(SETTLEMENT, {"adjustments.0.clause": DELETE}) == [
        "settlement_statement.yaml: adjustments.0.clause: a deduction must cite the contract clause it relies on "
        "(clause)"
    ]


def test_an_addition_needs_no_clause() -> None:
    statement = validate(SETTLEMENT, {"adjustments": [{"reason": "补收3月加班客服费", "amount": "800.00"}]})
    assert statement.adjustments_total == Decimal("800.00")


def test_a_clause_outside_the_contracts_is_refused() -> None:
    [problem] = problems(SETTLEMENT, {"adjustments.0.clause": "goodwill"})
    assert problem.startswith("settlement_statement.yaml: adjustments.0.clause: Input should be 'kpis'")


# ---------------------------------------------------------------- the instalment a statement settles


def test_the_sample_statement_settles_the_last_month_of_the_first_instalment() -> None:
    statement = validate(SETTLEMENT)
    assert (statement.instalment_applied, statement.instalment_remaining) == (Decimal("80000.00"), Decimal("0.00"))


def test_what_remains_of_an_instalment_is_amount_less_earlier_less_this_statement() -> None:
    statement = validate(SETTLEMENT, {"instalment.settled_before": "80000.00"})
    assert statement.instalment_remaining == Decimal("240000.00") - Decimal("80000.00") - Decimal("80000.00")


def test_fees_without_vat_settle_the_instalment_with_vat_added_half_up() -> None:
    changes = {"fees.prices_include_tax": False, "fees.monthly_fee": "80000.05", "instalment.settled_before": "0"}
    statement = validate(SETTLEMENT, changes)
    # 80,000.05 × 1.06 = 84,800.053 → 84,800.05; the instalments count the VAT-inclusive contract total.
    assert statement.instalment_applied == Decimal("84800.05")
    assert statement.instalment_remaining == Decimal("240000.00") - Decimal("84800.05")


def test_a_partial_month_settles_its_prorated_fee_against_the_instalment() -> None:
    changes = {
        "service_period": {"start": "2027-03-11", "end": "2028-03-10"},
        "instalment.settled_before": "0",
    }
    statement = validate(SETTLEMENT, changes | {"period": {"start": "2027-03-11", "end": "2027-03-31"}})
    # 80,000 × 21 ÷ 31 = 54,193.548… → 54,193.55 (half-up to the fen, as the fee line).
    assert statement.instalment_applied == Decimal("54193.55")


def test_a_statement_settling_more_than_is_left_of_the_instalment_is_refused() -> None:
    assert problems(SETTLEMENT, {"instalment.settled_before": "160000.01"}) == [
        "settlement_statement.yaml: instalment.settled_before: this statement settles 80000.00 against instalment 1, "
        "of which only 79999.99 is left (240000.00 less 160000.01 settled before)"
    ]
    assert validate(SETTLEMENT, {"instalment.settled_before": "160000.00"}).instalment_remaining == 0


def test_a_commission_only_statement_settles_no_instalment() -> None:
    [problem] = problems(SETTLEMENT, {"fees.monthly_fee": None})
    assert problem.startswith("settlement_statement.yaml: instalment: only a fixed fee is settled against")


@pytest.mark.parametrize(
    ("locale", "rows"),
    [
        ("zh_CN", ["对应付款期次合同付款计划第1期", "该期应付金额¥240,000.00", "此前结算单已结金额¥160,000.00",
                   "本结算单结算的固定服务费（含税）¥80,000.00", "该期剩余金额¥0.00"]),
        ("en_US", ["Settledbyearlierstatements RMB 160,000.00", "Remaining of the instalment RMB 0.00"]),
    ],
)  # fmt: skip
def test_the_statement_prints_the_reconciliation(locale: str, rows: list[str], settings) -> None:
    found = text(validate(SETTLEMENT), settings, locale, "pdf")
    assert all(squeezed(row) in found for row in rows), [row for row in rows if squeezed(row) not in found]


# ---------------------------------------------------------------- zh_CN spacing

CJK = r"[\u4e00-\u9fff]"
# No space between CJK text and digits, Latin letters or ¥, and none after CJK punctuation.
STRAY_SPACE = re.compile(rf"{CJK} +[0-9A-Za-z¥]|[0-9A-Za-z%] +{CJK}|[，。；：、（）“”] +\S")


# Checked in the DOCX, where each paragraph and table cell is a line of its own: PDF text extraction puts spaces
# between table cells and at line ends. Both formats are built from the same wording. One rule for every type.
@pytest.mark.parametrize("type_name", sorted(document_types()))
def test_zh_cn_puts_no_space_between_chinese_and_numbers(type_name: str, settings) -> None:
    content = render_document(validate(type_name), settings, fmt="docx", locale="zh_CN")
    lines = docx_text(content).splitlines()
    stray = [line for line in lines if STRAY_SPACE.search(line)]
    assert not stray, stray


def test_the_spacing_check_sees_a_stray_space() -> None:
    assert STRAY_SPACE.search("共 12 个月") and STRAY_SPACE.search("一、 代运营方案概述")
    assert STRAY_SPACE.search("36个月。 试用期") and not STRAY_SPACE.search("离职后12个月，第十五条 争议解决")


def test_the_samples_chain_carries_the_new_data() -> None:
    contract = parse_yaml(sample_path(CONTRACT).read_text(encoding="utf-8"))
    statement = parse_yaml(sample_path(SETTLEMENT).read_text(encoding="utf-8"))
    first = validate(CONTRACT).schedule[int(statement["instalment"]["number"]) - 1]
    assert Decimal(statement["instalment"]["amount"]) == first.amount
    assert contract["kpi_deduction"] == str(-Decimal(statement["adjustments"][0]["amount"]))
