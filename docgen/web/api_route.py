"""The JSON API's route class: what every /api/ request must be, and docgen's errors turned into JSON answers.

Every API route goes through ApiRoute, so the rules below hold for each of them in one place:
- a request that changes something sends JSON, or multipart/form-data to a route that takes an upload (415 otherwise);
- a multipart request carries X-Docgen-Client (a script) or the CSRF token in X-CSRF-Token (403 otherwise),
  see from_script_or_page();
- an upload is no larger than [web] upload_limit_mb (413);
- a DocgenError becomes {"error": message} (with "problems" for bad data) and a status; nothing shows a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import HTTPException
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.params import File
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message

from ..errors import (
    CitationError,
    ConfigError,
    DocgenError,
    DocumentTooLarge,
    InvalidData,
    OutputError,
    RegisterUnreachable,
    StoreError,
    TemplateFailure,
    UsageError,
    VerificationFailed,
)
from ..errors import UploadTooLarge as UploadOverLimit
from ..store.location import redact
from .security import CLIENT_HEADER, CSRF_HEADER, UNSAFE_METHODS, csrf_ok
from .storage import upload_limit

JSON = "application/json"
MULTIPART = "multipart/form-data"
MULTIPART_OVERHEAD = 64 * 1024  # the part headers and boundaries around an uploaded file, beyond the upload limit
LOG = logging.getLogger("docgen.web")

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class UploadTooLarge(HTTPException):
    """An upload over the limit; an HTTPException so that FastAPI's body parsing passes it on unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the upload is larger than the limit of {limit // (1024 * 1024)} MiB")


class ApiRoute(APIRoute):
    """A route of the JSON API: its requests checked by refusal(), its errors answered by error_response()."""

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        takes = MULTIPART if takes_upload(self) else JSON

        async def answer(request: Request) -> Response:
            try:
                refused = await refusal(request, takes)
                return refused or await handler(capped(request) if takes == MULTIPART else request)
            except Exception as error:  # every failure answers in JSON: never a traceback, never an HTML page
                return error_response(error)

        return answer


def takes_upload(route: APIRoute) -> bool:
    return any(isinstance(param.field_info, File) for param in route.dependant.body_params)


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def refusal(request: Request, takes: str) -> Response | None:
    """Why an unsafe request is refused (415, 403, 413), or None when it may go on.

    The cookies of this machine's browser go with any request to the app, even one a page on another site
    makes. That page can post a form (urlencoded, multipart or text/plain) without asking, but it cannot
    send a JSON content type or a header of its own without a CORS preflight, which this app never grants
    (it has no CORS answer at all). So a JSON body is proof enough that the request comes from a script
    allowed here (or a tool such as curl). A multipart upload is what a cross-site form can send, so it must
    also prove where it comes from, see from_script_or_page().
    """
    if request.method not in UNSAFE_METHODS:
        return None
    if media_type(request) != takes:
        return error_json(415, f"send the body as {takes}, not {media_type(request) or 'nothing'}")
    if takes == MULTIPART:
        if not await from_script_or_page(request):
            return error_json(
                403, "an upload needs the X-Docgen-Client header, or X-CSRF-Token with the docgen_csrf cookie's value"
            )
        limit = upload_limit(request.app.state.settings)
        if int(request.headers.get("content-length") or 0) > limit + MULTIPART_OVERHEAD:
            return error_json(413, UploadTooLarge(limit).detail)
    return None


async def from_script_or_page(request: Request) -> bool:
    """Whether a multipart request comes from a script or from the app's own page, never from a form elsewhere.

    A script names itself in X-Docgen-Client (any value): a header that is not CORS-safelisted, which a form
    cannot send and a page elsewhere can send only after a preflight this app refuses, so it needs no token
    (and a script need not load a page first for the cookie). The app's own pages send X-CSRF-Token, which
    must match the docgen_csrf cookie (double submit): a token in a form field is not enough, since a page
    elsewhere can post a form but cannot read the cookie.
    """
    if request.headers.get(CLIENT_HEADER, "").strip():
        return True
    return request.headers.get(CSRF_HEADER) is not None and await csrf_ok(request)


