"""The user's commands timed from process start to the last file on disk, against naive scripts doing the same.

Run through benchmarks/run.py, which prints these rows first. Every docgen row
is a `python -m docgen …` process, as a user starts it: start-up, reading the
data file, validation, the worker pool and writing the files are all in the
time. The naive rows are one process too, from the same data file: PyYAML's
CSafeLoader, docgen's model for the context, then a fresh docxtpl
DocxTemplate (or a plain WeasyPrint HTML(...).write_pdf()) per document.
Peak memory is the largest process of the command (the command or a worker).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "samples" / "docgen.toml"
TYPE = "service_contract"
INPUTS = ("yaml", "json", "csv", "xlsx")
MIB = 2**20

TARGET_DOCX_RATIO = 6.0
TARGET_PDF_RATIO = 3.0
TARGET_RSS_MIB = 300.0
TARGET_VALIDATE_S = {"yaml": 1.6, "json": 0.5}  # for 1,000 contracts; fewer only make it easier
TARGET_HELP_S = 0.5
TARGET_ONE_PDF_S = 1.5


@dataclass
class Run:
    wall: float
    peak: int  # bytes, the largest process of the command


@dataclass
class Row:
    label: str
    docs: int
    runs: list[Run]
    pages: int = 0  # pages of all the documents, for PDF rows

    @property
    def wall(self) -> float:
        return statistics.median(run.wall for run in self.runs)

    @property
    def peak(self) -> int:
        return max(run.peak for run in self.runs)

    @property
    def rate(self) -> float:
        return self.docs / self.wall if self.wall else 0.0

    @property
    def page_rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


# --------------------------------------------------------------------------- data files


def write_inputs(folder: Path, records: list[dict[str, Any]]) -> dict[str, Path]:
    """The same records as YAML, JSON, CSV and XLSX (one column per leaf field, dotted names)."""
    import openpyxl
    import yaml

    from docgen.spreadsheet import leaf_values

    paths = {kind: folder / f"contracts.{kind}" for kind in INPUTS}
    paths["yaml"].write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    paths["json"].write_text(json.dumps(records, ensure_ascii=False, default=str), encoding="utf-8")
    rows = [{".".join(path): value for path, value in leaf_values(record)} for record in records]
    fields = list(dict.fromkeys(field for row in rows for field in row))
    table = [fields] + [[_cell(row.get(field)) for field in fields] for row in rows]
    with paths["csv"].open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for line in table:
        sheet.append(line)
    workbook.save(paths["xlsx"])
    return paths


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- running a command


def timed(command: Sequence[str]) -> Run:
    """Wall time from the process's start to its end, and the peak memory of its largest process."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peaks: dict[int, int] = {}
    watcher = threading.Thread(target=_watch, args=(process, peaks), daemon=True)
    watcher.start()
    _, errors = process.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.decode(errors='replace')}")
    return Run(wall, max(peaks.values(), default=0))


def _watch(process: subprocess.Popen[bytes], peaks: dict[int, int]) -> None:
    """Each process of the command's tree → its peak resident memory (VmHWM), read every 50 ms while it runs.

    Workers are the fork server's children, not the command's, so the command's own
    rusage would miss them; reading /proc finds them all.
    """
    while process.poll() is None:
        for pid in _tree(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), _high_water(pid))
        time.sleep(0.05)


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _high_water(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def docgen(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "docgen", "--config", str(CONFIG), *arguments]


def repeat(command: list[str], times: int, before: Any = None) -> list[Run]:
    runs = []
    for _ in range(times):
        if before:
            before()
        runs.append(timed(command))
    return runs


def _empty(folder: Path) -> Any:
    def clear() -> None:
        for path in folder.glob("*"):
            path.unlink()

    return clear


def pages_in(folder: Path) -> int:
    import pypdf

    return sum(len(pypdf.PdfReader(path).pages) for path in folder.glob("*.pdf"))


def count_files(folder: Path, suffix: str) -> int:
    return sum(1 for _ in folder.glob(f"*.{suffix}"))


# --------------------------------------------------------------------------- the rows


def measure(records: list[dict[str, Any]], pdf_records: list[dict[str, Any]], jobs: int, repeats: int) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="docgen-e2e-") as temporary:
        folder = Path(temporary)
        paths = write_inputs(folder, records)
        out = folder / "out"
        out.mkdir()
        count = len(records)
        for kind in INPUTS:
            _say(f"end to end: docgen validate / render from {kind.upper()} …")
            rows.append(
                Row(f"validate {kind.upper()}", count, repeat(docgen("validate", TYPE, str(paths[kind])), repeats))
            )
            render = docgen("render", TYPE, str(paths[kind]), "--format", "docx", "--locale", "zh_CN")
            render += ["--output-dir", str(out), "--jobs", str(jobs)]
            rows.append(
                Row(f"render DOCX from {kind.upper()}, --jobs {jobs}", count, repeat(render, repeats, _empty(out)))
            )
            _check_files(out, "docx", count)
        render = docgen("render", TYPE, str(paths["yaml"]), "--format", "docx", "--locale", "zh_CN")
        rows.append(
            Row(
                "render DOCX from YAML, --jobs 1",
                count,
                repeat([*render, "-d", str(out), "--jobs", "1"], repeats, _empty(out)),
            )
        )
        _say("end to end: naive docxtpl …")
        rows.append(
            Row(
                "naive docxtpl (CSafeLoader, 1 process)", count, [timed(_naive("docx", paths["yaml"], out, clear=True))]
            )
        )
        _check_files(out, "docx", count)
        rows += _pdf_rows(folder, pdf_records, jobs, repeats)
    return rows


