"""A batch of the batch page: an uploaded file's rows checked, then its valid rows issued as jobs.

Everything about a batch lives in the register's database (store/batches.py): the upload, its rows as checked,
their problems, its chunks and the numbers issued. So any server process shows any batch, a restart forgets
none, and the rows are issued by `docgen worker` processes (batch_jobs.py), never in a request.
"""

from __future__ import annotations

import io
import re
import secrets
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..batching import validate_each
from ..citations import citation_check, register_for_validate
from ..config import Settings
from ..documents.base import DocumentModel
from ..errors import CitationError, DocgenError, Problem, Wording
from ..i18n import error_text, problem_message, say, worded
from ..inputs import load_records
from ..issuing import canonical_json
from ..locale import Locale
from ..records import Record
from ..registry import get_type
from ..render import Format
from ..store.acting import current
from ..store.batches import Batch, BatchHead, RowProblem, open_batches
from .starting import issued_entry

_FIELD = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*")  # a dotted field name, as problems name fields
Check = Callable[[Record, DocumentModel], None]
ISSUE_FORMATS: tuple[Format, ...] = ("pdf", "docx")  # as the form's issue button: `docgen issue -f pdf -f docx`
Checked = tuple[list[int], list[RowProblem], dict[int, str]]  # rows, problems, each valid row's data


def check_rows(type_name: str, data: Path, settings: Settings, lang: str) -> Checked:
    """Every row checked as `docgen validate` checks it (citations too, when a register is in use), each problem
    kept with its row and field, worded in the interface language; each valid row's data as the register keeps
    data (canonical JSON), for the jobs to issue."""
    records = load_records(data, get_type(type_name), templates=settings.templates)
    rows = [record.row or index for index, record in enumerate(records, 1)]
    problems: list[RowProblem] = []
    valid: dict[int, str] = {}
    with register_for_validate(settings.database) as (in_use, register):
        check = citation_check(register, settings) if in_use else None
        for outcome in validate_each(type_name, records, settings):
            if isinstance(outcome, list):
                problems += [_row_problem(problem, lang) for problem in outcome]
                continue
            found = _cited(check, outcome.record, outcome.document, lang) if check is not None else []
            problems += found
            if not found:
                valid[outcome.record.row or 1] = canonical_json(outcome.document)
    return rows, problems, valid


def check_upload(settings: Settings, head: BatchHead, suffix: str, content: bytes) -> Batch | str:
    """The upload checked and kept in the register as a new batch; for a file that cannot be read as a whole
    (unreadable, no records, a bad sheet) its message in the language, naming the file as it was uploaded (never
    the temporary folder), and nothing kept."""
    with tempfile.TemporaryDirectory(prefix="docgen-batch-") as folder:
        data = Path(folder) / f"upload{suffix}"
        data.write_bytes(content)
        try:
            rows, problems, valid = check_rows(head.type_name, data, settings, head.lang)
        except DocgenError as error:
            return error_text(error, head.lang).replace(str(data), head.name)
    with open_batches(settings.database) as batches:
        batches.add(head, content)
        batches.add_rows(head.id, [(row, valid.get(row)) for row in rows])
        batches.add_problems(head.id, problems, 0)
        return batches.load(head.id) or _vanished(head.id)


def new_head(
    type_name: str, name: str, locale: Locale, lang: str, formats: tuple[Format, ...] = ISSUE_FORMATS
) -> BatchHead:
    """A new batch's head: a random id, and who acts now (who uploads is who issues the batch's documents)."""
    actor = current()
    return BatchHead(secrets.token_urlsafe(16), type_name, name, locale, formats, lang, actor.name, actor.origin)


def _vanished(batch_id: str) -> Batch:
    raise LookupError(f"batch {batch_id} vanished as it was added")


def load_batch(settings: Settings, batch_id: str) -> Batch | None:
    with open_batches(settings.database) as batches:
        return batches.load(batch_id)


def _cited(check: Check, record: Record, document: DocumentModel, lang: str) -> list[RowProblem]:
    try:
        check(record, document)
    except CitationError as error:
        return [split(record.row or 1, text) for text in _cited_faults(error, lang)]
    return []


def _cited_faults(error: CitationError, lang: str) -> list[str]:
    """Each fault of a CitationError ("{where}: {problems}", joined by "; "), worded in the language."""
    params = dict(error.wording.params) if error.wording else {}
    joined = params.get("problems")
    if not isinstance(joined, Wording):
        return [error_text(error, lang)]
    return [worded(part, lang) if isinstance(part, Wording) else say(str(part), lang) for _, part in joined.params]


def split(row: int, text: str) -> RowProblem:
    """A fault's text "field: message" as its field and message; a text naming no field stays whole."""
    field, found, message = text.partition(": ")
    return RowProblem(row, field, message) if found and _FIELD.fullmatch(field) else RowProblem(row, "", text)


def _row_problem(problem: Problem, lang: str) -> RowProblem:
    return RowProblem(problem.row or 1, problem.path, problem_message(problem, lang))


def failure(problem: Problem, lang: str) -> RowProblem:
    """A row the run skipped: issuing names the field inside the message ("contract_number: … is void")."""
    message = problem_message(problem, lang)
    return split(problem.row or 1, message) if not problem.path else _row_problem(problem, lang)


def zipped(batch: Batch, settings: Settings) -> bytes:
    """A zip of the files the register recorded for the batch's numbers, and their PDFs merged into one (made
    here, so no worker needs to know it is the last): never a path taken from anywhere else, so a file the
    register does not know cannot leave the server this way."""
    buffer = io.BytesIO()
    pdfs: list[Path] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in batch.numbers:
            for stored in issued_entry(number, settings).files:
                archive.write(stored.path, Path(stored.path).name)
                pdfs += [Path(stored.path)] if stored.format == "pdf" else []
        _add_merged(archive, pdfs)
    return buffer.getvalue()


def _add_merged(archive: zipfile.ZipFile, pdfs: list[Path]) -> None:
    """The PDFs merged into one, named as `docgen issue --merge` names it; nothing when no PDF was issued."""
    from ..render.merge import merge_pdfs

    if not pdfs:
        return
    with tempfile.TemporaryDirectory(prefix="docgen-merge-") as folder:
        merged = merge_pdfs(pdfs, Path(folder) / f"{pdfs[0].stem}_to_{pdfs[-1].stem}.pdf", force=True)
        archive.write(merged, merged.name)
