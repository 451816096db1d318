"""A batch of the batch page: an uploaded file's rows checked, then its valid rows issued in a background thread.

The state of each batch lives in this server process's memory, keyed by a random id: a second server process
(several uvicorn workers) would not know it, and a restart forgets it (the issued documents stay in the register
and in the issued-files folder). So `docgen serve` runs one process.
"""

from __future__ import annotations

import contextvars
import io
import re
import secrets
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..batching import BatchOptions, validate_each
from ..citations import citation_check, register_for_validate
from ..config import Settings
from ..documents.base import DocumentModel
from ..errors import CitationError, DocgenError, Problem, Wording
from ..i18n import error_text, problem_message, say, worded
from ..inputs import load_records
from ..issuing import Issued, IssueRequest, iter_issue
from ..locale import Locale
from ..records import Record
from ..registry import get_type
from ..render import Format
from .starting import issued_entry
from .storage import issued_folder

_FIELD = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*")  # a dotted field name, as problems name fields
_STARTING = threading.Lock()
KEPT = 100  # batches a server remembers; the oldest not running are forgotten first, their uploads removed
Check = Callable[[Record, DocumentModel], None]
ISSUE_FORMATS: tuple[Format, ...] = ("pdf", "docx")  # as the form's issue button: `docgen issue -f pdf -f docx`


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row: its row number in the file (a sheet's row, a list's item), field and message."""

    row: int
    field: str
    message: str


@dataclass
class Batch:
    """One upload and its run: the rows, their problems, the numbers issued, how far the run is."""

    id: str
    type_name: str
    name: str  # the uploaded file's name, as the user knows it
    folder: Path  # a temporary folder holding the upload until the run ends
    data: Path
    locale: Locale  # the documents' language
    rows: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    merged: Path | None = None
    total: int = 0
    done: int = 0
    started: bool = False
    finished: bool = False
    error: str = ""

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    @property
    def valid_rows(self) -> list[int]:
        return [row for row in self.rows if row not in self.bad_rows]

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def new_batch(type_name: str, name: str, suffix: str, content: bytes, locale: Locale) -> Batch:
    """A batch holding the upload in a temporary folder of its own, under a name of ours (never the sent one)."""
    folder = Path(tempfile.mkdtemp(prefix="docgen-batch-"))
    data = folder / f"upload{suffix}"
    data.write_bytes(content)
    return Batch(secrets.token_urlsafe(16), type_name, name, folder, data, locale)


def remember(batches: dict[str, Batch], batch: Batch) -> None:
    """Keep the batch by its id, forgetting the oldest ones not running when there are more than KEPT."""
    batches[batch.id] = batch
    idle = [old for old in batches.values() if old.finished or not old.started]
    for old in idle[: max(0, len(batches) - KEPT)]:
        old.cleanup()
        del batches[old.id]


def check_rows(batch: Batch, settings: Settings, lang: str) -> None:
    """Every row checked as `docgen validate` checks it (citations too, when a register is in use), each problem
    kept with its row and field, worded in the interface language."""
    records = load_records(batch.data, get_type(batch.type_name), templates=settings.templates)
    batch.rows = [record.row or index for index, record in enumerate(records, 1)]
    with register_for_validate(settings.database) as (in_use, register):
        check = citation_check(register, settings) if in_use else None
        for outcome in validate_each(batch.type_name, records, settings):
            if isinstance(outcome, list):
                batch.problems += [_row_problem(problem, lang) for problem in outcome]
            elif check is not None:
                _check_citations(batch, check, outcome.record, outcome.document, lang)


def check_upload(batch: Batch, settings: Settings, lang: str) -> str | None:
    """check_rows; for a file that cannot be read as a whole (unreadable, no records, a bad sheet) its message in
    the language, naming the file as it was uploaded (never the temporary folder), and the upload removed."""
    try:
        check_rows(batch, settings, lang)
    except DocgenError as error:
        batch.cleanup()
        return error_text(error, lang).replace(str(batch.data), batch.name)
    return None


def _check_citations(batch: Batch, check: Check, record: Record, document: DocumentModel, lang: str) -> None:
    try:
        check(record, document)
    except CitationError as error:
        batch.problems += [_split(record.row or 1, text) for text in _cited_faults(error, lang)]


def _cited_faults(error: CitationError, lang: str) -> list[str]:
    """Each fault of a CitationError ("{where}: {problems}", joined by "; "), worded in the language."""
    params = dict(error.wording.params) if error.wording else {}
    joined = params.get("problems")
    if not isinstance(joined, Wording):
        return [error_text(error, lang)]
    return [worded(part, lang) if isinstance(part, Wording) else say(str(part), lang) for _, part in joined.params]


def _split(row: int, text: str) -> RowProblem:
    """A fault's text "field: message" as its field and message; a text naming no field stays whole."""
    field, found, message = text.partition(": ")
    return RowProblem(row, field, message) if found and _FIELD.fullmatch(field) else RowProblem(row, "", text)


