"""What the register keeps of an issued document (its numbered clauses and its citations), and `register show`:
the chain around a number as a tree, the same as JSON, and the clauses as signed; each on both register backends."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.inputs import load_records
from docgen.store import open_register, schema

from .conftest import SAMPLES
from .registers import run, write_data

PROPOSAL: dict[str, Any] = load_records(SAMPLES / "proposal.yaml")[0].data
CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data
# These registers hold no expense claim, so the statement bills none (tests/test_billed_expenses.py bills one).
SETTLEMENT: dict[str, Any] = load_records(SAMPLES / "settlement_statement.yaml")[0].data | {"expenses": []}
RETROSPECTIVE: dict[str, Any] = load_records(SAMPLES / "project_retrospective.yaml")[0].data
BUDGET = str(SAMPLES / "budget.yaml")


def _data(sample: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(sample) | changes
    return {key: value for key, value in data.items() if value is not None}


def _issue(url: str, folder: Path, type_name: str, data: dict[str, Any] | str, *options: str) -> str:
    """Issue one document (HTML unless options say otherwise); its number."""
    path = data if isinstance(data, str) else str(write_data(folder / f"{type_name}.json", data))
    formats = options or ("-f", "html")
    result = run("issue", type_name, path, *formats, "-d", str(folder / "out"), "--db", url)
    assert result.exit_code == 0, result.output
    return str(result.stdout.split("\t")[0])


def _chain(url: str, folder: Path) -> None:
    """TA-2026-0001 ← HT-2026-0001 ← JS-2027-0001 (void: reissued), JS-2027-0002 and ZJ-2028-0001."""
    _issue(url, folder, "proposal", _data(PROPOSAL))
    _issue(url, folder, "service_contract", _data(CONTRACT, proposal_number="TA-2026-0001"))
    settlement = str(write_data(folder / "settlement.json", _data(SETTLEMENT)))
    _issue(url, folder, "settlement_statement", settlement)
    _issue(url, folder, "settlement_statement", settlement, "-f", "html", "--reissue")
    _issue(url, folder, "project_retrospective", _data(RETROSPECTIVE, contract_number="HT-2026-0001"))


def _show(url: str, *args: str) -> Any:
    return run("register", "show", *args, "--db", url)


def _tree(stdout: str) -> list[str]:
    """The chain's lines, each cut after its number and type (with the tree's drawing kept)."""
    lines = stdout.split("chain\n", 1)[1].splitlines()
    return ["\t".join(line.split("\t")[:3]) for line in lines]


WHOLE = [
    "TA-2026-0001\tproposal\tissued",
    "└─ HT-2026-0001\tservice_contract\tissued",
    "   ├─ JS-2027-0001\tsettlement_statement\tvoid: reissued as JS-2027-0002",
    "   ├─ JS-2027-0002\tsettlement_statement\tissued",
    "   └─ ZJ-2028-0001\tproject_retrospective\tissued",
]


def test_the_chain_from_the_first_document_shows_every_descendant(register_url: str, tmp_path: Path) -> None:
    _chain(register_url, tmp_path)
    shown = _show(register_url, "TA-2026-0001")
    assert shown.exit_code == 0, shown.output
    assert _tree(shown.stdout) == WHOLE
    assert shown.stdout.splitlines()[0].split("\t")[:4] == ["TA-2026-0001", "proposal", "issued", "2026-11-20"]
    assert "  cited by\tHT-2026-0001\tservice_contract" in shown.stdout.splitlines()
    assert "TA-2026-0001\tproposal\tissued\t2026-11-20\t(this document)" in shown.stdout


def test_the_chain_from_the_middle_shows_its_ancestors_and_every_descendant(register_url: str, tmp_path: Path) -> None:
    _chain(register_url, tmp_path)
    shown = _show(register_url, "HT-2026-0001")
    assert shown.exit_code == 0, shown.output
    assert _tree(shown.stdout) == WHOLE
    lines = shown.stdout.splitlines()
    assert (
        lines[0]
        == "HT-2026-0001\tservice_contract\tissued\t2026-12-15\t91310115MA1K4B7T6N\t上海云帆电子商务运营有限公司"
    )
    assert lines[1].startswith("  issued by\t")
    assert lines[2].startswith(f"  file\thtml\t{tmp_path / 'out' / 'HT-2026-0001.html'}\t")
    assert "  cites\tproposal_number\tTA-2026-0001" in lines
    assert [line for line in lines if line.startswith("  cited by")] == [
        "  cited by\tJS-2027-0001\tsettlement_statement",
        "  cited by\tJS-2027-0002\tsettlement_statement",
        "  cited by\tZJ-2028-0001\tproject_retrospective",
    ]
    assert "└─ HT-2026-0001\tservice_contract\tissued\t2026-12-15\t(this document)" in lines


def test_the_chain_from_a_last_document_shows_the_branch_that_leads_to_it(register_url: str, tmp_path: Path) -> None:
    _chain(register_url, tmp_path)
    for number, status in (("JS-2027-0002", "issued"), ("JS-2027-0001", "void: reissued as JS-2027-0002")):
        shown = _show(register_url, number)
        assert shown.exit_code == 0, shown.output
        assert _tree(shown.stdout) == [
            "TA-2026-0001\tproposal\tissued",
            "└─ HT-2026-0001\tservice_contract\tissued",
            f"   └─ {number}\tsettlement_statement\t{status}",
        ]
        assert shown.stdout.splitlines()[0].startswith(f"{number}\tsettlement_statement\t{status}\t2027-04-02\t")


def _numbers(nodes: list[dict[str, Any]], depth: int = 0) -> Iterator[tuple[int, str, str]]:
    for node in nodes:
        yield depth, node["number"], node["status"]
        yield from _numbers(node["cited_by"], depth + 1)


def test_json_gives_the_same_chain_as_data(register_url: str, tmp_path: Path) -> None:
    _chain(register_url, tmp_path)
    shown = _show(register_url, "HT-2026-0001", "--json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["number"] == "HT-2026-0001" and data["entity"] == "91310115MA1K4B7T6N"
    assert "outline" not in data
    assert list(_numbers(data["chain"])) == [
        (0, "TA-2026-0001", "issued"),
        (1, "HT-2026-0001", "issued"),
        (2, "JS-2027-0001", "void"),
        (2, "JS-2027-0002", "issued"),
        (2, "ZJ-2028-0001", "issued"),
    ]
    contract = data["chain"][0]["cited_by"][0]
    assert contract["this"] is True and contract["issue_date"] == "2026-12-15"
    assert contract["cites"] == [{"field": "proposal_number", "number": "TA-2026-0001"}]
    assert contract["clauses"] == 28 and contract["type"] == "service_contract"
    assert contract["files"] == [
        {
            "format": "html",
            "path": str(tmp_path / "out" / "HT-2026-0001.html"),
            "sha256": contract["files"][0]["sha256"],
        }
    ]
    void = contract["cited_by"][0]
    assert void["reason"] == "reissued as JS-2027-0002" and void["cites"][0]["field"] == "contract_number"
    keys = {"cited_by", "cites", "clauses", "entity", "entity_name", "files", "issue_date", "number", "reason"}
    assert set(void) == keys | {"shown_above", "status", "this", "type"}
    text = _tree(_show(register_url, "HT-2026-0001").stdout)
    assert [line.split("\t")[0].lstrip("└├─│ ") for line in text] == [n for _, n, _ in _numbers(data["chain"])]


def test_an_unknown_number_is_an_error(register_url: str, tmp_path: Path) -> None:
    _issue(register_url, tmp_path, "proposal", _data(PROPOSAL))
    shown = _show(register_url, "HT-2026-0099")
    assert shown.exit_code == 1
    assert shown.stderr.startswith("docgen: error: HT-2026-0099 is not in the register ")


def test_a_cycle_in_an_edited_register_is_shown_once(register_url: str, tmp_path: Path) -> None:
    """Citations point back in time, so only an edited register can hold a cycle: show still ends."""
    _chain(register_url, tmp_path)
    with open_register(register_url) as register:
        entity = register.resolve("TA-2026-0001").entity
        register._db.change(
            "INSERT INTO docgen_citations (entity, number, field, cited) VALUES (?, 'TA-2026-0001', 'x', 'JS-2027-0002')",
            (entity,),
        )
    shown = _show(register_url, "HT-2026-0001")
    assert shown.exit_code == 0, shown.output
    assert _tree(shown.stdout) == [
        "HT-2026-0001\tservice_contract\tissued",
        "├─ JS-2027-0001\tsettlement_statement\tvoid: reissued as JS-2027-0002",
        "├─ JS-2027-0002\tsettlement_statement\tissued",
        "│  └─ TA-2026-0001\tproposal\tissued",
        "│     └─ HT-2026-0001\tservice_contract\tissued",
        "└─ ZJ-2028-0001\tproject_retrospective\tissued",
    ]
    assert "HT-2026-0001\tservice_contract\tissued\t2026-12-15\t(this document)\t(shown above)" in shown.stdout


# The outline as issued


def test_issue_keeps_each_clause_with_its_number_and_text_even_when_only_docx_is_asked(
    register_url: str, tmp_path: Path
) -> None:
    number = _issue(register_url, tmp_path, "service_contract", _data(CONTRACT, proposal_number=None), "-f", "docx")
    with open_register(register_url) as register:
        clauses = register.outline(number)
    assert clauses is not None and len(clauses) == 28
    assert [clause.key for clause in clauses][:7] == [
        "scope", "period", "fees", "fees.fixed_fee", "fees.commission", "fees.tax", "fees.promotion"
    ]  # fmt: skip
    assert (clauses[0].reference, clauses[0].text.splitlines()[0]) == ("第一条", "第一条 服务内容")  # type: ignore[union-attr]
    commission = clauses[4]
    assert commission.reference == "第三条第（二）项"
    assert commission.text is not None and commission.text.startswith("（二）销售佣金：乙方按甲方店铺每月成交总额")
    assert "超过¥5,000,000.00的部分\t1%" in commission.text.splitlines()
    assert clauses[-1].key == "miscellaneous"
    assert (clauses[-1].text or "").splitlines()[-2:] == [
        "（四）本合同一式两份，双方各执一份，具有同等法律效力。",
        "（以下无正文）",
    ]  # the signatures are no clause
    shown = _show(register_url, number, "--outline")
    assert shown.exit_code == 0, shown.output
    assert "第三条第（二）项\tfees.commission\t（二）销售佣金：乙方按甲方店铺每月成交总额" in shown.stdout
    assert "\t\t超过¥5,000,000.00的部分\t1%" in shown.stdout.splitlines()


def test_outline_as_json_and_a_type_without_one(register_url: str, tmp_path: Path) -> None:
    contract = _issue(register_url, tmp_path, "service_contract", _data(CONTRACT, proposal_number=None), "-f", "html")
    outline = json.loads(_show(register_url, contract, "--json", "--outline").stdout)["outline"]
    assert outline[2] == {"number": "第三条", "key": "fees", "text": "第三条 服务费用"}
    budget = _issue(register_url, tmp_path, "budget", BUDGET)
    assert json.loads(_show(register_url, budget, "--json", "--outline").stdout)["outline"] == []
    assert "  outline\tnone: its type has no outline" in _show(register_url, budget).stdout.splitlines()
    assert _show(register_url, budget, "--outline").stdout == ""


def test_the_kept_outline_is_what_was_signed_after_the_wording_changes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    signed = _issue(url, tmp_path, "service_contract", _data(CONTRACT, proposal_number=None))
    office = tmp_path / "office"
    office.mkdir()
    assert run("template", "copy", "service_contract", str(office)).exit_code == 0
    wording = office / "service_contract" / "wording.zh_CN.yaml"
    text = wording.read_text(encoding="utf-8")
    wording.write_text(text.replace("服务内容'", "服务范围'"), encoding="utf-8")
    config = tmp_path / "office.toml"
    config.write_text(f'templates = "{office}"\n' + (SAMPLES / "docgen.toml").read_text(encoding="utf-8"), "utf-8")
    later = _data(CONTRACT, proposal_number=None, issue_date="2026-12-16")
    path = write_data(tmp_path / "later.json", later)
    result = run("--config", str(config), "issue", "service_contract", str(path), "-f", "html", "-d",
                 str(tmp_path / "out"), "--db", url)  # fmt: skip
    assert result.exit_code == 0, result.output
    first = run("--config", str(config), "register", "show", signed, "--outline", "--db", url).stdout.splitlines()
    second = run("--config", str(config), "register", "show", "HT-2026-0002", "--outline", "--db", url).stdout
    assert first[0] == "第一条\tscope\t第一条 服务内容"
    assert second.splitlines()[0] == "第一条\tscope\t第一条 服务范围"


def test_an_edited_clause_breaks_the_chain(register_url: str, tmp_path: Path) -> None:
    number = _issue(register_url, tmp_path, "service_contract", _data(CONTRACT, proposal_number=None))
    assert run("register", "check", "--db", register_url).exit_code == 0
    with open_register(register_url) as register:
        register._db.change("UPDATE docgen_clauses SET text = 'x' WHERE clause_key = 'fees.commission'")
    checked = run("register", "check", "--db", register_url)
    assert checked.exit_code == 1
    assert f"{number}: its row says outline " in checked.stderr and "the row was edited" in checked.stderr


# A register from before outlines were kept


def test_a_register_from_before_shows_no_outline_and_keeps_the_next_ones(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old:
        old.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        old.setattr(schema, "SCHEMA_VERSION", 2)
        old.setattr("docgen.issuing._kept", lambda *_: None)  # what docgen did before: nothing kept
        old.setattr("docgen.store.register.Register._fold_for_search", lambda *_: None)  # nor folded for search
        contract = _issue(register_url, tmp_path, "service_contract", _data(CONTRACT, proposal_number=None))
    with open_register(register_url) as register:
        assert register.outline(contract) is None
    settlement = _issue(register_url, tmp_path, "settlement_statement", _data(SETTLEMENT))
    assert run("register", "check", "--db", register_url).exit_code == 0
    assert _show(register_url, contract, "--outline").stdout == (
        "no outline stored: issued before the register kept outlines\n"
    )
    shown = _show(register_url, contract)
    assert "  outline\tno outline stored: issued before the register kept outlines" in shown.stdout.splitlines()
    assert _tree(shown.stdout) == [
        "HT-2026-0001\tservice_contract\tissued",
        f"└─ {settlement}\tsettlement_statement\tissued",
    ]
    assert "(issued before the register kept citations: what it cites is not known)" in shown.stdout
    assert json.loads(_show(register_url, contract, "--json", "--outline").stdout)["outline"] is None


def test_a_word_only_template_issues_and_keeps_its_clauses_without_text(tmp_path: Path) -> None:
    """An office's own Word file has no HTML to read the clauses' text from: issue still works, saying so."""
    built = tmp_path / "built"
    assert run("template", "build", "service_contract", "--output-dir", str(built)).exit_code == 0
    office = tmp_path / "office" / "service_contract"
    office.mkdir(parents=True)
    shutil.copy(built / "service_contract" / "document.zh_CN.docx", office / "document.docx")
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    path = write_data(tmp_path / "contract.json", _data(CONTRACT, proposal_number=None))
    result = run("issue", "service_contract", str(path), "-f", "docx", "-d", str(tmp_path / "out"), "--db", url,
                 "--templates", str(office.parent))  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = _show(url, "HT-2026-0001", "--outline").stdout.splitlines()
    assert shown[0] == "第一条\tscope\t(text not kept: the template does not mark its clauses)"
    assert len(shown) == 28
