"""Who is using the app: sign-in, sessions and API tokens, once the register holds accounts.

Without accounts the app is one person's, on this machine only (see security.check_bind_host), and nothing here
asks for a name. With accounts, every page and API route needs a signed-in user:
- a page answers a signed-out browser with a redirect to /signin?next=<where it was going>;
- the JSON API answers 401 unless it gets `Authorization: Bearer TOKEN` (docgen users token) or, for a request
  that only reads, the session cookie. A request that changes something through the API must carry the bearer
  token: the cookie alone goes with any request a page elsewhere makes, so it proves nothing (CSRF).
request.state.user holds the signed-in account's name, or None without accounts; request.state.role its role.
Sessions live in the register's database, so every worker of the app shares them.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ..config import Settings
from ..errors import SignInRefused, StoreError
from ..i18n import N_, error_text, translator
from ..store.accounts import accounts_exist, open_accounts
from .access import OPEN, needs
from .api_route import docgen_error
from .auditing import record_failed_sign_in
from .pages import interface_lang, render_page
from .register_pages import _unavailable as register_unavailable
from .security import UNSAFE_METHODS

SESSION_COOKIE = "docgen_session"
# A failed sign-in records the name tried, cut to this length: the form takes any text and the trail is read.
MAX_NAME_RECORDED = 100
OPEN_PATHS = ("/signin", "/static/")  # reachable signed out: the sign-in page and its stylesheet and scripts

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Where to go after sign-in: a path of this app only, never another site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            kind, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if kind.lower() == "bearer" and token.strip() else None
    return None


def _who(settings: Settings, request: Request) -> tuple[bool, str | None, str | None, bool]:
    """Whether accounts exist, the signed-in user and their role, and whether the user came by bearer token."""
    if not accounts_exist(settings.database):
        return False, None, None, False
    token = _bearer(request.scope) if request.url.path.startswith("/api/") else None
    with open_accounts(settings.database) as accounts:
        if token is not None:
            user, by_token = accounts.token_user(token), True
        else:
            session = request.cookies.get(SESSION_COOKIE)
            user, by_token = accounts.session_user(session, settings.web.idle_minutes) if session else None, False
        return True, user, (accounts.role_of(user) if user else None), by_token


class SignInMiddleware:
    """Sets request.state.user, and turns a request without a signed-in user away (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        request.state.user, request.state.role = None, None
        try:
            needed, user, role, by_token = await run_in_threadpool(_who, request.app.state.settings, request)
        except StoreError as error:  # never open up when the accounts cannot be read
            await unavailable(request, error)(scope, receive, send)
            return
        request.state.user, request.state.role = user, role
        refused = _refusal(request, needed, user, by_token)
        await (refused or self.app)(scope, receive, send)


def _refusal(request: Request, needed: bool, user: str | None, by_token: bool) -> Response | None:
    path = request.url.path
    if not needed or path == "/signin" or path.startswith("/static/"):
        return None
    words = translator(interface_lang(request))
    if path.startswith("/api/"):
        if user is None:
            return JSONResponse({"error": words(N_("sign in first: send Authorization: Bearer TOKEN"))}, 401)
        if request.method in UNSAFE_METHODS and not by_token:
            return JSONResponse({"error": words(N_("a change through the API needs Authorization: Bearer TOKEN"))}, 403)
        return None
    if user is None:
        target = path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
    return None


def unavailable(request: Request, error: StoreError) -> Response:
    """The register's refusal as the routes answer it: the API's JSON, the register pages' page (both 503 when
    the database is out of reach)."""
    if request.url.path.startswith("/api/"):
        return docgen_error(error)
    return register_unavailable(request, error)


def set_session_cookie(request: Request, response: Response, session: str) -> None:
    """HttpOnly (no script reads it), SameSite=Lax (not sent with another site's posts), Secure over HTTPS."""
    secure = request.url.scheme == "https" or request.app.state.settings.web.https
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax", secure=secure, path="/")


@router.get("/signin", response_class=HTMLResponse, dependencies=[needs(OPEN)])
def signin_page(request: Request, next: str = "/") -> Response:
    return render_page(request, "signin.html", next=safe_next(next), refused="")


@router.post("/signin", response_class=HTMLResponse, dependencies=[needs(OPEN)])
def signin(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")) -> Response:
    settings = request.app.state.settings
    address = request.client.host if request.client else ""
    try:
        with open_accounts(settings.database) as accounts:
            session = accounts.sign_in(name, password, address, old_session=request.cookies.get(SESSION_COOKIE))
    except SignInRefused as error:
        record_failed_sign_in(settings, request, name[:MAX_NAME_RECORDED], "wrong name or password, or locked")
        refused = error_text(error, interface_lang(request))
        page = render_page(request, "signin.html", next=safe_next(next), refused=refused)
        page.status_code = 401
        return page
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, session)
    return response


@router.post("/signout", dependencies=[needs(OPEN)])
def signout(request: Request) -> Response:
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        with open_accounts(request.app.state.settings.database) as accounts:
            accounts.sign_out(session)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
