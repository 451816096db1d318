"""Many records at once: validation of each, file names, parallel rendering in input order.

Rendering runs in worker processes; everything that must happen in order
(taking numbers, writing the register) stays in the calling process, so the
order of the input is the order of the numbers whatever the number of jobs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pathvalidate import sanitize_filename

from .config import Settings
from .documents.common import DocumentModel
from .errors import DocgenError, InvalidData, OutputError, Problem, TemplateFailure, UsageError
from .inputs import Record
from .pipeline import render_document, validate_records
from .render.output import write_atomically

T = TypeVar("T")
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
MAX_NAME_BYTES = 255
_FIELD = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def output_folder(folder: str | Path) -> Path:
    """The output folder, absolute, created when missing."""
    path = Path(folder).absolute()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path}: cannot create the output folder: {error.strerror}") from None
    return path


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class Valid:
    record: Record
    document: DocumentModel


def validate_each(type_name: str, records: list[Record], settings: Settings) -> tuple[list[Valid], list[Problem]]:
    """Every record validated on its own: the valid ones, and every problem of the others."""
    valid, problems = [], []
    for record in records:
        try:
            [document] = validate_records(type_name, [record], settings)
        except InvalidData as error:
            problems += error.problems
            continue
        valid.append(Valid(record, document))
    return valid, problems


# ---------------------------------------------------------------- names


def _lookup(data: dict[str, Any], path: str) -> str:
    value: Any = data
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise UsageError(f"--name: {{{path}}} names no field of the document")
    return "" if value is None else str(value)


def _fit(stem: str, suffix: str) -> str:
    """Cut the stem so that stem + suffix fits in 255 bytes of UTF-8, never splitting a character."""
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")[:room]
    return encoded.decode("utf-8", errors="ignore") + suffix


class FileNamer:
    """File names from a pattern such as "{number}-{candidate.name}", cleaned to stay inside the folder."""

    def __init__(self, pattern: str, folder: Path) -> None:
        self.pattern = pattern
        self.folder = folder

    def stem(self, document: DocumentModel, record: Record, number: str | None) -> str:
        data = document.model_dump(mode="json")
        values = {"number": number or "", "row": str(record.row or 1), "type": document.type_name}

        def field(match: re.Match[str]) -> str:
            key = match.group(1)
            return values[key] if key in values else _lookup(data, key)

        name = sanitize_filename(_FIELD.sub(field, self.pattern), platform="universal", replacement_text="_")
        name = name.strip(" .")
        if not name:
            raise OutputError(f"--name {self.pattern!r} gives an empty file name for row {record.row or 1}")
        return name

    def path(self, stem: str, fmt: str) -> Path:
        path = self.folder / _fit(stem, f".{fmt}")
        if path.parent != self.folder:
            raise OutputError(f"{path.name}: a file name must not leave {self.folder}")
        return path


def check_unique(names: Iterable[tuple[Record, str]]) -> None:
    """Two records that would write the same file are an error before anything is written."""
    seen: dict[str, Record] = {}
    problems = []
    for record, name in names:
        key = name.casefold()  # the same file on case-insensitive file systems
        if key in seen:
            first = seen[key]
            problems.append(record.problem("", f"file name {name!r} is also produced by row {first.row or 1}"))
        seen.setdefault(key, record)
    if problems:
        raise InvalidData(problems)


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class RenderJob:
    document: DocumentModel
    settings: Settings
    formats: tuple[str, ...]
    locale: str
    number: str | None


def render_formats(job: RenderJob) -> dict[str, bytes] | str:
    """Every format of one document; a DocgenError comes back as its message (exceptions may not pickle)."""
    if not job.formats:
        return {}
    try:
        return {
            fmt: render_document(job.document, job.settings, fmt=fmt, locale=job.locale, number=job.number)
            for fmt in job.formats
        }
    except DocgenError as error:
        return error.message


def _die_with_parent() -> None:
    """Linux: a worker is killed when the process that started it dies, so no worker outlives a crash."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def in_order(
    items: Sequence[T], prepare: Callable[[T], RenderJob], jobs: int
) -> Iterator[tuple[T, RenderJob, dict[str, bytes] | str]]:
    """Prepare each item in order here, render it in a worker, and yield results in input order."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            job = prepare(item)
            yield item, job, render_formats(job)
        return
    window = 2 * jobs  # enough to keep every worker busy, few enough to bound memory
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_die_with_parent) as pool:
        pending: deque[tuple[T, RenderJob, Future[dict[str, bytes] | str]]] = deque()
        for item in items:
            job = prepare(item)
            if not job.formats and not pending:  # nothing to render, nothing ahead of it: no worker needed
                yield item, job, {}
                continue
            pending.append((item, job, pool.submit(render_formats, job)))
            if len(pending) >= window:
                done = pending.popleft()
                yield done[0], done[1], done[2].result()
        while pending:
            done = pending.popleft()
            yield done[0], done[1], done[2].result()


# ---------------------------------------------------------------- drafts to a folder


@dataclass
class BatchOptions:
    """How a batch runs: workers, file names, bad records, where sheets come from, progress."""

    jobs: int = 1
    name: str | None = None  # e.g. "{number}-{candidate.name}"
    keep_going: bool = False  # do the good records, report the bad ones
    sheet: str | None = None
    group_by: str | None = None
    force: bool = False
    on_start: Callable[[int], None] | None = None  # told how many documents the batch will make
    on_done: Callable[[], None] | None = None  # told after each document
    failures: list[Problem] = field(default_factory=list)  # what was skipped when keep_going

    def started(self, count: int) -> None:
        if self.on_start:
            self.on_start(count)

    def done(self) -> None:
        if self.on_done:
            self.on_done()


def validated(type_name: str, records: list[Record], settings: Settings, options: BatchOptions) -> list[Valid]:
    """Every record validated first: stop on any problem, or with keep_going set the bad ones aside."""
    if not options.keep_going:
        documents = validate_records(type_name, records, settings)
        return [Valid(record, document) for record, document in zip(records, documents, strict=True)]
    valid, problems = validate_each(type_name, records, settings)
    options.failures.extend(problems)
    return valid


def render_to_folder(
    type_name: str,
    records: list[Record],
    *,
    fmt: str,
    locale: str,
    folder: Path,
    settings: Settings,
    options: BatchOptions,
) -> list[Path]:
    """Drafts of every record in folder, named by options.name (default "<type>-<row>"), in input order."""
    valid = validated(type_name, records, settings, options)
    namer = FileNamer(options.name or "{type}-{row}", folder)
    paths = [namer.path(namer.stem(item.document, item.record, None), fmt) for item in valid]
    check_unique((item.record, path.name) for item, path in zip(valid, paths, strict=True))
    _refuse_existing(paths, options.force)
    target = dict(zip((id(item) for item in valid), paths, strict=True))
    options.started(len(valid))
    written = []

    def prepare(item: Valid) -> RenderJob:
        return RenderJob(item.document, settings, (fmt,), locale, None)

    for item, _, result in in_order(valid, prepare, options.jobs):
        if isinstance(result, str):
            if not options.keep_going:
                raise TemplateFailure(f"{item.record.source}:row {item.record.row or 1}: {result}")
            options.failures.append(item.record.problem("", result))
        else:
            written.append(write_atomically(target[id(item)], result[fmt], force=options.force))
        options.done()
    return written


def _refuse_existing(paths: list[Path], force: bool) -> None:
    existing = [path for path in paths if path.exists()]
    if existing and not force:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise OutputError(f"{existing[0]}{more}: file exists; use --force to replace")
