"""Signing in to docgen serve once accounts exist: every route asks who is there, sessions live in the
register (so every worker shares them), tokens for the API, and the guards around sign-in."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from starlette.routing import Route
from typer.testing import CliRunner

from docgen.cli import app as cli
from docgen.config import Settings, load_settings
from docgen.store.accounts import ACCOUNT_FAILURES, open_accounts
from docgen.web.app import create_app
from docgen.web.signin import SESSION_COOKIE, safe_next

from .conftest import SAMPLES

PASSWORD = "Correct-Horse-42"
BASE = "http://127.0.0.1:8000"


def settings_for(database: str, tmp_path: Path, **web: Any) -> Settings:
    settings = load_settings(SAMPLES / "docgen.toml").with_overrides(database=database)
    return settings.model_copy(update={"web": settings.web.model_copy(update={"files": tmp_path / "issued", **web})})


def with_account(database: str) -> None:
    with open_accounts(database) as accounts:
        accounts.add("alice", "sales", PASSWORD)


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    with_account(url)
    return url


@pytest.fixture
def client(database: str, tmp_path: Path) -> TestClient:
    return TestClient(create_app(settings_for(database, tmp_path)), base_url=BASE, follow_redirects=False)


def sign_in(client: TestClient, name: str = "alice", password: str = PASSWORD, next: str = "/") -> Any:
    client.get("/signin")  # the CSRF cookie
    token = client.cookies.get("docgen_csrf")
    form = {"csrf_token": token, "name": name, "password": password, "next": next}
    return client.post("/signin", data=form)


def _routes(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    for route in routes:
        included = getattr(route, "original_router", None)  # a router included in the app, walked into
        if included is not None:
            yield from _routes(included.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route):
            yield prefix + route.path, set(route.methods or ())


def every_route(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of each route of the app, its path parameters filled in."""
    walked = []
    for path, methods in _routes(app.routes):
        if path != "/signin":
            walked += [(method, re.sub(r"\{[^}]+\}", "x", path)) for method in sorted(methods) if method != "HEAD"]
    return walked


def test_the_walk_covers_pages_api_and_docs(client: TestClient) -> None:
    walked = every_route(client.app)  # type: ignore[arg-type]
    assert ("GET", "/") in walked and ("POST", "/api/documents/x/void") in walked
    assert ("GET", "/api/docs") in walked and ("POST", "/signout") in walked and len(walked) > 30


def test_every_page_sends_a_signed_out_browser_to_sign_in(client: TestClient) -> None:
    for method, path in every_route(client.app):  # type: ignore[arg-type]
        if path.startswith("/api/"):
            continue
        answer = client.request(method, path + "?a=1")
        assert answer.status_code == 303, (method, path)
        assert answer.headers["location"] == "/signin?next=" + path.replace("/", "%2F") + "%3Fa%3D1", (method, path)


def test_every_api_route_answers_401_json_signed_out(client: TestClient) -> None:
    for method, path in every_route(client.app):  # type: ignore[arg-type]
        if path.startswith("/api/"):
            answer = client.request(method, path, json={})
            assert answer.status_code == 401, (method, path)
            assert "Bearer" in answer.json()["error"]


def test_a_wrong_or_revoked_token_is_401(client: TestClient, database: str) -> None:
    with open_accounts(database) as accounts:
        token = accounts.new_token("alice")
        accounts.revoke_tokens("alice")
    for header in (f"Bearer {token}", "Bearer nonsense", f"Basic {token}"):
        assert client.get("/api/types", headers={"authorization": header}).status_code == 401


def test_the_api_takes_a_bearer_token(client: TestClient, database: str) -> None:
    with open_accounts(database) as accounts:
        token = accounts.new_token("alice")
    bearer = {"authorization": f"Bearer {token}"}
    assert client.get("/api/types", headers=bearer).status_code == 200
    answer = client.post("/api/documents/HT-0000/void", json={"reason": "test"}, headers=bearer)
    assert answer.status_code not in (401, 403)  # past sign-in: the register answers for the number


