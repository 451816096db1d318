"""The app: FastAPI with server-rendered pages (Jinja2, autoescaped), vendored htmx and the JSON API.

create_app takes the settings the CLI resolved (project file, templates, register), so the app uses
the same validation, templates and register as `docgen`, and the same numbers.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings
from ..errors import RegisterUnreachable
from . import api, pages, register_pages
from .access import OPEN, needs
from .api_route import unrouted
from .batch_pages import router as batch_router
from .forms_pages import router as forms_router
from .pages import LANGS, ROLE_WORDS
from .security import GuardMiddleware, allowed_hosts, csrf_middleware, csrf_token
from .signin import SignInMiddleware, unavailable
from .signin import router as signin_router
from .upkeep import upkeep

HERE = Path(__file__).parent
HTMX = "htmx-2.0.11.min.js"  # vendored from the npm package htmx.org 2.0.11 (Zero-Clause BSD): no CDN

API_DESCRIPTION = """The JSON API of `docgen serve`: the same checks, numbers and register as the `docgen` commands.

Every refusal answers `{"error": "…"}` with its status (422 adds `"problems"`), also for a path under /api/
that has no route (404) and a method its path does not take (405, with an Allow header).

Once the register holds accounts (`docgen users add`), every route needs `Authorization: Bearer TOKEN`
(`docgen users token NAME`); a signed-in browser's session cookie is enough only for a request that reads.

A request that changes something sends JSON, or multipart/form-data to a route that takes a file. A multipart
request also carries the X-Docgen-Client header (any value, e.g. the script's name), or X-CSRF-Token with the
docgen_csrf cookie's value as the pages send it.
"""


def page_templates() -> Jinja2Templates:
    """The app's own page templates (not documents): autoescaped, so data never becomes markup."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.globals.update(htmx=HTMX, csrf_token=csrf_token, langs=LANGS, role_words=ROLE_WORDS)
    return templates


def _add_docs(app: FastAPI) -> None:
    """The API's description and its browsable docs, open to every signed-in user."""

    @app.get("/openapi.json", include_in_schema=False, dependencies=[needs(OPEN)])
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/api/docs", include_in_schema=False, dependencies=[needs(OPEN)])
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="docgen - Swagger UI")


def register_unreachable(request: Request, error: Exception) -> Response:
    """The one answer to a register out of reach, wherever a route meets it (a connection lost midway too): 503,
    a page for the pages and JSON for the API; the next request tries the database again, so no restart."""
    if not isinstance(error, RegisterUnreachable):  # registered for it alone: anything else is not ours
        raise error
    return unavailable(request, error)


def create_app(settings: Settings, *, port: int = 8000, hosts: frozenset[str] | None = None) -> FastAPI:
    """The app for these settings; hosts: the Host headers allowed (default: this machine's, with port)."""
    app = FastAPI(
        title="docgen",
        description=API_DESCRIPTION,
        docs_url=None,  # added below, with their need declared as every route's is
        redoc_url=None,
        openapi_url=None,
        lifespan=upkeep,  # voids what a dead worker left reserved (upkeep.py)
    )
    app.state.settings = settings
    app.state.templates = page_templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # Only the JSON API is documented in /openapi.json; the pages are for people.
    app.include_router(signin_router, include_in_schema=False)
    app.include_router(pages.router, include_in_schema=False)
    app.include_router(register_pages.router, include_in_schema=False)
    app.include_router(forms_router, include_in_schema=False)
    app.include_router(batch_router, include_in_schema=False)
    app.include_router(api.router)
    _add_docs(app)
    app.add_exception_handler(StarletteHTTPException, unrouted)
    app.add_exception_handler(RegisterUnreachable, register_unreachable)
    app.middleware("http")(csrf_middleware())
    app.add_middleware(SignInMiddleware)  # before the CSRF check: a signed-out request is sent to sign in first
    app.add_middleware(GuardMiddleware, hosts=hosts if hosts is not None else allowed_hosts(port, settings.web.hosts))
    return app