def _pdf_rows(folder: Path, records: list[dict[str, Any]], jobs: int, repeats: int) -> list[Row]:
    import yaml

    data = folder / "pdf-contracts.yaml"
    data.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = folder / "pdf"
    out.mkdir()
    _say("end to end: docgen render PDF …")
    render = docgen(
        "render", TYPE, str(data), "--format", "pdf", "--locale", "zh_CN", "-d", str(out), "--jobs", str(jobs)
    )
    ours = Row(f"render PDF from YAML, --jobs {jobs}", len(records), repeat(render, repeats, _empty(out)))
    ours.pages = pages_in(out)
    _check_files(out, "pdf", len(records))
    _say("end to end: naive WeasyPrint …")
    naive = Row(
        "naive WeasyPrint (CSafeLoader, 1 process)", len(records), [timed(_naive("pdf", data, out, clear=True))]
    )
    naive.pages = pages_in(out)
    _check_files(out, "pdf", len(records))
    return [ours, naive]


def _check_files(folder: Path, suffix: str, count: int) -> None:
    found = count_files(folder, suffix)
    if found != count:
        raise SystemExit(f"{folder}: {found} .{suffix} files written, expected {count}")


def _naive(fmt: str, data: Path, out: Path, clear: bool) -> list[str]:
    if clear:
        _empty(out)()
    return [sys.executable, str(ROOT / "benchmarks" / "naive.py"), fmt, str(data), str(out)]


def start_up(repeats: int) -> list[Row]:
    """`docgen --help`, and one offer letter to PDF, each in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="docgen-e2e-") as temporary:
        output = Path(temporary) / "offer.pdf"
        letter = docgen("render", "offer_letter", str(ROOT / "samples" / "offer_letter.yaml"), "--format", "pdf")
        letter += ["--output", str(output), "--force"]
        return [
            Row("docgen --help", 0, repeat(docgen("--help"), repeats)),
            Row("render one offer letter to PDF", 1, repeat(letter, repeats)),
        ]


# --------------------------------------------------------------------------- report


def table(rows: list[Row]) -> str:
    head = f"{'command (end to end, from process start)':<46} {'docs':>5} {'wall s':>7} {'docs/s':>7} {'pages/s':>8} {'peak RSS':>9}"
    lines = [head, "-" * len(head)]
    for row in rows:
        pages = f"{row.page_rate:>8.1f}" if row.pages else f"{'':>8}"
        lines.append(
            f"{row.label:<46} {row.docs:>5} {row.wall:>7.2f} {row.rate:>7.1f} {pages} {row.peak / MIB:>5.0f} MiB"
        )
    return "\n".join(lines)


def verdict(name: str, measured: str, met: bool, gap: str) -> str:
    return f"  {name:<44} {measured:<44} {'met' if met else 'MISSED — ' + gap}"


def targets(rows: list[Row], count: int) -> list[str]:
    by: dict[str, Row] = {}
    for row in rows:  # "render DOCX from YAML, --jobs 2" is found as "render DOCX from YAML": the first such row
        by.setdefault(row.label.split(",")[0], row)
    docx, naive_docx = by["render DOCX from YAML"], by["naive docxtpl (CSafeLoader"]
    pdf, naive_pdf = by["render PDF from YAML"], by["naive WeasyPrint (CSafeLoader"]
    docx_ratio = docx.rate / naive_docx.rate if naive_docx.rate else 0.0
    pdf_ratio = pdf.page_rate / naive_pdf.page_rate if naive_pdf.page_rate else 0.0
    pdf_doc_ratio = pdf.rate / naive_pdf.rate if naive_pdf.rate else 0.0
    lines = [
        verdict(
            f"DOCX ≥ {TARGET_DOCX_RATIO:.0f}× naive docxtpl, from YAML",
            f"{docx_ratio:.1f}×",
            docx_ratio >= TARGET_DOCX_RATIO,
            f"{TARGET_DOCX_RATIO - docx_ratio:.1f}× short",
        ),
        verdict(
            f"PDF ≥ {TARGET_PDF_RATIO:.0f}× naive WeasyPrint per page",
            f"{pdf_ratio:.2f}× per page, {pdf_doc_ratio:.2f}× per document",
            pdf_ratio >= TARGET_PDF_RATIO,
            f"{TARGET_PDF_RATIO - pdf_ratio:.2f}× short",
        ),
    ]
    for kind, limit in TARGET_VALIDATE_S.items():
        wall = by[f"validate {kind.upper()}"].wall
        lines.append(
            verdict(
                f"validate {count:,} from {kind.upper()} ≤ {limit} s",
                f"{wall:.2f} s",
                wall <= limit,
                f"{wall - limit:.2f} s over",
            )
        )
    peak = max(row.peak for row in rows if not row.label.startswith("naive"))
    lines.append(
        verdict(
            f"each process ≤ {TARGET_RSS_MIB:.0f} MiB",
            f"{peak / MIB:.0f} MiB at most",
            peak <= TARGET_RSS_MIB * MIB,
            f"{(peak / MIB) - TARGET_RSS_MIB:.0f} MiB over",
        )
    )
    for label, limit in (("docgen --help", TARGET_HELP_S), ("render one offer letter to PDF", TARGET_ONE_PDF_S)):
        if label in by:
            wall = by[label].wall
            lines.append(verdict(f"{label} < {limit} s", f"{wall:.2f} s", wall < limit, f"{wall - limit:.2f} s over"))
    return lines


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
