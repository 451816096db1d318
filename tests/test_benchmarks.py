"""The benchmark script runs end to end and prints its table; its figures are never checked here."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_benchmark_script_prints_its_table() -> None:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--count",
        "3",
        "--pdf-count",
        "2",
        "--repeats",
        "1",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    out = result.stdout
    for engine in ("docgen DOCX", "naive docxtpl", "docgen PDF", "naive WeasyPrint"):
        assert engine in out
    for row in ("6/6", "4/4"):  # the baselines' text equals docgen's, file for file
        assert row in out
    for kind in ("YAML", "JSON", "CSV", "XLSX"):  # end to end, as the user runs the commands
        assert f"validate {kind}" in out and f"render DOCX from {kind}, --jobs" in out
    for row in ("naive docxtpl (CSafeLoader", "naive WeasyPrint (CSafeLoader", "render PDF from YAML", "docgen --help"):
        assert row in out
    assert out.index("End to end") < out.index("Render only")  # the user's figures come first
    assert "× per page" in out and "render one offer letter to PDF < 1.5 s" in out
    for target in ("DOCX ≥ 200 docs/s", "PDF ≥ 3× naive WeasyPrint", "interactive DOCX ≤ 0.6 s", "MiB per worker"):
        assert target in out


def test_issue_benchmark_issues_a_sheet_end_to_end_and_checks_it() -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "issue_batch.py"), "--count", "3", "--jobs", "2"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    assert "files written         6 (+ the merged PDF), all reopened and checked" in result.stdout
    assert "merged PDF" in result.stdout and "peak RSS" in result.stdout


def test_merge_benchmark_prints_its_rows() -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "merge.py"), "--count", "3", "--copies"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith(("docgen ", "pypdf "))}
    assert rows.keys() == {"docgen", "pypdf"}
    assert all(row.endswith("yes") for row in rows.values())  # every merged file has the parts' pages in order


def test_web_benchmark_serves_issues_concurrently_and_checks_the_numbers() -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "web.py"), "--runs", "2", "--issues", "4", "--clients", "2"]
    command += ["--format", "html"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    for row in ("field validation", "preview of a service contract", "issue a PDF offer letter", "target < 50 ms"):
        assert row in result.stdout
    assert "2 concurrent clients issuing 4 HTML offer letters" in result.stdout
    assert "errors 0" in result.stdout
    assert "numbers unique: yes (4 of 4)" in result.stdout and "numbers gapless: yes" in result.stdout


def test_team_load_benchmark_compares_two_workers_with_one_on_postgresql(postgres_url: str) -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "team_load.py"), "--db", postgres_url]
    command += ["--issues", "6", "--clients", "3"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    rows = [line for line in result.stdout.splitlines() if "worker(s)" in line]
    assert [row.split()[0] for row in rows] == ["1", "2"]
    assert all("errors 0" in row and "numbers gapless: yes" in row and "p95" in row for row in rows)
    assert "throughput ratio 2 workers / 1 worker:" in result.stdout
