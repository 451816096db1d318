"""PostgreSQL goes away and comes back: the app answers 503 meanwhile, pages and API alike, and recovers alone.

The outage is a TCP proxy in front of the test server, cut and restored inside the test; the shared server
itself is never stopped.
"""

from __future__ import annotations

import contextlib
import copy
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

import docgen.issuing
from docgen.inputs import load_records
from docgen.samples import sample_path
from docgen.store import open_register
from docgen.store.accounts import open_accounts
from docgen.store.postgres import PostgresConnection
from docgen.web.access import Need
from docgen.web.app import create_app

from .test_signin import BASE, PASSWORD, settings_for, sign_in
from .webforms import form_pairs, post_form


class Proxy:
    """Forwards a local port to the server; cut() closes it and every connection through it, restore() reopens."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        self._server = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: the same port again
        self.port = self._server.getsockname()[1]
        self._server.settimeout(0.1)
        self._running = True
        self._acceptor = threading.Thread(target=self._accept, args=(self._server,), daemon=True)
        self._acceptor.start()

    def cut(self) -> None:
        self._running = False
        self._server.close()
        # A close does not wake an accept() under way: the port stays taken until its timeout ends it.
        self._acceptor.join()
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def _accept(self, server: socket.socket) -> None:
        while self._running:
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(self.target, timeout=10)
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    _close(sink)


def _through(url: str, port: int) -> str:
    parts = urlsplit(url)
    userinfo = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{userinfo}127.0.0.1:{port}"))


@pytest.fixture
def proxy(pg_url: str) -> Iterator[Proxy]:
    parts = urlsplit(pg_url)
    forwarding = Proxy((parts.hostname or "127.0.0.1", parts.port or 5432))
    yield forwarding
    forwarding.cut()


def test_postgresql_going_away_answers_503_and_coming_back_needs_no_restart(
    pg_url: str, proxy: Proxy, tmp_path: Path
) -> None:
    with open_accounts(pg_url) as accounts:
        accounts.add("alice", "sales", PASSWORD)
        token = accounts.new_token("alice")
    url = _through(pg_url, proxy.port)
    client = TestClient(create_app(settings_for(url, tmp_path)), base_url=BASE, follow_redirects=False)
    assert sign_in(client).status_code == 303
    api = {"Authorization": f"Bearer {token}"}

    def answers() -> tuple[int, int, int]:
        return (
            client.get("/").status_code,
            client.get("/documents").status_code,
            client.get("/api/types", headers=api).status_code,
        )

    assert answers() == (200, 200, 200)
    proxy.cut()
    page, listing, json_answer = client.get("/"), client.get("/documents"), client.get("/api/types", headers=api)
    assert (page.status_code, listing.status_code, json_answer.status_code) == (503, 503, 503)
    assert "登记簿无法使用" in page.text and "127.0.0.1" in page.text  # the sample project speaks zh_CN
    assert json_answer.headers["content-type"] == "application/json"
    assert json_answer.json()["error"].startswith("cannot reach the register at")
    assert "docgen_test:docgen_test" not in page.text + json_answer.text  # the password stays masked
    proxy.restore()
    assert answers() == (200, 200, 200)


def test_a_connection_lost_midway_is_told_apart_from_a_refusal(pg_url: str, proxy: Proxy) -> None:
    from docgen.errors import RegisterUnreachable, StoreError
    from docgen.store import open_register

    with open_register(_through(pg_url, proxy.port)) as register:
        with pytest.raises(StoreError) as refused:  # the server answers: a plain refusal
            register._db.query("SELECT * FROM docgen_no_such_table")
        assert not isinstance(refused.value, RegisterUnreachable)
        proxy.cut()
        with pytest.raises(RegisterUnreachable, match="lost the connection to the register at"):
            register.entries()


# Every route that reads the register or the accounts, while PostgreSQL is gone and when the connection is lost
# in the middle of the request; then each of them again, working, without a restart.

CHEAP = "resignation_certificate"  # the quickest type to issue, as HTML


def _certificate(index: int) -> dict[str, Any]:
    data = copy.deepcopy(load_records(sample_path(CHEAP))[0].data)
    data["employee"]["name"] = f"员工{index:04d}"  # another record: a number of its own
    data.pop("clearance_number", None)  # a certificate need not cite an exit clearance, and this register has none
    return data


@dataclass
class Scene:
    """A signed-in admin's browser and token on a register seen through the proxy, holding some documents."""

    client: TestClient
    api: dict[str, str]
    kept: str  # a certificate that stays issued
    voided: tuple[str, str]  # one voided through the page, one through the API, once all is back
    offer: str  # an offer letter an NDA is derived from
    content: bytes  # the kept certificate's issued HTML, to verify
    form: list[tuple[str, str]]  # the certificate's form filled from the sample, as the page sends it


