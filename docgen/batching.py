"""Many records at once: validation of each, file names, parallel rendering in input order.

Rendering runs in worker processes; everything that must happen in order
(taking numbers, writing the register) stays in the calling process, so the
order of the input is the order of the numbers whatever the number of jobs.
"""

from __future__ import annotations

import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, Generic, TypeVar

from pathvalidate import sanitize_filename

from .config import Settings
from .documents.base import DocumentModel
from .errors import InvalidData, OutputError, Problem, TemplateFailure, UsageError, Wording
from .files import write_atomically
from .locale import Locale
from .pipeline import rendering, validate_records
from .records import Record
from .render import Format
from .render.pool import Piece, Workers, automatic_jobs, chunk_size, default_jobs, render_in_order, start_workers
from .render.templates import build_ahead

T = TypeVar("T")
MAX_NAME_BYTES = 255
_FIELD = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")


def output_folder(folder: str | Path) -> Path:
    """The output folder, absolute, created when missing."""
    path = Path(folder).absolute()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            "{path}: cannot create the output folder: {reason}", path=path, reason=error.strerror or error
        ) from None
    return path


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class Valid:
    record: Record
    document: DocumentModel
    path: Path | None = None  # the draft's file, when it is named before rendering


class Spill(Generic[T]):
    """Items kept in a temporary file between the two passes of a batch, so memory stays flat at any size.

    The file is unnamed (removed as soon as it is opened), so nothing else can
    read it or swap its contents; the items are pickled, as they are to reach the
    workers anyway, so the second pass does not validate every record again.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="docgen-batch-")  # noqa: SIM115 - closed by close()
        self._count = 0

    def add(self, item: T) -> None:
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[T]:
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)  # our own unnamed file, written above: nothing else wrote to it

    def close(self) -> None:
        self._file.close()


def spilled(items: Iterable[T]) -> Spill[T]:
    """The items in a Spill; the file is closed again if taking them fails."""
    spill: Spill[T] = Spill()
    try:
        for item in items:
            spill.add(item)
    except BaseException:
        spill.close()
        raise
    return spill


def validate_each(type_name: str, records: Iterable[Record], settings: Settings) -> Iterator[Valid | list[Problem]]:
    """Every record validated on its own, in order: its Valid, or its problems."""
    for record in records:
        try:
            [document] = validate_records(type_name, [record], settings)
        except InvalidData as error:
            yield error.problems
            continue
        yield Valid(record, document)


# ---------------------------------------------------------------- names


def _lookup(data: dict[str, Any], path: str) -> str:
    value: Any = data
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise UsageError("--name: {{{path}}} names no field of the document", path=path)
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
            raise OutputError(
                "--name {pattern!r} gives an empty file name for row {row}", pattern=self.pattern, row=record.row or 1
            )
        return name

    def path(self, stem: str, fmt: str) -> Path:
        path = self.folder / _fit(stem, f".{fmt}")
        if path.parent != self.folder:
            raise OutputError("{name}: a file name must not leave {folder}", name=path.name, folder=self.folder)
        return path


class UniqueNames:
    """File names as records are validated, each with the row that first gave it: a name and a
    number per record, not the record, so that a batch of any size stays small."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.problems: list[Problem] = []

    def add(self, record: Record, name: str) -> None:
        row = record.row or 1
        first = self.first.setdefault(name.casefold(), row)  # the same file on case-insensitive file systems
        if first != row:
            self.problems.append(
                record.problem("", "file name {name!r} is also produced by row {first}", name=name, first=first)
            )

    def check(self) -> None:
        if self.problems:
            raise InvalidData(self.problems)


# ---------------------------------------------------------------- drafts to a folder


@dataclass
class BatchOptions:
    """How a batch runs: workers, file names, bad records, where sheets come from, progress."""

    jobs: int | None = 1  # None: as many as help (render.pool.automatic_jobs)
    name: str | None = None  # e.g. "{number}-{candidate.name}"
    keep_going: bool = False  # do the good records, report the bad ones
    sheet: str | None = None
    group_by: str | None = None
    force: bool = False
    on_start: Callable[[int], None] | None = None  # told how many documents the batch will make
    on_done: Callable[[], None] | None = None  # told after each document
    failures: list[Problem] = field(default_factory=list)  # what was skipped when keep_going

    def jobs_for(self, records: Iterable[Record], formats: Sequence[Format]) -> tuple[int, Iterator[Record]]:
        """How many workers the batch needs, and its records, all still to come.

        Without --jobs it reads just enough records to know whether the batch fits in this process
        (render.pool.automatic_jobs): not the whole file, which may be read only once.
        """
        if self.jobs:
            return self.jobs, iter(records)
        iterator = iter(records)
        head = list(islice(iterator, default_jobs() * chunk_size(formats) + 1))
        return automatic_jobs(len(head), formats), chain(head, iterator)

    def started(self, count: int) -> None:
        if self.on_start:
            self.on_start(count)

    def done(self) -> None:
        if self.on_done:
            self.on_done()


