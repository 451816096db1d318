"""The worker pool: many documents rendered in worker processes, each keeping its own caches, in input order.

One pool serves `docgen render --output-dir`, `docgen issue` and the benchmark.
The pool knows how to run work, not what the work is: the flow hands it a
Work, a picklable callable (a module-level function, or a functools.partial of
one) that renders one document in every format of the batch. Each worker
receives it once, when it starts, and keeps its own prepared templates, Jinja
environment and fonts, so after its first document it renders at full speed.
Documents go to the workers in small chunks, and only a few chunks per worker
are in flight at a time, so a long batch never holds more than a few chunks of
output in memory.

Whatever must happen in input order (taking a number) happens in this process,
in `prepare`, just before the document's chunk is sent: so numbers follow the
input whatever the number of jobs, and when the consumer stops early only the
documents of the chunks in flight have been prepared.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import math
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from itertools import islice
from typing import Any, Generic, NamedTuple, TypeVar

from ..documents.base import DocumentModel
from ..errors import DocgenError, Wording
from . import Format

T = TypeVar("T")

CHUNK_SIZES = {"docx": 16, "html": 16, "pdf": 2}  # documents per task: fast formats need fewer round trips
IN_FLIGHT_PER_WORKER = 3
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>

Outcome = dict[str, bytes] | Wording  # the bytes of each format, or why the document failed
# One document (and its number, None for a draft) to the bytes of each format; picklable, for the workers.
Work = Callable[[DocumentModel, str | None], dict[str, bytes]]


class Piece(NamedTuple):
    """What to render for one item: its document, its number (None for a draft), or nothing at all."""

    document: DocumentModel
    number: str | None = None
    render: bool = True  # False: nothing to render (issued before); the outcome is {}


class Rendered(NamedTuple, Generic[T]):
    """One item, as prepared, and its outcome."""

    item: T
    piece: Piece
    outcome: Outcome


class WorkerStats(NamedTuple):
    """What one worker process has used so far."""

    peak_rss: int  # bytes
    cpu_seconds: float


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def peak_rss() -> int:
    """This process's peak resident memory in bytes (0 where the system does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _stats() -> WorkerStats:
    return WorkerStats(peak_rss(), time.process_time())


def chunk_size(formats: Sequence[Format]) -> int:
    """Documents per task, set by the slowest of the formats."""
    return min((CHUNK_SIZES.get(fmt, 1) for fmt in formats), default=1)


def automatic_jobs(count: int, formats: Sequence[Format]) -> int:
    """The cores, or one process for a batch that fits in one chunk per core.

    Starting workers takes a second or two (each imports docgen afresh); a batch
    that small renders sooner in this process.
    """
    cores = default_jobs()
    return 1 if count <= cores * chunk_size(formats) else cores


def most_prepared(jobs: int, formats: Sequence[Format]) -> int:
    """The most items prepared but not yet yielded at any time, with jobs > 1."""
    return jobs * IN_FLIGHT_PER_WORKER * chunk_size(formats)


# ---------------------------------------------------------------- one document


def _outcome(work: Work, document: DocumentModel, number: str | None) -> Outcome:
    """The work's result; a DocgenError comes back as its wording (to translate it there), for this document only."""
    try:
        return work(document, number)
    except DocgenError as error:
        return error.said


# ---------------------------------------------------------------- in a worker

_worker: dict[str, Work] = {}


def _start_worker(work: Work, parent: int) -> None:
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _worker["work"] = work


