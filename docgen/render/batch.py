"""Rendering many documents in worker processes, each keeping its own caches; results come in input order.

Each worker is a separate process with its own prepared templates, Jinja
environment and fonts (see pipeline.render_document), so after its first
document it renders at full speed. Documents go to the workers in small chunks,
and only a few chunks per worker are in flight at a time, so a long batch never
holds more than a few chunks of output in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice, repeat
from typing import Any, NamedTuple

from ..config import Settings
from ..documents.common import DocumentModel

CHUNK_SIZES = {"docx": 16, "html": 16, "pdf": 2}  # documents per task: fast formats need fewer round trips
IN_FLIGHT_PER_WORKER = 3

_job: dict[str, Any] = {}  # in a worker: the settings, format and locale of its batch


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class WorkerStats(NamedTuple):
    """What one worker process has used so far."""

    peak_rss: int  # bytes
    cpu_seconds: float


def _stats() -> WorkerStats:
    return WorkerStats(peak_rss(), time.process_time())


def peak_rss() -> int:
    """This process's peak resident memory in bytes (0 where the system does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _render(document: DocumentModel, number: str | None, settings: Settings, fmt: str, locale: str) -> bytes:
    from ..pipeline import render_document

    return render_document(document, settings, fmt=fmt, locale=locale, number=number)


def _start_worker(settings: Settings, fmt: str, locale: str) -> None:
    _job.update(settings=settings, fmt=fmt, locale=locale)


def _render_chunk(chunk: list[tuple[DocumentModel, str | None]]) -> tuple[int, WorkerStats, list[bytes]]:
    results = [_render(document, number, _job["settings"], _job["fmt"], _job["locale"]) for document, number in chunk]
    return os.getpid(), _stats(), results


def _chunks(items: Iterable[tuple[DocumentModel, str | None]], size: int) -> Iterator[list[tuple[Any, Any]]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _context() -> Any:
    """forkserver where there is one, else spawn: workers start clean even if this process runs threads,
    and import docgen afresh from this process's sys.path."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def render_many(
    documents: Iterable[DocumentModel],
    settings: Settings,
    *,
    fmt: str,
    locale: str,
    jobs: int | None = None,
    numbers: Sequence[str | None] | None = None,
    worker_stats: dict[int, WorkerStats] | None = None,
) -> Iterator[bytes]:
    """Each document rendered (as pipeline.render_document), in input order, by `jobs` processes.

    numbers: one per document (None for a draft), or None for all drafts.
    worker_stats: if given, kept up to date with each worker's process id → its peak memory and CPU time.
    jobs 1 renders in this process.
    """
    jobs = jobs or default_jobs()
    items = zip(documents, numbers if numbers is not None else repeat(None), strict=numbers is not None)
    if jobs == 1:
        for document, number in items:
            yield _render(document, number, settings, fmt, locale)
        if worker_stats is not None:
            worker_stats[os.getpid()] = _stats()
        return
    yield from _render_in_workers(items, settings, fmt, locale, jobs, worker_stats)


def _render_in_workers(
    items: Iterable[tuple[DocumentModel, str | None]],
    settings: Settings,
    fmt: str,
    locale: str,
    jobs: int,
    worker_stats: dict[int, WorkerStats] | None,
) -> Iterator[bytes]:
    pool = ProcessPoolExecutor(jobs, _context(), initializer=_start_worker, initargs=(settings, fmt, locale))
    pending: deque[Future[tuple[int, WorkerStats, list[bytes]]]] = deque()
    try:
        for chunk in _chunks(items, CHUNK_SIZES.get(fmt, 1)):
            pending.append(pool.submit(_render_chunk, chunk))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from _collect(pending.popleft(), worker_stats)
        while pending:
            yield from _collect(pending.popleft(), worker_stats)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    future: Future[tuple[int, WorkerStats, list[bytes]]], worker_stats: dict[int, WorkerStats] | None
) -> list[bytes]:
    pid, stats, results = future.result()
    if worker_stats is not None and stats.cpu_seconds >= worker_stats.get(pid, stats).cpu_seconds:
        worker_stats[pid] = stats  # chunks may finish out of order: keep the latest
    return results
