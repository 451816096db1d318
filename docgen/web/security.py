"""What keeps the app to its own pages, and to this machine until accounts exist.

- Only 127.0.0.1 (or ::1, localhost) may be bound until accounts exist (signin.py then asks who is there).
- A request whose Host is not in the allow-list is refused, so a page elsewhere cannot reach the
  app through DNS rebinding (a hostile name resolving to 127.0.0.1 still carries its own Host).
- Every response carries a Content-Security-Policy without inline scripts or styles, and no framing.
- Every form that changes something carries a CSRF token, bound to a cookie (double submit); htmx
  sends it as the X-CSRF-Token header, read from the page's <meta name="csrf-token">.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Iterable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import UsageError
from .storage import upload_limit

LOOPBACK = ("127.0.0.1", "::1", "localhost")
CSRF_COOKIE = "docgen_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
CLIENT_HEADER = "x-docgen-client"  # a script's own header: no cross-site form can send it (see api_route)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FORM_OVERHEAD = 64 * 1024  # a form's other fields and multipart headers, besides the upload itself

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def check_bind_host(host: str, with_accounts: bool) -> None:
    """Refuse any address but this machine's own until accounts exist to decide who may use the app."""
    if host not in LOOPBACK and not with_accounts:
        raise UsageError(
            "--host {host}: serving beyond this machine needs accounts (docgen users add); use 127.0.0.1", host=host
        )


def allowed_hosts(port: int, named: Iterable[str] = ()) -> frozenset[str]:
    """The Host headers the app answers: this machine's (127.0.0.1 and localhost, with the port), and the names
    [web] hosts gives for a team's network (a name without a port is taken with the app's port)."""
    own = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}
    return frozenset(own | {name if ":" in name else f"{name}:{port}" for name in named})


OWN_POLICY_HEADERS = frozenset({"content-security-policy", "x-frame-options"})  # a response may narrow these


class GuardMiddleware:
    """Refuses a request with a Host not allowed; adds the security headers to every response."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(host.lower() for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Request(scope).headers.get("host", "").lower()
        if host not in self.hosts:
            await PlainTextResponse("host not allowed", status_code=421)(scope, receive, _secured(send))
            return
        await self.app(scope, receive, _secured(send))


def _secured(send: Send) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            # A response that sets its own policy keeps it: the document preview, framed by the app's own page,
            # narrows it to its styles, with no scripts (see forms_pages.preview).
            own = {k.decode("latin-1").lower() for k, _ in headers} & OWN_POLICY_HEADERS
            headers = [(k, v) for k, v in headers if k.decode("latin-1").lower() not in SECURITY_HEADERS.keys() - own]
            headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items() if k not in own]
            message = {**message, "headers": headers}
        await send(message)

    return send_with_headers


def csrf_token(request: Request) -> str:
    """The token of this browser: the cookie's, or a new one that the response must set (see set_csrf_cookie)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return str(token)


def set_csrf_cookie(request: Request, response: Response) -> Response:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict", path="/")
    return response


async def csrf_ok(request: Request) -> bool:
    """Whether a request that changes something carries the cookie's token, as a header or a form field."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie:
        return False
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and _is_form(request):
        form = await request.form()
        sent = str(form.get(CSRF_FIELD) or "")
        await form.close()  # the page parses the kept body again, into files of its own
    return bool(sent) and hmac.compare_digest(str(sent), cookie)


def _is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith(FORM_TYPES)


async def _kept_body(request: Request) -> bool:
    """Reads a form's body once, up to the upload limit, and keeps it: the page then reads the same form (a form
    parsed from the stream here would reach the page empty). False when the body is larger than the limit."""
    limit = upload_limit(request.app.state.settings) + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return False
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return False
        chunks.append(chunk)
    request._body = b"".join(chunks)  # what Request.body() keeps; replayed to the page by call_next
    return True


def csrf_middleware() -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """Refuses (403) a page request that changes something without the token; the JSON API checks its own."""

    async def check(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        needs = request.method in UNSAFE_METHODS and not request.url.path.startswith("/api/")
        if needs and CSRF_HEADER not in request.headers and _is_form(request) and not await _kept_body(request):
            return PlainTextResponse("the upload is larger than this app accepts", status_code=413)
        if needs and not await csrf_ok(request):
            return PlainTextResponse("missing or wrong CSRF token: reload the page", status_code=403)
        return set_csrf_cookie(request, await call_next(request))

    return check
