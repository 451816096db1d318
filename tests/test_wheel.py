"""The wheel carries templates, samples and schemas: installed in a fresh venv, run from another folder, it renders every sample."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from docgen.registry import document_types

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from this environment, without docgen itself."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(base)],
        check=True,
    )
    [wheel] = base.glob("docgen-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A plain path line: this environment's packages, without running its editable-install hooks.
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
    )
    return env_dir


def test_wheel_renders_every_sample_from_another_folder(installed: Path, tmp_path: Path) -> None:
    docgen = installed / "bin" / "docgen"
    # PYTHONPATH would put a checkout ahead of the wheel.
    env = {key: value for key, value in os.environ.items() if not key.startswith("DOCGEN_") and key != "PYTHONPATH"}
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import docgen; print(docgen.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout.strip()
    assert where.startswith(str(installed)), f"imported docgen from {where}, not from the wheel"
    for type_name in document_types():
        sample = subprocess.run(
            [docgen, "sample", type_name], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
        )
        data = tmp_path / f"{type_name}.yaml"
        data.write_text(sample.stdout, encoding="utf-8")
        for fmt in ("docx", "html", "pdf"):
            out = tmp_path / f"{type_name}.{fmt}"
            result = subprocess.run(
                [docgen, "render", type_name, data.name, "--format", fmt, "--output", out.name],
                capture_output=True,
                text=True,
                cwd=tmp_path,
                env=env,
            )
            assert result.returncode == 0, result.stderr
            assert out.stat().st_size > 1000
        schema = subprocess.run(
            [docgen, "schema", type_name], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
        )
        assert schema.stdout == (ROOT / "schemas" / f"{type_name}.schema.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------- an outside type through the installed wheel

_VISIT_MODEL = """
from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, computed_field

from docgen.documents.common import DocumentModel, Kind, Model, PositiveMoney, SheetSlots, ShortText


class Store(Model):
    name: ShortText = Field(description="Store visited")
    city: ShortText = Field(description="City of the store")


class Expense(Model):
    what: ShortText = Field(description="What was paid for")
    amount: PositiveMoney = Field(description="Amount in CNY")


class VisitReport(DocumentModel):
    type_name: ClassVar[str] = "visit_report"
    number_pattern: ClassVar[str] = "FV-{yyyy}-{seq:04}"
    kind: ClassVar[Kind] = "commercial"
    cites: ClassVar[dict[str, str]] = {"contract_number": "service_contract"}

    contract_number: ShortText = Field(description="The service contract the visit is made under")
    store: Store = Field(description="Where the visit took place")
    channel: Literal["tmall", "jd", "douyin"] = Field(description="The store's platform")
    visited_on: date = Field(description="Date of the visit")
    expenses: Annotated[list[Expense], SheetSlots(2)] = Field(min_length=1, description="Costs of the visit")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.expenses), Decimal(0))
"""

_VISIT_STRUCTURE = """body:
- table:
    rows:
    - cells: [contract_label, '{{ doc.contract_number }}']
    - cells: [store_label, '{{ doc.store.name }}（{{ doc.store.city }}）']
    - cells: [channel_label, '{{ doc.channel }}']
    - cells: [date_label, '{{ doc.visited_on | date }}']
- table:
    header: expense_header
    rows:
    - for: e in doc.expenses
      cells: ['{{ e.what }}', '{{ e.amount | money }}']
    - cells: [total_label, '{{ doc.total | money }}']
    numeric: [1]
"""

_VISIT_WORDING = """number_label: '编号：'
page: ['第 ', ' 页，共 ', ' 页']
contract_label: 合同编号
store_label: 店铺
channel_label: 平台
date_label: 走访日期
expense_header: [费用项目, 金额]
total_label: 费用合计
"""

_VISIT_FIELDS = """title: 门店走访报告
fields:
  contract_number: 合同编号
  store.name: 店铺名称
  store.city: 所在城市
  channel: 平台
  visited_on: 走访日期
  expenses.#.what: 费用{n}项目
  expenses.#.amount: 费用{n}金额
