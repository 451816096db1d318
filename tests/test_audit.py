"""The audit trail: who issued, voided and downloaded what, when and from where, kept in the register's chain.

The register tests run on SQLite and on PostgreSQL (see conftest.register_url).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from docgen.config import Settings
from docgen.store import acting, open_register
from docgen.store import register as register_module
from docgen.store.accounts import open_accounts
from docgen.store.acting import Actor
from docgen.store.chain import Event, canonical
from docgen.web.app import create_app
from docgen.web.auditing import record_failed_sign_in

from .conftest import SAMPLES
from .jobworker import in_process_worker
from .registers import entries, offer, run, write_data
from .test_chain import _check, _events, _sql
from .test_web_api import _settings
from .test_web_batch import run_to_the_end, upload
from .test_web_forms import OFFER, sample_form
from .webbatch import as_csv, issue_what_settlements_cite, three_settlements
from .webforms import post_form, web_settings

PASSWORD = "Correct-Horse-42"
SAMPLE = str(SAMPLES / "offer_letter.yaml")
HOST = socket.gethostname()


@pytest.fixture(autouse=True)
def _nobody_acting() -> Iterator[None]:
    acting.use(None)
    yield
    acting.use(None)


def _issue(url: str, folder: Path, *before: str, data: str = SAMPLE) -> str:
    result = run(*before, "issue", "offer_letter", data, "-f", "html", "-d", str(folder), "--db", url)
    assert result.exit_code == 0, result.output
    return str(result.stdout.split("\t")[0])


def _trail(url: str) -> list[tuple[str, str, str, str]]:
    """(action, number, by, from) of each audit record, oldest first."""
    with open_register(url) as register:
        events = register.trail()
    return [(e.kind, e.number, json.loads(e.body)["by"], json.loads(e.body)["from"]) for e in events]


def _list_row(url: str, number: str) -> list[str]:
    listed = run("register", "list", "--db", url)
    assert listed.exit_code == 0, listed.output
    [row] = [line.split("\t") for line in listed.stdout.splitlines() if line.startswith(f"{number}\t")]
    return row


# ---------------------------------------------------------------- who: the CLI


def test_an_issue_from_the_cli_records_the_os_user_and_this_host(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(acting.getpass, "getuser", lambda: "wang.li")
    number = _issue(register_url, tmp_path)
    [entry] = entries(register_url)
    assert entry.issued_by == "wang.li"
    assert _trail(register_url) == [("issue", number, "wang.li", HOST)]
    assert _list_row(register_url, number)[6:] == ["wang.li", ""]  # ISSUED BY, VOIDED BY after the six before


def test_without_a_name_for_the_os_user_the_uid_is_recorded(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nameless() -> str:
        raise KeyError("getpwuid(): uid not found")

    monkeypatch.setattr(acting.getpass, "getuser", nameless)
    _issue(register_url, tmp_path)
    assert entries(register_url)[0].issued_by == f"uid {acting.os.getuid()}"


def test_as_records_the_name_given_for_issue_and_void(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(acting.getpass, "getuser", lambda: "svc-docgen")
    number = _issue(register_url, tmp_path, "--as", "zhang.wei")
    voided = run("--as", "li.na", "register", "void", number, "--reason", "sent twice", "--db", register_url)
    assert voided.exit_code == 0, voided.output
    [entry] = entries(register_url)
    assert (entry.issued_by, entry.voided_by) == ("zhang.wei", "li.na")
    assert _trail(register_url) == [("issue", number, "zhang.wei", HOST), ("void", number, "li.na", HOST)]
    # the next command without --as is the OS user's again
    again = _issue(register_url, tmp_path, data=str(write_data(tmp_path / "b.json", offer("周杰"))))
    assert _trail(register_url)[-1] == ("issue", again, "svc-docgen", HOST)


@pytest.mark.parametrize("name", ["", "   "])
def test_as_must_name_someone(tmp_path: Path, name: str) -> None:
    result = run("--as", name, "register", "list", "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 2 and "--as must name who acts" in result.stderr


def test_as_refuses_a_control_character(tmp_path: Path) -> None:
    result = run("--as", "bot\x1b[2J", "register", "list", "--db", str(tmp_path / "r.db"))
    assert result.exit_code == 2 and "--as: character" in result.stderr


def test_void_records_who_voided(register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    number = _issue(register_url, tmp_path, "--as", "zhang.wei")
    monkeypatch.setattr(acting.getpass, "getuser", lambda: "li.na")
    assert run("register", "void", number, "--reason", "wrong salary", "--db", register_url).exit_code == 0
    [entry] = entries(register_url)
    assert entry.voided_by == "li.na"
    assert _list_row(register_url, number)[5:] == ["wrong salary", "zhang.wei", "li.na"]
    shown = run("register", "show", number, "--db", register_url).stdout.splitlines()
    assert f"  issued by\tzhang.wei\t{entry.issued_at}" in shown
    assert f"  voided by\tli.na\t{entry.voided_at}" in shown
    audit = run("register", "audit", number, "--db", register_url)
    assert [line.split("\t")[1:] for line in audit.stdout.splitlines()] == [
        ["issue", number, "zhang.wei", HOST, "html"],
        ["void", number, "li.na", HOST, "wrong salary"],
    ]


# ---------------------------------------------------------------- the chain vouches for the trail


def _set_by(url: str, event: Event, name: str) -> None:
    """The event's body with another actor, written straight into the database (its MAC left as it was)."""
    body = json.loads(event.body) | {"by": name}
    _sql(url, "UPDATE docgen_events SET body = ? WHERE seq = ?", canonical(body), event.seq)


