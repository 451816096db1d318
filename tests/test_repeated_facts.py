"""Repeated facts agree with the cited document as the register stored it, and an expired proposal needs
acknowledging; issue and validate refuse alike, on both register backends."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from docgen import registry
from docgen.inputs import load_records
from docgen.registry import document_types, get_type

from .conftest import SAMPLES
from .registers import entries, offer, run, write_data
from .variants import DELETE, problems, validate

PROPOSAL: dict[str, Any] = load_records(SAMPLES / "proposal.yaml")[0].data
CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data
# These registers hold no expense claim, so the statement bills none (tests/test_billed_expenses.py bills one).
SETTLEMENT: dict[str, Any] = load_records(SAMPLES / "settlement_statement.yaml")[0].data | {"expenses": []}
RETROSPECTIVE: dict[str, Any] = load_records(SAMPLES / "project_retrospective.yaml")[0].data
NDA: dict[str, Any] = load_records(SAMPLES / "nda.yaml")[0].data
USCC = CONTRACT["client"]["uscc"]
OTHER_USCC = "91330106MA2H3K5P26"  # valid, and not the client's
SUPPLEMENT = "issue a supplementary agreement to change it"


def contract(**changes: Any) -> dict[str, Any]:
    """The sample contract citing no proposal (its own proposal is not in these registers)."""
    data = copy.deepcopy(CONTRACT)
    del data["proposal_number"]
    return data | changes


def settlement(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(SETTLEMENT) | {"contract_number": "HT-2026-0001"} | changes


def changed(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of data with the value at a dotted path (list indexes as numbers) replaced."""
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return data


def issue(url: str, type_name: str, data: dict[str, Any], folder: Path, name: str) -> Any:
    path = write_data(folder / f"{name}.json", data)
    return run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)


def issued(url: str, type_name: str, data: dict[str, Any], folder: Path, name: str) -> None:
    result = issue(url, type_name, data, folder, name)
    assert result.exit_code == 0, result.output


def refused(url: str, folder: Path, type_name: str, data: dict[str, Any]) -> str:
    """The one-line error both validate --db and issue give (exit 1, no number taken)."""
    path = write_data(folder / f"{type_name}-refused.json", data)
    validated = run("validate", type_name, str(path), "--db", url)
    assert validated.exit_code == 1, validated.output
    before = len(entries(url))
    result = run("issue", type_name, str(path), "-f", "html", "-d", str(folder / "out"), "--db", url)
    assert result.exit_code == 1, result.output
    assert result.stderr == validated.stderr
    assert len(entries(url)) == before
    message: str = result.stderr.strip()
    assert message.startswith(f"docgen: error: {path}: ")
    return message


# ---------------------------------------------------------------- settlement statement → service contract

SETTLEMENT_CHANGES = [
    ("client.legal_name", "杭州青禾日化有限公司", "杭州青禾日化有限公司 here, 杭州青禾美妆科技有限公司 in"),
    ("client.uscc", OTHER_USCC, f"{OTHER_USCC} here, {USCC} in"),
    ("fees.monthly_fee", "90000.00", "90000.00 here, 80000.00 in"),
    ("fees.commission.bands.1.rate", "0.025", "0.025 here, 0.02 in"),
    ("fees.vat_rate", "0.09", "0.09 here, 0.06 in"),
    ("fees.prices_include_tax", False, "False here, True in"),
]