def validated(
    type_name: str,
    records: Iterable[Record],
    settings: Settings,
    options: BatchOptions,
    name: Callable[[Valid], Path | None] = lambda item: None,
) -> Spill[Valid]:
    """Every record validated first, one at a time into a Spill: stop on any problem, or with keep_going
    set the bad ones aside. name(item) gives a draft its file as it is validated."""
    spill: Spill[Valid] = Spill()
    problems: list[Problem] = []
    try:
        for outcome in validate_each(type_name, records, settings):
            if isinstance(outcome, list):
                problems += outcome
            elif not problems or options.keep_going:  # after a problem, only the other problems matter
                spill.add(Valid(outcome.record, outcome.document, name(outcome)))
        if problems and not options.keep_going:
            raise InvalidData(problems)
    except BaseException:
        spill.close()
        raise
    options.failures.extend(problems)
    return spill


def render_to_folder(
    type_name: str,
    records: Iterable[Record],
    *,
    fmt: Format,
    locale: Locale,
    folder: Path,
    settings: Settings,
    options: BatchOptions,
) -> list[Path]:
    """Drafts of every record in folder, named by options.name (default "<type>-<row>"), in input order."""
    namer = FileNamer(options.name or "{type}-{row}", folder)
    names = _UniqueNames()
    jobs, records = options.jobs_for(records, (fmt,))
    build_ahead(type_name, (fmt,), locale, settings.templates)
    with start_workers(rendering(settings, locale, (fmt,)), (fmt,), jobs) as workers:
        valid = validated(type_name, records, settings, options, lambda item: names.add(item, namer, fmt))
        with closing(valid):
            names.check(options.force)
            options.started(len(valid))
            return _write_drafts(valid, fmt, locale, settings, options, workers)


class _UniqueNames:
    """The drafts' file names as records are validated: names only, so that memory stays flat."""

    def __init__(self) -> None:
        self.seen = UniqueNames()
        self.existing: list[Path] = []

    def add(self, item: Valid, namer: FileNamer, fmt: Format) -> Path:
        path = namer.path(namer.stem(item.document, item.record, None), fmt)
        self.seen.add(item.record, path.name)
        if path.exists():
            self.existing.append(path)
        return path

    def check(self, force: bool) -> None:
        self.seen.check()
        _refuse_existing(self.existing, force)


def _write_drafts(
    valid: Spill[Valid], fmt: Format, locale: Locale, settings: Settings, options: BatchOptions, workers: Workers | None
) -> list[Path]:
    written = []
    rendered = render_in_order(
        valid,
        lambda item: Piece(item.document),
        rendering(settings, locale, (fmt,)),
        formats=(fmt,),
        jobs=workers.jobs if workers is not None else 1,
        workers=workers,
    )
    with closing(rendered):  # a failure here stops the workers at once
        for item, _, outcome in rendered:
            if isinstance(outcome, Wording):
                if not options.keep_going:
                    where = {"source": item.record.source, "row": item.record.row or 1}
                    raise TemplateFailure("{source}:row {row}: {detail}", **where, detail=outcome)
                options.failures.append(item.record.problem("", "{detail}", detail=outcome))
            else:
                assert item.path is not None
                written.append(write_atomically(item.path, outcome[fmt], force=options.force))
            options.done()
    return written


def _refuse_existing(paths: list[Path], force: bool) -> None:
    existing = [path for path in paths if path.exists()]
    if existing and not force and len(existing) > 1:
        more = len(existing) - 1
        raise OutputError("{path} and {more} more: file exists; use --force to replace", path=existing[0], more=more)
    if existing and not force:
        raise OutputError("{path}: file exists; use --force to replace", path=existing[0])
