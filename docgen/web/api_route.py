"""The JSON API's route class: what every /api/ request must be, and docgen's errors turned into JSON answers.

Every API route goes through ApiRoute, so the rules below hold for each of them in one place:
- a request that changes something sends JSON, or multipart/form-data to a route that takes an upload (415 otherwise);
- a multipart request carries the CSRF token in X-CSRF-Token (403 otherwise), see refusal();
- an upload is no larger than [web] upload_limit_mb (413);
- a DocgenError becomes {"error": message} (with "problems" for bad data) and a status; nothing shows a traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from fastapi.params import File
from fastapi.routing import APIRoute
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
    StoreError,
    TemplateFailure,
    UsageError,
    VerificationFailed,
)
from ..store.location import redact
from .security import CSRF_HEADER, UNSAFE_METHODS, csrf_ok
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
    send a JSON content type or a custom header without a CORS preflight, which this app never grants.
    So a JSON body is proof enough that the request comes from a script allowed here (or a tool such as
    curl), and a multipart upload must also carry the cookie's CSRF token in the X-CSRF-Token header.
    """
    if request.method not in UNSAFE_METHODS:
        return None
    if media_type(request) != takes:
        return error_json(415, f"send the body as {takes}, not {media_type(request) or 'nothing'}")
    if takes == MULTIPART:
        if request.headers.get(CSRF_HEADER) is None or not await csrf_ok(request):
            return error_json(403, "an upload needs the X-CSRF-Token header with the docgen_csrf cookie's value")
        limit = upload_limit(request.app.state.settings)
        if int(request.headers.get("content-length") or 0) > limit + MULTIPART_OVERHEAD:
            return error_json(413, UploadTooLarge(limit).detail)
    return None


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
    (UsageError, 400),
    (ConfigError, 409),  # the project file cannot serve this request (no number pattern for the type …)
    (InvalidData, 422),
    (CitationError, 422),
    (DocumentTooLarge, 422),
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


def error_json(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)
