"""The JSON API under /api/: everything the pages do, documented at /openapi.json.

Each route calls the same functions as the command of the same name (validate, render, issue,
register list/show/void, verify), so the API, the pages and the CLI give the same answers and the
same numbers. ApiRoute (api_route.py) checks each request and turns docgen's errors into JSON.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import tempfile
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from .. import lineage
from ..citations import citation_check, register_for_validate
from ..config import Settings
from ..errors import UsageError
from ..issuing import Verdict, examine, issue, sha256_of
from ..locale import Locale
from ..locale.fields import title
from ..pipeline import as_records, count_valid, render_document, validate_records
from ..registry import document_types, get_type
from ..render import Format
from ..samples import sample_path, schema_text
from ..store import STATUSES, Entry, Register, Selection, open_register
from ..store.acting import acting_as
from ..store.batches import Batch
from ..store.location import redact
from ..text import forbidden_character
from . import api_models as answers
from .access import OPEN, Access, needs, request_access
from .api_models import (
    BatchAnswer,
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    ErrorBody,
    IssueAnswer,
    ProblemsBody,
    TypeInfo,
    Valid,
    VerifyAnswer,
    VoidRequest,
)
from .api_route import ApiRoute, UploadTooLarge
from .auditing import record_download, web_actor
from .batch_jobs import start
from .batch_run import check_upload, load_batch, new_head
from .pages import interface_lang
from .starting import issued_entry, read_upload
from .storage import issued_folder, upload_limit

BATCH_POLL_SECONDS = 0.5  # how often an API call issuing a batch reads whether its jobs are done

router = APIRouter(prefix="/api", route_class=ApiRoute, tags=["api"])

PER_PAGE = 50
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route documents: 422 with every problem of the data, the others {"error": …}.

    "4XX" stands for the rest (a bad query parameter is a 400, not FastAPI's own 422, see api_route.py).
    """
    answers: dict[int | str, dict[str, Any]] = {"4XX": {"model": ErrorBody, "description": "Refused"}}
    return answers | {status: {"model": ProblemsBody if status == 422 else ErrorBody} for status in statuses}


