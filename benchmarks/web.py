"""The JSON API timed through a real `docgen serve` on the loopback, as a browser or a script uses it.

    python benchmarks/web.py [--runs N] [--issues N] [--clients N] [--format pdf|html|docx]

Starts `python -m docgen serve` in its own process with a fresh register and files folder (and
fresh per-user folders, so nothing of the user's is touched), then times, each as the median of
--runs requests after one warm-up:

- field validation: POST /api/types/offer_letter/validate with the sample letter;
- the preview of a service contract: POST /api/types/service_contract/render?format=html;
- issuing a PDF offer letter: POST /api/types/offer_letter/issue?format=pdf, a new candidate each time;

then --clients threads, each with its own HTTP connection, issue --issues offer letters between them
(each a different candidate), and it checks there was no error and that the offer letters' numbers
are unique and gapless: every number from 1 up to the last one taken is issued, none void or reserved.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the HTTP client Starlette's TestClient uses too (pyproject: test and bench extras)

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # measure this checkout, whatever is installed

from docgen.inputs import load_records  # noqa: E402
from docgen.samples import sample_path  # noqa: E402

TARGET_VALIDATE_MS = 50
TARGET_PREVIEW_MS = 300
TARGET_ISSUE_PDF_MS = 1000
OFFER: dict[str, Any] = load_records(sample_path("offer_letter"))[0].data
CONTRACT: dict[str, Any] = load_records(sample_path("service_contract"))[0].data


def offer(index: int) -> dict[str, Any]:
    """The sample offer letter for candidate number index: a new record, so issuing it takes a new number."""
    data = copy.deepcopy(OFFER)
    data["candidate"]["name"] = f"候选人{index:04d}"
    return data


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def project_file(folder: Path) -> Path:
    """The sample project file with this run's own register and files folder."""
    text = (ROOT / "samples" / "docgen.toml").read_text(encoding="utf-8")
    head = f'database = "sqlite:///{folder / "register.db"}"\n'
    path = folder / "docgen.toml"
    path.write_text(head + text + f'\n[web]\nfiles = "{folder / "issued"}"\n', encoding="utf-8")
    return path


