"""A batch's valid rows issued as jobs, one chunk each, by `docgen worker` processes on any host.

PostgreSQL: the jobs go through procrastinate's queue, kept in the register's own database (its tables are
created with docgen's, store/schema.py). Each worker sends procrastinate's heartbeat; every worker also looks,
every RECOVER_SECONDS, for jobs whose worker's heartbeat stopped (a killed process, a lost host) and queues them
again. SQLite: procrastinate has no SQLite connector, so one local worker takes pending chunks from
docgen_batch_chunks itself, in a write transaction, and holds each with a lease it renews after every document;
a chunk whose worker ended, or whose lease ran out, is taken again.

A chunk taken again issues nothing twice: each row is issued with a request key made from the batch and the row,
so a row its first worker issued is found (find_issued) and only its number noted again; the reservations the
first worker left are voided first, saying so. Reservations nobody takes again are voided by the rule of
`docgen register repair` once they are [web] abandoned_minutes old.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from itertools import count
from typing import TYPE_CHECKING

from ..batching import BatchOptions
from ..config import Settings
from ..errors import DocgenError
from ..i18n import error_text
from ..issuing import IssueRequest, iter_issue
from ..records import Record
from ..store import open_register
from ..store.acting import Actor, acting_as
from ..store.batches import Batch, Batches, Chunk, open_batches
from ..store.location import parse_location
from ..store.register import process_ended
from .batch_run import failure
from .storage import issued_folder

if TYPE_CHECKING:
    from procrastinate import App

QUEUE = "docgen_batches"
TASK = "docgen.issue_chunk"
LEASE_SECONDS = 120  # SQLite: a claimed chunk's lease, renewed after each document (a PDF takes seconds)
POLL_SECONDS = 0.5  # SQLite: how often an idle worker looks for a pending chunk
RECOVER_SECONDS = 5  # how often a worker looks for stalled jobs and abandoned reservations
HEARTBEAT_SECONDS = 2.0  # PostgreSQL: how often a worker tells procrastinate it is alive
STALLED_SECONDS = 30.0  # PostgreSQL: a worker silent this long is taken for dead, its jobs queued again

RETRIES, RETRY_SECONDS = 5, 10  # PostgreSQL: a chunk that failed as a whole, run again up to 5 times, 10 s apart

_log = logging.getLogger(__name__)


def row_key(batch_id: str, row: int) -> str:
    """The request key a batch's row is issued with: the same however often its chunk is run."""
    return hashlib.sha256(f"docgen batch {batch_id} row {row}".encode()).hexdigest()


def run_chunk(settings: Settings, chunk: Chunk, renew: Callable[[], None] = lambda: None) -> None:
    """Issue the chunk's rows as the batch's uploader, into the issued-files folder; note each number, each
    document done and, at the end, each row the run skipped and why."""
    with open_batches(settings.database) as batches:
        head = batches.head(chunk.batch_id)
        if head is None:
            return
        if chunk.attempts > 1:
            void_left_behind(settings, chunk)
        options = BatchOptions(keep_going=True, on_done=_counting(batches, chunk, renew))
        positions = count()
        request = IssueRequest(
            head.formats, issued_folder(settings), head.locale, False, settings, options,  # type: ignore[arg-type]
            lambda issued: batches.issued(chunk, issued.number, next(positions)),
            key_of=lambda record: row_key(chunk.batch_id, record.row or 0),
        )  # fmt: skip
        records = [Record(data, head.name, row) for row, data in batches.row_data(chunk)]
        error = ""
        try:
            with (
                acting_as(Actor(head.actor, head.origin)),
                closing(iter_issue(head.type_name, records, request)) as run,
            ):
                for _ in run:
                    pass
        except DocgenError as stopped:
            error = error_text(stopped, head.lang)
        batches.finish(chunk, [failure(problem, head.lang) for problem in options.failures], error)


def _counting(batches: Batches, chunk: Chunk, renew: Callable[[], None]) -> Callable[[], None]:
    """After each document: the chunk's count of documents done, and its lease renewed (SQLite)."""

    def done() -> None:
        batches.one_done(chunk)
        renew()

    return done


def void_left_behind(settings: Settings, chunk: Chunk) -> None:
    """The reservations an earlier attempt at the chunk left (its worker died between reserving and issuing),
    voided with the reason, as `docgen register repair` voids an abandoned reservation."""
    keys = {row_key(chunk.batch_id, row) for row in chunk.rows}
    reason = (
        "abandoned: the worker issuing its batch stopped before the document was issued (its chunk was taken again)"
    )
    with open_register(settings.database) as register:
        for entry in register.entries(status="reserved"):
            if entry.key in keys:
                register.void_if_reserved(entry, reason)


def repair_abandoned(settings: Settings) -> None:
    """`docgen register repair`'s rule of time, run by every worker: reservations older than [web]
    abandoned_minutes are voided. Not its rule of ended processes: a dead worker's reservations are voided when
    its chunk is taken again (void_left_behind), and a `docgen issue` that crashed is left to `register repair`."""
    with open_register(settings.database) as register:
        register.repair(timedelta(minutes=settings.web.abandoned_minutes), ended=False)


def _ended(host: str, pid: int) -> bool:
    return host == socket.gethostname() and pid > 0 and process_ended(pid)


