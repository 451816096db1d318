"""The register's pages: the list of documents, one document with its chain, its files, voiding, and verify.

Each page asks the register what `docgen register list / show / void` and `docgen verify` ask, through the same
functions (store.Register, lineage.chain_of, issuing.examine), and only shows the answer. A file is downloaded
only from the path the register recorded for the number, never from a path in the request.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath
from typing import Annotated
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from ..config import Settings
from ..errors import DocgenError, StoreError
from ..i18n import N_, error_text, say, worded
from ..issuing import Verdict, examine, sha256_of
from ..lineage import Chain, chain_of
from ..locale.fields import title
from ..registry import document_types
from ..store import STATUSES, Entry, Register, Selection, open_register
from ..store.acting import acting_as
from ..text import forbidden_character, forbidden_wording
from .access import OPEN, needs, request_access
from .auditing import Record, document_trail, record_download, web_actor
from .pages import interface_lang, render_page
from .storage import upload_limit

router = APIRouter()
PAGE_SIZE = 50
MAX_SEARCH = 200  # characters: as long as a short field
MAX_REASON = 2000  # characters: as long as free text
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


# The words of the codes the register keeps (statuses) and of verify's verdicts; the codes stay in the data.
# The audit trail's actions, as the document page names them; another action shows as recorded.
ACTION_WORDS = {"issue": N_("Issued"), "void": N_("Void"), "download": N_("Downloaded")}
NOT_IN_REGISTER = N_("This number is not in the register.")
STATUS_WORDS = {"issued": N_("Issued"), "reserved": N_("Reserved, not issued"), "void": N_("Void")}
VERDICT_WORDS = {
    "issued": N_("Issued: identical to a file the register issued."),
    "altered": N_("Altered: the number it names was issued, but its content differs from what was issued."),
    "void": N_("Void: this number was voided."),
    "reserved": N_("Not issued: this number was reserved but never issued."),
    "unknown": N_("Unknown: the register holds no such file, and it names no number issued here."),
    "unvouched": N_("Cannot verify: the register's chain of events is broken, so it vouches for no file."),
}


class PageProblem(Exception):
    """A request the page cannot answer: its status code, and the message it shows (a msgid and its values)."""

    def __init__(self, status: int, template: str, /, **params: object) -> None:
        super().__init__(template)
        self.status, self.template, self.params = status, template, params


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@contextmanager
def _register(request: Request) -> Iterator[Register]:
    with open_register(_settings(request).database) as register:
        yield register


def _page(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
    when = partial(local_time, zone=_settings(request).timezone)
    words = {"status_word": STATUS_WORDS, "verdict_word": VERDICT_WORDS, "action_word": ACTION_WORDS}
    response = render_page(request, name, type_title=_type_titles(request), when=when, **words, **context)
    response.status_code = status
    return response


def local_time(stamp: str | None, zone: str, *, date_only: bool = False) -> str:
    """A time the register kept (ISO 8601, UTC) in the office's time zone, to the minute; "—" for none."""
    if not stamp:
        return "—"
    try:
        moment = datetime.fromisoformat(stamp).astimezone(ZoneInfo(zone))
    except ValueError:  # written by another client in another form: shown as stored
        return stamp
    return moment.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M")


def _problem_page(request: Request, problem: PageProblem) -> HTMLResponse:
    message = say(problem.template, interface_lang(request), **problem.params)
    return _page(request, "register_message.html", problem.status, message=message)


def _unavailable(request: Request, error: StoreError) -> HTMLResponse:
    """The register cannot be reached or read: the page says why, as the CLI would."""
    detail = error_text(error, interface_lang(request))
    return _problem_page(request, PageProblem(503, "The register cannot be used: {detail}", detail=detail))


def _type_titles(request: Request) -> dict[str, str]:
    """Each type's title in the interface language; a type no longer installed shows its name."""
    lang = interface_lang(request)
    titles: dict[str, str] = {}
    for name in document_types():
        try:
            titles[name] = title(name, lang, templates=_settings(request).templates)
        except DocgenError:  # an office's broken wording must not hide the register
            titles[name] = name
    return titles


