"""Roles in docgen serve: every route declares what it needs, a role sees and does only what its grants allow, and a
number it may not see is answered exactly as a number the register does not hold.

The register tests run on SQLite and on PostgreSQL (see conftest.register_url).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from docgen.config import ConfigError, Settings, load_settings
from docgen.registry import document_types
from docgen.roles import ACTIONS, ROLES, default_types, grants_for
from docgen.store import Citation, Kept, StoredFile, open_register
from docgen.store.accounts import open_accounts
from docgen.store.acting import Actor, acting_as
from docgen.store.register import Request
from docgen.web.access import need_of
from docgen.web.app import create_app

from .conftest import SAMPLES
from .test_signin import BASE, PASSWORD, settings_for

USERS = {role: f"{role}1" for role in ROLES}  # one account per role, named after it
PARTY, AMOUNT = "秘密客户有限公司", "98765.43"  # what a document holds: never shown to a role that may not see it
GONE = "NONE-2026-9999"  # a number the register does not hold
USCC = "91310000MA1FL4AB3C"


# ---------------------------------------------------------------- the grants


def test_the_defaults_follow_each_types_kind_and_its_own_also_handled_by() -> None:
    sales, hr, finance = (default_types(role) for role in ("sales", "hr", "finance"))
    for action in ACTIONS:
        assert {"proposal", "service_contract", "settlement_statement", "project_plan"} <= sales[action]
        assert {"operations_report", "project_retrospective"} <= sales[action]
        hr_types = {"offer_letter", "resignation_certificate", "nda", "labour_contract", "performance_review"}
        assert hr_types | {"exit_clearance"} == hr[action]
        assert {"budget", "settlement_statement"} <= finance[action]
        assert "offer_letter" not in sales[action] | finance[action] and "budget" not in sales[action]
        assert default_types("admin")[action] == frozenset(document_types())
    assert "service_contract" in finance["read"] and "service_contract" not in finance["issue"]


def _settings_with(tmp_path: Path, roles: str) -> Settings:
    path = tmp_path / "docgen.toml"
    path.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8") + "\n" + roles, encoding="utf-8")
    return load_settings(path)


def test_docgen_toml_replaces_a_roles_list_and_see_others(tmp_path: Path) -> None:
    settings = _settings_with(tmp_path, '[roles.sales]\nread = ["*"]\nissue = ["proposal"]\nsee_others = true\n')
    sales = grants_for("sales", settings.roles)
    assert sales.types["read"] == frozenset(document_types()) and sales.types["issue"] == {"proposal"}
    assert sales.see_others and "service_contract" in sales.types["draft"]  # a list not given keeps its default
    assert not grants_for("sales", _settings_with(tmp_path, "").roles).see_others
    assert grants_for("finance", settings.roles).see_others


@pytest.mark.parametrize(
    ("table", "path", "said"),
    [
        ('[roles.sales]\ndraft = ["no_such_type"]\n', "roles.sales.draft", "no_such_type"),
        ('[roles.boss]\nread = ["*"]\n', "roles.boss", "'sales', 'hr', 'finance' or 'admin'"),
        ('[roles.hr]\nwrite = ["*"]\n', "roles.hr.write", "Extra inputs"),
    ],
)
def test_docgen_toml_roles_are_read_strictly(tmp_path: Path, table: str, path: str, said: str) -> None:
    with pytest.raises(ConfigError) as refused:
        _settings_with(tmp_path, table)
    [problem] = refused.value.problems
    assert problem.source == str(tmp_path / "docgen.toml") and problem.path.startswith(path) and said in problem.message


# ---------------------------------------------------------------- a register with one document of each type each


def _document(register: Any, folder: Path, type_name: str, by: str, year: int = 2026) -> str:
    """A document of the type issued by `by`, with an HTML file: the register's rows, without rendering."""
    data = json.dumps({"client": {"name": PARTY}, "total": AMOUNT, "by": by}, ensure_ascii=False)
    prefix = hashlib.sha256(f"{type_name}/{by}".encode()).hexdigest()[:6].upper()  # a number space of its own
    request = Request(USCC, PARTY, type_name, year, f"D{prefix}-{{yyyy}}-{{seq:04}}", "zh_CN", ("html",), data,
                      f"{type_name}-{by}")  # fmt: skip
    with acting_as(Actor(by, "127.0.0.1")):
        entry = register.reserve(request)
        path = folder / f"{entry.number}.html"
        path.write_text(f"<p>{entry.number} {PARTY} {AMOUNT}</p>", encoding="utf-8")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        register.complete(entry, [StoredFile("html", str(path), digest)])
    return str(entry.number)


