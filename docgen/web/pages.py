"""The pages office staff use; each renders a template of docgen/web/templates."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..i18n import N_, translator
from ..locale.fields import title
from .access import OPEN, needs, request_access

router = APIRouter()
LANGS = ("zh_CN", "zh_TW", "en_US")  # the interface language; zh_CN unless the user picks another
# The roles' names as the header shows them next to the signed-in user (msgids of the interface's catalogs).
ROLE_WORDS = {"sales": N_("Sales"), "hr": N_("HR"), "finance": N_("Finance"), "admin": N_("Administrator")}


def interface_lang(request: Request) -> str:
    """The interface language: ?lang=, else the lang cookie, else zh_CN; independent of the document locale."""
    asked = request.query_params.get("lang") or request.cookies.get("lang") or "zh_CN"
    return asked if asked in LANGS else "zh_CN"


def render_page(request: Request, name: str, **context: object) -> HTMLResponse:
    lang = interface_lang(request)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, name, {"lang": lang, "_": translator(lang), **context}
    )
    if request.query_params.get("lang") == lang:
        response.set_cookie("lang", lang, samesite="lax", path="/")
    return response


@router.get("/", response_class=HTMLResponse, dependencies=[needs(OPEN)])
def home(request: Request) -> HTMLResponse:
    """Every document type, by its title in the interface language."""
    lang = interface_lang(request)
    types = [(name, title(name, lang)) for name in request_access(request).types("draft")]
    return render_page(request, "home.html", types=types)