@pytest.mark.parametrize(("path", "value", "said"), SETTLEMENT_CHANGES, ids=[c[0] for c in SETTLEMENT_CHANGES])
def test_a_settlement_repeating_the_contract_differently_is_refused(
    register_url: str, tmp_path: Path, path: str, value: Any, said: str
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = changed(settlement(), path, value)
    del data["instalment"]  # its share follows the fee, and would be refused first; the repeated fee is the point
    message = refused(register_url, tmp_path, "settlement_statement", data)
    assert f": {path}: {said} service_contract HT-2026-0001; " in message
    assert message.endswith(f"settlement_statement differs from service_contract HT-2026-0001: {SUPPLEMENT}")


def test_every_difference_is_named_at_once(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = changed(settlement(), "client.uscc", OTHER_USCC)
    data = changed(data, "fees.monthly_fee", "70000")
    data = changed(data, "fees.commission.bands.2.rate", "0.015")
    message = refused(register_url, tmp_path, "settlement_statement", data)
    cited = "service_contract HT-2026-0001"
    assert message.split(": ", 3)[3] == (
        f"client.uscc: {OTHER_USCC} here, {USCC} in {cited}; fees.monthly_fee: 70000.00 here, 80000.00 in {cited}; "
        f"fees.commission.bands.2.rate: 0.015 here, 0.01 in {cited}; settlement_statement differs from {cited}: "
        f"{SUPPLEMENT}"
    )


@pytest.mark.parametrize(
    ("lang", "here", "count", "remedy"),
    [
        (
            "zh_CN",
            "本文件为 {0}，{1} 中为 {2}",
            "本文件为 2 项，{0} 中为 3 项",
            "与 {0} 不一致: 如需变更，请签发补充协议",
        ),
        (
            "zh_TW",
            "本文件為 {0}，{1} 中為 {2}",
            "本文件為 2 項，{0} 中為 3 項",
            "與 {0} 不一致: 如需變更，請簽發補充協議",
        ),
    ],
)
def test_the_differences_are_worded_in_the_interface_language(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, here: str, count: str, remedy: str
) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = changed(settlement(), "client.uscc", OTHER_USCC)
    data["fees"]["commission"]["bands"][1:] = [{"above": "2000000", "rate": "0.02"}]
    monkeypatch.setenv("DOCGEN_LANG", lang)
    path = write_data(tmp_path / "settlement.json", data)
    result = run("validate", "settlement_statement", str(path), "--db", register_url)
    message = result.stderr.strip()
    assert result.exit_code == 1 and message.startswith("docgen: ") and f" {path}: " in message
    cited = "service_contract HT-2026-0001"
    assert f"{path}: client.uscc: {here.format(OTHER_USCC, cited, USCC)}; " in message
    assert f"; fees.commission.bands: {count.format(cited)}; " in message
    assert message.endswith(f"settlement_statement {remedy.format(cited)}")
    assert " here, " not in message and "differs" not in message


def test_a_band_more_or_less_is_named_with_its_count(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = settlement()
    data["fees"]["commission"]["bands"][1:] = [{"above": "2000000", "rate": "0.02"}]
    message = refused(register_url, tmp_path, "settlement_statement", data)
    assert "fees.commission.bands: 2 entries here, 3 entries in service_contract HT-2026-0001" in message


def test_amounts_agree_as_numbers_not_as_text(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = changed(changed(settlement(), "fees.monthly_fee", "80000"), "fees.vat_rate", "0.060")
    data = changed(data, "fees.commission.bands.1.above", "2000000.00")
    issued(register_url, "settlement_statement", data, tmp_path, "settlement")


def test_a_derived_settlement_issued_after_its_contract_agrees(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    derived = tmp_path / "derived.yaml"
    result = run("derive", "settlement_statement", "--from", "HT-2026-0001", "--output", str(derived),
                 "--db", register_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = load_records(derived)[0].data
    filled = {
        key: SETTLEMENT[key] for key in ("issue_date", "period", "monthly_gmv", "payments_received", "instalment")
    }
    issued(register_url, "settlement_statement", data | filled, tmp_path, "settlement")


# ---------------------------------------------------------------- service contract → proposal


def proposed_contract(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(CONTRACT) | {"proposal_number": "TA-2026-0001"} | changes


def test_a_contract_repeats_its_proposals_client_and_fee_model(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "proposal", PROPOSAL, tmp_path, "proposal")
    data = changed(changed(proposed_contract(), "client.uscc", OTHER_USCC), "fees.monthly_fee", "85000.00")
    message = refused(register_url, tmp_path, "service_contract", data)
    cited = "proposal TA-2026-0001"
    assert f"client.uscc: {OTHER_USCC} here, {USCC} in {cited}; " in message
    assert f"fees.monthly_fee: 85000.00 here, 80000.00 in {cited} (fee_model.monthly_fee); " in message
    assert message.endswith(f"service_contract differs from {cited}: {SUPPLEMENT}")
    issued(register_url, "service_contract", proposed_contract(), tmp_path, "contract")


def test_a_proposal_without_a_fee_model_leaves_the_contracts_fees_free(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "proposal", {k: v for k, v in PROPOSAL.items() if k != "fee_model"}, tmp_path, "proposal")
    issued(register_url, "service_contract", changed(proposed_contract(), "fees.monthly_fee", "85000.00"),
           tmp_path, "contract")  # fmt: skip


def test_a_derived_contract_issued_after_its_proposal_agrees(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "proposal", PROPOSAL, tmp_path, "proposal")
    derived = tmp_path / "derived.yaml"
    result = run("derive", "service_contract", "--from", "TA-2026-0001", "--output", str(derived),
                 "--db", register_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = load_records(derived)[0].data
    filled = {key: CONTRACT[key] for key in ("issue_date", "service_period", "payment_schedule", "disputes", "notices")}
    issued(register_url, "service_contract", data | filled, tmp_path, "contract")


@pytest.mark.parametrize(("signed", "acknowledged", "accepted"), [
    ("2026-12-31", False, True),  # on the proposal's valid_until
    ("2027-01-01", False, False),  # the day after
    ("2027-01-01", True, True),
])  # fmt: skip
def test_a_contract_signed_after_its_proposal_expired_needs_the_acknowledgement(
    register_url: str, tmp_path: Path, signed: str, acknowledged: bool, accepted: bool
) -> None:
    issued(register_url, "proposal", PROPOSAL, tmp_path, "proposal")
    data = proposed_contract(issue_date=signed, proposal_expiry_acknowledged=acknowledged)
    if accepted:
        issued(register_url, "service_contract", data, tmp_path, "contract")
        return
    assert refused(register_url, tmp_path, "service_contract", data).endswith(
        ": proposal_number: proposal TA-2026-0001 expired: its valid_until is 2026-12-31, before this document's "
        "issue_date 2027-01-01; set proposal_expiry_acknowledged: true to acknowledge it"
    )


# ---------------------------------------------------------------- project retrospective → service contract


def retrospective(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(RETROSPECTIVE) | {"contract_number": "HT-2026-0001", "contract_value": "960000"}
    data["project"]["client"] = CONTRACT["client"]["legal_name"]
    return data | changes


def test_a_retrospective_repeats_the_contracts_client_and_value(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "service_contract", contract(), tmp_path, "contract")
    data = changed(retrospective(contract_value="950000.00"), "project.client", "杭州澜悦生物科技有限公司")
    message = refused(register_url, tmp_path, "project_retrospective", data)
    cited = "service_contract HT-2026-0001"
    assert message.split(": ", 3)[3] == (
        f"project.client: 杭州澜悦生物科技有限公司 here, 杭州青禾美妆科技有限公司 in {cited} (client.legal_name); "
        f"contract_value: 950000.00 here, 960000.00 in {cited} (fixed_total); "
        f"project_retrospective differs from {cited}: {SUPPLEMENT}"
    )
    issued(register_url, "project_retrospective", retrospective(), tmp_path, "same")
    issued(register_url, "project_retrospective", {k: v for k, v in retrospective().items() if k != "contract_value"},
           tmp_path, "no-value")  # fmt: skip


def test_a_commission_only_contract_has_no_value_to_compare(register_url: str, tmp_path: Path) -> None:
    only = contract(payment_schedule=[])
    del only["fees"]["monthly_fee"]
    issued(register_url, "service_contract", only, tmp_path, "contract")
    issued(register_url, "project_retrospective", retrospective(contract_value="123456.00"), tmp_path, "retro")


# ---------------------------------------------------------------- NDA → offer letter


def undertaking(**changes: Any) -> dict[str, Any]:
    """The sample NDA for the sample offer's candidate, citing the offer."""
    data = copy.deepcopy(NDA) | {"offer_number": "LY-2026-0001"}
    data["employee"] |= {"name": "林晓雯", "position": "电商运营经理", "department": "天猫事业部"}
    del data["employee"]["id_number"]
    return data | changes


def test_an_undertaking_differing_from_the_offer_needs_a_reason(register_url: str, tmp_path: Path) -> None:
    issued(register_url, "offer_letter", offer(), tmp_path, "offer")
    issued(register_url, "nda", undertaking(), tmp_path, "same")
    moved = changed(undertaking(), "employee.position", "直播运营主管")
    message = refused(register_url, tmp_path, "nda", moved)
    cited = "offer_letter LY-2026-0001"
    assert message.split(": ", 3)[3] == (
        f"employee.position: 直播运营主管 here, 电商运营经理 in {cited} (position.title); nda differs from {cited}: "
        "it may differ only with a recorded reason; give differs_from_offer to record why"
    )
    issued(register_url, "nda", moved | {"differs_from_offer": "入职前调岗至抖音事业部直播运营主管"}, tmp_path, "moved")


def test_only_the_employee_form_follows_an_offer() -> None:
    mutual = {"form": "mutual", "employee": DELETE, "non_compete": DELETE, "counterparty": CONTRACT["client"],
              "purpose": "天猫旗舰店代运营合作", "term.years": 2}  # fmt: skip
    assert validate("nda", mutual).form == "mutual"
    for field in ("offer_number", "differs_from_offer"):
        assert problems("nda", mutual | {field: "LY-2026-0001"}) == [
            f"nda.yaml: {field}: only for the employee form; a mutual agreement names a counterparty"
        ]


# ---------------------------------------------------------------- a cited document that no longer validates


def test_a_contract_that_no_longer_validates_is_compared_as_stored(register_url: str, tmp_path: Path) -> None:
    profile = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    config = tmp_path / "grace.toml"
    config.write_text(f"{profile}\n[types.service_contract]\npayment_grace_days = 400\n", encoding="utf-8")
    late = contract()
    late["payment_schedule"][-1]["due"] = "2028-06-30"  # inside 400 days' grace, not the default 90
    path = write_data(tmp_path / "late.json", late)
    result = run("--config", str(config), "issue", "service_contract", str(path), "-f", "html", "-d",
                 str(tmp_path / "out"), "--db", register_url)  # fmt: skip
    assert result.exit_code == 0, result.output
    message = refused(register_url, tmp_path, "project_retrospective", retrospective(project={
        **retrospective()["project"], "client": "另一家公司"}))  # fmt: skip
    assert message.endswith(
        "project.client: 另一家公司 here, 杭州青禾美妆科技有限公司 in service_contract HT-2026-0001 (client.legal_name); "
        "project_retrospective differs from service_contract HT-2026-0001 (compared as stored: service_contract "
        f"HT-2026-0001 no longer validates under today's rules; not compared: fixed_total): {SUPPLEMENT}"
    )


# ---------------------------------------------------------------- the facts themselves


def test_every_repeated_path_is_on_both_models() -> None:
    for model in document_types().values():
        assert set(model.repeats) | set(model.difference_reasons) | set(model.expiry_acknowledgements) <= set(
            model.cites
        )


@pytest.mark.parametrize(("repeats", "error"), [
    ({"invoice_number": {"client.uscc": "client.uscc"}}, "repeats names 'invoice_number', which is not in its cites"),
    ({"contract_number": {"client.usc": "client.uscc"}}, "Party has no field 'usc'"),
    ({"contract_number": {"client.uscc": "client.uscc.code"}}, "'client.uscc.code' goes into a plain value"),
    ({"contract_number": {"fees": "fixed_totl"}}, "ServiceContract has no field 'fixed_totl'"),
])  # fmt: skip
def test_the_registry_refuses_repeats_it_cannot_follow(
    monkeypatch: pytest.MonkeyPatch, repeats: dict[str, dict[str, str]], error: str
) -> None:
    monkeypatch.setattr(get_type("settlement_statement"), "repeats", repeats)
    registry.document_types.cache_clear()
    try:
        with pytest.raises(TypeError, match=error.replace("(", r"\(")):
            document_types()
    finally:
        monkeypatch.undo()
        registry.document_types.cache_clear()
