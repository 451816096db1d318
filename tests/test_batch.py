"""Batches: many records to a folder, in parallel, named, merged, with bad rows reported."""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from rich.console import Console
from typer.testing import CliRunner

from docgen import cli
from docgen.cli import app
from docgen.render.pool import automatic_jobs

from .textutil import docx_text

# docgen.render is also the name of the API's render function, so reach the module through the import system.
render_batch = importlib.import_module("docgen.render.pool")

HEADERS = [
    "姓名",
    "身份证号码",
    "职位",
    "部门",
    "入职日期",
    "工作地点",
    "基本工资",
    "terms.contract_type",
    "terms.term_months",
    "试用期（月）",
    "试用期工资",
    "录用条件1",
    "回复截止日期",
    "签发日期",
]


def _row(name: str, **changes: Any) -> list[Any]:
    values = {
        "姓名": name,
        "身份证号码": "",
        "职位": "客服专员",
        "部门": "客服中心",
        "入职日期": "2027-01-04",
        "工作地点": "上海",
        "基本工资": 8000,
        "terms.contract_type": "fixed_term",
        "terms.term_months": 36,
        "试用期（月）": 3,
        "试用期工资": 6400,
        "录用条件1": "试用期内独立处理客户咨询，满意度不低于90%",
        "回复截止日期": "2026-12-20",
        "签发日期": "2026-12-01",
    }
    values.update(changes)
    return [values[h] for h in HEADERS]


