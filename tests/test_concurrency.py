"""Separate processes issuing at once get unique, gapless numbers; a killed issuer leaves nothing unexplained.

Each test runs on SQLite and on a real PostgreSQL server (see conftest.register_url).
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import time
from pathlib import Path

import pytest

from docgen.store import open_register

from .conftest import SAMPLES
from .registers import docgen_command, docgen_process, entries, lines, offer, run, write_data

PROCESSES = 8
PER_PROCESS = 25  # 8 x 25 = 200 numbers
SAMPLE = str(SAMPLES / "offer_letter.yaml")

# Loaded and ready, each process says so and waits for the others: they then issue at the same moment.
_START_TOGETHER = """
import pathlib, time
import docgen.cli
pathlib.Path({ready!r}).touch()
while not pathlib.Path({go!r}).exists():
    time.sleep(0.01)
"""


def _start_together(commands: list[tuple[list[str], dict[str, str]]], folder: Path) -> list[subprocess.Popen[str]]:
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for command, env in commands
    ]
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < len(commands):
        assert time.monotonic() < deadline, "the issuing processes did not start"
        assert all(process.poll() is None for process in processes), "an issuing process ended before the start"
        time.sleep(0.05)
    (folder / "go").touch()
    return processes


def test_eight_processes_issue_two_hundred_unique_gapless_numbers(register_url: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    commands = []
    for index in range(PROCESSES):
        batch = [offer(f"候选人 {index}-{item}") for item in range(PER_PROCESS)]
        data = write_data(tmp_path / f"batch-{index}.json", batch)
        prelude = _START_TOGETHER.format(ready=str(tmp_path / f"ready-{index}"), go=str(tmp_path / "go"))
        args = ("issue", "offer_letter", str(data), "-f", "html", "-d", str(out), "--db", register_url)
        commands.append(docgen_command(*args, prelude=prelude))
    results = [process.communicate(timeout=600) for process in _start_together(commands, tmp_path)]

    printed = []
    for stdout, stderr in results:
        assert stderr == ""
        numbers = [number for number, _ in lines(stdout)]
        assert len(numbers) == PER_PROCESS and numbers == sorted(numbers)  # each process in its own order
        printed += lines(stdout)
    expected = [f"LY-2026-{seq:04}" for seq in range(1, PROCESSES * PER_PROCESS + 1)]
    assert sorted(number for number, _ in printed) == expected  # unique, and no gap
    registered = entries(register_url)
    assert [entry.number for entry in registered] == expected
    assert {entry.status for entry in registered} == {"issued"}
    for entry in registered:
        [stored] = entry.files
        assert hashlib.sha256(Path(stored.path).read_bytes()).hexdigest() == stored.sha256
    assert sorted(path.name for path in out.iterdir()) == [f"{number}.html" for number in expected]
    with open_register(register_url) as register:  # every reservation and issue chained, in commit order
        assert register.check().events == 1 + 2 * len(expected)


_KILL = """
import os, signal
from docgen import issuing
from docgen.store import register

def _killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def _killed_after(function):
    def run(*args, **kwargs):
        function(*args, **kwargs)
        _killed()
    return run