def test_an_issuer_edited_in_the_row_and_its_event_is_caught(register_url: str, tmp_path: Path) -> None:
    number = _issue(register_url, tmp_path, "--as", "zhang.wei")
    [issued] = [event for event in _events(register_url) if event.kind == "issue"]
    _sql(register_url, "UPDATE docgen_documents SET issued_by = 'mallory'")
    _set_by(register_url, issued, "mallory")
    code, output = _check(register_url)
    assert code == 1
    assert f"the chain is broken at event {issued.seq} (issue {number}): its MAC does not match (edited)" in output


def test_an_issuer_edited_in_the_row_only_is_caught(register_url: str, tmp_path: Path) -> None:
    number = _issue(register_url, tmp_path, "--as", "zhang.wei")
    _sql(register_url, "UPDATE docgen_documents SET issued_by = 'mallory'")
    code, output = _check(register_url)
    assert code == 1
    assert f"{number}: its row says issued_by 'mallory', its events say 'zhang.wei': the row was edited" in output


def test_a_download_records_actor_edited_is_caught(register_url: str, tmp_path: Path) -> None:
    number = _issue(register_url, tmp_path)
    with open_register(register_url) as register:
        entry = register.resolve(number)
        register.audit("download", {"file": "x.html"}, actor=Actor("web", "10.0.0.7"), entity=entry.entity, number=number)
    assert _check(register_url)[0] == 0
    download = _events(register_url)[-1]
    _set_by(register_url, download, "someone else")
    code, output = _check(register_url)
    assert code == 1
    assert f"the chain is broken at event {download.seq} (download {number}): its MAC does not match" in output


def test_a_failed_sign_in_is_recorded_in_the_chain(register_url: str, tmp_path: Path) -> None:
    _issue(register_url, tmp_path)
    with open_register(register_url) as register:
        register.audit("sign-in failed", {"reason": "wrong password"}, actor=Actor("zhang.wei", "192.0.2.9"))
    assert _trail(register_url)[-1] == ("sign-in failed", "", "zhang.wei", "192.0.2.9")
    assert _check(register_url)[0] == 0
    audit = run("register", "audit", "--db", register_url).stdout.splitlines()
    assert audit[-1].split("\t")[1:] == ["sign-in failed", "", "zhang.wei", "192.0.2.9", "reason=wrong password"]


