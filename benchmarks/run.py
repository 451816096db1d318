"""Speed and memory of docgen against the naive ways of doing the same job, on the same templates and data.

    python benchmarks/run.py [--count N] [--pdf-count M] [--jobs J] [--repeats R]

First, end to end, as a user runs the commands (see benchmarks/end_to_end.py):
`docgen validate` and `docgen render --output-dir` of N service contracts
from YAML, JSON, CSV and XLSX files, and of M to PDF, each a new process timed
from its start to the last file on disk, the median of R runs; against naive
scripts that read the same YAML with CSafeLoader and render with a fresh
docxtpl or WeasyPrint per document; plus `docgen --help` and one offer letter
to PDF in a fresh process.

Then, render only (validated documents already in memory, no start-up): renders N service contracts and N offer letters (default 1,000 each) to DOCX,
and M of each (default 200; PDF is slow) to PDF, every record with its own names and
amounts, and measures in the same run:

- docgen DOCX and docgen PDF: render_in_order (the pool of `docgen render -d`
  and `docgen issue`) with J worker processes (default: the cores), the
  median wall time of R repeats;
- a fresh docxtpl DocxTemplate per document, in one process, with the same
  sandboxed environment and context;
- a plain WeasyPrint HTML(string=...).write_pdf() per document, in one process,
  on the same HTML;
- LibreOffice `soffice --headless --convert-to pdf` of docgen's DOCX files in
  batch (one process, 200 files a call: LibreOffice 7.4 quietly stops after
  about 250 in one call), only when soffice is installed;
- `docgen render` of one offer letter to DOCX from the command line (median of 5).

Only files that python-docx or pypdf can open again are counted, and the
baselines' text must equal docgen's. Each row also shows the CPU time per
document and the load average around it: other processes on the machine slow
the parallel rows most. The table ends with the targets of issue 8 and, for each
one missed, the gap. Timing is never part of the test suite.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # measure this checkout, whatever is installed

import end_to_end  # noqa: E402

from docgen.config import Settings, load_settings  # noqa: E402
from docgen.documents.base import DocumentModel  # noqa: E402
from docgen.inputs import Record, load_records  # noqa: E402
from docgen.pipeline import rendering, validate_records  # noqa: E402
from docgen.render.pool import Piece, default_jobs, peak_rss, render_in_order  # noqa: E402

SAMPLES = ROOT / "samples"
TYPES = ("service_contract", "offer_letter")
MIB = 2**20

TARGET_DOCX_RATE = 200.0
TARGET_DOCX_RATIO = 6.0
TARGET_PDF_RATIO = 3.0
TARGET_RSS_MIB = 300.0
TARGET_INTERACTIVE_S = 0.6

SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN_NAMES = [
    "子涵",
    "浩然",
    "雨桐",
    "思远",
    "欣怡",
    "宇轩",
    "梓萱",
    "俊杰",
    "诗琪",
    "明哲",
    "晓雯",
    "嘉怡",
    "志强",
    "婉清",
    "一鸣",
    "佳慧",
    "文博",
    "若曦",
    "天佑",
    "静怡",
    "瑞霖",
    "可馨",
    "承泽",
    "书瑶",
    "景行",
    "知秋",
    "沐阳",
    "雅琴",
    "振华",
    "清妍",
]
CITIES = ["杭州", "苏州", "南京", "宁波", "合肥", "武汉", "成都", "厦门", "长沙", "青岛", "无锡", "福州"]
BRANDS = ["青禾", "云栖", "星河", "知味", "木棉", "远山", "拾光", "听澜", "松间", "半夏", "晴川", "鹿鸣"]
TRADES = ["美妆科技", "食品", "服饰", "家居用品", "母婴用品", "数码科技", "茶业", "宠物用品"]
ROLES = ["电商运营经理", "直播运营主管", "数据分析师", "客服主管", "内容策划", "品牌经理", "店铺运营专员", "供应链专员"]


# --------------------------------------------------------------------------- data


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def offer_letter(base: dict[str, Any], index: int) -> dict[str, Any]:
    rng = random.Random(f"offer-{index}")
    data = copy.deepcopy(base)
    data["candidate"]["name"] = _name(rng)
    data["candidate"]["email"] = f"candidate{index}@example.com"
    data["position"]["title"] = rng.choice(ROLES)
    data["position"]["reports_to"] = f"天猫事业部总监 {_name(rng)}"
    pay = data["pay"]
    pay["base_monthly"] = _money(Decimal(rng.randrange(90, 300) * 100))
    pay["performance_monthly"] = _money(Decimal(rng.randrange(1, 60) * 100))
    pay["annual_bonus"] = _money(Decimal(rng.randrange(1, 80) * 1000))
    wage = Decimal(pay["base_monthly"]) + Decimal(pay["performance_monthly"])
    wage += sum(Decimal(a["monthly_amount"]) for a in pay["allowances"])
    data["terms"]["probation_monthly_pay"] = _money(max(wage * Decimal("0.8"), wage - 2000).quantize(Decimal(1)))
    return data


def service_contract(base: dict[str, Any], index: int) -> dict[str, Any]:
    rng = random.Random(f"contract-{index}")
    data = copy.deepcopy(base)
    city, brand, trade = rng.choice(CITIES), rng.choice(BRANDS), rng.choice(TRADES)
    data["proposal_number"] = f"TA-2026-{index + 1:04d}"
    client = data["client"]
    client["legal_name"] = f"{city}{brand}{trade}有限公司"
    client["representative"] = _name(rng)
    client["contact"]["name"] = _name(rng)
    data["fees"]["monthly_fee"] = _money(Decimal(rng.randrange(30, 150) * 1000))
    data["non_solicitation_months"] = rng.choice((6, 12, 18, 24))
    return data


VARY: dict[str, Callable[[dict[str, Any], int], dict[str, Any]]] = {
    "service_contract": service_contract,
    "offer_letter": offer_letter,
}


def documents(type_name: str, count: int, settings: Settings) -> list[DocumentModel]:
    base = load_records(SAMPLES / f"{type_name}.yaml")[0].data
    records = [Record(VARY[type_name](base, i), f"{type_name}-benchmark", i + 1) for i in range(count)]
    return validate_records(type_name, records, settings)


# --------------------------------------------------------------------------- text


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def docx_pieces(data: bytes) -> tuple[list[str], list[str], list[str]] | None:
    """The body's paragraphs and table cells in order, the headers' paragraphs and the footers';
    None if python-docx cannot open the file."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        return None
    body: list[str] = []
    for block in document.iter_inner_content():
        body += [cell.text for row in block.rows for cell in row.cells] if isinstance(block, Table) else [block.text]
    headers = [p.text for section in document.sections for p in section.header.paragraphs]
    footers = [p.text for section in document.sections for p in section.footer.paragraphs]
    return body, headers, footers