# ---------------------------------------------------------------- queueing


def start(settings: Settings, batch: Batch) -> bool:
    """Split the valid rows into chunks of [web] batch_chunk_rows and queue a job for each; once only, however
    often the button is pressed at the same time (the database decides). Whether this call started it."""
    size = settings.web.batch_chunk_rows
    rows = batch.valid_rows
    chunks = [rows[at : at + size] for at in range(0, len(rows), size)]
    with open_batches(settings.database) as batches:
        if not batches.start(batch.id, chunks):
            return False
    enqueue(settings, batch.id, len(chunks))
    return True


def uses_queue(settings: Settings) -> bool:
    """Whether the register is PostgreSQL, whose jobs go through procrastinate's queue."""
    return parse_location(settings.database).kind == "postgresql"


def enqueue(settings: Settings, batch_id: str, chunks: int) -> None:
    """A job for each chunk: on PostgreSQL deferred to procrastinate's queue; on SQLite the chunks' rows, pending,
    are the queue already."""
    if not uses_queue(settings):
        return
    app = procrastinate_app(settings)
    with app.open():
        task = app.tasks[TASK]
        for chunk in range(chunks):
            task.defer(batch_id=batch_id, chunk=chunk)


def procrastinate_app(settings: Settings) -> App:
    """procrastinate on the register's database (psycopg 3), with the one task: issue a chunk."""
    from procrastinate import App, PsycopgConnector, RetryStrategy

    app = App(connector=PsycopgConnector(conninfo=parse_location(settings.database).target))

    # A chunk that failed as a whole (the database went away midway) runs again a little later: its rows'
    # keys make that safe, as for a chunk whose worker died.
    @app.task(name=TASK, queue=QUEUE, retry=RetryStrategy(max_attempts=RETRIES, wait=RETRY_SECONDS))
    def issue_chunk(batch_id: str, chunk: int) -> None:
        with open_batches(settings.database) as batches:
            taken = batches.taken(batch_id, chunk)
        run_chunk(settings, taken)

    return app


# ---------------------------------------------------------------- the worker


def work(settings: Settings, stop: threading.Event, stalled_seconds: float = STALLED_SECONDS) -> None:
    """Take jobs until stop is set (or the process is stopped): from procrastinate's queue on PostgreSQL, from
    the chunks table on SQLite."""
    if uses_queue(settings):
        asyncio.run(_work_on_queue(settings, stop, stalled_seconds))
    else:
        _work_on_sqlite(settings, stop)


async def _work_on_queue(settings: Settings, stop: threading.Event, stalled_seconds: float) -> None:
    app = procrastinate_app(settings)
    async with app.open_async():
        worker = asyncio.create_task(app.run_worker_async(
            queues=[QUEUE], concurrency=1, update_heartbeat_interval=HEARTBEAT_SECONDS,
            stalled_worker_timeout=stalled_seconds, install_signal_handlers=False,
        ))  # fmt: skip
        try:
            while not stop.is_set() and not worker.done():
                await _recover(app, settings, stalled_seconds)
                await asyncio.sleep(RECOVER_SECONDS)
        finally:
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker


async def _recover(app: App, settings: Settings, stalled_seconds: float) -> None:
    """Jobs of workers whose heartbeat stopped queued again; abandoned reservations voided."""
    for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_seconds):
        _log.warning("docgen worker: job %s of a stalled worker queued again", job.id)
        await app.job_manager.retry_job(job)
    await asyncio.to_thread(repair_abandoned, settings)


def _work_on_sqlite(settings: Settings, stop: threading.Event) -> None:
    repaired = 0.0
    while not stop.is_set():
        if time.monotonic() - repaired > RECOVER_SECONDS:
            repair_abandoned(settings)
            repaired = time.monotonic()
        with open_batches(settings.database) as batches:
            chunk = batches.claim(LEASE_SECONDS, _ended)
        if chunk is None:
            stop.wait(POLL_SECONDS)
            continue
        try:
            run_chunk(settings, chunk, _renewer(settings, chunk))
        except Exception:  # the worker goes on; the chunk, still claimed by it, is taken again when its lease ends
            _log.exception("docgen worker: chunk %s of batch %s failed", chunk.chunk, chunk.batch_id)


def _renewer(settings: Settings, chunk: Chunk) -> Callable[[], None]:
    def renew() -> None:
        with open_batches(settings.database) as batches:
            batches.renew(chunk, LEASE_SECONDS)

    return renew


def worker_command(settings: Settings) -> list[str]:
    """`docgen worker` with the project file, templates and register of these settings."""
    given = ["--config", str(settings.source)] if settings.source else []
    command = [sys.executable, "-m", "docgen", *given, "worker"]
    command += ["--templates", str(settings.templates)] if settings.templates else []
    return command + (["--db", settings.database] if settings.database else [])


@contextmanager
def local_worker(settings: Settings) -> Iterator[subprocess.Popen[bytes] | None]:
    """On a SQLite register, the one `docgen worker` that issues the batches, as a child process stopped with the
    server; on PostgreSQL nothing: the `docgen worker` processes are run beside the servers (README)."""
    if uses_queue(settings):
        yield None
        return
    child = subprocess.Popen(worker_command(settings))
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=LEASE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