def test_events_from_before_actors_were_recorded_still_verify(
    register_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As an older docgen wrote them: issue and void events with no "by" nor "from".
    with monkeypatch.context() as older:
        older.setattr(register_module, "_acted", lambda actor=None: {})
        number = _issue(register_url, tmp_path)
        assert run("register", "void", number, "--reason", "old", "--db", register_url).exit_code == 0
    assert all("by" not in json.loads(event.body) for event in _events(register_url))
    code, output = _check(register_url)
    assert code == 0, output
    assert _trail(register_url) == []
    later = _issue(register_url, tmp_path, "--as", "zhang.wei", data=str(write_data(tmp_path / "b.json", offer("周杰"))))
    assert _check(register_url)[0] == 0
    assert _trail(register_url) == [("issue", later, "zhang.wei", HOST)]


# ---------------------------------------------------------------- who: the web app


def _client(tmp_path: Path, user: str | None = None, settings: Settings | None = None) -> TestClient:
    """The app without accounts; with user, an account of that name signed in (a session for the pages, a
    bearer token for the API's changes), as a team's app runs."""
    settings = settings or _settings(tmp_path)
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    if user is not None:
        with open_accounts(settings.database) as accounts:
            if user not in {account.name for account in accounts.list()}:
                accounts.add(user, "admin", PASSWORD)
            client.headers["Authorization"] = f"Bearer {accounts.new_token(user)}"
        client.get("/signin")  # the CSRF cookie
        form = {"csrf_token": client.cookies.get("docgen_csrf"), "name": user, "password": PASSWORD, "next": "/"}
        assert client.post("/signin", data=form, follow_redirects=False).status_code == 303
    client.get("/")  # the CSRF cookie
    return client


def _api_issue(client: TestClient) -> str:
    answer = client.post("/api/types/offer_letter/issue?format=html", json=offer())
    assert answer.status_code == 200, answer.text
    return str(answer.json()["number"])


def _database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'register.db'}"


def test_an_issue_and_void_through_the_api_record_web_and_the_client_address(tmp_path: Path) -> None:
    client = _client(tmp_path)
    number = _api_issue(client)
    headers = {"X-CSRF-Token": str(client.cookies.get("docgen_csrf"))}
    voided = client.post(f"/api/documents/{number}/void", json={"reason": "typo"}, headers=headers)
    assert voided.status_code == 200, voided.text
    [entry] = entries(_database(tmp_path))
    assert (entry.issued_by, entry.voided_by) == ("web", "web")
    shown = client.get(f"/api/documents/{number}").json()
    assert (shown["issued_by"], shown["voided_by"]) == ("web", "web")
    assert _trail(_database(tmp_path)) == [("issue", number, "web", "testclient"), ("void", number, "web", "testclient")]


def test_the_signed_in_account_is_recorded(tmp_path: Path) -> None:
    client = _client(tmp_path, user="zhang.wei")
    number = _api_issue(client)
    assert entries(_database(tmp_path))[0].issued_by == "zhang.wei"
    assert _trail(_database(tmp_path)) == [("issue", number, "zhang.wei", "testclient")]


def test_a_void_from_the_page_records_who(tmp_path: Path) -> None:
    client = _client(tmp_path, user="li.na")
    number = _api_issue(client)
    form = {"reason": "wrong person", "confirm": "yes", "csrf_token": str(client.cookies.get("docgen_csrf"))}
    assert client.post(f"/documents/{number}/void", data=form).status_code == 200
    assert entries(_database(tmp_path))[0].voided_by == "li.na"
    assert _trail(_database(tmp_path))[-1] == ("void", number, "li.na", "testclient")


@pytest.mark.parametrize(
    "path",
    ["/documents/{number}/files/html", "/api/documents/{number}/files/{number}.html", "/issued/{number}/html"],
)
def test_every_download_of_an_issued_file_is_recorded(tmp_path: Path, path: str) -> None:
    client = _client(tmp_path, user="zhang.wei")
    number = _api_issue(client)
    answer = client.get(path.format(number=number))
    assert answer.status_code == 200, answer.text
    assert _trail(_database(tmp_path))[-1] == ("download", number, "zhang.wei", "testclient")
    with open_register(_database(tmp_path)) as register:
        assert json.loads(register.trail()[-1].body)["detail"] == {"file": f"{number}.html"}
        register.check()


