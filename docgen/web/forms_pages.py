"""The fill–check–preview–issue pages: a document's form, its checks, its preview, drafts and issue.

Every step calls what the CLI calls: validate_record (docgen validate), render_document (docgen render),
issuing.issue (docgen issue), derive_yaml (docgen derive), load_records (every data file).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from ..config import Settings
from ..errors import DocgenError, RegisterUnreachable
from ..locale import LOCALES, Locale, as_locale
from ..locale.fields import title
from ..registry import document_types, get_type
from ..render import Format, as_format
from ..samples import commented_yaml
from ..store.acting import acting_as
from .access import needs, request_access
from .auditing import record_downloads, web_actor
from .checking import Checked, check_record, filled_names
from .form_words import form_words
from .forms import add_row, all_names, attach, build_form, form_data_to_record, form_tree, remove_row
from .pages import interface_lang
from .pages import render_page as _render_page
from .starting import derived_data, issued_entry, sample_data, uploaded_data
from .storage import issued_folder

router = APIRouter()
ISSUE_FORMATS: tuple[Format, ...] = ("pdf", "docx")  # what the issue button writes, as `docgen issue -f pdf -f docx`
# The preview is the document's own HTML, with its own styles: framed by the form's page, it may style itself
# but never run a script (the iframe is sandboxed too).
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'"


def render_page(request: Request, name: str, **context: Any) -> HTMLResponse:
    """A page of the forms, with their words in the interface language."""
    return _render_page(request, name, t=form_words(interface_lang(request)), **context)


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _known(type_name: str) -> str:
    if type_name not in document_types():
        raise HTTPException(404, f"unknown document type {type_name}")
    return type_name


def _form_page(
    request: Request, type_name: str, data: Mapping[str, Any], checked: Checked | None = None, **context: Any
) -> HTMLResponse:
    settings, lang = _settings(request), interface_lang(request)
    controls = build_form(type_name, data, lang, settings)
    messages = checked.messages if checked else {}
    attach(controls, messages)
    unplaced = [text for name, texts in messages.items() if name not in all_names(controls) for text in texts]
    name = "form_fields.html" if request.headers.get("hx-request") else "form.html"
    return render_page(
        request,
        name,
        type_name=type_name,
        type_title=title(type_name, lang, templates=settings.templates),
        controls=controls,
        unplaced=unplaced,
        checked=checked,
        locales=LOCALES,
        doc_locale=context.pop("doc_locale", settings.locale),
        may_issue=request_access(request).may("issue", type_name),
        **context,
    )


@router.get("/new/{type_name}", response_class=HTMLResponse, dependencies=[needs("draft")])
def new(request: Request, type_name: str) -> HTMLResponse:
    """The form: empty, from the sample (?from=sample) or derived from an issued document (?derive=NUMBER)."""
    type_name, settings = _known(type_name), _settings(request)
    source, number = request.query_params.get("from"), request.query_params.get("derive")
    try:
        data = (
            sample_data(type_name)
            if source == "sample"
            else derived_data(type_name, number, settings, request_access(request).sees)
            if number
            else {}
        )
    except RegisterUnreachable:  # not the data's fault: the app's 503 page (app.register_unreachable)
        raise
    except DocgenError as error:
        return _form_page(request, type_name, {}, Checked(None, {"": [error.message]}))
    return _form_page(request, type_name, data)


async def _submitted(request: Request) -> tuple[FormData, dict[str, Any]]:
    form = await request.form()
    return form, form_tree((key, value) for key, value in form.multi_items() if isinstance(value, str))


def _doc_locale(form: FormData, settings: Settings) -> Locale:
    chosen = str(form.get("_locale") or "")
    return as_locale(chosen) if chosen in LOCALES else settings.locale


@router.post("/new/{type_name}", response_model=None, dependencies=[needs("draft")])
async def submit(request: Request, type_name: str) -> Response:
    """A button of the form: check (the default), add or remove a row, download YAML or a draft, issue."""
    type_name, settings = _known(type_name), _settings(request)
    form, tree = await _submitted(request)
    action, locale = str(form.get("_action") or "check"), _doc_locale(form, settings)
    if action == "issue" and not request_access(request).may("issue", type_name):  # as the issue routes answer it
        raise HTTPException(404, f"unknown document type {type_name!r}")
    if action.startswith(("add:", "remove:")):
        (add_row if action.startswith("add:") else remove_row)(tree, action.split(":", 1)[1])
        return _form_page(request, type_name, tree, doc_locale=locale)
    record = form_data_to_record(type_name, tree, settings)
    if action == "yaml":
        return _attachment(commented_yaml(get_type(type_name), record).encode("utf-8"), f"{type_name}.yaml")
    drafting = action.startswith("draft:")  # checked as `docgen render` checks: no citations
    checked = await run_in_threadpool(
        partial(check_record, citations=not drafting), type_name, record, settings, interface_lang(request)
    )
    if checked.document is None or action == "check":
        return _form_page(request, type_name, tree, checked, doc_locale=locale)
    if drafting and action[6:] in ("pdf", "docx"):
        return await _draft(checked, as_format(action[6:]), locale, settings)
    if action == "issue":
        return await _issue(request, type_name, record, tree, locale)
    raise HTTPException(400, f"unknown action {action}")


def _attachment(content: bytes, name: str, media_type: str = "application/octet-stream") -> Response:
    return Response(content, media_type=media_type, headers={"content-disposition": f'attachment; filename="{name}"'})


async def _draft(checked: Checked, fmt: Format, locale: Locale, settings: Settings) -> Response:
    """A draft, marked 草稿 as `docgen render` marks it: no number."""
    from ..pipeline import render_document

    assert checked.document is not None
    content = await run_in_threadpool(render_document, checked.document, settings, fmt=fmt, locale=locale)
    return _attachment(content, f"{checked.document.type_name}-draft.{fmt}")


async def _issue(
    request: Request, type_name: str, record: dict[str, Any], tree: dict[str, Any], locale: Locale
) -> Response:
    """Issue as `docgen issue` does, into [web] files; then the issued page (a reload does not issue again)."""
    from ..issuing import issue

    settings = _settings(request)
    folder = issued_folder(settings)
    try:
        with acting_as(web_actor(request)):  # the worker thread runs in a copy of this context
            issued = await run_in_threadpool(
                lambda: issue(type_name, record, formats=ISSUE_FORMATS, output_dir=folder, locale=locale, settings=settings)
            )
    except RegisterUnreachable:  # not the data's fault: the app's 503 page (app.register_unreachable)
        raise
    except DocgenError as error:
        return _form_page(request, type_name, tree, Checked(None, {"": [error.message]}), doc_locale=locale)
    return RedirectResponse(f"/issued/{issued[0].number}", status_code=303)


@router.post("/new/{type_name}/check", response_class=HTMLResponse, dependencies=[needs("draft")])
async def check(request: Request, type_name: str) -> HTMLResponse:
    """htmx on each change: every field's messages, swapped in next to it; an empty field not yet touched waits."""
    type_name, settings = _known(type_name), _settings(request)
    form, tree = await _submitted(request)
    record = form_data_to_record(type_name, tree, settings)
    checked = await run_in_threadpool(check_record, type_name, record, settings, interface_lang(request))
    touched = filled_names(tree) | set(str(form.get("_changed") or "").split())  # the fields changed so far
    shown = {name: texts for name, texts in checked.messages.items() if _touched(name, touched)}
    controls = build_form(type_name, tree, interface_lang(request), settings)
    names = all_names(controls)
    unplaced = [text for name, texts in shown.items() if name not in names for text in texts]
    return render_page(request, "form_messages.html", names=sorted(names), messages=shown, unplaced=unplaced)