def _register(url: str, folder: Path, issuers: tuple[str, ...]) -> dict[tuple[str, str], str]:
    """(issuer, type) → number, every account with a role, and one document of each type by each issuer."""
    folder.mkdir(exist_ok=True)
    with open_accounts(url) as accounts:
        for role, name in USERS.items():
            accounts.add(name, role, PASSWORD)
    with open_register(url) as register:
        return {(by, t): _document(register, folder, t, by) for by in issuers for t in document_types()}


def _tokens(url: str) -> dict[str, str]:
    with open_accounts(url) as accounts:
        return {role: accounts.new_token(name) for role, name in USERS.items()}


def _signed_in(app: FastAPI, role: str) -> TestClient:
    client = TestClient(app, base_url=BASE, follow_redirects=False)
    client.get("/signin")
    form = {"csrf_token": client.cookies.get("docgen_csrf"), "name": USERS[role], "password": PASSWORD, "next": "/"}
    assert client.post("/signin", data=form).status_code == 303
    return client


class Team:
    """The app with an account per role, signed in in a browser each, and a token each for the API."""

    def __init__(self, settings: Settings, url: str, numbers: dict[tuple[str, str], str]) -> None:
        self.app = create_app(settings)
        self.numbers, self.tokens = numbers, _tokens(url)
        self.browsers = {role: _signed_in(self.app, role) for role in ROLES}

    def get(self, role: str, path: str, **params: str) -> Any:
        if path.startswith("/api/"):
            return self.browsers[role].get(path, params=params, headers=self.bearer(role))
        return self.browsers[role].get(path, params=params)

    def post(self, role: str, path: str, data: dict[str, Any] | None = None) -> Any:
        browser = self.browsers[role]
        if path.startswith("/api/"):
            return browser.post(path, json=data or {}, headers=self.bearer(role))
        return browser.post(path, data={"csrf_token": browser.cookies.get("docgen_csrf"), **(data or {})})

    def bearer(self, role: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[role]}"}


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    # every role's documents are its own: the walk checks types; see_others has its own tests
    numbers = _register(url, tmp_path / "issued", tuple(USERS.values()))
    yield Team(settings_for(url, tmp_path), url, numbers)


# ---------------------------------------------------------------- the walk: every route × role × type


def _walk(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, Route]]:
    for route in routes:
        included = getattr(route, "original_router", None)  # a router included in the app, walked into
        if included is not None:
            yield from _walk(included.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route):
            yield prefix + route.path, route


def routes_of(app: FastAPI) -> list[tuple[str, Route]]:
    """(path, route) of every route the app answers (pages, API, the API's docs), except the static files' mount."""
    return list(_walk(app.routes))


def test_every_route_declares_what_it_needs(team: Team) -> None:
    walked = routes_of(team.app)
    assert len(walked) > 30 and any(path == "/api/docs" for path, _ in walked)
    undeclared = [path for path, route in walked if need_of(route) is None]
    assert undeclared == []


def _filled(path: str, type_name: str, number: str) -> str:
    path = path.replace("{type}", type_name).replace("{type_name}", type_name).replace("{number}", number)
    return path.replace("{fmt}", "html").replace("{name}", f"{number}.html").replace("{batch_id}", "x")


def _call(team: Team, role: str, method: str, path: str) -> Any:
    if method == "GET":
        return team.get(role, path)
    if path.startswith("/api/") and path.endswith("/batch"):  # multipart, as a script sends it
        files = {"file": ("rows.csv", b"a\n1\n", "text/csv")}
        headers = {**team.bearer(role), "x-docgen-client": "test"}
        return team.browsers[role].post(path, files=files, headers=headers)
    reason = {"reason": "walked", "confirm": "no"}  # a page's void unconfirmed: refused, never done
    return team.post(role, path, reason if path.endswith("/void") and not path.startswith("/api/") else None)


def _expected_hidden(team: Team, role: str, need: str, type_name: str) -> bool:
    grants = grants_for(role, team.app.state.settings.roles)
    return not (type_name in grants.readable() if need == "read" else grants.may(need, type_name))


def _comparable(text: str, number: str) -> str:
    return text.replace(number, "N").replace(GONE, "N")


def test_every_route_for_every_role_and_type(team: Team) -> None:
    """A route about a type or a number answers 404 exactly when the role may not act so on that type: the same
    404 a number not in the register gets, body and all."""
    checked = 0
    for path, route in routes_of(team.app):
        need = need_of(route)
        assert need is not None, path
        if not re.search(r"\{(type|type_name|number)\}", path):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            if method == "POST" and path.startswith("/api/") and path.endswith("/void"):
                continue  # walked below, where a void may be done
            for role in ROLES:
                for type_name in document_types():
                    checked += _check_route(team, role, method, path, need, type_name)
    assert checked > 400