choices:
  channel:
    tmall: 天猫
    jd: 京东
    douyin: 抖音
"""

_VISIT_SAMPLE = """contract_number: HT-2026-0001
store:
  name: 青禾美妆旗舰店
  city: 杭州
channel: tmall
visited_on: 2026-11-20
expenses:
- what: 差旅
  amount: 860.00
- what: 样品
  amount: 240.50
"""


def _visit_type(folder: Path) -> None:
    files = {
        "visit_report.py": _VISIT_MODEL,
        "templates/visit_report/structure.yaml": _VISIT_STRUCTURE,
        "templates/visit_report/wording.zh_CN.yaml": _VISIT_WORDING,
        "templates/visit_report/fields.zh_CN.yaml": _VISIT_FIELDS,
        "samples/visit_report.yaml": _VISIT_SAMPLE,
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def _fill_sheet(path: Path, values: dict[str, object]) -> None:
    """One row under the sheet's Chinese column titles, as an office would type it."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None
    titles = [cell.value for cell in sheet[1]]
    assert set(values) <= set(titles), titles
    for column, title in enumerate(titles, start=1):
        if title in values:
            sheet.cell(row=2, column=column, value=values[title])
    book.save(path)


def test_an_outside_type_works_end_to_end_through_the_wheel(installed: Path, tmp_path: Path) -> None:
    _visit_type(tmp_path / "office_types")
    work = tmp_path / "work"
    work.mkdir()
    config = tmp_path / "office.toml"
    profile = (ROOT / "samples" / "docgen.toml").read_text(encoding="utf-8")
    config.write_text('type_folders = ["office_types"]\ndatabase = "register.sqlite3"\n' + profile, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DOCGEN_") and key != "PYTHONPATH"}

    def docgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = [installed / "bin" / "docgen", "--config", config, *args]
        result = subprocess.run(command, capture_output=True, text=True, cwd=work, env=env)
        assert result.returncode == 0, result.stderr
        return result

    assert "visit_report\t门店走访报告" in docgen("types").stdout
    (work / "visit.yaml").write_text(docgen("sample", "visit_report").stdout, encoding="utf-8")
    # The register is in use, so validate checks the visit's citation: the contract it cites is issued first,
    # dated before the visit sample (today), without the sample's proposal_number (a proposal never issued here).
    contract_sample = re.sub(r"(?m)^proposal_number:.*\n", "", docgen("sample", "service_contract").stdout)
    contract_sample = re.sub(r"(?m)^issue_date:.*$", "issue_date: 2026-01-05", contract_sample)
    (work / "contract.yaml").write_text(contract_sample, encoding="utf-8")
    contract = docgen("issue", "service_contract", "contract.yaml", "--format", "pdf", "--output-dir", "out").stdout
    assert contract.startswith("HT-2026-0001\t")
    docgen("validate", "visit_report", "visit.yaml")
    docgen("sample", "visit_report", "--xlsx", "visits.xlsx")
    _fill_sheet(
        work / "visits.xlsx",
        {
            "合同编号": "HT-2026-0001",
            "店铺名称": "青禾美妆旗舰店",
            "所在城市": "杭州",
            "平台": "京东",
            "走访日期": "2026-11-21",
            "费用1项目": "差旅",
            "费用1金额": 300,
        },
    )
    assert "1 valid visit_report" in docgen("validate", "visit_report", "visits.xlsx").stderr
    for fmt in ("docx", "html", "pdf"):
        docgen("render", "visit_report", "visit.yaml", "--format", fmt, "--output", f"visit.{fmt}")
        assert (work / f"visit.{fmt}").stat().st_size > 1000
    issued = docgen("issue", "visit_report", "visit.yaml", "--format", "pdf", "--output-dir", "out").stdout
    number = issued.split("\t")[0]
    assert number.startswith("FV-") and number.endswith("-0001")
    listed = docgen("register", "list", "--type", "visit_report").stdout
    assert number in listed