def test_a_change_through_the_api_by_cookie_alone_is_refused(client: TestClient) -> None:
    assert sign_in(client).status_code == 303
    assert client.get("/api/types").status_code == 200  # reading with the session cookie is fine
    answer = client.post("/api/documents/HT-0000/void", json={"reason": "test"})
    assert answer.status_code == 403 and "Bearer" in answer.json()["error"]


def test_signing_in_leads_to_the_page_asked_for(client: TestClient) -> None:
    assert client.get("/documents").headers["location"] == "/signin?next=%2Fdocuments"
    page = client.get("/signin?next=%2Fdocuments")
    assert page.status_code == 200 and 'name="next" value="/documents"' in page.text
    answer = sign_in(client, next="/documents")
    assert answer.status_code == 303 and answer.headers["location"] == "/documents"
    home = client.get("/")
    assert home.status_code == 200 and "alice" in home.text and 'action="/signout"' in home.text


def test_the_sign_in_page_speaks_the_interface_language(client: TestClient) -> None:
    assert "登录" in client.get("/signin").text
    assert "登入" in client.get("/signin?lang=zh_TW").text
    assert "Sign in" in client.get("/signin?lang=en_US").text


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example", "evil", "/\t/evil", ""]
)
def test_after_sign_in_only_a_local_path_is_followed(client: TestClient, target: str) -> None:
    assert safe_next(target) == "/"
    answer = sign_in(client, next=target)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_local_path_with_its_query_is_kept() -> None:
    assert safe_next("/documents?year=2026&status=issued") == "/documents?year=2026&status=issued"


def test_the_session_cookie_is_httponly_lax_and_not_secure_over_http(client: TestClient) -> None:
    cookie = sign_in(client).headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie


def test_the_session_cookie_is_secure_over_https(database: str, tmp_path: Path) -> None:
    client = TestClient(create_app(settings_for(database, tmp_path)), base_url="https://127.0.0.1:8000")
    client.follow_redirects = False
    assert "Secure" in sign_in(client).headers["set-cookie"]


def test_the_session_cookie_is_secure_behind_an_https_proxy(database: str, tmp_path: Path) -> None:
    client = TestClient(create_app(settings_for(database, tmp_path, https=True)), base_url=BASE)
    client.follow_redirects = False
    assert "Secure" in sign_in(client).headers["set-cookie"]


def test_a_session_id_set_before_sign_in_is_never_kept(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "chosen-by-an-attacker", domain="127.0.0.1")
    sign_in(client)
    after = client.cookies.get(SESSION_COOKIE)
    assert after and after != "chosen-by-an-attacker"
    first = after
    sign_in(client)  # signing in again ends the session this browser had
    assert client.cookies.get(SESSION_COOKIE) != first
    client.cookies.set(SESSION_COOKIE, first, domain="127.0.0.1")
    assert client.get("/").status_code == 303


