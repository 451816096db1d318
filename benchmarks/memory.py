"""Peak memory of `docgen render -d` by the number of rows: it must not grow with the batch.

    python benchmarks/memory.py [--rows 1000 100000] [--stop-after K] [--format html]

For each row count, writes a CSV of that many offer letters (each with its own
name and pay) and runs `docgen render offer_letter rows.csv -f FORMAT -d OUT
--jobs 2` as a user would, reading every process's peak resident memory
(VmHWM) while it runs. Validation of every row happens before the first file
is written, so once K files are on disk (default 500) the command has been
through its largest phase for the main process and is rendering at its steady
state; it is stopped there, so that 100,000 rows take minutes, not hours.
"""

from __future__ import annotations

import argparse
import copy
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # measure this checkout, whatever is installed

from end_to_end import _high_water, _tree, docgen  # noqa: E402
from run import offer_letter  # noqa: E402

from docgen.inputs import load_records  # noqa: E402
from docgen.samples import sample_path  # noqa: E402
from docgen.spreadsheet import leaf_values  # noqa: E402

MIB = 2**20


def write_rows(path: Path, count: int) -> None:
    base = load_records(sample_path("offer_letter"))[0].data
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = None
        for index in range(count):
            row = {".".join(key): value for key, value in leaf_values(offer_letter(copy.deepcopy(base), index))}
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow({key: "" if value is None else value for key, value in row.items()})


def run(data: Path, out: Path, fmt: str, stop_after: int, code: Path) -> tuple[float, int, list[int], int]:
    """Seconds, files written, each process's peak memory (the command's first), and the command's when
    the first file appeared (validation done)."""
    command = docgen("render", "offer_letter", str(data), "-f", fmt, "-d", str(out), "--jobs", "2")
    started = time.perf_counter()
    env = os.environ | {"PYTHONPATH": str(code)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=data.parent)
    peaks: dict[int, int] = {}
    at_first_file = 0
    written = 0
    while process.poll() is None:
        for pid in _tree(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), _high_water(pid))
        written = sum(1 for _ in out.iterdir())
        if written and not at_first_file:
            at_first_file = peaks.get(process.pid, 0)
        if written >= stop_after:
            process.terminate()
            break
        time.sleep(0.1)
    process.wait()
    main = peaks.pop(process.pid, 0)
    return time.perf_counter() - started, written, [main, *sorted(peaks.values(), reverse=True)], at_first_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--stop-after", type=int, default=500, help="files written before the run is stopped")
    parser.add_argument("--format", default="html")
    parser.add_argument("--code", type=Path, default=ROOT, help="the docgen checkout to run (default: this one)")
    arguments = parser.parse_args()
    print(
        f"docgen render offer_letter ROWS.csv -f {arguments.format} -d OUT --jobs 2, stopped after {arguments.stop_after} files"
    )
    print(f"{'rows':>8} {'seconds':>8} {'files':>6} {'command peak':>13} {'largest other process':>22}")
    for rows in arguments.rows:
        with tempfile.TemporaryDirectory(prefix="docgen-memory-") as temporary:
            folder = Path(temporary)
            write_rows(folder / "rows.csv", rows)
            (folder / "out").mkdir()
            seconds, files, peaks, _ = run(
                folder / "rows.csv", folder / "out", arguments.format, arguments.stop_after, arguments.code
            )
            other = max(peaks[1:], default=0)
            print(f"{rows:>8} {seconds:>8.1f} {files:>6} {peaks[0] / MIB:>9.0f} MiB {other / MIB:>18.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