def _row_problem(problem: Problem, lang: str) -> RowProblem:
    return RowProblem(problem.row or 1, problem.path, problem_message(problem, lang))


def start(batch: Batch, settings: Settings, lang: str) -> None:
    """Issue the batch's valid rows in a thread of this process, as `docgen issue --keep-going --merge` does;
    once only, however often the button is pressed at the same time."""
    with _STARTING:
        if batch.started:
            return
        batch.started = True
    # Run in a copy of this context: who started the batch (acting.py) is who issues its documents.
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(run, batch, settings, lang), daemon=True).start()


def run(batch: Batch, settings: Settings, lang: str) -> None:
    """Issue the batch's valid rows, in the batch's locale, as PDF and DOCX, and merge the PDFs; a row that fails
    is skipped and kept among the problems. The upload is removed at the end."""
    options = BatchOptions(keep_going=True, on_start=lambda count: _total(batch, count), on_done=lambda: _done(batch))
    folder = issued_folder(settings)
    request = IssueRequest(ISSUE_FORMATS, folder, batch.locale, False, settings, options, _issued(batch))
    try:
        with closing(iter_issue(batch.type_name, batch.data, request)) as issuing:
            for _ in issuing:
                pass
        batch.merged = _merge(batch.pdfs, folder)
    except DocgenError as error:
        batch.error = error_text(error, lang)
    finally:
        batch.problems += [_failure(p, lang) for p in options.failures if _new(batch, p)]
        batch.finished = True
        batch.cleanup()


def _failure(problem: Problem, lang: str) -> RowProblem:
    """A row the run skipped: issuing names the field inside the message ("contract_number: … is void")."""
    message = problem_message(problem, lang)
    return _split(problem.row or 1, message) if not problem.path else _row_problem(problem, lang)


def _total(batch: Batch, count: int) -> None:
    batch.total = count


def _done(batch: Batch) -> None:
    batch.done += 1


def _issued(batch: Batch) -> Callable[[Issued], None]:
    def record(issued: Issued) -> None:
        batch.numbers.append(issued.number)
        batch.pdfs.extend(path for path in issued.paths if path.suffix == ".pdf")

    return record


def _new(batch: Batch, problem: Problem) -> bool:
    """A failure of the run not already shown by the check (those rows were skipped for the same reason)."""
    return (problem.row or 1) not in batch.bad_rows


def _merge(pdfs: list[Path], folder: Path) -> Path | None:
    """One PDF of the batch, named as `docgen issue --merge` names it; nothing when no PDF was issued."""
    from ..render.merge import merge_pdfs

    if not pdfs:
        return None
    return merge_pdfs(pdfs, folder / f"{pdfs[0].stem}_to_{pdfs[-1].stem}.pdf", force=True)


def zipped(batch: Batch, settings: Settings) -> bytes:
    """A zip of the files the register recorded for the batch's numbers, and the merged PDF: never a path taken
    from anywhere else, so a file the register does not know cannot leave the server this way."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in batch.numbers:
            for stored in issued_entry(number, settings).files:
                archive.write(stored.path, Path(stored.path).name)
        if batch.merged is not None:
            archive.write(batch.merged, batch.merged.name)
    return buffer.getvalue()
