"""An HR intake issued end to end: an XLSX of N offer letters through `docgen issue`, as a user runs it.

    python benchmarks/issue_batch.py [--count N] [--jobs J]

Writes a sheet of N offer letters (default 1,000) with the Chinese column
titles an office would use, every row with its own name and pay, then runs

    docgen issue offer_letter intake.xlsx -f pdf -f docx -d OUT --merge --jobs J --db sqlite:///…

in a fresh process against a fresh register, and prints the wall time, the
peak memory of the largest process (the command or one of its workers), and
what was written. It checks the result as a user would: one PDF and one DOCX
per row, every file opens, numbers follow the rows in order, and the merged
PDF has every letter's pages in that order.
"""

from __future__ import annotations

import argparse
import copy
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # measure this checkout, whatever is installed

import docx  # noqa: E402
import openpyxl  # noqa: E402
import pypdf  # noqa: E402
from run import offer_letter  # noqa: E402

from docgen.inputs import load_records  # noqa: E402
from docgen.locale.columns import title_for  # noqa: E402
from docgen.render.pool import default_jobs  # noqa: E402
from docgen.samples import sample_path  # noqa: E402
from docgen.spreadsheet import leaf_values  # noqa: E402


def write_intake(path: Path, count: int) -> list[str]:
    """The sheet, headed by zh_CN titles where there are any; returns the candidates' names in row order."""
    base = load_records(sample_path("offer_letter"))[0].data
    rows = [
        {".".join(path): value for path, value in leaf_values(offer_letter(copy.deepcopy(base), index))}
        for index in range(count)
    ]
    fields = list(rows[0])
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([title_for("offer_letter", field, "zh_CN") or field for field in fields])
    for row in rows:
        sheet.append([None if row.get(field) is None else str(row[field]) for field in fields])
    workbook.save(path)
    return [row["candidate.name"] for row in rows]


def issue(sheet: Path, out: Path, register: Path, jobs: int) -> tuple[float, int, list[str], str]:
    command = [sys.executable, "-m", "docgen", "issue", "offer_letter", str(sheet), "-f", "pdf", "-f", "docx"]
    command += ["-d", str(out), "--merge", "--jobs", str(jobs), "--db", f"sqlite:///{register}"]
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - started
    if finished.returncode != 0:
        raise SystemExit(f"docgen issue failed ({finished.returncode}):\n{finished.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return elapsed, peak, finished.stdout.splitlines(), finished.stderr


def check(lines: list[str], names: list[str], stderr: str) -> tuple[int, Path]:
    """Every row issued once, in order, as a PDF and a DOCX that open; the merged PDF in the same order."""
    issued = [line.split("\t") for line in lines]
    numbers = list(dict.fromkeys(number for number, _ in issued))
    assert len(numbers) == len(names), f"{len(numbers)} numbers for {len(names)} rows"
    assert numbers == sorted(numbers), "numbers do not follow the rows"
    pages = 0
    for number, name in zip(numbers, names, strict=True):
        paths = [Path(path) for n, path in issued if n == number]
        assert sorted(p.suffix for p in paths) == [".docx", ".pdf"], number
        pdf = next(p for p in paths if p.suffix == ".pdf")
        reader = pypdf.PdfReader(pdf)
        assert name in reader.pages[0].extract_text(), f"{number}: {name} not in {pdf}"
        pages += len(reader.pages)
        docx.Document(io.BytesIO(next(p for p in paths if p.suffix == ".docx").read_bytes()))
    merged = Path(stderr.rsplit("merged PDF: ", 1)[1].strip())
    merged_reader = pypdf.PdfReader(merged)
    assert len(merged_reader.pages) == pages, f"merged PDF has {len(merged_reader.pages)} pages, parts {pages}"
    assert names[-1] in merged_reader.pages[-1].extract_text() or names[-1] in merged_reader.pages[-2].extract_text()
    return pages, merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-issue-") as temporary:
        folder = Path(temporary)
        names = write_intake(folder / "intake.xlsx", arguments.count)
        elapsed, peak, lines, stderr = issue(
            folder / "intake.xlsx", folder / "out", folder / "register.db", arguments.jobs
        )
        pages, merged = check(lines, names, stderr)
        print(f"docgen issue offer_letter intake.xlsx -f pdf -f docx --merge --jobs {arguments.jobs}")
        print(f"  rows                  {arguments.count}")
        print(f"  files written         {len(lines)} (+ the merged PDF), all reopened and checked")
        print(f"  wall time             {elapsed:.1f} s ({arguments.count / elapsed:.1f} letters/s, PDF and DOCX each)")
        print(f"  peak RSS, largest     {peak / 2**20:.0f} MiB (the command or one of its workers)")
        print(f"  merged PDF            {pages} pages, {merged.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