def start_server(folder: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "DOCGEN_CACHE": str(folder / "cache")}
    environment |= {"XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
    command = [sys.executable, "-m", "docgen", "--config", str(project_file(folder)), "serve", "--port", str(port)]
    with (folder / "server.log").open("wb") as log:  # a file, not a pipe: a full pipe would stall the server
        return subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    """Until the server answers; its own messages are in server.log, shown when the run fails."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("docgen serve stopped before answering")
        try:
            if httpx.get(f"{base}/api/types", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)  # the server is still starting: nothing else to wait on
    raise SystemExit("docgen serve did not answer within 60 s")


def median_ms(runs: int, request: Callable[[int], httpx.Response]) -> float:
    """The median time of runs requests, after one not counted (imports, templates built on first use)."""
    checked(request(-1))
    times = []
    for index in range(runs):
        started = time.perf_counter()
        checked(request(index))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def checked(response: httpx.Response) -> httpx.Response:
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url}: {response.status_code} {response.text[:300]}")
    return response


def single_requests(client: httpx.Client, runs: int) -> list[tuple[str, float, float]]:
    """(label, median ms, target ms) of each interactive request."""
    validate = median_ms(runs, lambda i: client.post("/api/types/offer_letter/validate", json=OFFER))
    preview = median_ms(
        runs, lambda i: client.post("/api/types/service_contract/render?format=html&locale=zh_CN", json=CONTRACT)
    )
    issue = median_ms(runs, lambda i: client.post("/api/types/offer_letter/issue?format=pdf", json=offer(10_000 + i)))
    return [
        ("field validation (validate an offer letter)", validate, TARGET_VALIDATE_MS),
        ("preview of a service contract (render HTML)", preview, TARGET_PREVIEW_MS),
        ("issue a PDF offer letter", issue, TARGET_ISSUE_PDF_MS),
    ]


class Crowd:
    """clients threads issuing count offer letters between them, each thread over its own connection."""

    def __init__(self, base: str, clients: int, count: int, fmt: str) -> None:
        self.base, self.clients, self.fmt = base, clients, fmt
        self.todo = list(range(count))
        self.lock = threading.Lock()
        self.numbers: list[str] = []
        self.errors: list[str] = []
        self.latencies: list[float] = []

    def run(self) -> float:
        threads = [threading.Thread(target=self.client) for _ in range(self.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    def next_index(self) -> int | None:
        with self.lock:
            return self.todo.pop(0) if self.todo else None

    def client(self) -> None:
        with httpx.Client(base_url=self.base, timeout=600) as client:
            while (index := self.next_index()) is not None:
                self.issue(client, index)

    def issue(self, client: httpx.Client, index: int) -> None:
        started = time.perf_counter()
        try:
            answer = client.post(f"/api/types/offer_letter/issue?format={self.fmt}", json=offer(index))
            ok, detail = answer.status_code == 200, f"{answer.status_code} {answer.text[:200]}"
        except httpx.HTTPError as error:
            ok, detail = False, f"{type(error).__name__}: {error}"
        with self.lock:
            self.latencies.append(time.perf_counter() - started)
            if ok:
                self.numbers.append(answer.json()["number"])
            else:
                self.errors.append(detail)


def gapless(client: httpx.Client) -> tuple[bool, int]:
    """Whether the register's offer letters are numbered 1..N with every one issued; and N."""
    found, page = [], 1
    while True:
        answer = checked(client.get(f"/api/documents?type=offer_letter&page={page}")).json()
        found += answer["documents"]
        if page >= answer["pages"]:
            break
        page += 1
    seqs = sorted(int(re.findall(r"\d+", item["number"])[-1]) for item in found)
    return seqs == list(range(1, len(seqs) + 1)) and all(item["status"] == "issued" for item in found), len(seqs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="requests timed for each median")
    parser.add_argument("--issues", type=int, default=200, help="documents the concurrent clients issue")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--format", default="pdf", choices=("pdf", "html", "docx"), help="of the concurrent issues")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-web-bench-") as temporary:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(Path(temporary), port)
        try:
            wait_until_up(base, server)
            with httpx.Client(base_url=base, timeout=600) as client:
                report(single_requests(client, args.runs), args)
                crowd = Crowd(base, args.clients, args.issues, args.format)
                wall = crowd.run()
                return report_crowd(crowd, wall, gapless(client), args)
        finally:
            server.terminate()
            server.wait(timeout=30)
            log = (Path(temporary) / "server.log").read_text(encoding="utf-8", errors="replace").strip()
            if log:
                print("docgen serve said (last lines):", *log.splitlines()[-10:], sep="\n  ")


def report(rows: list[tuple[str, float, float]], args: argparse.Namespace) -> None:
    print(f"docgen serve on the loopback, one client; median of {args.runs} requests (cores: {os.cpu_count()})")
    for label, measured, target in rows:
        verdict = "met" if measured < target else "MISSED"
        print(f"  {label:<46} {measured:8.1f} ms   target < {target:.0f} ms: {verdict}")


def report_crowd(crowd: Crowd, wall: float, register: tuple[bool, int], args: argparse.Namespace) -> int:
    ok, last = register
    latencies = sorted(crowd.latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0.0
    print(f"{args.clients} concurrent clients issuing {args.issues} {args.format.upper()} offer letters")
    print(f"  wall time {wall:8.1f} s   {args.issues / wall:6.1f} documents/s")
    print(f"  latency median {statistics.median(latencies or [0]):6.2f} s   95th percentile {p95:6.2f} s")
    print(f"  errors {len(crowd.errors)}")
    for error in crowd.errors[:5]:
        print(f"    {error}")
    unique = len(set(crowd.numbers)) == len(crowd.numbers) == args.issues
    print(f"  numbers unique: {'yes' if unique else 'NO'} ({len(set(crowd.numbers))} of {args.issues})")
    print(f"  numbers gapless: {'yes' if ok else 'NO'} (offer letters 1 to {last}, every one issued)")
    return 0 if unique and ok and not crowd.errors else 1


if __name__ == "__main__":
    sys.exit(main())