def _scene(pg_url: str, proxy: Proxy, tmp_path: Path) -> Scene:
    with open_accounts(pg_url) as accounts:
        accounts.add("alice", "admin", PASSWORD)
        token = accounts.new_token("alice")
    app = create_app(settings_for(_through(pg_url, proxy.port), tmp_path))
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    signed = sign_in(client)
    assert signed.status_code == 303, signed.text
    api = {"Authorization": f"Bearer {token}"}
    issued = [client.post(f"/api/types/{CHEAP}/issue?format=html", json=_certificate(i), headers=api) for i in range(3)]
    offer = client.post("/api/types/offer_letter/issue?format=html", json=_sample("offer_letter"), headers=api)
    assert [answer.status_code for answer in [*issued, offer]] == [200] * 4
    kept, *voided = [answer.json()["number"] for answer in issued]
    content = _issued_file(tmp_path, kept)
    pairs = [(k, v) for k, v in form_pairs(client.get(f"/new/{CHEAP}?from=sample").text) if k != "_action"]
    # Another record, citing no exit clearance (this register holds none)
    form = [(k, "员工0007" if k == "employee.name" else v) for k, v in pairs if k != "clearance_number"]
    return Scene(client, api, kept, (voided[0], voided[1]), offer.json()["number"], content, form)


def _sample(type_name: str) -> dict[str, Any]:
    return copy.deepcopy(load_records(sample_path(type_name))[0].data)


def _issued_file(tmp_path: Path, number: str) -> bytes:
    return (tmp_path / "issued" / f"{number}.html").read_bytes()


# name: (request, whether the route itself reads the register, the status once all is well)
Call = Callable[[Scene], Any]


def _routes(scene: Scene) -> dict[str, tuple[Call, bool, int]]:
    csrf = scene.client.cookies.get("docgen_csrf") or ""
    page_post = {"X-CSRF-Token": csrf}
    upload = {"file": ("copy.html", scene.content, "text/html")}
    n, (void_page, void_api) = scene.kept, scene.voided
    form = {"csrf_token": csrf, "name": "alice", "password": PASSWORD, "next": "/"}
    return {
        "sign-in": (lambda s: s.client.post("/signin", data=form), True, 303),
        "home": (lambda s: s.client.get("/"), False, 200),
        "list": (lambda s: s.client.get("/documents"), True, 200),
        "document": (lambda s: s.client.get(f"/documents/{n}"), True, 200),
        "download": (lambda s: s.client.get(f"/documents/{n}/files/html"), True, 200),
        "issued page": (lambda s: s.client.get(f"/issued/{n}"), True, 200),
        "issued download": (lambda s: s.client.get(f"/issued/{n}/html"), True, 200),
        "derive": (lambda s: s.client.get(f"/new/nda?derive={s.offer}"), True, 200),
        "verify": (lambda s: s.client.post("/verify", files=upload, headers=page_post), True, 200),
        "issue page": (lambda s: _issue_page(s, csrf), True, 303),
        "void page": (lambda s: s.client.post(f"/documents/{void_page}/void", data=_void_form(csrf)), True, 303),
        "api types": (lambda s: s.client.get("/api/types", headers=s.api), False, 200),
        "api list": (lambda s: s.client.get("/api/documents", headers=s.api), True, 200),
        "api document": (lambda s: s.client.get(f"/api/documents/{n}", headers=s.api), True, 200),
        "api download": (lambda s: s.client.get(f"/api/documents/{n}/files/{n}.html", headers=s.api), True, 200),
        "api verify": (lambda s: s.client.post("/api/verify", files=upload, headers=_script(s)), True, 200),
        "api validate": (lambda s: s.client.post(f"/api/types/{CHEAP}/validate", json=_certificate(9), headers=s.api), True, 200),
        "api issue": (lambda s: s.client.post(f"/api/types/{CHEAP}/issue?format=html", json=_certificate(8), headers=s.api), True, 200),
        "api void": (lambda s: s.client.post(f"/api/documents/{void_api}/void", json={"reason": "test"}, headers=s.api), True, 200),
        "sign-out": (lambda s: s.client.post("/signout", data={"csrf_token": csrf}), True, 303),
    }  # fmt: skip


