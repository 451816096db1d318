"""Memory and size of `--merge`: docgen's merge against the earlier pypdf one, on the same parts.

    python benchmarks/merge.py [--count N] [--parts DIR] [--copies] [--jobs J] [--locale L] [--no-pypdf]

Renders N offer letters (default 1,000) to PDF, each with its own candidate,
role and pay (as benchmarks/run.py varies them), then merges them in a fresh
process per method and prints each one's peak resident memory, time and merged
file size. --parts DIR keeps the rendered parts there and reuses them on the next
run; --copies renders one letter and copies it N times (faster, but the parts
then share every font subset, which flatters the merged size).

Methods:
- docgen: docgen.render.merge.merge_pdfs, what --merge runs;
- pypdf: PdfWriter.append of every part into memory, then one write (what --merge did before).

Each merged file must have the parts' pages in order: its page count is checked,
and the text of the first and last parts' pages against the parts'.
Timing is never part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))  # measure this checkout, whatever is installed

MIB = 2**20


def render_parts(folder: Path, count: int, *, copies: bool, jobs: int | None, locale: str) -> list[Path]:
    """count offer letters as PDF files in folder, reusing those already there."""
    from run import SAMPLES, documents

    from docgen.config import load_settings
    from docgen.pipeline import rendering
    from docgen.render.pool import Piece, render_in_order

    paths = [folder / f"offer-{index + 1:05d}.pdf" for index in range(count)]
    missing = [index for index, path in enumerate(paths) if not path.exists()]
    if not missing:
        return paths
    settings = load_settings(SAMPLES / "docgen.toml")
    _say(f"rendering {1 if copies else len(missing)} offer letters ({locale}) into {folder} …")
    docs = documents("offer_letter", 1 if copies else count, settings)
    wanted = [0] * len(missing) if copies else missing
    rendered = render_in_order(
        sorted(set(wanted)),
        lambda index: Piece(docs[index]),
        rendering(settings, locale, ("pdf",)),
        formats=("pdf",),
        jobs=jobs,
    )
    pdfs: dict[int, bytes] = {}
    for index, _, outcome in rendered:
        if isinstance(outcome, str):
            raise SystemExit(f"offer letter {index + 1}: {outcome}")
        pdfs[index] = outcome["pdf"]
    for path_index, index in zip(missing, wanted, strict=True):
        paths[path_index].write_bytes(pdfs[index])
    return paths


def peak_rss() -> int:
    """This process's peak resident memory in bytes since it started its program.

    Linux's getrusage() also counts the parent's memory at the fork before exec, so the
    high-water mark of this process's own memory is read where there is one.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    from docgen.render.pool import peak_rss as rusage_peak

    return rusage_peak()


def measure(method: str, parts_list: Path, target: Path) -> dict[str, float]:
    """In this process: merge the parts listed in parts_list into target with method."""
    parts = [Path(line) for line in parts_list.read_text().splitlines()]
    if method == "docgen":
        from docgen.render.merge import merge_pdfs

        start_rss, start = peak_rss(), time.perf_counter()
        merge_pdfs(parts, target, force=True)
    else:
        from pypdf import PdfWriter

        start_rss, start = peak_rss(), time.perf_counter()
        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        buffer = io.BytesIO()
        writer.write(buffer)
        target.write_bytes(buffer.getvalue())
    return {"seconds": time.perf_counter() - start, "start_rss": start_rss, "peak_rss": peak_rss()}


def in_fresh_process(method: str, parts_list: Path, target: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", method, str(parts_list), str(target)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def pages_in_order(parts: Sequence[Path], merged: Path) -> bool:
    """The merged file has the parts' page count, and the first and last parts' pages, text for text."""
    import pypdf

    reader = pypdf.PdfReader(merged)
    first, last = pypdf.PdfReader(parts[0]), pypdf.PdfReader(parts[-1])
    if len(reader.pages) != sum(len(pypdf.PdfReader(part).pages) for part in parts):
        return False
    head = [page.extract_text() for page in reader.pages[: len(first.pages)]]
    tail = [page.extract_text() for page in reader.pages[len(reader.pages) - len(last.pages) :]]
    return head == [p.extract_text() for p in first.pages] and tail == [p.extract_text() for p in last.pages]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="offer letters to merge (default 1000)")
    parser.add_argument("--parts", type=Path, help="folder to keep the rendered parts in and reuse")
    parser.add_argument("--copies", action="store_true", help="copy one rendered letter instead of rendering each")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for rendering (default: cores)")
    parser.add_argument("--locale", default="zh_CN")
    parser.add_argument("--no-pypdf", action="store_true", help="measure docgen's merge only")
    parser.add_argument("--measure", nargs=3, metavar=("METHOD", "LIST", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        method, parts_list, target = args.measure
        print(json.dumps(measure(method, Path(parts_list), Path(target))))
        return 0

    scratch = Path(tempfile.mkdtemp(prefix="docgen-merge-"))
    try:
        folder = args.parts or scratch / "parts"
        folder.mkdir(parents=True, exist_ok=True)
        parts = render_parts(folder, args.count, copies=args.copies, jobs=args.jobs, locale=args.locale)
        parts_list = scratch / "parts.txt"
        parts_list.write_text("\n".join(str(part) for part in parts))
        total = sum(part.stat().st_size for part in parts)
        print(
            f"command: python benchmarks/merge.py --count {args.count}{' --copies' if args.copies else ''} --locale {args.locale}"
        )
        print(
            f"parts: {len(parts)} offer letters, {total / MIB:.1f} MiB, {total / len(parts) / 1024:.0f} KiB each on average"
        )
        print(f"{'method':<8} {'peak RSS':>10} {'before':>10} {'time':>8} {'merged':>10}  pages in order")
        for method in ("docgen",) if args.no_pypdf else ("docgen", "pypdf"):
            target = scratch / f"merged-{method}.pdf"
            _say(f"merging with {method} …")
            figures = in_fresh_process(method, parts_list, target)
            size = target.stat().st_size
            print(
                f"{method:<8} {figures['peak_rss'] / MIB:>7.0f} MiB {figures['start_rss'] / MIB:>6.0f} MiB "
                f"{figures['seconds']:>6.1f} s {size / MIB:>6.1f} MiB  {'yes' if pages_in_order(parts, target) else 'NO'}"
            )
            target.unlink()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
