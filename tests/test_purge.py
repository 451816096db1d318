"""register purge: personal fields of old HR documents leave the register; numbers, dates and hashes stay.

Each test runs on SQLite and on PostgreSQL (see conftest.register_url).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from docgen import clock
from docgen.registry import document_types
from docgen.store import open_register

from .conftest import SAMPLES
from .registers import offer, run, write_data

SAMPLE = str(SAMPLES / "offer_letter.yaml")
ISSUED = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # the sample's issue date
LATER = datetime(2031, 1, 1, 4, 0, tzinfo=UTC)  # past the 3-year retention of documents issued in 2026


def _issue_two(url: str, folder: Path) -> None:
    other = write_data(folder / "other.json", offer("周杰"))
    for data in (SAMPLE, str(other)):
        with clock.frozen(ISSUED):
            result = run("issue", "offer_letter", data, "-f", "html", "-d", str(folder), "--db", url)
        assert result.exit_code == 0, result.output


def _data(url: str, number: str) -> dict[str, Any]:
    with open_register(url) as register:
        return register.stored_data(number)[1]


def _events(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    with open_register(url) as register:
        rows = register._db.query("SELECT kind, number, body FROM docgen_events ORDER BY seq")
    return [(kind, number, json.loads(body)) for kind, number, body in rows]


def _purge(url: str, before: str) -> Any:
    with clock.frozen(LATER):
        return run("--as", "it-admin", "register", "purge", "--before", before, "--kind", "hr", "--db", url)


def test_a_purge_removes_the_personal_fields_and_the_files_still_verify(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    before = _data(register_url, "LY-2026-0001")
    assert before["candidate"]["id_number"] and before["pay"]["base_monthly"]
    result = _purge(register_url, "2027-01-01")
    assert result.exit_code == 0, result.output
    removed = "candidate.id_number,candidate.phone,candidate.email,pay,terms.probation_monthly_pay"
    assert result.stdout.splitlines()[0] == f"LY-2026-0001\toffer_letter\tpurged\t{removed}"
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["LY-2026-0001", "LY-2026-0002"]
    after = _data(register_url, "LY-2026-0001")
    assert "pay" not in after and {key for key, value in after["candidate"].items() if value is not None} == {"name"}
    assert after["candidate"]["name"] == before["candidate"]["name"] and after["issue_date"] == before["issue_date"]
    for number in ("LY-2026-0001", "LY-2026-0002"):
        verified = run("verify", str(tmp_path / f"{number}.html"), "--db", register_url)
        assert verified.exit_code == 0, verified.output
        assert verified.stdout.startswith(f"{number}\toffer_letter\t")
    check = run("register", "check", "--db", register_url)
    assert check.exit_code == 0, check.output


def test_a_purge_clears_the_kept_clauses_text_that_repeats_the_pay(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    before = _clauses(register_url)
    assert any("15,000" in (text or "") for _, _, text in before)  # the pay, figure by figure
    assert _purge(register_url, "2027-01-01").exit_code == 0
    after = _clauses(register_url)
    assert [(key, reference) for key, reference, _ in after] == [(key, reference) for key, reference, _ in before]
    assert [text for _, _, text in after] == [None] * len(after)
    assert run("register", "check", "--db", register_url).exit_code == 0
    shown = run("register", "show", "LY-2026-0001", "--db", register_url)
    assert shown.exit_code == 0 and "15,000" not in shown.stdout


def _clauses(url: str) -> list[tuple[str, str, str | None]]:
    with open_register(url) as register:
        entry = register.resolve("LY-2026-0001")
        kept = register.kept(entry.entity, entry.number)
    assert kept is not None and kept.clauses
    return [(clause.key, clause.reference, clause.text) for clause in kept.clauses]


def test_a_purge_is_recorded_in_the_chain_with_who_and_which_fields(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    assert _purge(register_url, "2027-01-01").exit_code == 0
    purges = [(number, body) for kind, number, body in _events(register_url) if kind == "purge"]
    assert [number for number, _ in purges] == ["LY-2026-0001", "LY-2026-0002"]
    assert purges[0][1]["by"] == "it-admin" and "candidate.id_number" in purges[0][1]["fields"]
    trail = run("register", "audit", "LY-2026-0001", "--db", register_url)
    assert "\tpurge\tLY-2026-0001\tit-admin\t" in trail.stdout and "candidate.id_number" in trail.stdout
    again = _purge(register_url, "2027-01-01")  # nothing left to remove: nothing recorded
    assert again.exit_code == 0 and again.stdout == ""
    assert len([kind for kind, _, _ in _events(register_url) if kind == "purge"]) == 2


def test_an_edit_of_the_data_without_a_purge_is_still_caught(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    assert _purge(register_url, "2027-01-01").exit_code == 0
    with open_register(register_url) as register:
        register._db.change(
            "UPDATE docgen_documents SET data = ? WHERE number = 'LY-2026-0002'", ('{"candidate":{"name":"X"}}',)
        )
    check = run("register", "check", "--db", register_url)
    assert check.exit_code == 1
    assert "LY-2026-0002: its row says data" in check.output and "the row was edited" in check.output


def test_a_date_inside_the_retention_period_is_refused(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    before = _data(register_url, "LY-2026-0001")
    refused = _purge(register_url, "2028-01-02")
    assert refused.exit_code == 2
    assert (
        "--before 2028-01-02 is inside the 3-year retention period ([register] hr_retention_years): "
        "give 2028-01-01 or earlier"
    ) in refused.stderr
    assert _data(register_url, "LY-2026-0001") == before
    assert not [kind for kind, _, _ in _events(register_url) if kind == "purge"]
    assert _purge(register_url, "2028-01-01").exit_code == 0  # the last day outside it is accepted


def test_documents_reserved_on_or_after_the_date_keep_their_data(register_url: str, tmp_path: Path) -> None:
    _issue_two(register_url, tmp_path)
    before = _data(register_url, "LY-2026-0001")
    result = _purge(register_url, "2026-12-01")  # reserved that day, so not before it
    assert result.exit_code == 0 and result.stdout == ""
    assert _data(register_url, "LY-2026-0001") == before


def test_only_hr_documents_can_be_purged(tmp_path: Path) -> None:
    result = _purge(f"sqlite:///{tmp_path / 'r.sqlite3'}", "2020-01-01")
    assert result.exit_code == 0
    other = run("register", "purge", "--before", "2020-01-01", "--kind", "commercial", "--db", str(tmp_path / "r"))
    assert other.exit_code == 2 and "--kind: 'commercial' is not one of hr" in other.stderr


@pytest.mark.parametrize("name", sorted(name for name, model in document_types().items() if model.kind == "hr"))
def test_every_hr_type_declares_its_personal_fields_and_its_sample_loses_them(name: str) -> None:
    from docgen.inputs import load_records
    from docgen.issuing import canonical_json
    from docgen.store.purging import without

    model = document_types()[name]
    assert model.personal_fields, f"{name} declares no personal_fields"
    data = canonical_json(model.model_validate(load_records(SAMPLES / f"{name}.yaml")[0].data))
    purged, removed = without(data, model.personal_fields)
    assert removed, f"the {name} sample holds none of its personal fields"
    assert [path for path in model.personal_fields if _at(json.loads(purged), path) is not None] == []


def _at(data: Any, path: str) -> Any:
    for name in path.split("."):
        data = data.get(name) if isinstance(data, dict) else None
    return data
