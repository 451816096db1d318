"""render_many: many documents through worker processes, in input order, the same as one at a time."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docgen.config import Settings
from docgen.errors import InvalidData, Problem
from docgen.inputs import Record, load_records
from docgen.pipeline import render_document, validate_records
from docgen.render.batch import WorkerStats, render_many
from docgen.samples import sample_path

from .conftest import ROOT, SAMPLES
from .textutil import docx_text, pdf_text

NAMES = ["林晓雯", "王浩然", "张雨桐", "刘思远", "陈欣怡", "杨宇轩", "黄梓萱"]


def _offers(settings: Settings, names: list[str]):
    data = load_records(sample_path("offer_letter"))[0].data
    records = []
    for index, name in enumerate(names):
        changed = copy.deepcopy(data)
        changed["candidate"]["name"] = name
        records.append(Record(changed, "offers.yaml", index + 2))
    return validate_records("offer_letter", records, settings)


@pytest.mark.parametrize("jobs", [1, 2])
def test_docx_results_come_in_input_order_and_equal_single_renders(settings: Settings, jobs: int) -> None:
    documents = _offers(settings, NAMES * 3)
    rendered = list(render_many(documents, settings, fmt="docx", locale="zh_CN", jobs=jobs))
    assert [docx_text(content) for content in rendered] == [
        docx_text(render_document(document, settings, fmt="docx", locale="zh_CN")) for document in documents
    ]
    assert [docx_text(content).split("\n")[2] for content in rendered] == [f"{name}：" for name in NAMES * 3]


def test_pdf_results_come_in_input_order_and_equal_single_renders(settings: Settings) -> None:
    documents = _offers(settings, NAMES[:3])
    rendered = list(render_many(documents, settings, fmt="pdf", locale="en_US", jobs=2))
    assert [pdf_text(content) for content in rendered] == [
        pdf_text(render_document(document, settings, fmt="pdf", locale="en_US")) for document in documents
    ]


def test_numbers_go_with_their_documents(settings: Settings) -> None:
    documents = _offers(settings, NAMES[:4])
    numbers = [f"LY-2026-{index:04d}" for index in range(1, 5)]
    rendered = render_many(documents, settings, fmt="docx", locale="zh_CN", jobs=2, numbers=numbers)
    for number, content in zip(numbers, rendered, strict=True):
        assert number in docx_text(content)


def test_numbers_must_match_the_documents_one_for_one(settings: Settings) -> None:
    documents = _offers(settings, NAMES[:2])
    with pytest.raises(ValueError, match="zip"):
        list(render_many(documents, settings, fmt="docx", locale="zh_CN", jobs=1, numbers=["LY-1"]))


@pytest.mark.parametrize("jobs", [1, 2])
def test_workers_report_their_memory_and_time(settings: Settings, jobs: int) -> None:
    stats: dict[int, WorkerStats] = {}
    list(render_many(_offers(settings, NAMES * 5), settings, fmt="docx", locale="zh_CN", jobs=jobs, worker_stats=stats))
    assert 1 <= len(stats) <= jobs
    assert all(each.peak_rss > 0 and each.cpu_seconds > 0 for each in stats.values())


def test_a_worker_failure_reaches_the_caller_whole(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "offer_letter"
    folder.mkdir(parents=True)
    (folder / "outline.yaml").write_text("style: roman\nclauses: []\n", encoding="utf-8")
    settings = settings.with_overrides(templates=tmp_path / "templates")
    with pytest.raises(InvalidData) as caught:
        list(render_many(_offers(settings, NAMES[:2]), settings, fmt="docx", locale="zh_CN", jobs=2))
    assert caught.value.problems[0].path == "style"
    assert str(folder / "outline.yaml") in caught.value.message


def test_invalid_data_survives_pickling_with_every_problem() -> None:
    error = InvalidData([Problem("a.yaml", "x.y", "bad", 3), Problem("a.yaml", "z", "worse")])
    copied = pickle.loads(pickle.dumps(error))
    assert copied.problems == error.problems
    assert copied.message == error.message


def _python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_weasyprint_is_not_imported_for_docx(tmp_path: Path) -> None:
    out = _python(
        f"""
        import sys
        from docgen.cli import app
        try:
            app(["--config", r"{SAMPLES / "docgen.toml"}", "render", "offer_letter", r"{SAMPLES / "offer_letter.yaml"}",
                 "--format", "docx", "--output", r"{tmp_path / "offer.docx"}"])
        except SystemExit as exit:
            assert exit.code == 0, exit.code
        print("weasyprint" in sys.modules, "pikepdf" in sys.modules)
        """
    )
    assert out.splitlines() == [str(tmp_path / "offer.docx"), "False False"]


def test_weasyprint_is_imported_for_pdf() -> None:
    out = _python(
        f"""
        import sys
        from docgen.config import load_settings
        from docgen.inputs import load_records
        from docgen.pipeline import render_document, validate_records
        settings = load_settings(r"{SAMPLES / "docgen.toml"}")
        [document] = validate_records("offer_letter", load_records(r"{SAMPLES / "offer_letter.yaml"}"), settings)
        render_document(document, settings, fmt="docx", locale="zh_CN")
        print("weasyprint" in sys.modules, end=" ")
        render_document(document, settings, fmt="pdf", locale="zh_CN")
        print("weasyprint" in sys.modules)
        """
    )
    assert out == "False True"