def _touched(name: str, touched: set[str]) -> bool:
    return not name or any(filled == name or filled.startswith(name + ".") for filled in touched)


@router.post("/new/{type_name}/preview", response_model=None, dependencies=[needs("draft")])
async def preview(request: Request, type_name: str) -> Response:
    """The draft's HTML for the preview frame, under its own policy: its styles, no scripts."""
    from ..pipeline import render_document

    type_name, settings = _known(type_name), _settings(request)
    form, tree = await _submitted(request)
    record = form_data_to_record(type_name, tree, settings)
    checked = await run_in_threadpool(
        partial(check_record, citations=False), type_name, record, settings, interface_lang(request)
    )
    if checked.document is None:
        response: Response = render_page(request, "preview_problems.html", checked=checked)
    else:
        html = await run_in_threadpool(
            render_document, checked.document, settings, fmt="html", locale=_doc_locale(form, settings)
        )
        response = HTMLResponse(html)
    response.headers["content-security-policy"] = PREVIEW_POLICY + "; sandbox"
    response.headers["x-frame-options"] = "SAMEORIGIN"
    return response


@router.post("/new/{type_name}/upload", response_class=HTMLResponse, dependencies=[needs("draft")])
async def upload(request: Request, type_name: str) -> HTMLResponse:
    """A form started from a data file: YAML, JSON, CSV or XLSX; its first row, or the row asked for."""
    type_name, settings = _known(type_name), _settings(request)
    async with request.form() as form:
        file, row = form.get("file"), str(form.get("row") or "1")
        if not isinstance(file, UploadFile) or not file.filename:
            return _form_page(request, type_name, {}, Checked(None, {"": ["choose a file to upload"]}))
        try:
            data = await uploaded_data(type_name, file, row, settings)
        except DocgenError as error:
            return _form_page(request, type_name, {}, Checked(None, {"": [error.message]}))
    return _form_page(request, type_name, data)


@router.get("/issued/{number}", response_class=HTMLResponse, dependencies=[needs("read")])
def issued(request: Request, number: str) -> HTMLResponse:
    """An issued document's number and its files to download."""
    entry = _issued_or_404(request, number)
    files = [item.format for item in entry.files]
    return render_page(request, "issued.html", entry=entry, files=files)


@router.get("/issued/{number}/{fmt}", dependencies=[needs("read")])
def issued_file(request: Request, number: str, fmt: str) -> FileResponse:
    """A file the register recorded for the number, never a path from the request."""
    entry = _issued_or_404(request, number)
    stored = next((item for item in entry.files if item.format == fmt), None)
    if stored is None or not Path(stored.path).is_file():
        raise HTTPException(404, f"{number} has no {fmt} file")
    record_downloads(_settings(request), request, [entry], f"{entry.number}.{fmt}")
    return FileResponse(stored.path, filename=f"{entry.number}.{fmt}")


def _issued_or_404(request: Request, number: str) -> Any:
    try:
        entry = issued_entry(number, _settings(request), request_access(request).sees)
    except RegisterUnreachable:  # a number is not "not found" while the register is out of reach: 503
        raise
    except DocgenError as error:
        raise HTTPException(404, error.message) from None
    return entry