def _sheet(path: Path, names: list[str], **bad: dict[str, Any]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for name in names:
        sheet.append(_row(name, **bad.get(name, {})))
    workbook.save(path)
    return path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_render_many_to_a_folder_named_by_row(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三"])
    out = tmp_path / "out"
    result = run("render", "offer_letter", str(data), "-f", "docx", "-d", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        "offer_letter-2.docx",
        "offer_letter-3.docx",
        "offer_letter-4.docx",
    ]
    texts = [docx_text((out / f"offer_letter-{row}.docx").read_bytes()) for row in (2, 3, 4)]
    assert ["王一" in texts[0], "李二" in texts[1], "张三" in texts[2]] == [True, True, True]


def test_on_a_terminal_a_progress_bar_shows_count_rate_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Console(stderr=True, force_terminal=True, color_system=None, width=120)
    monkeypatch.setattr(cli, "_stderr_console", lambda: terminal)
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三"])
    result = run("render", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    assert "3/3" in result.stderr and "100%" in result.stderr
    assert re.search(r"\b\d+\.\d docs/s\b", result.stderr)
    assert "0:00:00" in result.stderr  # the time left, once done


def test_without_a_terminal_there_is_no_progress_bar(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三"])
    result = run("render", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3 and result.stderr == ""


def test_jobs_do_not_change_the_output(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三", "赵四"])
    for jobs in ("1", "2"):
        assert (
            run("render", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path / jobs), "-j", jobs).exit_code
            == 0
        )
    for name in ("offer_letter-2.html", "offer_letter-5.html"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_names_from_fields_are_cleaned_and_stay_in_the_folder(tmp_path: Path) -> None:
    names = ["../../x", "/etc/passwd", "CON", "名" * 100, "王:五?*"]
    data = _sheet(tmp_path / "intake.xlsx", names)
    out = tmp_path / "out"
    result = run("render", "offer_letter", str(data), "-f", "html", "-d", str(out), "--name", "{candidate.name}")
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    assert all(path.parent == out.absolute() for path in written)
    assert all(len(path.name.encode("utf-8")) <= 255 for path in written)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    assert not (tmp_path / "x.html").exists() and not Path("/etc/passwd.html").exists()
    assert "CON.html" not in {p.name for p in written}


def test_two_records_with_one_name_stop_before_writing(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "王一"])
    out = tmp_path / "out"
    result = run("render", "offer_letter", str(data), "-f", "html", "-d", str(out), "--name", "{candidate.name}")
    assert result.exit_code == 1
    assert f"{data}:row 3: file name '王一.html' is also produced by row 2" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_bad_rows_stop_the_batch_or_are_reported_with_keep_going(tmp_path: Path) -> None:
    data = _sheet(
        tmp_path / "intake.xlsx", ["王一", "李二", "张三"], 李二={"入职日期": "2027-02-30"}, 张三={"基本工资": -1}
    )
    out = tmp_path / "out"
    stopped = run("render", "offer_letter", str(data), "-f", "html", "-d", str(out))
    assert stopped.exit_code == 1 and not list(out.glob("*.html"))
    assert stopped.stderr.splitlines()[0].startswith(f"{data}:row 3: position.start_date: ")
    assert stopped.stderr.splitlines()[1].startswith(f"{data}:row 4: pay.base_monthly: ")
    going = run("render", "offer_letter", str(data), "-f", "html", "-d", str(out), "--keep-going")
    assert going.exit_code == 1
    assert [Path(line).name for line in going.stdout.splitlines()] == ["offer_letter-2.html"]
    assert "row 3: position.start_date" in going.stderr and "row 4: pay.base_monthly" in going.stderr


def test_a_document_that_fails_to_render_is_skipped_alone_with_keep_going(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "offer_letter"
    templates.mkdir(parents=True)
    (templates / "document.html").write_text(
        '{% if doc.candidate.name == "李二" %}{{ no_such_thing }}{% endif %}{{ doc.candidate.name }}', encoding="utf-8"
    )
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三", "赵四", "钱五"])
    out = tmp_path / "out"
    args = ("render", "offer_letter", str(data), "-f", "html", "-d", str(out), "-j", "2", "--templates")
    going = run(*args, str(templates.parent), "--keep-going")
    assert going.exit_code == 1
    rows = [2, 4, 5, 6]
    assert [Path(line).name for line in going.stdout.splitlines()] == [f"offer_letter-{row}.html" for row in rows]
    texts = [(out / f"offer_letter-{row}.html").read_text(encoding="utf-8") for row in rows]
    assert texts == ["王一", "张三", "赵四", "钱五"]
    assert f"{data}:row 3: " in going.stderr and "no_such_thing" in going.stderr
    stopped = run(*args, str(templates.parent), "--force")
    assert stopped.exit_code == 1 and f"{data}:row 3: " in stopped.stderr and stopped.stdout == ""


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "offer_letter-3.html").write_text("keep me", encoding="utf-8")
    refused = run("render", "offer_letter", str(data), "-f", "html", "-d", str(out))
    assert refused.exit_code == 1 and "file exists" in refused.stderr
    assert not (out / "offer_letter-2.html").exists()
    assert (out / "offer_letter-3.html").read_text(encoding="utf-8") == "keep me"
    assert run("render", "offer_letter", str(data), "-f", "html", "-d", str(out), "--force").exit_code == 0


def test_output_and_output_dir_are_exclusive(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一"])
    both = run("render", "offer_letter", str(data), "-o", str(tmp_path / "x.pdf"), "-d", str(tmp_path / "d"))
    neither = run("render", "offer_letter", str(data))
    assert both.exit_code == neither.exit_code == 2


def test_merged_pdf_for_printing(tmp_path: Path) -> None:
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二"])
    out = tmp_path / "out"
    result = run("render", "offer_letter", str(data), "-f", "pdf", "-d", str(out), "--merge")
    assert result.exit_code == 0, result.output
    parts = [pypdf.PdfReader(out / f"offer_letter-{row}.pdf") for row in (2, 3)]
    merged = pypdf.PdfReader(io.BytesIO((out / "offer_letter-merged.pdf").read_bytes()))
    assert len(merged.pages) == sum(len(part.pages) for part in parts)
    assert "王一" in merged.pages[0].extract_text() and "李二" in merged.pages[len(parts[0].pages)].extract_text()
    assert run("render", "offer_letter", str(data), "-f", "docx", "-d", str(out), "--merge").exit_code == 2


def test_issue_a_sheet_in_input_order_with_names_and_merge(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三", "赵四", "钱五"], 张三={"基本工资": 0})
    out = tmp_path / "out"
    args = [
        "issue",
        "offer_letter",
        str(data),
        "-f",
        "pdf",
        "-f",
        "docx",
        "-d",
        str(out),
        "--db",
        url,
        "-j",
        "2",
        "--name",
        "{number}-{candidate.name}",
        "--merge",
        "--keep-going",
    ]
    result = run(*args)
    assert result.exit_code == 1
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    numbers = [number for number, _ in lines]
    assert numbers == ["LY-2026-0001"] * 2 + ["LY-2026-0002"] * 2 + ["LY-2026-0003"] * 2 + ["LY-2026-0004"] * 2
    assert [Path(path).name for _, path in lines[::2]] == [
        "LY-2026-0001-王一.pdf",
        "LY-2026-0002-李二.pdf",
        "LY-2026-0003-赵四.pdf",
        "LY-2026-0004-钱五.pdf",
    ]
    assert f"{data}:row 4: pay.base_monthly: Input should be greater than 0" in result.stderr
    merged = pypdf.PdfReader(out / "LY-2026-0001-王一_to_LY-2026-0004-钱五.pdf")
    assert len(merged.pages) == sum(len(pypdf.PdfReader(Path(p)).pages) for _, p in lines[::2])
    verified = run("verify", lines[4][1], "--db", url)
    assert verified.exit_code == 0 and verified.stdout.startswith("LY-2026-0003\toffer_letter\t")


@pytest.mark.parametrize(
    ("count", "formats", "expected"),
    [(32, ("html",), 1), (33, ("html",), 2), (4, ("pdf",), 1), (5, ("pdf", "docx"), 2), (1, ("docx",), 1)],
)
def test_automatic_jobs_start_workers_only_when_they_pay(
    monkeypatch: pytest.MonkeyPatch, count: int, formats: tuple[str, ...], expected: int
) -> None:
    monkeypatch.setattr(render_batch, "default_jobs", lambda: 2)
    assert automatic_jobs(count, formats) == expected


def test_a_small_batch_without_jobs_renders_in_this_process_and_with_jobs_in_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docgen.batching

    seen: list[int | None] = []
    real = docgen.batching.render_in_order

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["jobs"])
        return real(*args, **kwargs)

    monkeypatch.setattr(docgen.batching, "render_in_order", spy)
    monkeypatch.setattr(render_batch, "default_jobs", lambda: 2)
    data = _sheet(tmp_path / "intake.xlsx", ["王一", "李二", "张三"])
    assert run("render", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path / "a")).exit_code == 0
    assert run("render", "offer_letter", str(data), "-f", "html", "-d", str(tmp_path / "b"), "-j", "2").exit_code == 0
    assert seen == [1, 2]