def _check_route(team: Team, role: str, method: str, route: str, need: str, type_name: str) -> int:
    number = team.numbers[USERS[role], type_name]
    answer = _call(team, role, method, _filled(route, type_name, number))
    hidden = _expected_hidden(team, role, need, type_name)
    where = (role, method, route, type_name, answer.status_code)
    if not hidden:
        assert answer.status_code != 404, where
        return 1
    assert answer.status_code == 404, where
    if "{number}" in route:
        gone = _call(team, role, method, _filled(route, type_name, GONE))
        assert gone.status_code == 404 and _comparable(answer.text, number) == _comparable(gone.text, number), where
        assert PARTY not in answer.text and AMOUNT not in answer.text, where
    return 1


def test_the_apis_void_for_every_role_and_type(team: Team) -> None:
    for role in ROLES:
        for type_name in document_types():
            number = team.numbers[USERS[role], type_name]
            answer = team.post(role, f"/api/documents/{number}/void", {"reason": "walked"})
            may = grants_for(role, team.app.state.settings.roles).may("void", type_name)
            assert answer.status_code == (200 if may else 404), (role, type_name, answer.text)
            if not may:
                gone = team.post(role, f"/api/documents/{GONE}/void", {"reason": "walked"})
                assert _comparable(answer.text, number) == _comparable(gone.text, number)
    with open_register(team.app.state.settings.database) as register:
        voided = {(e.issued_by, e.type_name) for e in register.entries(status="void")}
    assert ("hr1", "offer_letter") in voided and ("sales1", "offer_letter") not in voided


# ---------------------------------------------------------------- lists and search


def _one_each(url: str, folder: Path) -> dict[tuple[str, str], str]:
    return _register(url, folder, ("sales1", "sales2", "hr1"))


@pytest.mark.parametrize("register_url", ["sqlite", "postgresql"], indirect=True)
def test_lists_and_search_hold_only_what_the_role_may_see(register_url: str, tmp_path: Path) -> None:
    numbers = _one_each(register_url, tmp_path / "issued")
    team = Team(settings_for(register_url, tmp_path), register_url, numbers)
    for query in ({}, {"q": PARTY}):
        listed = team.get("sales", "/documents", **query).text
        api = team.get("sales", "/api/documents", **query).json()
        shown = {d["number"] for d in api["documents"]}
        assert shown == {n for (by, t), n in numbers.items() if by == "sales1" and t in _sales_types()}
        assert api["total"] == len(shown)
        for number in numbers.values():
            assert (number in listed) == (number in shown), number
    hr_numbers = {n for (by, _), n in numbers.items() if by == "hr1"}
    finance = {d["number"] for d in team.get("finance", "/api/documents").json()["documents"]}
    assert numbers["hr1", "budget"] in finance and numbers["sales2", "service_contract"] in finance
    assert not finance & {numbers["hr1", "offer_letter"], numbers["sales1", "proposal"]}
    admin = {d["number"] for d in team.get("admin", "/api/documents").json()["documents"]}
    assert admin == set(numbers.values()) and hr_numbers <= admin


def _sales_types() -> frozenset[str]:
    return default_types("sales")["read"]


