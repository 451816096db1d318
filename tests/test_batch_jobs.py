"""Batches run as jobs: two `docgen worker` processes share one batch on a PostgreSQL register (procrastinate's
queue in the same database), one of them killed midway; one local worker does the same on SQLite.

The workers are real processes. Every wait reads the register's state, with a deadline.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from docgen.config import Settings, load_settings
from docgen.issuing import sha256_of
from docgen.store import Entry, Request, open_register
from docgen.store.batches import Batch, open_batches
from docgen.store.connect import connect
from docgen.store.location import parse_location
from docgen.store.schema import _queue_tables
from docgen.web.batch_jobs import local_worker, start, worker_command
from docgen.web.batch_run import check_upload, load_batch, new_head

from .conftest import SAMPLES
from .registers import docgen_command, offer

ROWS = 60
USCC = "91310115MA1K4B7T6N"  # the bundled profile's company
CHUNK = 5  # rows per job: 12 jobs, enough for two workers to share and for one to die in the middle of
WAIT = 600  # seconds 60 documents may take on a loaded 2-core machine
STALLED = 10  # seconds without a heartbeat after which a worker's jobs run again
SOON = 90  # seconds a new worker may take to start, and to see a dead worker's job or an old reservation


def project(tmp_path: Path, database: str) -> Settings:
    """A project file of the bundled profile whose [web] part keeps issued files under tmp_path, in chunks of CHUNK."""
    text = (SAMPLES / "docgen.toml").read_text(encoding="utf-8")
    web = f'\n[web]\nfiles = "{tmp_path / "issued"}"\nbatch_chunk_rows = {CHUNK}\n'
    (tmp_path / "docgen.toml").write_text(text + web, encoding="utf-8")
    return load_settings(tmp_path / "docgen.toml").with_overrides(database=database)


def upload(settings: Settings, rows: int = ROWS) -> Batch:
    """A list of offer letters, each to another candidate, checked into a batch to issue as DOCX."""
    letters = [offer(f"候选人{n:03d}") for n in range(rows)]
    head = new_head("offer_letter", "offers.json", "zh_CN", "en_US", formats=("docx",))
    batch = check_upload(settings, head, ".json", json.dumps(letters, ensure_ascii=False).encode("utf-8"))
    assert isinstance(batch, Batch) and batch.problems == [] and len(batch.valid_rows) == rows, batch
    return batch


# A worker that dies by SIGKILL on its third document, after writing its file and before the register marks it
# issued: midway through its first chunk, holding a reservation and a file the register does not know.
DIES_ON_THIRD = """
import os, signal
from docgen import issuing
_write_all, _written = issuing._write_all, []
def _write_then_die(*args, **kwargs):
    _write_all(*args, **kwargs)
    _written.append(1)
    if len(_written) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
issuing._write_all = _write_then_die
"""


def worker(settings: Settings, prelude: str = "") -> subprocess.Popen[bytes]:
    """`docgen worker` on the settings' register, in its own process."""
    command, env = docgen_command(*worker_command(settings)[3:], "--stalled-after", str(STALLED), prelude=prelude)
    return subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)


