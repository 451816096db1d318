"""The web-security items of the team's app, each walked over every route it concerns, signed in: every change a
page sends carries the CSRF token (none, or a wrong one, is refused), every change through the JSON API needs the
bearer token (the session cookie, even with the CSRF token, is refused), every answer carries the security headers
(pages, files, JSON, redirects and refusals), and an upload is refused unless its content is what its name says.

The signed-in walks in tests/test_signin.py and tests/test_roles.py cover signing in, roles and guessed numbers;
the walks here reuse their app (tests/test_roles.Team: an account per role, a document of each type each), one for
the module: a test that signs out or changes a document does it in a session or on a document of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from docgen.web.security import CONTENT_SECURITY_POLICY, CSRF_COOKIE

from .test_roles import USERS, Team, _register, _signed_in, routes_of
from .test_signin import settings_for

WRONG = "a-token-of-another-browser"


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("team")


def _pin_register_key(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(place / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(place / "xdg-data"))


@pytest.fixture(autouse=True)
def _one_register_key(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's register keeps one key and chain head across its tests (each test would get its own)."""
    _pin_register_key(place, monkeypatch)


@pytest.fixture(scope="module")
def team(place: Path) -> Iterator[Team]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _pin_register_key(place, monkeypatch)
        url = f"sqlite:///{place / 'register.db'}"
        yield Team(settings_for(url, place), url, _register(url, place / "issued", tuple(USERS.values())))


def _filled(path: str, team: Team, type_name: str) -> str:
    """The path with an admin's real document of the type in it, so that a request that gets through reaches it."""
    number = team.numbers["admin1", type_name]
    values = {"type": type_name, "type_name": type_name, "number": number, "fmt": "html", "name": f"{number}.html",
              "batch_id": "x"}  # fmt: skip
    return re.sub(r"\{(\w+)\}", lambda match: values[match[1]], path)


def _changes(team: Team, api: bool, type_name: str) -> list[tuple[str, str]]:
    """(method, path) of every route that changes something, of the pages or of the API; signing out last."""
    found = [
        (method, _filled(path, team, type_name))
        for path, route in routes_of(team.app)
        for method in sorted(route.methods or ())
        if method not in ("GET", "HEAD") and path.startswith("/api/") is api
    ]
    assert len(found) > (3 if api else 8)
    return sorted(found, key=lambda change: change[1] == "/signout")


# ---------------------------------------------------------------- CSRF: every change a page sends


def test_every_change_a_page_sends_without_the_csrf_token_or_with_a_wrong_one_is_refused(team: Team) -> None:
    admin = _signed_in(team.app, "admin")  # a session of its own: the walk ends by signing out
    for method, path in _changes(team, api=False, type_name="offer_letter"):
        for sent in ({}, {"csrf_token": WRONG}, {"csrf_token": ""}):
            answer = admin.request(method, path, data={"reason": "x", "confirm": "yes", **sent})
            assert answer.status_code == 403 and "CSRF" in answer.text, (method, path, sent)
        header = admin.request(method, path, headers={"x-csrf-token": WRONG})  # as htmx sends it
        assert header.status_code == 403, (method, path)
        passed = admin.request(method, path, data={"csrf_token": admin.cookies[CSRF_COOKIE]})
        assert passed.status_code != 403, (method, path)  # the same request with the token gets through
    assert admin.get("/").status_code == 303  # the walk ended by signing out, with the token


def test_a_page_change_with_the_token_but_without_its_cookie_is_refused(team: Team) -> None:
    admin = team.browsers["admin"]
    token = admin.cookies[CSRF_COOKIE]
    number = team.numbers["admin1", "nda"]
    bare = TestClient(team.app, base_url=str(admin.base_url), follow_redirects=False)
    bare.cookies.set("docgen_session", admin.cookies["docgen_session"], domain="127.0.0.1")
    answer = bare.post(f"/documents/{number}/void", data={"csrf_token": token, "reason": "x", "confirm": "yes"})
    assert answer.status_code == 403  # a page elsewhere can learn no token, and cannot set the cookie either
    assert team.get("admin", f"/api/documents/{number}").json()["status"] == "issued"


# ---------------------------------------------------------------- the JSON API: the bearer token for changes


def test_every_api_change_by_the_session_cookie_is_refused_even_with_the_csrf_token(team: Team) -> None:
    admin = team.browsers["admin"]
    script = {"x-csrf-token": admin.cookies[CSRF_COOKIE], "x-docgen-client": "test"}
    for method, path in _changes(team, api=True, type_name="budget"):  # the walk voids this budget
        answer = admin.request(method, path, json={"reason": "x"}, headers=script)
        assert answer.status_code == 403 and "Bearer" in answer.json()["error"], (method, path)
        passed = admin.request(method, path, json={"reason": "x"}, headers={**script, **team.bearer("admin")})
        assert passed.status_code not in (401, 403), (method, path)  # the bearer token gets the same one through


# ---------------------------------------------------------------- the headers of every answer


def _answers(team: Team) -> list[tuple[str, Any]]:
    """Every page and API route read as admin (with a real document), a file download, a static file, a redirect,
    a refusal and a path with no route."""
    gets = [
        _filled(path, team, "offer_letter") for path, route in routes_of(team.app) if "GET" in (route.methods or ())
    ]
    gets += ["/static/docgen.css", "/no-such-page", "/documents/NONE-0000"]
    answers = [(path, team.get("admin", path)) for path in gets]
    answers.append(
        (
            "signed out",
            TestClient(team.app, base_url=str(team.browsers["admin"].base_url), follow_redirects=False).get("/"),
        )
    )
    return answers


def test_every_answer_signed_in_carries_the_policy_nosniff_and_no_referrer(team: Team) -> None:
    answers = _answers(team)
    statuses = {answer.status_code for _, answer in answers}
    assert {200, 303, 404} <= statuses  # pages, downloads, redirects and refusals among them
    assert any(answer.headers.get("content-disposition") for _, answer in answers)  # a download among them
    for path, answer in answers:
        headers = answer.headers
        assert headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, path
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "no-referrer", path


# ---------------------------------------------------------------- uploads: by content, not by name


def _upload_to_form(admin: TestClient, name: str, content: bytes) -> Any:
    data = {"csrf_token": admin.cookies[CSRF_COOKIE], "row": "1"}
    return admin.post("/new/offer_letter/upload", data=data, files={"file": (name, content)})


def _upload_to_batch(admin: TestClient, name: str, content: bytes) -> Any:
    data = {"csrf_token": admin.cookies[CSRF_COOKIE], "type": "offer_letter", "locale": "zh_CN"}
    return admin.post("/batch?lang=en_US", data=data, files={"file": (name, content)})


@pytest.mark.parametrize("upload", [_upload_to_form, _upload_to_batch])
@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("offers.yaml", b"candidate:\n  name: \x00x\n", "not a text file"),
        ("offers.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, "not UTF-8 text"),
        ("offers.xlsx", b"candidate,name\n", "not an XLSX workbook"),
        ("offers.pdf", b"%PDF-1.7\n", "upload a .yaml"),
    ],
)
def test_an_upload_whose_content_is_not_what_its_name_says_is_refused(
    team: Team, upload: Any, name: str, content: bytes, said: str
) -> None:
    answer = upload(team.browsers["admin"], name, content)
    assert said in answer.text and name in answer.text