def test_see_others_shows_colleagues_documents(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    numbers = _one_each(url, tmp_path / "issued")
    colleague = numbers["sales2", "service_contract"]
    own = Team(settings_for(url, tmp_path), url, numbers)
    assert own.get("sales", f"/documents/{colleague}").status_code == 404
    assert own.get("sales", f"/api/documents/{colleague}/files/{colleague}.html").status_code == 404
    settings = _settings_with(tmp_path, "[roles.sales]\nsee_others = true\n").with_overrides(database=url)
    shared = Team(settings.model_copy(update={"web": own.app.state.settings.web}), url, {})
    assert shared.get("sales", f"/documents/{colleague}").status_code == 200
    assert shared.get("sales", f"/api/documents/{colleague}/files/{colleague}.html").status_code == 200
    assert colleague in shared.get("sales", "/documents").text


# ---------------------------------------------------------------- downloads, derive, verify


def test_a_forbidden_download_is_the_404_of_a_number_not_held(team: Team) -> None:
    number = team.numbers["hr1", "offer_letter"]
    for path in ("/issued/{}/html", "/documents/{}/files/html", "/api/documents/{}/files/{}.html"):
        forbidden, gone = team.get("sales", path.format(number, number)), team.get("sales", path.format(GONE, GONE))
        assert forbidden.status_code == gone.status_code == 404, path
        assert _comparable(forbidden.text, number) == _comparable(gone.text, number), path
        assert team.get("hr", path.format(number, number)).status_code == 200, path


def test_deriving_from_a_number_the_role_may_not_see_is_as_from_none(team: Team) -> None:
    number = team.numbers["hr1", "offer_letter"]
    forbidden = team.get("sales", "/new/proposal", derive=number).text
    gone = team.get("sales", "/new/proposal", derive=GONE).text
    assert "no issued document has this number" in forbidden
    assert _comparable(forbidden, number) == _comparable(gone, number) and PARTY not in forbidden


def _verify(team: Team, role: str, content: bytes, api: bool) -> Any:
    browser = team.browsers[role]
    files = {"file": ("received.html", content, "text/html")}
    if api:
        return browser.post("/api/verify", files=files, headers={**team.bearer(role), "x-docgen-client": "test"})
    return browser.post("/verify", files=files, data={"csrf_token": browser.cookies.get("docgen_csrf")})


def test_verify_says_genuine_to_anyone_and_shows_details_only_to_readers(team: Team) -> None:
    number = team.numbers["hr1", "offer_letter"]
    content = (Path(team.app.state.settings.web.files) / f"{number}.html").read_bytes()
    hidden, shown = _verify(team, "sales", content, api=True).json(), _verify(team, "hr", content, api=True).json()
    assert hidden["verdict"] == shown["verdict"] == "issued"
    assert shown["number"] == number and hidden["number"] is None and hidden["type"] is None
    assert number not in json.dumps(hidden) and hidden["issued_at"] is None
    page_hidden, page_shown = _verify(team, "sales", content, api=False).text, _verify(team, "hr", content, api=False)
    assert 'data-verdict="issued"' in page_hidden and number not in page_hidden and PARTY not in page_hidden
    assert number in page_shown.text


# ---------------------------------------------------------------- the pages hide what a role cannot do


def test_the_pages_offer_only_what_the_role_may_do(team: Team) -> None:
    home = team.get("hr", "/").text
    assert "/new/offer_letter" in home and "/new/proposal" not in home
    assert 'value="budget"' in team.get("finance", "/batch").text
    assert 'value="offer_letter"' not in team.get("finance", "/batch").text
    contract = team.numbers["finance1", "service_contract"]
    page = team.get("finance", f"/documents/{contract}")
    assert page.status_code == 200 and "/void" not in page.text
    assert "/void" in team.get("sales", f"/documents/{team.numbers['sales1', 'service_contract']}").text


def test_without_accounts_everything_stays_allowed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    (tmp_path / "issued").mkdir()
    with open_register(url) as register:
        number = _document(register, tmp_path / "issued", "offer_letter", "someone")
    client = TestClient(create_app(settings_for(url, tmp_path)), base_url=BASE)
    assert client.get(f"/documents/{number}").status_code == 200
    assert number in client.get("/api/documents").text and "/new/budget" in client.get("/").text


def test_the_header_names_the_users_role_in_the_interface_language(team: Team) -> None:
    assert "（销售）" in team.get("sales", "/").text and "（財務）" in team.get("finance", "/", lang="zh_TW").text
    assert "（Administrator）" in team.get("admin", "/", lang="en_US").text


def test_a_role_that_may_draft_but_not_issue_cannot_issue_from_the_form(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    _register(url, tmp_path / "issued", ())
    settings = _settings_with(tmp_path, '[roles.sales]\nissue = ["proposal"]\n').with_overrides(database=url)
    team = Team(settings.model_copy(update={"web": settings_for(url, tmp_path).web}), url, {})
    form = team.get("sales", "/new/service_contract", **{"from": "sample"})
    assert form.status_code == 200 and 'value="issue"' not in form.text
    assert 'value="issue"' in team.get("sales", "/new/proposal").text
    refused = team.post("sales", "/new/service_contract", {"_action": "issue"})
    assert refused.status_code == 404 and "unknown document type" in refused.text
    with open_register(url) as register:
        assert register.entries() == []


def test_a_documents_chain_names_no_document_the_role_may_not_see(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    numbers = _register(url, tmp_path / "issued", ("sales2",))  # the colleague's contract, not the user's
    contract = numbers["sales2", "service_contract"]
    with open_register(url) as register, acting_as(Actor("sales1", "127.0.0.1")):
        request = Request(USCC, PARTY, "settlement_statement", 2026, "OWN-{yyyy}-{seq:04}", "zh_CN", ("html",),
                          "{}", "own")  # fmt: skip
        entry = register.reserve(request)
        register.complete(entry, [], keep=Kept(citations=(Citation("contract_number", contract),)))
    team = Team(settings_for(url, tmp_path), url, numbers)
    for role, sees in (("sales", False), ("admin", True)):
        page = team.get(role, f"/documents/{entry.number}")
        detail = team.get(role, f"/api/documents/{entry.number}")
        assert page.status_code == detail.status_code == 200 and entry.number in page.text
        assert (contract in page.text) is sees and (contract in detail.text) is sees, role