@contextmanager
def workers(settings: Settings, count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    """count workers, stopped (or killed) at the end."""
    running = [worker(settings) for _ in range(count)]
    try:
        yield running
    finally:
        stopped(running)


def stopped(running: list[subprocess.Popen[bytes]]) -> None:
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(WAIT)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for(what: str, ready: Callable[[], bool], seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)  # polling the register: each look is a query, not a guess at how long the work takes
    raise AssertionError(f"waited {seconds} s for {what}")


def attempts(settings: Settings, batch_id: str, chunk: int) -> int:
    return sum(taken for number, _, _, _, taken in holders(settings, batch_id) if number == chunk)


def listening(url: str) -> int:
    """How many workers procrastinate knows as alive (each registers itself when it starts)."""
    import psycopg

    with psycopg.connect(url) as db:
        [(count,)] = db.execute("SELECT count(*) FROM procrastinate_workers").fetchall()
    return int(count)


def holders(settings: Settings, batch_id: str) -> list[tuple[int, str, int, str, int]]:
    with open_batches(settings.database) as batches:
        return batches.chunk_holders(batch_id)


def finished(settings: Settings, batch_id: str) -> Batch:
    wait_for("the batch to finish", lambda: bool((batch := load_batch(settings, batch_id)) and batch.finished))
    batch = load_batch(settings, batch_id)
    assert batch is not None
    return batch


def assert_each_number_issued_once_with_its_files(settings: Settings, batch: Batch) -> list[Entry]:
    """Every row issued exactly once; every issued number has its file on disk, as the register recorded it;
    every number of the sequence is issued or voided with a reason: unique, and no gap unexplained."""
    with open_register(settings.database) as register:
        entries = register.entries(type_name="offer_letter")
    issued = [entry for entry in entries if entry.status == "issued"]
    assert sorted(batch.numbers) == sorted(entry.number for entry in issued) and len(batch.numbers) == ROWS
    assert len({entry.key for entry in issued}) == ROWS  # no row issued twice
    assert [entry.seq for entry in entries] == list(range(1, len(entries) + 1))  # unique, gapless
    assert all(entry.status == "void" and entry.reason for entry in entries if entry.status != "issued")
    for entry in issued:
        [stored] = entry.files
        assert Path(stored.path).parent == settings.web.files and sha256_of(Path(stored.path)) == stored.sha256
        text = "\n".join(paragraph.text for paragraph in Document(stored.path).paragraphs)
        assert entry.number in text
    return entries


def test_two_workers_on_postgresql_share_one_batch(pg_url: str, tmp_path: Path) -> None:
    settings = project(tmp_path, pg_url)
    batch = upload(settings)
    with workers(settings, 2) as running:
        wait_for("both workers to listen to the queue", lambda: listening(pg_url) == 2)
        assert start(settings, batch)
        done = finished(settings, batch.id)
    entries = assert_each_number_issued_once_with_its_files(settings, done)
    assert all(entry.status == "issued" for entry in entries)  # nobody died: nothing voided
    by_worker = {pid for _, _, pid, state, _ in holders(settings, batch.id) if state == "done"}
    assert by_worker == {process.pid for process in running}  # both took some of the chunks


def test_a_killed_worker_s_chunk_is_finished_by_the_other(register_url: str, tmp_path: Path) -> None:
    """PostgreSQL: its heartbeat stops, so the survivor queues its job again; SQLite: its process ended, so the
    survivor claims its chunk again. Either way the reservation it left is voided, saying why."""
    settings = project(tmp_path, register_url)
    batch = upload(settings)
    victim = worker(settings, DIES_ON_THIRD)
    try:
        assert start(settings, batch)
        assert victim.wait(WAIT) == -signal.SIGKILL
    finally:
        stopped([victim])
    [(chunk, _, pid, state, _)] = [holder for holder in holders(settings, batch.id) if holder[3] != "pending"]
    assert (pid, state) == (victim.pid, "claimed")  # it died holding its chunk, two documents into it
    with workers(settings, 1) as [survivor]:
        wait_for("the dead worker's chunk to be taken again", lambda: attempts(settings, batch.id, chunk) > 1, SOON)
        done = finished(settings, batch.id)
    entries = assert_each_number_issued_once_with_its_files(settings, done)
    [left] = [entry for entry in entries if entry.status != "issued"]  # the reservation the dead worker left
    assert left.seq == 3 and left.pid == victim.pid and left.reason and left.reason.startswith("abandoned:")
    assert "its chunk was taken again" in left.reason  # voided as the chunk was taken, not later by repair's clock
    assert len(entries) == ROWS + 1 and {entry.seq for entry in entries if entry.pid == victim.pid} == {1, 2, 3}
    assert {(pid, attempts) for number, _, pid, _, attempts in holders(settings, batch.id) if number == chunk} == {
        (survivor.pid, 2)
    }  # taken again; its first two rows kept the numbers the dead worker issued


def test_one_local_worker_issues_a_batch_on_sqlite(tmp_path: Path) -> None:
    """The worker `docgen serve` starts beside itself on a SQLite register, stopped with it."""
    settings = project(tmp_path, str(tmp_path / "register.sqlite"))
    batch = upload(settings, rows=12)
    with local_worker(settings) as running:
        assert running is not None
        assert start(settings, batch)
        done = finished(settings, batch.id)
    assert running.returncode is not None  # stopped with the server
    with open_register(settings.database) as register:
        issued = register.entries(type_name="offer_letter", status="issued")
    assert sorted(done.numbers) == sorted(entry.number for entry in issued) and len(issued) == 12
    assert [entry.seq for entry in issued] == list(range(1, 13))
    assert {pid for _, _, pid, _, _ in holders(settings, batch.id)} == {running.pid}
    with open_batches(settings.database) as batches:  # the candidates' data stays only in the documents issued
        assert batches.upload(batch.id) == b""
        assert {data for (data,) in batches._db.query("SELECT data FROM docgen_batch_rows")} == {"{}"}


def test_no_local_worker_is_started_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    with local_worker(project(tmp_path, pg_url)) as running:
        assert running is None  # `docgen worker` processes run beside the servers, on any host


def test_the_queue_s_tables_are_made_with_the_register_and_never_twice(pg_url: str) -> None:
    import psycopg
    from procrastinate.schema import SchemaManager

    with open_register(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as db:
        assert db.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone() == (True,)
        with pytest.raises((psycopg.errors.DuplicateObject, psycopg.errors.DuplicateTable)):
            db.execute(SchemaManager.get_schema().encode())  # procrastinate's script, applied twice, fails
    db = connect(parse_location(pg_url))
    try:
        _queue_tables(db)  # docgen applies it only where the queue's tables are missing: nothing happens
    finally:
        db.close()


def test_a_worker_voids_a_reservation_left_past_the_stated_time(tmp_path: Path) -> None:
    """The rule of `docgen register repair`, applied by every worker: reserved longer than [web] abandoned_minutes
    (default 60) is abandoned. The reservation's process is this test, alive: only the time counts."""
    settings = project(tmp_path, str(tmp_path / "register.sqlite"))
    request = Request(USCC, "公司", "offer_letter", 2026, "LY-{yyyy}-{seq:04}", "zh_CN", ("docx",), "{}", "left")
    with open_register(settings.database) as register:
        old = register.reserve(request)
        young = register.reserve(replace(request, key="recent"))
        past = settings.web.abandoned_minutes + 1
        register._db.change(  # reserved a minute longer ago than the stated time
            "UPDATE docgen_documents SET reserved_at = ? WHERE number = ?",
            ((datetime.fromisoformat(old.reserved_at) - timedelta(minutes=past)).isoformat(), old.number),
        )
    with workers(settings, 1):
        wait_for("the old reservation to be voided", lambda: status(settings, old.number) == "void", SOON)
    with open_register(settings.database) as register:
        assert (register.resolve(old.number).reason or "").startswith(f"abandoned: still reserved after {past} minutes")
        assert register.resolve(young.number).status == "reserved"  # not yet: another process may still issue it


def status(settings: Settings, number: str) -> str:
    with open_register(settings.database) as register:
        return register.resolve(number).status


def test_a_batch_is_started_once_however_often_the_button_is_pressed(tmp_path: Path) -> None:
    settings = project(tmp_path, str(tmp_path / "register.sqlite"))
    batch = upload(settings, rows=12)
    assert start(settings, batch) and not start(settings, batch)  # the second press (another server's) only shows
    assert [chunk for chunk, *_ in holders(settings, batch.id)] == [0, 1, 2]  # 12 rows in chunks of 5
