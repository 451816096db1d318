"""derive with a target that has several sources: the --from document's type picks the derivation, and a
settlement statement derived from a monthly operations report carries the month's GMV and the report's contract."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docgen.inputs import load_records, parse_yaml
from docgen.samples import sample_path

from .registers import run, write_data

SETTLEMENT = "settlement_statement"
REPORT: dict[str, Any] = load_records(sample_path("operations_report"))[0].data


def _derive(tmp_path: Path, *args: str) -> Any:
    return run("derive", SETTLEMENT, "-o", str(tmp_path / "settlement.yaml"), *args)


def test_a_monthly_report_gives_its_month_its_gmv_and_its_contract(tmp_path: Path) -> None:
    result = _derive(tmp_path, "--from", str(sample_path("operations_report")), "--from-type", "operations_report")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "settlement.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text)
    # 天猫旗舰店 2,586,000.00 + 抖音小店 468,500.00: the stores' GMV added up is the month's
    assert data["monthly_gmv"] == [{"month": "2027-03", "gmv": "3054500.00"}]
    assert data["contract_number"] == "HT-2026-0001"
    assert data["period"] == {"start": "2027-03-01", "end": "2027-03-31"}
    assert data["client"]["legal_name"] == "杭州青禾美妆科技有限公司"
    assert "derive from\n# contract HT-2026-0001 instead and copy monthly_gmv from here" in text
    checked = run("validate", SETTLEMENT, str(tmp_path / "settlement.yaml"))
    named = {line.split(": ")[1] for line in checked.stderr.splitlines()}
    assert {"fees.monthly_fee", "client.uscc", "settlement_cycle", "payment_days"} <= named


def test_a_weekly_report_is_refused(tmp_path: Path) -> None:
    weekly = copy.deepcopy(REPORT) | {"cadence": "weekly", "period": {"start": "2027-03-01", "end": "2027-03-07"}}
    source = write_data(tmp_path / "weekly.json", weekly)
    result = _derive(tmp_path, "--from", str(source), "--from-type", "operations_report")
    assert result.exit_code == 2
    assert "a weekly report cannot feed a settlement: weeks straddle months" in result.stderr
    assert not (tmp_path / "settlement.yaml").exists()


def test_a_contract_is_still_the_source_a_data_file_is_read_as_by_default(tmp_path: Path) -> None:
    for extra in ((), ("--from-type", "service_contract")):
        result = _derive(tmp_path, "--from", str(sample_path("service_contract")), "--force", *extra)
        assert result.exit_code == 0, result.output
        data = parse_yaml((tmp_path / "settlement.yaml").read_text(encoding="utf-8"))
        assert data["fees"]["commission"]["bands"][1]["rate"] == "0.02"


def test_a_type_the_target_is_not_derived_from_is_refused_naming_those_it_is(tmp_path: Path) -> None:
    proposal = str(sample_path("proposal"))
    result = _derive(tmp_path, "--from", proposal, "--from-type", "proposal")
    assert result.exit_code == 2
    assert (
        f"{proposal} is a proposal: a settlement_statement is derived only from service_contract, operations_report"
        in result.stderr
    )


def test_an_issued_reports_number_is_read_as_a_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    contract = load_records(sample_path("service_contract"))[0].data
    del contract["proposal_number"]
    for type_name, data in (("service_contract", contract), ("operations_report", REPORT)):
        source = write_data(tmp_path / f"{type_name}.json", data)
        issued = run("issue", type_name, str(source), "-f", "html", "-d", str(tmp_path / "out"), "--db", url)
        assert issued.exit_code == 0, issued.output
    number = issued.stdout.split("\t")[0]
    assert number.startswith("YB-")
    result = _derive(tmp_path, "--from", number, "--db", url)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "settlement.yaml").read_text(encoding="utf-8")
    assert f"# settlement_statement derived from operations_report {number}." in text
    assert parse_yaml(text)["monthly_gmv"] == [{"month": "2027-03", "gmv": "3054500.00"}]
