"""`docgen serve --workers 2` on one PostgreSQL register, as a real process on the loopback: any worker answers
any request (sessions, sign-in lockouts, issued files), 20 clients issue 400 documents across both workers, and
a worker killed with SIGKILL in the middle of issuing leaves nothing unexplained: the worker uvicorn starts in its
place voids what it left reserved (docgen/web/upkeep.py).

A request is sent to one worker by stopping the other (SIGSTOP) while it is made, on a connection of its own:
a stopped process cannot accept it, so the other one must. Every wait has a deadline.
"""

from __future__ import annotations

import copy
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from docgen.cli import app as cli
from docgen.inputs import load_records
from docgen.samples import sample_path
from docgen.store import Entry, open_register

from .conftest import ROOT, SAMPLES

CHEAP = "resignation_certificate"  # the quickest type to issue
PASSWORD = "Correct-Horse-42"
DEADLINE = 60.0  # seconds any one wait may take before the test fails


def certificate(index: int) -> dict[str, Any]:
    data = copy.deepcopy(load_records(sample_path(CHEAP))[0].data)
    data["employee"]["name"] = f"员工{index:04d}"  # another record: a number of its own
    data.pop("clearance_number", None)  # a certificate need not cite an exit clearance, and this register has none
    return data


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def workers(self) -> list[int]:
        """The uvicorn worker processes: the server's children that multiprocessing spawned to serve."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in path.read_text().split()] if path.exists() else []
        return [pid for pid in pids if b"spawn_main" in _cmdline(pid) and b"resource_tracker" not in _cmdline(pid)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # ended meanwhile
        return b""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(what: str, check: Callable[[], Any], deadline: float = DEADLINE) -> Any:
    """check()'s first true answer, looked for again every 50 ms; the test fails after deadline seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)  # the state is another process's: nothing to be woken by
    pytest.fail(f"not within {deadline} s: {what}")


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/signin", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
def team(pg_url: str, tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """`docgen serve --workers 2` on the test's own PostgreSQL schema, and an admin's API token."""
    runner = CliRunner()
    for name in ("alice", "bob"):
        added = runner.invoke(cli, ["users", "add", name, "--role", "admin", "--password-stdin", "--db", pg_url],
                              input=PASSWORD + "\n")  # fmt: skip
        assert added.exit_code == 0, added.output
    token = runner.invoke(cli, ["users", "token", "alice", "--db", pg_url])
    assert token.exit_code == 0, token.output
    server = start(tmp_path, pg_url, workers=2)
    try:
        wait_for("both workers started", lambda: len(server.workers()) == 2 and _answers(server.base))
        yield server, token.stdout.strip()
    finally:
        stop(server)


def start(folder: Path, database: str, workers: int) -> Server:
    """The server in a session of its own, its register's URL (with its password) in the project file."""
    text = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    config = folder / "docgen.toml"
    config.write_text(f'database = "{database}"\n{text}\n[web]\nfiles = "{folder / "issued"}"\n', encoding="utf-8")
    port = _free_port()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(folder / "data")}
    environment.pop("DOCGEN_DB", None)
    command = [sys.executable, "-m", "docgen", "--config", str(config), "serve", "--port", str(port)]
    log = folder / "server.log"
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen([*command, "--workers", str(workers)], env=environment, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    return Server(process, f"http://127.0.0.1:{port}", log)


def stop(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)  # uvicorn's parent stops its workers
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)  # the session started for this server only
        server.process.wait(timeout=30)


@contextmanager
def only(server: Server, pid: int) -> Iterator[None]:
    """Every other worker stopped meanwhile, so a new connection can only be accepted by pid."""
    others = [other for other in server.workers() if other != pid]
    for other in others:
        os.kill(other, signal.SIGSTOP)
    try:
        yield
    finally:
        for other in others:
            os.kill(other, signal.SIGCONT)


def fresh(server: Server, method: str, path: str, cookies: dict[str, str] | None = None, **kwargs: Any) -> httpx.Response:
    """One request on a connection of its own (a kept-alive one would stay with the worker that accepted it)."""
    with httpx.Client(base_url=server.base, timeout=30, follow_redirects=False, cookies=cookies) as client:
        return client.request(method, path, **kwargs)


def _signed_in(server: Server, name: str, password: str, csrf: str) -> httpx.Response:
    form = {"csrf_token": csrf, "name": name, "password": password, "next": "/"}
    return fresh(server, "POST", "/signin", data=form, cookies={"docgen_csrf": csrf})