def docx_text(data: bytes) -> str | None:
    pieces = docx_pieces(data)
    return None if pieces is None else "\n".join(pieces[0] + pieces[1] + pieces[2])


def pdf_pages(data: bytes) -> list[str] | None:
    """The text of each page; None if pypdf cannot open it or it has no pages."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return [page.extract_text() for page in reader.pages] or None
    except Exception:
        return None


def pdf_text(data: bytes) -> str | None:
    pages = pdf_pages(data)
    return None if pages is None else "\n".join(pages)


def _squeezed_text(kind: str, data: bytes) -> str | None:
    text = docx_text(data) if kind == "docx" else pdf_text(data)
    return None if text is None else squeeze(text)


def texts(kind: str, files: Sequence[bytes]) -> list[str | None]:
    """Each file's text, white space removed (None if it cannot be opened); untimed, on every core."""
    import multiprocessing

    if len(files) < 50:
        return [_squeezed_text(kind, data) for data in files]
    with ProcessPoolExecutor(default_jobs(), multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_squeezed_text, [kind] * len(files), files, chunksize=16))


# --------------------------------------------------------------------------- baselines (run in a fresh process)


def _naive_context(document: DocumentModel, settings: Settings, fmt: str, locale: str) -> tuple[Any, dict[str, Any]]:
    from docgen.outlines import load_outline
    from docgen.render.context import build_context
    from docgen.render.environment import shared_environment
    from docgen.render.outline import numbered_clauses
    from docgen.render.templates import find_template

    choice = find_template(document.type_name, fmt, locale, settings.templates)
    env = shared_environment(choice.search_path)
    context = build_context(document, settings, locale=locale, fmt=fmt)
    context["clauses"] = numbered_clauses(load_outline(document.type_name, choice.search_path), env, context)
    return choice, context


