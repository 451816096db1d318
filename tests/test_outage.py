"""PostgreSQL goes away and comes back: the app answers 503 meanwhile, pages and API alike, and recovers alone.

The outage is a TCP proxy in front of the test server, cut and restored inside the test; the shared server
itself is never stopped.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from fastapi.testclient import TestClient

from docgen.store.accounts import open_accounts
from docgen.web.app import create_app

from .test_signin import BASE, PASSWORD, settings_for, sign_in


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
        threading.Thread(target=self._accept, args=(self._server,), daemon=True).start()

    def cut(self) -> None:
        self._running = False
        self._server.close()
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
