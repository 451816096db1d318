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
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice, repeat
from typing import Any

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


def _render_chunk(chunk: list[tuple[DocumentModel, str | None]]) -> tuple[int, int, list[bytes]]:
    results = [_render(document, number, _job["settings"], _job["fmt"], _job["locale"]) for document, number in chunk]
    return os.getpid(), peak_rss(), results


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
    worker_peak_rss: dict[int, int] | None = None,
) -> Iterator[bytes]:
    """Each document rendered (as pipeline.render_document), in input order, by `jobs` processes.

    numbers: one per document (None for a draft), or None for all drafts.
    worker_peak_rss: if given, filled with each worker's process id → peak resident memory in bytes.
    jobs 1 renders in this process.
    """
    jobs = jobs or default_jobs()
    items = zip(documents, numbers if numbers is not None else repeat(None), strict=numbers is not None)
    if jobs == 1:
        for document, number in items:
            yield _render(document, number, settings, fmt, locale)
        if worker_peak_rss is not None:
            worker_peak_rss[os.getpid()] = peak_rss()
        return
    yield from _render_in_workers(items, settings, fmt, locale, jobs, worker_peak_rss)


def _render_in_workers(
    items: Iterable[tuple[DocumentModel, str | None]],
    settings: Settings,
    fmt: str,
    locale: str,
    jobs: int,
    worker_peak_rss: dict[int, int] | None,
) -> Iterator[bytes]:
    pool = ProcessPoolExecutor(jobs, _context(), initializer=_start_worker, initargs=(settings, fmt, locale))
    pending: deque[Future[tuple[int, int, list[bytes]]]] = deque()
    try:
        for chunk in _chunks(items, CHUNK_SIZES.get(fmt, 1)):
            pending.append(pool.submit(_render_chunk, chunk))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from _collect(pending.popleft(), worker_peak_rss)
        while pending:
            yield from _collect(pending.popleft(), worker_peak_rss)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(future: Future[tuple[int, int, list[bytes]]], worker_peak_rss: dict[int, int] | None) -> list[bytes]:
    pid, peak, results = future.result()
    if worker_peak_rss is not None:
        worker_peak_rss[pid] = max(peak, worker_peak_rss.get(pid, 0))
    return results