def _script(scene: Scene) -> dict[str, str]:
    return {**scene.api, "X-Docgen-Client": "test"}


def _void_form(csrf: str) -> dict[str, str]:
    return {"csrf_token": csrf, "reason": "written by mistake", "confirm": "yes"}


def _issue_page(scene: Scene, csrf: str) -> Any:
    return post_form(scene.client, f"/new/{CHEAP}", [*scene.form, ("_action", "issue"), ("csrf_token", csrf)])


def _unavailable(name: str, answer: Any) -> None:
    """The register's 503: the page in the interface language, the API's JSON; nothing else, no password."""
    assert answer.status_code == 503, (name, answer.status_code, answer.text[:300])
    assert "docgen_test:docgen_test" not in answer.text
    if "api" in name:
        assert answer.headers["content-type"] == "application/json", name
        assert re.match(r"(cannot reach|lost the connection to) the register at", answer.json()["error"]), name
    else:
        assert answer.headers["content-type"].startswith("text/html"), name
        assert "登记簿无法使用" in answer.text, name


@dataclass
class Midway:
    """Where the next request loses its connection: None, not at all; "need", at its route's first statement
    once the route's declared need was checked (so after sign-in's own reads); "issue", at the first statement
    of issuing itself, once the record passed its checks."""

    at: str | None = None


@pytest.fixture
def lost_midway(monkeypatch: pytest.MonkeyPatch, proxy: Proxy) -> Midway:
    """The connection a route opened and started to use is lost under it: the proxy is cut just before the
    statement (see Midway)."""
    midway, armed = Midway(), threading.Event()
    checked, issuing = Need.__call__, docgen.issuing.issue

    def need(self: Need, request: Request) -> Any:  # annotated: FastAPI reads the signature of the need
        access = checked(self, request)
        if midway.at == "need":
            armed.set()
        return access

    def issue(*args: Any, **kwargs: Any) -> Any:
        if midway.at == "issue":
            armed.set()
        return issuing(*args, **kwargs)

    def cutting(original: Callable[..., Any]) -> Callable[..., Any]:
        def statement(self: Any, *args: Any) -> Any:
            if armed.is_set():
                armed.clear()
                proxy.cut()
            return original(self, *args)

        return statement

    monkeypatch.setattr(Need, "__call__", need)
    monkeypatch.setattr(docgen.issuing, "issue", issue)
    for name in ("query", "change"):
        monkeypatch.setattr(PostgresConnection, name, cutting(getattr(PostgresConnection, name)))
    return midway


def test_every_route_on_the_register_answers_503_while_it_is_gone_or_lost_midway_and_works_again(
    pg_url: str, proxy: Proxy, lost_midway: Midway, tmp_path: Path
) -> None:
    scene = _scene(pg_url, proxy, tmp_path)
    routes = _routes(scene)
    proxy.cut()
    for name, (request, _, _) in routes.items():
        _unavailable(name, request(scene))
    proxy.restore()
    midway = [(name, "need") for name, (_, reads, _) in routes.items() if reads]
    for name, at in [*midway, ("issue page", "issue")]:  # the form issues once the record passed its checks
        lost_midway.at = at
        answer = routes[name][0](scene)
        assert not proxy._running, f"{name}: the route read nothing after {at}"
        _unavailable(name, answer)
        proxy.restore()
    lost_midway.at = None
    working = {name: request(scene).status_code for name, (request, _, _) in routes.items()}
    assert working == {name: status for name, (_, _, status) in routes.items()}
    _every_issued_number_has_its_files(pg_url)


def _every_issued_number_has_its_files(database: str) -> None:
    with open_register(database) as register:
        issued = register.entries(status="issued")
    assert issued and all(entry.files for entry in issued)
    assert all(Path(item.path).is_file() for entry in issued for item in entry.files)