def test_any_worker_accepts_the_session_the_lockout_and_the_files_of_another(
    team: tuple[Server, str], pg_url: str
) -> None:
    server, token = team
    burst = iter(range(100, 10_000, 4))

    def both_warm() -> list[int]:  # each worker has issued once: none starts cold while the other is stopped
        issue_many(server, token, clients=4, count=4, first=next(burst))
        return server.workers() if _pids_served(pg_url) >= set(server.workers()) else []

    first, second = wait_for("both workers issuing", both_warm)
    with only(server, first):
        csrf = fresh(server, "GET", "/signin").cookies["docgen_csrf"]
    with only(server, first):
        issued = fresh(server, "POST", f"/api/types/{CHEAP}/issue?format=html", json=certificate(1),
                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    refusals = []
    for _ in range(5):  # one request a stop: a worker stopped for 5 s would be replaced by uvicorn
        with only(server, first):
            refusals.append(_signed_in(server, "alice", "wrong password", csrf).status_code)
    assert issued.status_code == 200 and refusals == [401] * 5
    with only(server, second):
        locked = _signed_in(server, "alice", PASSWORD, csrf)  # the CSRF token from the first worker is good here
    [stored] = issued.json()["files"]
    with only(server, second):
        download = fresh(server, "GET", stored["url"], headers={"Authorization": f"Bearer {token}"})
    assert locked.status_code == 401  # locked by the failures counted on the first worker
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == stored["sha256"]
    with only(server, second):
        session = _signed_in(server, "bob", PASSWORD, csrf).cookies["docgen_session"]
    with only(server, first):
        home = fresh(server, "GET", "/", cookies={"docgen_session": session})
    with only(server, first):
        page = fresh(server, "GET", f"/documents/{issued.json()['number']}/files/html", cookies={"docgen_session": session})
    assert home.status_code == 200 and "bob" in home.text  # signed in on the second worker
    assert page.status_code == 200 and hashlib.sha256(page.content).hexdigest() == stored["sha256"]


def _pids_served(database: str) -> set[int]:
    """The processes that issued the register's documents: the register keeps each reservation's pid."""
    with open_register(database) as register:
        return {entry.pid for entry in register.entries()}


@dataclass
class Outcome:
    numbers: list[str]
    failures: list[str]  # requests that got no answer (a connection lost with its worker)
    refusals: list[str]  # answers other than 200
    seconds: list[float]
    done_at: list[float]  # time.monotonic() of each success


def issue_many(server: Server, token: str, clients: int, count: int, first: int = 0, fmt: str = "html") -> Outcome:
    """clients threads, each with its own connection (kept alive), issuing count documents between them."""
    outcome, lock = Outcome([], [], [], [], []), threading.Lock()
    indexes = iter(range(first, first + count))

    def client() -> None:
        with httpx.Client(base_url=server.base, timeout=120, headers={"Authorization": f"Bearer {token}"}) as http:
            while True:
                with lock:
                    index = next(indexes, None)
                if index is None:
                    return
                _one(http, index, fmt, outcome, lock)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "clients still issuing after 300 s"
    return outcome


def _one(http: httpx.Client, index: int, fmt: str, outcome: Outcome, lock: threading.Lock) -> None:
    started = time.perf_counter()
    try:
        answer = http.post(f"/api/types/{CHEAP}/issue?format={fmt}", json=certificate(index))
    except httpx.TransportError as error:
        with lock:
            outcome.failures.append(f"{index}: {type(error).__name__}")
        return
    with lock:
        outcome.seconds.append(time.perf_counter() - started)
        if answer.status_code == 200:
            outcome.numbers.append(answer.json()["number"])
            outcome.done_at.append(time.monotonic())
        else:
            outcome.refusals.append(f"{index}: {answer.status_code} {answer.text[:200]}")


def _issued(database: str) -> list[Entry]:
    with open_register(database) as register:
        return register.entries(type_name=CHEAP)


def _files_intact(entry: Entry) -> bool:
    return bool(entry.files) and all(
        Path(item.path).is_file() and hashlib.sha256(Path(item.path).read_bytes()).hexdigest() == item.sha256
        for item in entry.files
    )


def test_twenty_clients_issue_400_documents_across_two_workers(team: tuple[Server, str], pg_url: str) -> None:
    server, token = team
    outcome = issue_many(server, token, clients=20, count=400)
    assert outcome.failures == [] and outcome.refusals == []
    entries = _issued(pg_url)
    assert len(outcome.numbers) == len(set(outcome.numbers)) == 400
    assert sorted(entry.seq for entry in entries) == list(range(1, 401))  # gapless: nothing void or reserved
    assert {entry.status for entry in entries} == {"issued"} and all(map(_files_intact, entries))
    assert {entry.number for entry in entries} == set(outcome.numbers)
    assert {entry.pid for entry in entries} == set(server.workers())  # both workers issued


def test_a_worker_killed_while_issuing_leaves_no_number_unexplained(team: tuple[Server, str], pg_url: str) -> None:
    server, token = team
    results: list[Outcome] = []
    clients = threading.Thread(target=lambda: results.append(issue_many(server, token, 6, 60, fmt="pdf")))
    clients.start()
    victim, held = wait_for("a worker holding a reservation, frozen", lambda: _frozen_with_reservation(pg_url, server))
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    clients.join(timeout=300)
    [outcome] = results
    assert outcome.refusals == []  # every answer was a success: only connections to the killed worker failed
    assert 1 <= len(outcome.failures) <= 6 and len(outcome.numbers) + len(outcome.failures) == 60
    assert any(at > killed_at for at in outcome.done_at)  # the app kept serving
    # uvicorn starts a worker in place of the dead one, which voids what the dead one left reserved (upkeep.py)
    wait_for("the killed worker's reservations voided", lambda: _voided_as_abandoned(pg_url, held, victim))
    entries = _issued(pg_url)
    assert {entry.status for entry in entries} == {"issued", "void"}  # nothing left reserved
    assert all(_files_intact(entry) for entry in entries if entry.status == "issued")
    assert sorted(entry.seq for entry in entries) == list(range(1, len(entries) + 1))


def _voided_as_abandoned(database: str, numbers: set[str], pid: int) -> bool:
    found = {entry.number: entry for entry in _issued(database) if entry.number in numbers}
    return all(entry.status == "void" and f"process {pid} " in (entry.reason or "") for entry in found.values())


def _frozen_with_reservation(database: str, server: Server) -> tuple[int, set[str]] | None:
    """A worker that holds a reservation, stopped, and the numbers it holds: the register is read again while it
    is stopped, so what is seen is still held when the caller kills it (else the worker goes on)."""

    def held(pid: int) -> set[str]:
        return {entry.number for entry in _issued(database) if entry.status == "reserved" and entry.pid == pid}

    for pid in server.workers():
        if held(pid):
            os.kill(pid, signal.SIGSTOP)
            if numbers := held(pid):
                return pid, numbers
            os.kill(pid, signal.SIGCONT)
    return None


def test_workers_are_never_handed_a_password_through_their_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DOCGEN_DB", raising=False)
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: pytest.fail("served with the password in reach"))
    url = "postgresql://docgen:s3cret-Pass@db.office.lan/docgen"
    result = CliRunner().invoke(cli, ["serve", "--workers", "2", "--db", url])
    assert result.exit_code == 2 and "--db holds a password" in result.output
    assert "s3cret-Pass" not in result.output and "s3cret-Pass" not in os.environ.get("DOCGEN_DB", "")
    served: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: served.append({**kwargs, "db": os.environ["DOCGEN_DB"]}))
    without = str(tmp_path / "register.db")  # a URL without a password (PostgreSQL's then in PGPASSFILE) alike
    assert CliRunner().invoke(cli, ["serve", "--workers", "2", "--db", without]).exit_code == 0
    assert served == [{"factory": True, "host": "127.0.0.1", "port": 8000, "workers": 2, "log_level": "warning",
                       "db": without}]  # fmt: skip


def test_the_app_voids_abandoned_reservations_when_it_starts(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from docgen.web.app import create_app

    from .test_register_cli import _reserve
    from .test_signin import settings_for

    url = f"sqlite:///{tmp_path / 'register.db'}"
    dead = _reserve(url, seq_owner_pid=2**22 + 12345)  # above the kernel's pid limit: never a live process
    alive, old = _reserve(url), _reserve(url)  # this process's: the first may still complete, the second is old
    with open_register(url) as register:
        register._db.change("UPDATE docgen_documents SET reserved_at = ? WHERE number = ?", ("2026-01-01T00:00:00+00:00", old))
    with TestClient(create_app(settings_for(url, tmp_path, abandoned_minutes=30)), base_url="http://127.0.0.1:8000"):
        pass  # started and stopped: the lifespan's start is what is tested
    with open_register(url) as register:
        status = {entry.number: (entry.status, entry.reason or "") for entry in register.entries()}
    assert status[alive] == ("reserved", "")
    assert status[dead][0] == "void" and status[dead][1].startswith(f"abandoned: process {2**22 + 12345} on ")
    assert status[old][0] == "void" and status[old][1].startswith("abandoned: still reserved after ")