def _files(description: str, *formats: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": description, "content": {MEDIA[fmt].split(";")[0]: {} for fmt in formats}}}


RecordBody = Annotated[
    dict[str, Any], Body(description="The record, as in a data file (see GET /api/types/{type}/schema)")
]
EntityQuery = Annotated[
    str | None, Query(description="The company's USCC, when companies share the register and the number")
]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _known(type_name: str) -> str:
    if type_name not in document_types():
        raise HTTPException(404, f"unknown document type {type_name!r}; use one of {', '.join(document_types())}")
    return type_name


TypeName = Annotated[str, Path(alias="type", description="A document type's name (GET /api/types)")]


# ---------------------------------------------------------------- types


@router.get("/types", summary="Every document type", response_model=list[TypeInfo], dependencies=[needs(OPEN)])
def types(request: Request) -> list[TypeInfo]:
    """Every type, its title in the interface language (?lang=zh_CN, zh_TW or en_US), kind and citations."""
    lang, access = interface_lang(request), request_access(request)
    return [
        TypeInfo(name=name, title=title(name, lang), kind=model.kind, cites=dict(model.cites))
        for name, model in document_types().items()
        if access.may("draft", name) or access.may("read", name)
    ]


@router.get("/types/{type}/schema", summary="A type's JSON Schema", responses=_errors(404), dependencies=[needs("draft")])
def schema(type_name: TypeName) -> dict[str, Any]:
    """The JSON Schema a record of the type must match, as `docgen schema TYPE` prints it."""
    loaded: dict[str, Any] = json.loads(schema_text(get_type(_known(type_name))))
    return loaded


@router.get("/types/{type}/sample", summary="A type's sample record", responses=_errors(404), dependencies=[needs("draft")])
def sample(type_name: TypeName) -> dict[str, Any]:
    """The type's bundled sample, a valid record as JSON."""
    [record] = as_records(sample_path(_known(type_name)), type_name)[:1]
    return record.data


# ---------------------------------------------------------------- one record


@router.post(
    "/types/{type}/validate",
    summary="Check a record",
    response_model=Valid,
    responses=_errors(400, 404, 415, 422),
    dependencies=[needs("draft")],
)
def validate(request: Request, type_name: TypeName, record: RecordBody) -> Valid:
    """The checks of `docgen validate`: {"ok": true}, or 422 with every problem, each with its field.

    With a register in use, each cited number is checked as issue checks it (the register is only read).
    """
    settings = _settings(request)
    with register_for_validate(settings.database) as (in_use, register):
        check = citation_check(register, settings) if in_use else None
        count_valid(_known(type_name), as_records(record, type_name), settings, check)
    return Valid(citations_checked=in_use)


@router.post(
    "/types/{type}/render",
    summary="Render a draft",
    dependencies=[needs("draft")],
    response_class=Response,
    responses={
        **_files("The draft, marked 草稿 / DRAFT, without a number", "pdf", "docx", "html"),
        **_errors(400, 404, 415, 422),
    },
)
def render(
    request: Request,
    type_name: TypeName,
    record: RecordBody,
    fmt: Annotated[Format, Query(alias="format")] = "pdf",
    locale: Locale | None = None,
) -> Response:
    """The record rendered as `docgen render` does: validated first, then a draft file to download."""
    settings = _settings(request)
    [document] = validate_records(_known(type_name), as_records(record, type_name), settings)
    content = render_document(document, settings, fmt=fmt, locale=locale or settings.locale)
    disposition = f'attachment; filename="{type_name}-draft.{fmt}"'
    return Response(content, media_type=MEDIA[fmt], headers={"content-disposition": disposition})


@router.post(
    "/types/{type}/issue",
    summary="Issue a numbered document",
    dependencies=[needs("issue")],
    response_model=IssueAnswer,
    responses=_errors(400, 404, 409, 415, 422),
)
def issue_document(
    request: Request,
    type_name: TypeName,
    record: RecordBody,
    formats: Annotated[list[Format], Query(alias="format", min_length=1, description="Repeat for more")],
    locale: Locale | None = None,
    reissue: Annotated[bool, Query(description="A new number even for a record issued before")] = False,
) -> IssueAnswer:
    """Issue exactly as `docgen issue` does: the next number, the files written and hashed, the register updated.

    The same record issued again gets its first number back (reused), unless reissue is asked for; a cited
    number must be an issued document; a failure after the number was taken voids it with the reason.
    """
    settings = _settings(request)
    folder = issued_folder(settings)
    with acting_as(web_actor(request)):
        [issued] = issue(
            _known(type_name), record, formats=formats, output_dir=folder, locale=locale, reissue=reissue, settings=settings
        )
    files = [answers.stored_file(issued.number, path.suffix[1:], str(path), sha256_of(path)) for path in issued.paths]
    return IssueAnswer.model_validate({"number": issued.number, "reused": issued.reused, "files": files})


# ---------------------------------------------------------------- many records


@router.post(
    "/types/{type}/batch",
    summary="Check or issue a spreadsheet",
    dependencies=[needs("draft")],
    response_model=BatchAnswer,
    responses=_errors(400, 403, 404, 413, 415),
)
async def batch(
    request: Request,
    type_name: TypeName,
    file: Annotated[UploadFile, File(description="An XLSX, CSV, YAML or JSON file of the type's records")],
    mode: Annotated[Literal["check", "issue"], Query(description="check: each row's problems; issue: also issue")] = (
        "check"
    ),
    locale: Annotated[Locale | None, Query(description="The documents' language (default: the project's)")] = None,
) -> BatchAnswer:
    """The batch page's run: every row checked as `docgen validate` checks it, each problem with its row number as
    the spreadsheet shows it, its field and its message (in the interface language, ?lang=). With mode=issue the
    valid rows are then issued as PDF and DOCX, as `docgen issue --keep-going` does, and each number's files can
    be downloaded from /api/documents/{number}/files/{name}. Multipart, with the X-Docgen-Client header.
    """
    settings, lang, type_name = _settings(request), interface_lang(request), _known(type_name)
    if mode == "issue" and not request_access(request).may("issue", type_name):
        raise HTTPException(404, f"unknown document type {type_name!r}")  # as the route's need answers it
    name, suffix, content = await read_upload(file, settings)
    with acting_as(web_actor(request)):  # who uploads is who the batch's documents are issued by
        head = new_head(type_name, name, locale or settings.locale, lang)
    job = await run_in_threadpool(check_upload, settings, head, suffix, content)
    if isinstance(job, str):
        raise HTTPException(400, job)
    if mode == "issue" and job.valid_rows:
        await run_in_threadpool(start, settings, job)
        job = await _finished(settings, job.id)
    return answers.batch_answer(mode, job, [(number, issued_entry(number, settings)) for number in job.numbers])


async def _finished(settings: Settings, batch_id: str) -> Batch:
    """The batch once every job of it is done, read from the register; waiting gives the server to others."""
    while True:
        batch = await run_in_threadpool(load_batch, settings, batch_id)
        if batch is None:
            raise HTTPException(404, "no such batch")
        if batch.finished:
            return batch
        await asyncio.sleep(BATCH_POLL_SECONDS)


# ---------------------------------------------------------------- the register


def _plain(what: str, value: str | None) -> str | None:
    """Text the register stores or searches for: one line, with no control or hidden character (as the CLI)."""
    reason = None if value is None else forbidden_character(value, one_line=True)
    if reason:
        raise UsageError("{what}: character {reason} is not allowed", what=what, reason=reason)
    return value


def _entry(register: Register, number: str, entity: str | None, access: Access, action: str = "read") -> Entry:
    """The one entry a number names; 404 when the register has none the user may see (and act on so): a number
    the user may not see is answered exactly as one the register does not hold."""
    found = [e for e in register.lookup(number, entity) if access.sees(e) and access.may(action, e.type_name)]
    if not found:
        raise HTTPException(404, f"{number} is not in the register")
    return found[0] if len(found) == 1 else register.resolve(number, entity)


@router.get(
    "/documents",
    summary="Find documents",
    response_model=DocumentPage,
    responses=_errors(400),
    dependencies=[needs("read")],
)
def documents(
    request: Request,
    type_name: Annotated[str | None, Query(alias="type")] = None,
    year: int | None = None,
    status: str | None = None,
    q: Annotated[str | None, Query(description="Text in the number, company or data (client, person …)")] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> DocumentPage:
    """The register's documents matching every filter, PER_PAGE a page, as `docgen register list` finds and orders
    them; the database filters, counts and pages them. A page past the end is empty."""
    if status is not None and status not in STATUSES:
        raise UsageError.not_one_of("status", status, STATUSES)
    selection = request_access(request).narrow(Selection(_plain("type", type_name), year, status, _plain("q", q)))
    with open_register(_settings(request).database) as register:
        total = register.count(selection)
        shown = register.page(selection, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    pages = max(1, math.ceil(total / PER_PAGE))
    return DocumentPage(
        total=total, page=page, pages=pages, per_page=PER_PAGE, documents=[answers.summary(e) for e in shown]
    )


@router.get(
    "/documents/{number}",
    summary="One document and its chain",
    dependencies=[needs("read")],
    response_model=DocumentDetail,
    responses=_errors(404, 409),
)
def document(request: Request, number: str, entity: EntityQuery = None) -> DocumentDetail:
    """Its entry, files, what it cites and what cites it, and its chain, as `docgen register show` gives them."""
    with open_register(_settings(request).database) as register:
        entry = _entry(register, number, entity, request_access(request))
        chain = request_access(request).prune(lineage.chain_of(register, entry.number, entry.entity))
    focus = chain.focus
    cites = None if focus.cites is None else [{"field": name, "number": cited} for name, cited in focus.cites]
    cited_by = [{"number": c.entry.number, "type": c.entry.type_name, "status": c.entry.status} for c in focus.cited_by]
    tree = json.loads(lineage.as_json(chain))["chain"]
    return answers.detail(focus.entry, focus.issue_date, cites=cites, cited_by=cited_by, chain=tree)


@router.get(
    "/documents/{number}/files/{name}",
    summary="Download an issued file",
    dependencies=[needs("read")],
    response_class=FileResponse,
    responses={**_files("The file as issued", "pdf", "docx", "html"), **_errors(404, 409)},
)
def document_file(request: Request, number: str, name: str, entity: EntityQuery = None) -> FileResponse:
    """A file the register recorded for the number, found by its name among them: never a path from the request."""
    with open_register(_settings(request).database) as register:
        entry = _entry(register, number, entity, request_access(request))
        recorded = {answers.stored_file(entry.number, f.format, f.path, f.sha256)["name"]: f for f in entry.files}
        stored = recorded.get(name)
        if stored is None or not FilePath(stored.path).is_file():
            raise HTTPException(404, f"{number} has no file {name!r}" + ("" if stored is None else " on disk any more"))
        if sha256_of(FilePath(stored.path)) != stored.sha256:
            raise HTTPException(409, f"{name}: the file on disk differs from the one issued as {number}")
        record_download(register, request, entry, name)
    return FileResponse(stored.path, media_type=MEDIA.get(stored.format), filename=name)


@router.post(
    "/documents/{number}/void",
    summary="Void a number",
    dependencies=[needs("void")],
    response_model=DocumentSummary,
    responses=_errors(400, 404, 409, 415),
)
def void(request: Request, number: str, body: VoidRequest, entity: EntityQuery = None) -> DocumentSummary:
    """Void a reserved or issued number with the reason, as `docgen register void` does."""
    reason = (_plain("reason", body.reason) or "").strip()
    if not reason:
        raise UsageError("reason must say why")
    with open_register(_settings(request).database) as register, acting_as(web_actor(request)):
        voided = register.void(_entry(register, number, entity, request_access(request), "void"), reason)
    return answers.summary(voided)


# ---------------------------------------------------------------- verify


@router.post(
    "/verify",
    summary="Verify a file",
    response_model=VerifyAnswer,
    responses=_errors(400, 403, 413, 415),
    dependencies=[needs(OPEN)],
)
async def verify_upload(
    request: Request, file: Annotated[UploadFile, File(description="The file to check")]
) -> VerifyAnswer:
    """Whether the file is an unaltered issued document, as `docgen verify` says: issued, altered, void or unknown.

    Send it as multipart/form-data with the X-Docgen-Client header (any value, e.g. the script's name); the
    app's own pages send X-CSRF-Token (the docgen_csrf cookie's value) instead.
    """
    settings = _settings(request)
    limit = upload_limit(settings)
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise UploadTooLarge(limit)
    shown = request_access(request).sees
    return await run_in_threadpool(verify_bytes, content, upload_name(file.filename), settings, shown)


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, kept only as a name in the temporary folder: no folder, no odd character."""
    base = re.split(r"[/\\]", filename or "")[-1]
    name = re.sub(r"[^\w.()\- ]", "_", base)[-120:].strip()
    return name if name.strip(".") else "upload"


def verify_bytes(content: bytes, name: str, settings: Settings, shown: Callable[[Entry], bool]) -> VerifyAnswer:
    """docgen verify on the bytes, written under their own name into a temporary folder removed at once."""
    with tempfile.TemporaryDirectory(prefix="docgen-verify-") as folder:
        path = FilePath(folder) / name
        path.write_bytes(content)
        verdict = examine(path, settings)
    if verdict.entry is not None and not shown(verdict.entry):
        return hidden_answer(verdict, name)
    return verify_answer(verdict, name)


def hidden_answer(verdict: Verdict, name: str) -> VerifyAnswer:
    """The verdict alone, for a user whose role may not see the document: no number, type, date or reason."""
    said = _VERDICTS.get(verdict.status, "unknown")
    return VerifyAnswer.model_validate({"verdict": said, "issued_at": None, "message": f"{name}: {said}"})


# The register's verdicts as the API names them: a register whose chain does not check out vouches for nothing,
# so its file is as good as unknown (the message says why).
_VERDICTS = {"issued": "issued", "altered": "altered", "void": "void", "reserved": "reserved", "unvouched": "unknown"}


def verify_answer(verdict: Verdict, name: str) -> VerifyAnswer:
    """The verdict examine() gave, read from its fields (never from its wording), naming the file as uploaded."""
    entry = verdict.entry
    if verdict.status == "issued" and entry is not None:
        message = f"{name}: {entry.number} {entry.type_name} issued {entry.issued_at}"
    else:
        message = redact(f"{name}: {verdict.reason}")  # the reason may name the register's URL
    return VerifyAnswer.model_validate(
        {
            "verdict": _VERDICTS.get(verdict.status, "unknown"),
            **({} if entry is None else {"number": entry.number, "type": entry.type_name}),
            "issued_at": entry.issued_at if entry is not None and verdict.status == "issued" else None,
            "message": message,
        }
    )