def test_a_refused_download_records_nothing(tmp_path: Path) -> None:
    client = _client(tmp_path)
    number = _api_issue(client)
    assert client.get(f"/documents/{number}/files/pdf").status_code == 404
    assert [action for action, *_ in _trail(_database(tmp_path))] == ["issue"]


def test_the_document_page_shows_who_issued_and_voided_and_the_trail(tmp_path: Path) -> None:
    number = _api_issue(_client(tmp_path, user="zhang.wei"))
    voider = _client(tmp_path, user="li.na")
    form = {"reason": "wrong person", "confirm": "yes", "csrf_token": str(voider.cookies.get("docgen_csrf"))}
    assert voider.post(f"/documents/{number}/void", data=form).status_code == 200
    page = lxml.html.fromstring(voider.get(f"/documents/{number}?lang=en_US").text)
    facts = " ".join(page.xpath("//dl[@class='document-facts']")[0].text_content().split())
    assert "Issued at" in facts and "by zhang.wei" in facts and "by li.na" in facts
    rows = page.xpath("//table[contains(@class, 'document-trail')]/tbody/tr")
    cells = [[" ".join(td.text_content().split()) for td in row.xpath("./td")][1:] for row in rows]
    assert cells == [
        ["Issued", "zhang.wei", "testclient", "HTML"],
        ["Void", "li.na", "testclient", "wrong person"],
    ]
    chinese = voider.get(f"/documents/{number}?lang=zh_CN").text
    assert "操作记录" in chinese and "来源地址" in chinese and "<td>已作废</td>" in chinese


def test_an_issue_from_the_form_records_the_account(tmp_path: Path) -> None:
    client = _client(tmp_path, user="zhang.wei")
    answer = post_form(client, f"/new/{OFFER}", [*sample_form(client), ("_action", "issue")])
    assert answer.url.path == "/issued/LY-2026-0001"
    assert _trail(_database(tmp_path)) == [("issue", "LY-2026-0001", "zhang.wei", "testclient")]


def test_a_batch_from_the_page_is_issued_and_zipped_as_the_account_that_started_it(tmp_path: Path) -> None:
    settings = web_settings(tmp_path)
    issue_what_settlements_cite(settings, tmp_path / "issued")
    client = _client(tmp_path, user="li.na", settings=settings)
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    with in_process_worker(settings):  # the worker's thread acts as nobody: the batch's documents carry its uploader
        run_to_the_end(client, str(page.url))
    assert client.get(f"{str(page.url).removesuffix('/')}/zip").status_code == 200
    trail = [record for record in _trail(str(settings.database)) if record[1].startswith("JS-")]
    zip_name = "JS-2027-0001_to_JS-2027-0002.zip"
    assert trail == [
        ("issue", "JS-2027-0001", "li.na", "testclient"),
        ("issue", "JS-2027-0002", "li.na", "testclient"),
        ("download", "JS-2027-0001", "li.na", "testclient"),
        ("download", "JS-2027-0002", "li.na", "testclient"),
    ]
    with open_register(str(settings.database)) as register:
        assert json.loads(register.trail()[-1].body)["detail"] == {"file": zip_name}


def test_the_web_records_a_failed_sign_in_with_the_name_tried_and_the_address(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    app = create_app(settings)

    @app.get("/try-sign-in")  # what the sign-in page will do when a password is wrong
    def refused(request: Request) -> dict[str, bool]:
        record_failed_sign_in(settings, request, "zhang.wei", "wrong password")
        return {"ok": False}

    TestClient(app, base_url="http://127.0.0.1:8000").get("/try-sign-in")
    assert _trail(_database(tmp_path)) == [("sign-in failed", "", "zhang.wei", "testclient")]
    assert _check(_database(tmp_path))[0] == 0
