"""The batch page: upload a spreadsheet (or a YAML/JSON list) of one type, see each row's problems, issue the valid
rows with a progress bar, and download a zip of their files and the merged PDF.

It calls what `docgen validate` and `docgen issue --keep-going --merge` call (see batch_run); the batches live in
the register's database and their rows are issued by `docgen worker` processes (batch_jobs), so any server
process shows any batch.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..config import Settings
from ..errors import DocgenError, UploadTooLarge
from ..i18n import N_, error_text, translator
from ..locale import LOCALES, Locale, as_locale
from ..locale.columns import title_for
from ..locale.fields import title
from ..store.acting import acting_as
from ..store.batches import Batch
from .access import needs, request_access
from .auditing import record_downloads, web_actor
from .batch_jobs import start
from .batch_run import check_upload, load_batch, new_head, zipped
from .pages import interface_lang
from .pages import render_page as _render_page
from .starting import issued_entry, read_upload

router = APIRouter()

_WORDS = {  # the batch page's own words: msgids of the interface's gettext catalogs, by key
    "batch": N_("Batch issue"),
    "type": N_("Document type"),
    "file": N_("Data file (XLSX, CSV, YAML or JSON)"),
    "doc_locale": N_("Document language"),
    "check": N_("Check"),
    "rows": N_("rows"),
    "row": N_("Row"),
    "field": N_("Field"),
    "problem": N_("Problem"),
    "no_problems": N_("No row has a problem"),
    "issue_valid": N_("Issue every valid row"),
    "progress": N_("Progress"),
    "issued": N_("Issued"),
    "zip": N_("Download the zip (files and merged PDF)"),
    "again": N_("Upload another file"),
    "nothing_valid": N_("No row can be issued"),
    "failed": N_("The run stopped"),
}


def batch_words(lang: str) -> dict[str, str]:
    """The batch page's own words in the interface language."""
    translate = translator(lang)
    return {key: translate(msgid) for key, msgid in _WORDS.items()}


def render_page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    response = _render_page(request, name, t=batch_words(interface_lang(request)), **context)
    response.status_code = status_code
    return response


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _batch(request: Request, batch_id: str) -> Batch:
    """The batch, read from the register; a 404 as for no batch when the user's role may not issue its type."""
    batch = load_batch(_settings(request), batch_id)
    if batch is None or not request_access(request).may("issue", batch.type_name):
        raise HTTPException(404, "no such batch")
    return batch


def _types(request: Request) -> list[tuple[str, str]]:
    lang, templates = interface_lang(request), _settings(request).templates
    return [(name, title(name, lang, templates=templates)) for name in request_access(request).types("issue")]


def _upload_page(request: Request, chosen: str = "", message: str = "", status_code: int = 200) -> HTMLResponse:
    settings = _settings(request)
    return render_page(
        request, "batch.html", status_code, types=_types(request), chosen=chosen, message=message,
        locales=LOCALES, doc_locale=settings.locale,
    )  # fmt: skip


@router.get("/batch", response_class=HTMLResponse, dependencies=[needs("issue")])
def batch_form(request: Request) -> HTMLResponse:
    """The upload form: a type (?type= chooses it), a data file, the documents' language."""
    return _upload_page(request, request.query_params.get("type", ""))


@router.post("/batch", response_model=None, dependencies=[needs("issue")])
async def upload(request: Request) -> Response:
    """The file checked row by row, as `docgen validate` checks it; then the batch's page."""
    settings, lang = _settings(request), interface_lang(request)
    async with request.form() as form:
        type_name, file = str(form.get("type") or ""), form.get("file")
        locale = _locale(str(form.get("locale") or ""), settings)
        if type_name not in request_access(request).types("issue") or not isinstance(file, UploadFile) or not file.filename:
            return _upload_page(request, type_name, batch_words(lang)["file"], 400)
        try:
            name, suffix, content = await read_upload(file, settings)
        except DocgenError as error:
            status = 413 if isinstance(error, UploadTooLarge) else 400
            return _upload_page(request, type_name, error_text(error, lang), status)
    with acting_as(web_actor(request)):  # who uploads is who the batch's documents are issued by
        head = new_head(type_name, name, locale, lang)
    checked = await run_in_threadpool(check_upload, settings, head, suffix, content)
    if isinstance(checked, str):
        return _upload_page(request, type_name, checked, 400)
    return RedirectResponse(f"/batch/{checked.id}", status_code=303)


def _locale(chosen: str, settings: Settings) -> Locale:
    return as_locale(chosen) if chosen in LOCALES else settings.locale


@router.get("/batch/{batch_id}", response_class=HTMLResponse, dependencies=[needs("issue")])
def batch_page(request: Request, batch_id: str) -> HTMLResponse:
    """The rows and their problems; the issue button, or the run's progress and result."""
    batch, lang, templates = _batch(request, batch_id), interface_lang(request), _settings(request).templates
    titles = {item.field: title_for(batch.type_name, item.field, lang, templates) for item in batch.problems}
    return render_page(
        request, "batch_rows.html", batch=batch, type_title=title(batch.type_name, lang), titles=titles
    )  # titles: each field's column title in a sheet of the interface language, as the clerk knows it


@router.post("/batch/{batch_id}/issue", response_model=None, dependencies=[needs("issue")])
def issue(request: Request, batch_id: str) -> Response:
    """Start issuing the valid rows (once: a second press, or a reload, only shows the run)."""
    batch = _batch(request, batch_id)
    if batch.valid_rows:
        start(_settings(request), batch)  # the jobs issue as the uploader, who may issue the type (checked above)
    return RedirectResponse(f"/batch/{batch.id}", status_code=303)


@router.get("/batch/{batch_id}/progress", response_class=HTMLResponse, dependencies=[needs("issue")])
def progress(request: Request, batch_id: str) -> HTMLResponse:
    """The progress fragment htmx polls: done of total, then the numbers and the zip link."""
    return render_page(request, "batch_progress.html", batch=_batch(request, batch_id))


@router.get("/batch/{batch_id}/zip", dependencies=[needs("issue")])
async def download(request: Request, batch_id: str) -> Response:
    """The issued files, as the register recorded them, and the merged PDF, in one zip."""
    batch = _batch(request, batch_id)
    if not batch.finished or not batch.numbers:
        raise HTTPException(404, "nothing issued yet")
    content = await run_in_threadpool(zipped, batch, _settings(request))
    name = f"{batch.numbers[0]}_to_{batch.numbers[-1]}.zip"
    entries = [issued_entry(number, _settings(request)) for number in batch.numbers]
    await run_in_threadpool(record_downloads, _settings(request), request, entries, name)
    return Response(
        content, media_type="application/zip", headers={"content-disposition": f'attachment; filename="{name}"'}
    )