# The list


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to, as the query string gave it (empty: not narrowed)."""

    type_name: str = ""
    year: str = ""
    status: str = ""
    q: str = ""

    def query(self, **more: object) -> str:
        given = {"type": self.type_name, "year": self.year, "status": self.status, "q": self.q, **more}
        return urlencode({key: value for key, value in given.items() if value not in ("", None)})

    def checked(self) -> tuple[int | None, str | None, str | None]:
        """The year, status and search text for the register; PageProblem naming a filter that cannot be."""
        if self.year and not (self.year.isdigit() and len(self.year) == 4):
            raise PageProblem(400, "Filter: the year {year!r} is not a year of four digits", year=self.year)
        if self.status and self.status not in STATUSES:
            raise PageProblem(400, "Filter: the status {value!r} is not one the register knows", value=self.status)
        if len(self.q) > MAX_SEARCH or forbidden_character(self.q, one_line=True):
            raise PageProblem(400, "Filter: the search text is too long or holds a character not allowed")
        return (int(self.year) if self.year else None), (self.status or None), (self.q.strip() or None)


@dataclass(frozen=True)
class Listed:
    """One page of the list: its entries, how many match in all, the page's number and the number of pages."""

    entries: list[Entry]
    count: int
    page: int
    pages: int


def _listed(request: Request, filters: Filters, page: str) -> Listed:
    """The page of entries the filters select, the latest year first, in it the latest taken first; a page past
    the end shows the last one. The database filters, counts and pages them."""
    year, status, search = filters.checked()
    selection = request_access(request).narrow(Selection(filters.type_name or None, year, status, search))
    with _register(request) as register:
        count = register.count(selection)
        pages = max(1, -(-count // PAGE_SIZE))
        number = min(max(int(page) if page.isdigit() else 1, 1), pages)
        shown = register.page(selection, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, newest_first=True)
    return Listed(shown, count, number, pages)


@router.get("/documents", response_class=HTMLResponse, dependencies=[needs("read")])
def documents(
    request: Request,
    type_name: Annotated[str, Query(alias="type")] = "",
    year: str = "",
    status: str = "",
    q: str = "",
    page: str = "1",
) -> HTMLResponse:
    """Issued, reserved and void documents, narrowed by type, year, status and search text, a page at a time."""
    filters = Filters(type_name, year.strip(), status, q)
    try:
        listed = _listed(request, filters, page)
    except PageProblem as problem:
        return _problem_page(request, problem)
    except StoreError as error:
        return _unavailable(request, error)
    return _page(
        request, "documents.html", entries=listed.entries, count=listed.count, page=listed.page, pages=listed.pages,
        filters=filters, statuses=STATUSES, types=request_access(request).types("read"),
    )  # fmt: skip


# One document


def document_url(entry: Entry, *, several: bool = False) -> str:
    """The document's page; with the company when another company has the same number."""
    url = f"/documents/{quote(entry.number, safe='')}"
    return f"{url}?{urlencode({'entity': entry.entity})}" if several else url


class Several(Exception):
    """A number several companies have: the page asks which one is meant."""

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__(entries[0].number)
        self.entries = entries


def _visible(request: Request, register: Register, number: str, entity: str | None, action: str = "read") -> list[Entry]:
    """The entries the number names that the user may see (and act on so): a number the user may not see is
    answered exactly as one the register does not hold."""
    access = request_access(request)
    return [e for e in register.lookup(number, entity) if access.sees(e) and access.may(action, e.type_name)]


def _chain(request: Request, number: str, entity: str | None) -> tuple[Chain, list[Record]]:
    """The chain around the number, and its audit trail; PageProblem when the register has no such number, or
    several."""
    with _register(request) as register:
        found = _visible(request, register, number, entity)
        if not found:
            raise PageProblem(404, NOT_IN_REGISTER)
        if len(found) > 1:
            raise Several(found)
        chain = request_access(request).prune(chain_of(register, number, found[0].entity))
        return chain, document_trail(register, found[0])


def _document_page(request: Request, number: str, entity: str | None, status: int = 200, **extra: object) -> Response:
    try:
        chain, trail = _chain(request, number, entity)
    except PageProblem as problem:
        return _problem_page(request, problem)
    except StoreError as error:
        return _unavailable(request, error)
    except Several as choice:
        links = [(entry, document_url(entry, several=True)) for entry in choice.entries]
        return _page(request, "register_several.html", links=links)
    entry = chain.focus.entry
    named = entity is not None  # the company was named: keep naming it in the page's links
    query = _entity_query(entry, named)
    may_void = request_access(request).may("void", entry.type_name)
    return _page(
        request, "document.html", status, chain=chain, entry=entry, trail=trail, entity_query=query,
        may_void=may_void, **extra,
    )  # fmt: skip


def _entity_query(entry: Entry, several: bool) -> str:
    return f"?{urlencode({'entity': entry.entity})}" if several else ""


@router.get("/documents/{number}", response_class=HTMLResponse, dependencies=[needs("read")])
def document(request: Request, number: str, entity: str | None = None) -> Response:
    """Number, type, status, dates, company, files with their SHA-256, what it cites and what cites it."""
    return _document_page(request, number, entity)


@router.get("/documents/{number}/files/{fmt}", dependencies=[needs("read")])
def download(request: Request, number: str, fmt: str, entity: str | None = None) -> Response:
    """A file the register recorded for the number, in that format; 404 for anything else."""
    try:
        path = _recorded_file(request, number, fmt, entity)
    except PageProblem as problem:
        return _problem_page(request, problem)
    except StoreError as error:
        return _unavailable(request, error)
    return FileResponse(path, media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"), filename=path.name)


def _recorded_file(request: Request, number: str, fmt: str, entity: str | None) -> Path:
    """The path the register recorded for the number's file in fmt, if the file there is one it issued."""
    with _register(request) as register:
        found = _visible(request, register, number, entity)
        if len(found) != 1:
            raise PageProblem(404, NOT_IN_REGISTER)
        entry = found[0]
        stored = next((item for item in entry.files if item.format == fmt), None)
        path = Path(stored.path) if stored is not None else None
        if path is None or not path.is_file():
            raise PageProblem(
                404, "The register holds no such file for this number, or it is no longer where it was kept."
            )
        if (fmt, sha256_of(path)) not in register.hashes(entry.entity, entry.number):
            # the register vouches for what it issued, not for this
            raise PageProblem(409, "The kept file was changed after its issue; it is not offered for download.")
        record_download(register, request, entry, path.name)
    return path


@router.post("/documents/{number}/void", response_model=None, dependencies=[needs("void")])
def void(
    request: Request,
    number: str,
    reason: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
    entity: str | None = None,
) -> Response:
    """Void the number with the reason, as `docgen register void` does, then show its page."""
    try:
        with _register(request) as register:
            voidable = bool(_visible(request, register, number, entity, "void"))
    except StoreError as error:
        return _unavailable(request, error)
    if not voidable:  # as for a number not held, whatever the form says
        return _problem_page(request, PageProblem(404, NOT_IN_REGISTER))
    problem = _void_problem(reason.strip(), confirm)
    if problem is not None:
        template, params = problem
        message = say(template, interface_lang(request), **params)
        return _document_page(request, number, entity, 400, void_error=message, reason=reason)
    try:
        with _register(request) as register, acting_as(web_actor(request)):
            entry = register.void(register.resolve(number, entity), reason.strip())
    except StoreError as error:
        message = error_text(error, interface_lang(request))
        return _document_page(request, number, entity, 409, void_error=message, reason=reason)
    return RedirectResponse(document_url(entry, several=entity is not None), status_code=303)


def _void_problem(reason: str, confirm: str) -> tuple[str, dict[str, object]] | None:
    """What is wrong with a void request: its message (a msgid) and values; None when nothing is."""
    if not reason:
        return N_("Say why the number is void."), {}
    bad = forbidden_wording(reason, one_line=True)
    if bad:
        return N_("Reason: {detail}"), {"detail": bad}
    if len(reason) > MAX_REASON:
        return N_("Reason: more than {limit} characters"), {"limit": MAX_REASON}
    if confirm != "yes":
        return N_("Tick the confirmation to void it."), {}
    return None


# Verify


@router.get("/verify", response_class=HTMLResponse, dependencies=[needs(OPEN)])
def verify_form(request: Request) -> HTMLResponse:
    """A file input inside a drop zone: a plain form upload, so it works without JavaScript."""
    return _page(request, "verify.html", limit_mb=_settings(request).web.upload_limit_mb)


@router.post("/verify", response_class=HTMLResponse, dependencies=[needs(OPEN)])
def verify_upload(request: Request, file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    """The register's verdict on the uploaded file, as `docgen verify` gives it; the upload is not kept."""
    limit_mb = _settings(request).web.upload_limit_mb
    if file is None or not file.filename:
        return _page(request, "verify.html", 400, limit_mb=limit_mb, error=N_("Choose a file to verify."))
    if file.size is None or file.size > upload_limit(_settings(request)):
        return _page(
            request, "verify.html", 413, limit_mb=limit_mb, error=N_("The file is too large: at most {mb} MB.")
        )
    try:
        verdict = _verdict(request, file)
    except StoreError as error:
        return _unavailable(request, error)
    if verdict.entry is not None and not request_access(request).sees(verdict.entry):
        verdict = replace(verdict, entry=None)  # genuine or not, but nothing of a document the role may not read
        reason = ""
    else:
        reason = worded(verdict.said, interface_lang(request))
    name = PurePath(file.filename).name
    return _page(request, "verify.html", limit_mb=limit_mb, verdict=verdict, reason=reason, file_name=name)


def _verdict(request: Request, upload: UploadFile) -> Verdict:
    """The upload copied into a temporary folder of its own, examined there, and removed with the folder."""
    with tempfile.TemporaryDirectory(prefix="docgen-verify-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as copy:
            shutil.copyfileobj(upload.file, copy)
        return examine(path, _settings(request))