"""
CRASH_POINTS = {
    # Killed inside the reservation's transaction, after its row is written but before it commits.
    "during reservation": _KILL + "register.Register._insert = _killed_after(register.Register._insert)\n",
    "between reservation and write": _KILL + "issuing._write_all = _killed\n",
    "between write and commit": _KILL + "issuing._write_all = _killed_after(issuing._write_all)\n",
}


def _issue_killed(register_url: str, out: Path, crash_point: str) -> None:
    args = ("issue", "offer_letter", SAMPLE, "-f", "html", "-f", "docx", "-d", str(out), "--db", register_url)
    killed = docgen_process(*args, prelude=CRASH_POINTS[crash_point])
    assert killed.returncode == -signal.SIGKILL, killed.stderr


def _issue(register_url: str, out: Path) -> list[tuple[str, str]]:
    result = run("issue", "offer_letter", SAMPLE, "-f", "html", "-f", "docx", "-d", str(out), "--db", register_url)
    assert result.exit_code == 0, result.output
    return lines(result.stdout)


def test_killed_during_reservation_takes_no_number(register_url: str, tmp_path: Path) -> None:
    _issue_killed(register_url, tmp_path, "during reservation")
    assert entries(register_url) == []  # the transaction died with the process
    assert _issue(register_url, tmp_path)[0][0] == "LY-2026-0001"


@pytest.mark.parametrize("crash_point", ["between reservation and write", "between write and commit"])
def test_killed_issuer_leaves_a_reservation_that_repair_voids(
    register_url: str, tmp_path: Path, crash_point: str
) -> None:
    _issue_killed(register_url, tmp_path, crash_point)
    reserved = run("register", "list", "--status", "reserved", "--db", register_url)
    assert [line.split("\t")[:2] for line in reserved.stdout.splitlines()] == [["LY-2026-0001", "reserved"]]
    left = sorted(path.name for path in tmp_path.glob("LY-*"))
    assert left == (
        [] if crash_point == "between reservation and write" else ["LY-2026-0001.docx", "LY-2026-0001.html"]
    )
    for name in left:
        result = run("verify", str(tmp_path / name), "--db", register_url)
        assert result.exit_code == 1 and "LY-2026-0001 was reserved but never issued" in result.stderr

    # A re-run issues what is missing under a new number; the dangling one is never issued.
    assert [number for number, _ in _issue(register_url, tmp_path)] == ["LY-2026-0002", "LY-2026-0002"]
    repaired = run("register", "repair", "--db", register_url)
    assert repaired.exit_code == 0, repaired.output
    assert repaired.stdout.startswith("LY-2026-0001\tvoid\tabandoned: process ")
    void, issued = entries(register_url)
    assert (void.number, void.status, issued.number, issued.status) == (
        "LY-2026-0001",
        "void",
        "LY-2026-0002",
        "issued",
    )
    assert void.reason is not None and "ended before the document was issued" in void.reason
    assert run("register", "list", "--status", "reserved", "--db", register_url).stdout == ""
    for name in left:
        result = run("verify", str(tmp_path / name), "--db", register_url)
        assert result.exit_code == 1 and "LY-2026-0001 is void: abandoned" in result.stderr
    assert run("verify", str(tmp_path / "LY-2026-0002.docx"), "--db", register_url).exit_code == 0


def test_ctrl_c_voids_every_number_the_batch_had_taken(register_url: str, tmp_path: Path) -> None:
    data = write_data(tmp_path / "many.json", [offer(f"候选人 {index}") for index in range(300)])
    out = tmp_path / "out"
    command, env = docgen_command(
        "issue", "offer_letter", str(data), "-f", "html", "-d", str(out), "--db", register_url
    )
    with subprocess.Popen(
        [*command, "-j", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as issuer:
        assert issuer.stdout is not None
        first = issuer.stdout.readline()
        issuer.send_signal(signal.SIGINT)
        # Read on through the same buffered stream: readline() may already hold the next lines, which
        # communicate() (reading the pipe itself) would never see.
        rest = issuer.stdout.read()
        issuer.wait(timeout=120)
    assert issuer.returncode != 0
    printed = lines(first + rest)
    registered = entries(register_url)
    assert 1 <= len(printed) < len(registered) < 300
    assert [(entry.number, entry.files[0].path) for entry in registered if entry.status == "issued"] == printed
    void = [entry for entry in registered if entry.status != "issued"]
    assert {entry.status for entry in void} == {"void"}  # nothing is left reserved
    assert {entry.reason for entry in void} <= {
        "not issued: the batch stopped (interrupted)",
        "issue failed: interrupted",
    }
    assert sorted(path.name for path in out.iterdir()) == [f"{number}.html" for number, _ in printed]


def test_threads_of_one_process_move_the_chain_head_forward_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """docgen serve issues from many threads of one process: their heads must not share a temporary file."""
    import threading

    from docgen.store import chain

    real_read, seen, seen_lock = chain.read_head, [], threading.Lock()

    def slow_read(identity: str) -> tuple[int, str] | None:
        head = real_read(identity)
        with seen_lock:
            seen.append(-1 if head is None else head[0])
        time.sleep(0.001)  # widens the read-to-write window, so unguarded threads do interleave even on a busy machine
        return head

    monkeypatch.setattr(chain, "read_head", slow_read)
    ready = threading.Barrier(16)
    failures: list[BaseException] = []

    def write(seq: int) -> None:
        ready.wait()
        try:
            for step in range(20):
                chain.write_head("threads", chain.Event(seq * 100 + step, "now", "issue", "e", "n", "{}", f"mac{seq}"))
        except BaseException as error:  # any failure of a thread is the test's failure
            failures.append(error)

    threads = [threading.Thread(target=write, args=(seq,)) for seq in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert seen == sorted(seen)  # every read saw the head where the last one left it or further: it never moved back
    assert real_read("threads") == (1519, "mac15")  # the highest event written


def test_threads_of_one_process_render_one_pdf_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pango is not thread-safe: docgen serve's threads must take turns at WeasyPrint."""
    import threading

    from weasyprint import HTML

    from docgen.config import load_settings
    from docgen.inputs import load_records
    from docgen.pipeline import render_document, validate_records

    settings = load_settings(SAMPLES / "docgen.toml")
    [document] = validate_records("offer_letter", load_records(SAMPLES / "offer_letter.yaml"), settings)
    inside, most = [0], [0]
    lock, render = threading.Lock(), HTML.render
    # The probe counts who is inside the guarded stretch, then renders under its own lock: with the guard broken,
    # the test must fail on the count, not crash the process in Pango.
    one_render = threading.Lock()

    def counted(self: HTML, *args: object, **kwargs: object) -> object:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        try:
            time.sleep(0.05)  # long enough for another thread to come in, were it allowed
            with one_render:
                return render(self, *args, **kwargs)
        finally:
            with lock:
                inside[0] -= 1

    monkeypatch.setattr(HTML, "render", counted)
    pdfs: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: pdfs.append(render_document(document, settings, fmt="pdf", locale="zh_CN")))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(pdfs) == 4 and all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert most[0] == 1