def capped(request: Request) -> Request:
    """The request whose body stops with a 413 once it passes the upload limit, even without a Content-Length."""
    limit = upload_limit(request.app.state.settings)
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit + MULTIPART_OVERHEAD:
            raise UploadTooLarge(limit)
        return message

    return Request(request.scope, receive)


def error_response(error: Exception) -> Response:
    if isinstance(error, DocgenError):
        return docgen_error(error)
    if isinstance(error, HTTPException):
        return error_json(error.status_code, str(error.detail))
    if isinstance(error, RequestValidationError):
        return error_json(400, "; ".join(_request_problem(item) for item in error.errors()))
    LOG.error("internal error in the JSON API", exc_info=error)  # the log shows where; the answer does not
    return error_json(500, f"internal error: {type(error).__name__}")


def _request_problem(item: Any) -> str:
    """One problem of the request itself (a query parameter, the body's shape): where it is, and what."""
    where = ".".join(str(part) for part in item.get("loc", ()))
    return f"{where}: {item.get('msg', 'invalid')}"


# The status of each kind of DocgenError; the first class that matches wins (ConfigError is an InvalidData).
STATUSES: tuple[tuple[type[DocgenError], int], ...] = (
    (UploadOverLimit, 413),  # a data file over [web] upload_limit_mb (a UsageError, so it comes first)
    (UsageError, 400),
    (ConfigError, 409),  # the project file cannot serve this request (no number pattern for the type …)
    (InvalidData, 422),
    (CitationError, 422),
    (DocumentTooLarge, 422),
    (RegisterUnreachable, 503),  # the database is down or out of reach: the same request works once it is back
    (StoreError, 409),  # the register refuses the change (already void, a number of several companies …)
    (VerificationFailed, 409),
    (TemplateFailure, 500),  # the templates in use are broken: nothing the request can change
    (OutputError, 500),
)


def status_of(error: DocgenError) -> int:
    return next((status for kind, status in STATUSES if isinstance(error, kind)), 400)


def docgen_error(error: DocgenError) -> Response:
    status = status_of(error)
    body: dict[str, Any] = {"error": redact(error.message)}  # a message may quote the database URL
    if status == 422:
        body["problems"] = problems_of(error)
    return JSONResponse(body, status_code=status)


def problems_of(error: DocgenError) -> list[dict[str, Any]]:
    """Every problem of bad data as {field, message, row}: one per Problem, or per citation that fails."""
    if isinstance(error, InvalidData):
        return [{"field": p.path, "message": redact(p.message), "row": p.row} for p in error.problems]
    if isinstance(error, CitationError):
        return citation_problems(redact(error.message))
    return [{"field": "", "message": redact(error.message), "row": None}]


# A citation message is "SOURCE: FIELD: what; FIELD: what …" (see citations.check_citations); a part that does
# not start with a field path (the remedy after the differences) belongs to the part before it.
_CITATION_PART = re.compile(r"; (?=[A-Za-z_]\w*(?:\.\w+)*: )")
_FIELD = re.compile(r"([A-Za-z_]\w*(?:\.\w+)*): (.*)", re.S)


def citation_problems(message: str) -> list[dict[str, Any]]:
    text = message.split(": ", 1)[1] if ": " in message else message  # without the record's source
    problems = []
    for part in _CITATION_PART.split(text):
        found = _FIELD.fullmatch(part)
        field, what = found.groups() if found else ("", part)
        problems.append({"field": field, "message": what, "row": None})
    return problems


def error_json(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


async def unrouted(request: Request, error: Exception) -> Response:
    """A request that reached no route (an unknown path, a method its path does not take): under /api/ it answers
    in the API's own form, {"error": …} with 404 or 405, as a script reads every other refusal; a page keeps
    FastAPI's answer. Errors inside an API route never come here: ApiRoute answers them."""
    if not isinstance(error, StarletteHTTPException):  # registered for it alone: anything else is not ours
        raise error
    if not is_api(request.url.path):
        return await http_exception_handler(request, error)
    path, allowed = request.url.path, {k.lower(): v for k, v in (error.headers or {}).items()}.get("allow")
    message = {
        404: f"no API route at {path}: see /openapi.json",
        405: f"{request.method} is not a method of {path}; it takes {allowed}",
    }.get(error.status_code, str(error.detail))
    return error_json(error.status_code, message, error.headers)