def test_a_wrong_password_shows_the_form_again(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    answer = sign_in(client, password="Wrong-Password-9")
    assert answer.status_code == 401 and "用户名或密码错误" in answer.text
    assert SESSION_COOKIE not in client.cookies
    assert "Wrong-Password-9" not in answer.text + caplog.text
    sign_in(client)
    assert PASSWORD not in caplog.text


def test_a_locked_account_answers_as_a_wrong_password(client: TestClient) -> None:
    for attempt in range(ACCOUNT_FAILURES):
        wrong = sign_in(client, password=f"wrong-{attempt}")
    locked = sign_in(client)
    assert locked.status_code == wrong.status_code == 401
    said = re.compile(r'<p class="form-error" role="alert">(.*?)</p>')
    assert said.findall(locked.text) == said.findall(wrong.text) != []


def test_an_idle_session_ends(client: TestClient, database: str) -> None:
    sign_in(client)
    assert client.get("/").status_code == 200
    with open_accounts(database) as accounts:
        accounts._db.change("UPDATE docgen_sessions SET last_seen = ?", (int(time.time()) - 61 * 60,))
    assert client.get("/").status_code == 303  # the default idle time is 60 minutes


def test_signing_out_ends_the_session(client: TestClient) -> None:
    sign_in(client)
    session = client.cookies.get(SESSION_COOKIE)
    answer = client.post("/signout", data={"csrf_token": client.cookies.get("docgen_csrf")})
    assert answer.status_code == 303 and answer.headers["location"] == "/signin"
    client.cookies.set(SESSION_COOKIE, str(session), domain="127.0.0.1")
    assert client.get("/").status_code == 303


def test_a_session_is_shared_by_every_worker(register_url: str, tmp_path: Path) -> None:
    with_account(register_url)
    first, second = (
        TestClient(create_app(settings_for(register_url, tmp_path)), base_url=BASE, follow_redirects=False)
        for _ in range(2)
    )
    sign_in(first)
    second.cookies.update(first.cookies)
    assert second.get("/").status_code == 200


def test_request_state_user_names_the_signed_in_account(database: str, tmp_path: Path) -> None:
    app = create_app(settings_for(database, tmp_path))

    @app.get("/whoami")
    def whoami(request: Request) -> dict[str, Any]:
        return {"user": getattr(request.state, "user", "unset")}

    client = TestClient(app, base_url=BASE, follow_redirects=False)
    sign_in(client)
    assert client.get("/whoami").json() == {"user": "alice"}
    bare = create_app(settings_for(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path))
    bare.get("/whoami")(whoami)
    assert TestClient(bare, base_url=BASE).get("/whoami").json() == {"user": None}


def test_without_accounts_nothing_asks_to_sign_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    client = TestClient(create_app(settings_for(url, tmp_path)), base_url=BASE, follow_redirects=False)
    assert client.get("/").status_code == 200
    assert client.get("/api/types").status_code == 200
    assert not (tmp_path / "register.db").exists()  # looking for accounts creates no register


@pytest.mark.parametrize("path", ["/signin", "/", "/api/types", "/no-such-page"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_sign_in_page_has_no_inline_script(client: TestClient) -> None:
    assert "<script>" not in client.get("/signin").text


def test_a_configured_host_name_is_answered(database: str, tmp_path: Path) -> None:
    app = create_app(settings_for(database, tmp_path, hosts=["docgen.office.lan"]))
    client = TestClient(app, base_url="http://docgen.office.lan:8000", follow_redirects=False)
    assert client.get("/signin").status_code == 200
    assert client.get("/signin", headers={"host": "evil.example:8000"}).status_code == 421


def test_serve_beyond_this_machine_is_allowed_once_accounts_exist(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, log_level: served.append(host))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", database])
    assert result.exit_code == 0 and served == ["0.0.0.0"]


def test_serve_beyond_this_machine_is_refused_without_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: pytest.fail("served without accounts"))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "serving beyond this machine needs accounts" in result.stderr


def test_a_register_out_of_reach_never_opens_the_app(tmp_path: Path) -> None:
    url = "postgresql://clerk:hunter2@127.0.0.1:1/docgen"
    client = TestClient(create_app(settings_for(url, tmp_path)), base_url=BASE, follow_redirects=False)
    for path, status in (("/", 503), ("/api/types", 503)):  # the pages and the API alike: try again later
        answer = client.get(path)
        assert answer.status_code == status and "hunter2" not in answer.text and "clerk:***@127.0.0.1:1" in answer.text


def test_a_failed_sign_in_is_in_the_audit_trail_without_the_password(client: TestClient, database: str) -> None:
    from docgen.store import open_register

    sign_in(client, name="mallory" + "x" * 300, password="Guessed-Password-1")
    with open_register(database) as register:
        events = [event for event in register.trail() if event.kind == "sign-in failed"]
        assert register.check().events >= 1  # check() raises ChainBroken on a tampered chain
    assert len(events) == 1
    body = json.loads(events[0].body)
    assert body["by"] == ("mallory" + "x" * 300)[:100] and body["from"] == "testclient"
    assert "Guessed-Password-1" not in events[0].body


def test_the_pages_icon_is_served_signed_out_without_a_cookie(client: TestClient) -> None:
    """A browser asks for the icon the page names, not /favicon.ico, whose answer signed out is the sign-in page
    with a new CSRF cookie that would replace the one of a sign-in form already shown."""
    page = client.get("/signin")
    [icon] = re.findall(r'<link rel="icon" href="([^"]+)"', page.text)
    answer = client.get(icon)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert "set-cookie" not in answer.headers