def naive_docxtpl(docs: list[DocumentModel], settings: Settings, locale: str) -> tuple[Any, ...]:
    """A fresh docxtpl DocxTemplate for every document: read, patch, compile, render, save."""
    clock, out = Clock(), []  # imports included, as docgen's workers include theirs
    from docgen.render.docx import render_docx_fresh
    from docgen.render.environment import shared_environment

    images = {"logo": settings.company.logo, "seal": settings.company.seal}
    for document in docs:
        choice, context = _naive_context(document, settings, "docx", locale)
        out.append(render_docx_fresh(choice, context, shared_environment(choice.search_path), images))
    return clock.stop(out, [peak_rss()]).plain()  # a Measured would come back as a class of __mp_main__


def naive_weasyprint(docs: list[DocumentModel], settings: Settings, locale: str) -> tuple[Any, ...]:
    """docgen's HTML for each document, then a plain HTML(string=...).write_pdf(), as WeasyPrint is usually used."""
    clock, out = Clock(), []  # imports included, as docgen's workers include theirs
    from weasyprint import HTML

    from docgen.render.environment import shared_environment
    from docgen.render.html import render_html

    for document in docs:
        choice, context = _naive_context(document, settings, "pdf", locale)
        html = render_html(choice, context, shared_environment(choice.search_path))
        out.append(HTML(string=html, base_url=choice.path.parent.as_uri() + "/").write_pdf())
    return clock.stop(out, [peak_rss()]).plain()  # a Measured would come back as a class of __mp_main__


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Any:
    """Run in a new process, so that docgen's caches and font set-up in this one cannot help the baseline."""
    import multiprocessing

    with ProcessPoolExecutor(1, multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


OFFICE_BATCH = 200  # LibreOffice 7.4 quietly stops after about 250 files in one call


def libreoffice(files: Sequence[bytes]) -> Measured | None:
    """soffice --convert-to pdf, 200 files a call, one call after another; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        root = Path(folder)
        names = [f"d{index:05d}.docx" for index in range(len(files))]
        for name, data in zip(names, files, strict=True):
            (root / name).write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
        command += ["--outdir", str(root / "pdf")]
        clock = Clock(children=True)
        for start in range(0, len(names), OFFICE_BATCH):
            batch = names[start : start + OFFICE_BATCH]
            subprocess.run([*command, *batch], cwd=root, check=False, capture_output=True, timeout=3600)
        pdfs = [root / "pdf" / name.replace(".docx", ".pdf") for name in names]
        return clock.stop([path.read_bytes() if path.exists() else b"" for path in pdfs], [])


# --------------------------------------------------------------------------- measurements


class Clock:
    """Wall and CPU time from now: this process's, or that of the children it waits for."""

    def __init__(self, children: bool = False) -> None:
        self._children = children
        self._wall, self._cpu, self._load = time.perf_counter(), self._cpu_now(), _load()

    def _cpu_now(self) -> float:
        if not self._children:
            return time.process_time()
        import resource

        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def stop(self, files: list[bytes], peaks: list[int], cpu: float | None = None) -> Measured:
        wall = time.perf_counter() - self._wall
        used = self._cpu_now() - self._cpu if cpu is None else cpu
        return Measured(wall, used, peaks, files, f"{self._load}→{_load()}")


@dataclass
class Measured:
    wall: float
    cpu: float  # seconds, all processes of the engine
    peaks: list[int]  # peak resident bytes per worker (or process)
    files: list[bytes]
    load: str  # 1-minute load average at the start and the end
    quarter: int = 0  # the highest worker peak once a quarter of the documents was done

    def plain(self) -> tuple[Any, ...]:
        return self.wall, self.cpu, self.peaks, self.files, self.load, self.quarter


@dataclass
class Row:
    engine: str
    docs: int
    runs: list[Measured]
    valid: int
    same_text: str = "—"
    note: str = ""

    @property
    def median(self) -> Measured:
        return sorted(self.runs, key=lambda run: run.wall)[len(self.runs) // 2]

    @property
    def rate(self) -> float:
        """Complete documents per second."""
        return self.valid / self.median.wall if self.median.wall else 0.0

    @property
    def cpu_per_doc(self) -> float:
        return self.median.cpu / self.docs if self.docs else 0.0


def docgen_runs(
    docs: list[DocumentModel], settings: Settings, fmt: str, locale: str, jobs: int, repeats: int
) -> list[Measured]:
    """render_in_order over the documents, `repeats` times; only the last run keeps its files."""
    runs: list[Measured] = []
    for _ in range(repeats):
        for run in runs:
            run.files = []
        clock, files, stats, quarter = Clock(), [], {}, 0
        rendered = render_in_order(
            docs, Piece, rendering(settings, locale, (fmt,)), formats=(fmt,), jobs=jobs, worker_stats=stats
        )
        for _, _, outcome in rendered:
            if isinstance(outcome, str):
                raise SystemExit(f"docgen {fmt}: {outcome}")
            files.append(outcome[fmt])
            if len(files) == max(1, len(docs) // 4):
                quarter = max((each.peak_rss for each in stats.values()), default=0)
        cpu = sum(each.cpu_seconds for each in stats.values())  # worker start-up included
        runs.append(clock.stop(files, [each.peak_rss for each in stats.values()], cpu))
        runs[-1].quarter = quarter
    return runs


def compare(kind: str, ours: Sequence[bytes], theirs: Sequence[bytes]) -> tuple[int, str]:
    """Files that open, and how many have the same text as docgen's."""
    our_texts, their_texts = texts(kind, ours), texts(kind, theirs)
    valid = sum(text is not None for text in their_texts)
    same = sum(a is not None and a == b for a, b in zip(our_texts, their_texts, strict=True))
    return valid, f"{same}/{len(theirs)}"


def _running(line: str) -> str:
    """A header or footer line as a pattern: page-number fields are empty in the DOCX and digits in the PDF."""
    return r"\d*".join(map(re.escape, squeeze(line)))


def _office_match(docx_data: bytes, pdf_data: bytes) -> tuple[bool, bool]:
    """Whether LibreOffice's PDF opens, and whether it holds every body paragraph and cell of the DOCX."""
    pages = pdf_pages(pdf_data) if pdf_data else None
    pieces = docx_pieces(docx_data)
    if pages is None or pieces is None:
        return False, False
    body, headers, footers = pieces
    top = "".join(_running(line) for line in headers if line.strip())
    bottom = "".join(_running(line) for line in footers if line.strip())
    text = "".join(re.sub(f"^{top}|{bottom}$", "", squeeze(page)) for page in pages)
    return True, all(piece in text for piece in map(squeeze, body))


def libreoffice_matches(docx_files: Sequence[bytes], pdf_files: Sequence[bytes]) -> tuple[int, str]:
    """LibreOffice lays out docgen's DOCX (not the HTML template), repeating its header and footer on
    every page: with those taken off each page, every body paragraph and cell must appear in its PDF."""
    import multiprocessing

    with ProcessPoolExecutor(default_jobs(), multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_office_match, docx_files, pdf_files, chunksize=8))
    return sum(valid for valid, _ in results), f"{sum(same for _, same in results)}/{len(pdf_files)}"


def interactive(repeats: int = 5) -> list[float]:
    """Wall time of `docgen render offer_letter … --format docx` as a new process, as a user runs it."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    walls = []
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as folder:
        output = Path(folder) / "offer.docx"
        command = [sys.executable, "-m", "docgen", "--config", str(SAMPLES / "docgen.toml"), "render", "offer_letter"]
        command += [str(SAMPLES / "offer_letter.yaml"), "--format", "docx", "--output", str(output), "--force"]
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
    return walls


# --------------------------------------------------------------------------- report


def _mib(value: float) -> str:
    return f"{value / MIB:.0f} MiB"


def table(rows: list[Row]) -> str:
    head = (
        f"{'engine':<44} {'docs':>5} {'wall s':>7} {'docs/s':>7} {'CPU ms/doc':>10} {'peak RSS per worker':>20}"
        f" {'valid':>6}  {'text = docgen':<13}  load"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        run = row.median
        rss = ", ".join(_mib(value) for value in sorted(run.peaks)) or "—"
        lines.append(
            f"{row.engine:<44} {row.docs:>5} {run.wall:>7.2f} {row.rate:>7.1f} {row.cpu_per_doc * 1000:>10.1f}"
            f" {rss:>20} {row.valid:>6}  {row.same_text:<13}  {run.load}"
        )
        if row.note:
            lines.append(f"{'':<46}{row.note}")
    return "\n".join(lines)


def verdict(name: str, measured: str, met: bool, gap: str = "") -> str:
    status = "met" if met else f"MISSED — {gap}"
    return f"  {name:<44} {measured:<44} {status}"


def targets(rows: dict[str, Row], interactive_s: float, jobs: int) -> list[str]:
    docx, naive_docx = rows["docgen DOCX"], rows["naive docxtpl"]
    pdf, naive_pdf, office = rows["docgen PDF"], rows["naive WeasyPrint"], rows.get("LibreOffice")
    docx_ratio = docx.rate / naive_docx.rate if naive_docx.rate else 0.0
    pdf_ratio = pdf.rate / naive_pdf.rate if naive_pdf.rate else 0.0
    lines = [
        verdict(
            f"DOCX ≥ {TARGET_DOCX_RATE:.0f} docs/s",
            f"{docx.rate:.0f} docs/s",
            docx.rate >= TARGET_DOCX_RATE,
            f"{TARGET_DOCX_RATE - docx.rate:.0f} docs/s short",
        ),
        verdict(
            f"DOCX ≥ {TARGET_DOCX_RATIO:.0f}× naive docxtpl",
            f"{docx_ratio:.1f}× (CPU per document: {_cpu_ratio(naive_docx, docx):.1f}× less)",
            docx_ratio >= TARGET_DOCX_RATIO,
            f"{TARGET_DOCX_RATIO - docx_ratio:.1f}× short",
        ),
        verdict(
            f"PDF ≥ {TARGET_PDF_RATIO:.0f}× naive WeasyPrint",
            f"{pdf_ratio:.2f}× (CPU per document: {_cpu_ratio(naive_pdf, pdf):.2f}× less)",
            pdf_ratio >= TARGET_PDF_RATIO,
            f"{TARGET_PDF_RATIO - pdf_ratio:.2f}× short; needs {TARGET_PDF_RATIO / pdf_ratio - 1:.0%} more speed"
            if pdf_ratio
            else "no result",
        ),
    ]
    if office is None:
        lines.append(
            verdict("PDF faster than LibreOffice batch", "soffice not installed", True).replace("met", "skipped")
        )
    else:
        lines.append(
            verdict(
                "PDF faster than LibreOffice batch",
                f"{pdf.rate / office.rate:.1f}× ({office.rate:.1f} docs/s)" if office.rate else "LibreOffice failed",
                pdf.rate > office.rate,
                "slower",
            )
        )
    for name in ("docgen DOCX", "docgen PDF"):
        run = rows[name].median
        peak = max(run.peaks, default=0)
        lines.append(
            verdict(
                f"{name}: ≤ {TARGET_RSS_MIB:.0f} MiB per worker, flat",
                f"{_mib(peak)} (+{(peak - run.quarter) / MIB:.0f} MiB after the first quarter)",
                peak <= TARGET_RSS_MIB * MIB and peak - run.quarter <= 0.1 * peak,
                f"{_mib(peak)} at the end, {_mib(run.quarter)} after a quarter",
            )
        )
    lines.append(
        verdict(
            f"interactive DOCX ≤ {TARGET_INTERACTIVE_S} s",
            f"{interactive_s:.2f} s (median of 5)",
            interactive_s <= TARGET_INTERACTIVE_S,
            f"{interactive_s - TARGET_INTERACTIVE_S:.2f} s over",
        )
    )
    return lines


def _cpu_ratio(naive: Row, ours: Row) -> float:
    return naive.cpu_per_doc / ours.cpu_per_doc if ours.cpu_per_doc else 0.0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _interleave(by_type: dict[str, list[DocumentModel]], count: int) -> list[DocumentModel]:
    return [by_type[type_name][i] for i in range(count) for type_name in TYPES]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="DOCX records per type (default 1000)")
    parser.add_argument("--pdf-count", type=int, default=200, help="PDF records per type (default 200)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="docgen worker processes (default: cores)")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of the docgen runs; the median counts")
    parser.add_argument("--locale", default="zh_CN")
    parser.add_argument("--end-to-end-only", action="store_true", help="skip the render-only rows")
    args = parser.parse_args(argv)

    settings = load_settings(SAMPLES / "docgen.toml")
    base = load_records(SAMPLES / "service_contract.yaml")[0].data
    contracts = [service_contract(base, i) for i in range(max(args.count, args.pdf_count))]
    e2e = end_to_end.measure(contracts[: args.count], contracts[: args.pdf_count], args.jobs, args.repeats)
    e2e += end_to_end.start_up(args.repeats)
    if args.end_to_end_only:
        print(_end_to_end_report(args, e2e))
        return 0

    _say(f"render only: validating {args.count} records per type …")
    by_type = {type_name: documents(type_name, max(args.count, args.pdf_count), settings) for type_name in TYPES}
    docx_docs, pdf_docs = _interleave(by_type, args.count), _interleave(by_type, args.pdf_count)
    rows: dict[str, Row] = {}
    for fmt, docs, naive, engine in (
        ("docx", docx_docs, naive_docxtpl, "docxtpl"),
        ("pdf", pdf_docs, naive_weasyprint, "WeasyPrint"),
    ):
        _say(f"docgen {fmt.upper()}: {len(docs)} documents × {args.repeats} …")
        runs = docgen_runs(docs, settings, fmt, args.locale, args.jobs, args.repeats)
        valid = sum(text is not None for text in texts(fmt, runs[-1].files))
        label = f"docgen {fmt.upper()} render only ({args.jobs} workers)"
        rows[f"docgen {fmt.upper()}"] = Row(label, len(docs), runs, valid)
        _say(f"naive {engine}: {len(docs)} documents …")
        baseline = Measured(*in_fresh_process(naive, docs, settings, args.locale))
        valid, same = compare(fmt, runs[-1].files, baseline.files)
        rows[f"naive {engine}"] = Row(f"naive {engine} render only (1 process)", len(docs), [baseline], valid, same)
        if fmt == "docx":
            docx_files = runs[-1].files[: len(pdf_docs)]

    _say(f"LibreOffice: {len(pdf_docs)} of docgen's DOCX files …")
    office = libreoffice(docx_files)
    if office is not None:
        valid, same = libreoffice_matches(docx_files, office.files)
        note = f"one process, {OFFICE_BATCH} files a call; text: every DOCX body paragraph found in its PDF"
        rows["LibreOffice"] = Row("LibreOffice --convert-to pdf", len(pdf_docs), [office], valid, same, note)

    _say("interactive: docgen render offer_letter --format docx × 5 …")
    interactive_s = statistics.median(interactive())

    print(_header(args, len(docx_docs), len(pdf_docs)))
    print(_end_to_end_report(args, e2e))
    print("\nRender only: documents validated beforehand, in memory; workers' start-up included, process start-up not")
    print(table(list(rows.values())))
    print("\nTargets render only (issue 8, on a 2-core machine):")
    print("\n".join(targets(rows, interactive_s, args.jobs)))
    return 0


def _end_to_end_report(args: argparse.Namespace, rows: list[end_to_end.Row]) -> str:
    return "\n".join(
        [
            f"End to end: {args.count} service contracts ({args.pdf_count} to PDF), zh_CN; "
            f"docgen: median of {args.repeats}; load {_load()} at the end",
            end_to_end.table(rows),
            "\nTargets end to end (issue 13, on a 2-core machine):",
            *end_to_end.targets(rows, args.count),
        ]
    )


def _load() -> str:
    """The 1-minute load average: other work on the machine slows the parallel rows most."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def _header(args: argparse.Namespace, docx_count: int, pdf_count: int) -> str:
    import docxtpl
    import weasyprint

    return "\n".join(
        [
            f"docgen benchmark — {platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}, docxtpl {docxtpl.__version__}",
            f"command: python benchmarks/run.py --count {args.count} --pdf-count {args.pdf_count} --jobs {args.jobs} "
            f"--repeats {args.repeats}",
            f"DOCX: {docx_count} documents ({args.count} service contracts + {args.count} offer letters, {args.locale}); "
            f"PDF: {pdf_count} ({args.pdf_count} + {args.pdf_count}; a separate, smaller count because PDF is slow)",
            f"docgen rows: median of {args.repeats} runs, worker start-up included; baselines: one run each.",
            "CPU ms/doc: all the engine's processes; load: the 1-minute load average before → after each row,",
            "as other processes on the machine slow the parallel rows most.",
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
