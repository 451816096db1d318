"""Proposal and service contract: bad input named by field, optional articles, derivation."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.errors import InvalidData
from docgen.inputs import Record, load_records, parse_yaml
from docgen.pipeline import render_document, validate_records
from docgen.samples import sample_path

from .textutil import docx_text, html_text, pdf_text, squeeze

CONTRACT = load_records(sample_path("service_contract"))[0].data
PROPOSAL = load_records(sample_path("proposal"))[0].data


def _change(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return data


def _validate(type_name: str, data: dict[str, Any], settings):
    return validate_records(type_name, [Record(data, "data.yaml")], settings)[0]


def _problems(type_name: str, data: dict[str, Any], settings) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        _validate(type_name, data, settings)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"payment_schedule.3.percent": "24"}, "data.yaml: payment_schedule: percentages add up to 99%, not 100%"),
        (
            {"service_period.end": "2026-12-31"},
            "data.yaml: service_period.end: 2026-12-31 falls before start 2027-01-01",
        ),
        (
            {"client.uscc": "91330106MA2H3K5P1X"},
            "data.yaml: client.uscc: not a valid unified social credit code: "
            "The number's checksum or check digit is invalid.",
        ),
        (
            {"fees.commission.bands.0.rate": "1.01"},
            "data.yaml: fees.commission.bands.0.rate: Input should be less than or equal to 1",
        ),
        (
            {"fees.commission.bands.1.above": "1500000"},
            "data.yaml: fees.commission.bands.1.above: band 2 overlaps band 1",
        ),
        (
            {"fees.commission.bands.1.above": "2500000"},
            "data.yaml: fees.commission.bands.1.above: gap between 2000000.00 and 2500000.00",
        ),
        (
            {"service_period.end": "2027-12-30"},
            "data.yaml: service_period.end: a monthly fee needs a period of whole months, e.g. 2027-01-01 to 2027-12-31",
        ),
    ],
)
def test_contract_bad_input_names_the_field(settings, changes: dict[str, Any], expected: str) -> None:
    assert _problems("service_contract", _change(CONTRACT, changes), settings) == [expected]


def test_instalment_amounts_must_add_up_exactly(settings) -> None:
    schedule = [{"due": "2027-01-10", "amount": "480000.00"}, {"due": "2027-07-10", "amount": "479999.99"}]
    assert _problems("service_contract", _change(CONTRACT, {"payment_schedule": schedule}), settings) == [
        "data.yaml: payment_schedule: instalments add up to 959999.99, not the fixed total 960000.00"
    ]
    schedule[1]["amount"] = "480000.00"
    assert (
        _validate("service_contract", _change(CONTRACT, {"payment_schedule": schedule}), settings).fixed_total == 960000
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"quotation.lines.0.quantity": "-1"}, "data.yaml: quotation.lines.0.quantity: Input should be greater than 0"),
        ({"quotation.currency": "XYZ"}, "data.yaml: quotation.currency: unknown currency code 'XYZ'"),
        ({"valid_until": "2026-11-20"}, "data.yaml: valid_until: 2026-11-20 is not after the issue date 2026-11-20"),
        (
            {"phases.1.period.start": "2026-12-01", "phases.1.period.end": "2026-12-31"},
            "data.yaml: phases.1.period.start: phases must be listed in the order they start",
        ),
        (
            {"quotation.discount": "300000"},
            "data.yaml: quotation.discount: discount 300000.00 exceeds the subtotal 295000.00",
        ),
    ],
)
def test_proposal_bad_input_names_the_field(settings, changes: dict[str, Any], expected: str) -> None:
    assert _problems("proposal", _change(PROPOSAL, changes), settings) == [expected]


def test_contract_figures(settings) -> None:
    contract = _validate("service_contract", CONTRACT, settings)
    figures = (contract.months, contract.fixed_total, contract.fixed_net, contract.fixed_tax)
    assert figures == (12, Decimal("960000.00"), Decimal("905660.38"), Decimal("54339.62"))
    assert [p.amount for p in contract.schedule] == [240000, 240000, 240000, 240000]
    assert [p.takes_rounding for p in contract.schedule] == [False, False, False, False]  # 25% each divides exactly


def test_only_a_last_instalment_that_carries_a_rounding_difference_says_so(settings) -> None:
    thirds = [{"due": "2027-01-10", "percent": "30"}, {"due": "2027-04-10", "percent": "30"},
              {"due": "2027-07-10", "percent": "40"}]  # fmt: skip
    contract = _validate("service_contract", _change(CONTRACT, {"fees.monthly_fee": "80000.01",
                                                                "payment_schedule": thirds}), settings)  # fmt: skip
    # 960,000.12 × 30% = 288,000.036 → 288,000.04 twice; the last takes 384,000.04, not its own 384,000.048 → .05.
    assert [p.amount for p in contract.schedule] == [Decimal("288000.04"), Decimal("288000.04"), Decimal("384000.04")]
    assert [p.takes_rounding for p in contract.schedule] == [False, False, True]


OPTIONAL_OFF = {
    "exclusivity": False,
    "non_solicitation_months": None,
    "auto_renewal": False,
    "kpis": [],
    "kpi_deduction": None,
}


@pytest.mark.parametrize(
    ("locale", "fmt", "expected"),
    [
        (
            "zh_CN",
            "html",
            [
                "第五条甲方的权利和义务",
                "第九条保密",
                "第十一条合同解除",
                "第十三条违约责任",
                "第十七条其他",
                "依第十三条追究违约责任",
                "未按第四条约定付款",
                "违反第九条约定",
            ],
        ),
        ("zh_CN", "docx", ["第九条保密", "依第十三条追究违约责任", "违反第九条约定"]),
        ("en_US", "pdf", ["Article 9 Confidentiality", "claim under Article 13", "breaches Article 9"]),
        ("zh_TW", "docx", ["第九條保密", "依第十三條追究違約責任"]),
    ],
)
def test_switched_off_articles_renumber_and_references_follow(
    settings, locale: str, fmt: str, expected: list[str]
) -> None:
    contract = _validate("service_contract", _change(CONTRACT, OPTIONAL_OFF), settings)
    extract = {"html": html_text, "docx": docx_text, "pdf": pdf_text}[fmt]
    text = squeeze(extract(render_document(contract, settings, fmt=fmt, locale=locale)))
    for phrase in expected:
        assert squeeze(phrase) in text, phrase
    for absent in ("排他合作", "禁止招揽", "自动续期", "第十八条", "第十九条"):
        assert absent not in text


def test_all_articles_on_give_twenty_one(settings) -> None:
    contract = _validate("service_contract", CONTRACT, settings)
    text = squeeze(html_text(render_document(contract, settings, fmt="html", locale="zh_CN")))
    assert "第十条排他合作" in text and "第十七条违约责任" in text and "第二十一条其他" in text
    assert "依第十七条追究违约责任" in text and "续期按第十四条执行" in text and "第二十二条" not in text


def test_commission_only_contract_states_rates_and_no_total(settings) -> None:
    # Without promotion funding too: its sub-clause writes its own amount in words (大写).
    data = _change(CONTRACT, {"fees.monthly_fee": None, "payment_schedule": [], "promotion_budget": None})
    contract = _validate("service_contract", data, settings)
    assert contract.fixed_total is None and contract.schedule == []
    text = squeeze(html_text(render_document(contract, settings, fmt="html", locale="zh_CN")))
    assert "本合同仅按佣金计费，不设固定合同总额" in text and "超额累进" in text and "3%" in text
    assert "固定服务费" not in text and "大写" not in text
    schedule_given = _change(data, {"payment_schedule": CONTRACT["payment_schedule"]})
    assert _problems("service_contract", schedule_given, settings) == [
        "data.yaml: payment_schedule: a commission-only contract has no fixed total to schedule"
    ]


def test_derive_contract_from_proposal_then_fill_it(tmp_path: Path) -> None:
    out = tmp_path / "contract.yaml"
    result = CliRunner().invoke(
        app, ["derive", "service_contract", "--from", str(sample_path("proposal")), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.count("# TO FILL:") == 4
    invalid = CliRunner().invoke(app, ["validate", "service_contract", str(out)])
    assert invalid.exit_code == 1
    assert {line.split(": ")[1] for line in invalid.stderr.splitlines()} == {
        "service_period.start",
        "service_period.end",
        "payment_schedule.0.due",
        "disputes.method",
        "disputes.forum",
        "notices.agency.recipient",
        "notices.agency.address",
        "notices.agency.email",
    }
    data = parse_yaml(text)
    assert data["client"]["legal_name"] == "杭州青禾美妆科技有限公司" and data["fees"]["monthly_fee"] == "80000.00"
    data.update(
        service_period={"start": "2027-01-01", "end": "2027-12-31"},
        payment_schedule=[{"due": "2027-01-10", "percent": "50"}, {"due": "2027-07-10", "percent": "50"}],
        disputes={"method": "court", "forum": "上海市浦东新区人民法院"},
        notices=data["notices"] | {"agency": {"recipient": "刘晓彤", "address": "上海", "email": "a@b.example"}},
    )
    filled = tmp_path / "filled.json"
    import json

    filled.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert CliRunner().invoke(app, ["validate", "service_contract", str(filled)]).exit_code == 0


def test_derive_refuses_what_it_cannot_derive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["derive", "offer_letter", "--from", str(sample_path("proposal")), "-o", str(tmp_path / "x.yaml")]
    )
    assert result.exit_code == 2 and "nothing derives a offer_letter" in result.stderr


def test_derive_from_an_issued_number(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    issued = CliRunner().invoke(
        app, ["issue", "proposal", str(sample_path("proposal")), "-f", "html", "-d", str(tmp_path / "out"), "--db", url]
    )
    assert issued.exit_code == 0, issued.output
    number = issued.stdout.split("\t")[0]
    out = tmp_path / "contract.yaml"
    derived = CliRunner().invoke(app, ["derive", "service_contract", "--from", number, "-o", str(out), "--db", url])
    assert derived.exit_code == 0, derived.output
    data = parse_yaml(out.read_text(encoding="utf-8"))
    assert data["proposal_number"] == number and data["client"]["uscc"] == "91330106MA2H3K5P13"
    wrong = CliRunner().invoke(
        app, ["derive", "settlement_statement", "--from", number, "-o", str(tmp_path / "s.yaml"), "--db", url]
    )
    assert wrong.exit_code == 2 and (
        f"{number} is a proposal: a settlement_statement is derived only from service_contract, operations_report"
        in wrong.stderr
    )
    missing = CliRunner().invoke(
        app, ["derive", "service_contract", "--from", "TA-2026-0099", "-o", str(out), "--force", "--db", url]
    )
    assert missing.exit_code == 1 and "TA-2026-0099 is not in the register" in missing.stderr