def _die_with(parent: int) -> None:
    """The worker ends when the process running the batch ends, even killed, so no worker outlives a crash.

    A worker's own parent is the fork server, which stays alive as long as any worker
    does: so besides PR_SET_PDEATHSIG (for the fork server's or a spawning parent's
    death), a thread waits for the batch's process itself to end.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if sys.platform != "win32":
        threading.Thread(target=_end_after, args=(parent,), name="docgen-watch-parent", daemon=True).start()


def _end_after(parent: int) -> None:
    try:
        handle = os.pidfd_open(parent)  # Linux 5.3+: readable once the process has ended
    except ProcessLookupError:
        pass  # already ended
    except (AttributeError, OSError):
        while _running(parent):
            time.sleep(1)
    else:
        select.select([handle], [], [])
    os.kill(os.getpid(), signal.SIGKILL)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process has the number now: ours has ended
        return False
    return True


def _render_chunk(pieces: list[tuple[DocumentModel, str | None]]) -> tuple[int, WorkerStats, list[Outcome]]:
    work = _worker["work"]
    outcomes = [_outcome(work, document, number) for document, number in pieces]
    return os.getpid(), _stats(), outcomes


# ---------------------------------------------------------------- in this process


class _Chunk(Generic[T]):
    """Prepared items in input order, and the future of those that need rendering (None if none do)."""

    def __init__(self, prepared: list[tuple[T, Piece]]) -> None:
        self.prepared = prepared
        self.future: Future[tuple[int, WorkerStats, list[Outcome]]] | None = None

    def submit(self, pool: ProcessPoolExecutor) -> None:
        pieces = [(piece.document, piece.number) for _, piece in self.prepared if piece.render]
        if pieces:
            self.future = pool.submit(_render_chunk, pieces)

    def ready(self) -> bool:
        return self.future is None or self.future.done()

    def results(self, worker_stats: dict[int, WorkerStats] | None) -> Iterator[Rendered[T]]:
        outcomes: Iterator[Outcome] = iter(())
        if self.future is not None:
            pid, stats, rendered = self.future.result()
            if worker_stats is not None and stats.cpu_seconds >= worker_stats.get(pid, stats).cpu_seconds:
                worker_stats[pid] = stats  # chunks may finish out of order: keep the latest
            outcomes = iter(rendered)
        for item, piece in self.prepared:
            yield Rendered(item, piece, next(outcomes) if piece.render else {})


def render_in_order(
    items: Iterable[T],
    prepare: Callable[[T], Piece],
    work: Work,
    *,
    formats: Sequence[Format],
    jobs: int | None = None,
    worker_stats: dict[int, WorkerStats] | None = None,
    workers: Workers | None = None,
) -> Generator[Rendered[T], None, None]:
    """Each item prepared here in input order, rendered by work in `jobs` processes, yielded in input order.

    prepare(item) runs just before the item's chunk goes to a worker, never
    more than most_prepared(jobs, formats) items ahead of what was yielded.
    A document that fails has its message as outcome; the others of its chunk
    are not affected. Stopping early (closing the generator, an exception in
    the consumer) cancels the chunks not yet started and stops the workers.
    worker_stats: if given, kept up to date with each worker's process id → its peak memory and CPU time.
    formats: what work renders, which sets the documents per task. jobs 1 renders in this process.
    workers: the pool started ahead (start_workers) for this work, used instead of starting one here;
    its caller closes it.
    """
    jobs = workers.jobs if workers is not None else jobs or default_jobs()
    size = chunk_size(formats)
    if isinstance(items, Sized):
        if len(items) <= 1:
            jobs = 1  # a worker would only add its start-up
        size = max(1, min(size, math.ceil(len(items) / jobs)))  # every worker gets a share of a short batch
    if jobs == 1:
        yield from _in_this_process(items, prepare, work, worker_stats)
    elif workers is not None:
        yield from _in_workers(items, prepare, workers.pool, jobs, size, worker_stats)
    else:
        with closing(Workers(work, formats, jobs)) as started:
            yield from _in_workers(items, prepare, started.pool, jobs, size, worker_stats)


def _in_this_process(
    items: Iterable[T], prepare: Callable[[T], Piece], work: Work, worker_stats: dict[int, WorkerStats] | None
) -> Iterator[Rendered[T]]:
    for item in items:
        piece = prepare(item)
        yield Rendered(item, piece, _outcome(work, piece.document, piece.number) if piece.render else {})
    if worker_stats is not None:
        worker_stats[os.getpid()] = _stats()


def _in_workers(
    items: Iterable[T],
    prepare: Callable[[T], Piece],
    pool: ProcessPoolExecutor,
    jobs: int,
    size: int,
    worker_stats: dict[int, WorkerStats] | None,
) -> Iterator[Rendered[T]]:
    pending: deque[_Chunk[T]] = deque()
    source = iter(items)
    try:
        while True:
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().results(worker_stats)
            chunk = _Chunk([(item, prepare(item)) for item in islice(source, size)])
            if not chunk.prepared:
                break
            chunk.submit(pool)
            pending.append(chunk)
            while pending and pending[0].ready():  # hand over what is done at once: fewer items wait prepared
                yield from pending.popleft().results(worker_stats)
        while pending:
            yield from pending.popleft().results(worker_stats)
    finally:
        for chunk in pending:  # stopped early: the chunks not started are dropped
            if chunk.future is not None:
                chunk.future.cancel()


# ---------------------------------------------------------------- starting the workers


class Workers:
    """Worker processes for one batch, started at once, in the background.

    A thread asks for every worker at creation, so that they import docgen and
    start while this process goes on (validating the batch); the first chunk
    then finds them ready. close() stops them.
    """

    def __init__(self, work: Work, formats: Sequence[Format], jobs: int) -> None:
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(
            jobs, _context(formats, work), initializer=_start_worker, initargs=(work, os.getpid())
        )
        self._starting = threading.Thread(target=self._start, name="docgen-start-workers", daemon=True)
        self._starting.start()

    def _start(self) -> None:
        with contextlib.suppress(RuntimeError):  # closed before they were all asked for
            for _ in range(self.jobs):
                self.pool.submit(_ready)  # each submit starts one more worker while none is idle

    def close(self) -> None:
        self._starting.join()
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def start_workers(work: Work, formats: Sequence[Format], jobs: int) -> Iterator[Workers | None]:
    """Workers for a batch started now, to be passed to render_in_order; None for jobs 1 (this process renders)."""
    if jobs <= 1:
        yield None
        return
    with closing(Workers(work, formats, jobs)) as workers:
        yield workers


def _ready() -> None:
    """Nothing: a task that makes the pool start a worker."""


# What a worker needs for each format, imported once by the fork server before it forks the workers
# (for PDF, also one page laid out, so the fonts are open too).
_PRELOAD = {"docx": "docgen.render.docx", "pdf": "docgen.render.pdf_warm"}


def _context(formats: Sequence[Format] = (), work: Work | None = None) -> Any:
    """forkserver where there is one, else spawn: workers start clean even if this process runs threads
    (a progress bar, a database driver), and import docgen afresh from this process's sys.path.

    The fork server imports docgen's rendering modules and the work's own module once, before it forks
    any worker; the workers then start with them loaded instead of each importing them again. (Only the first batch of a
    process sets this: the fork server lives as long as the process.)
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    preload = [__name__, *_modules_of(work), *(_PRELOAD[fmt] for fmt in formats if fmt in _PRELOAD)]
    context.set_forkserver_preload(preload)
    return context


def _modules_of(work: Work | None) -> list[str]:
    """The module that defines the work (through a functools.partial too), for the fork server to import."""
    function = getattr(work, "func", work)
    module = getattr(function, "__module__", None)
    return [module] if isinstance(module, str) and module != "__main__" else []
