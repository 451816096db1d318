"""The JSON API under /api/: each route gives what its command gives, refuses what it must, and is documented."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from docgen.config import Settings, load_settings
from docgen.errors import TemplateFailure
from docgen.inputs import load_records
from docgen.locale.fields import title
from docgen.registry import document_types, get_type
from docgen.samples import sample_path, schema_text
from docgen.store import open_register
from docgen.web import api
from docgen.web.api import upload_name
from docgen.web.api_route import MULTIPART_OVERHEAD, UploadTooLarge, capped
from docgen.web.app import create_app

from .conftest import SAMPLES
from .test_hostile import PAYLOAD, TYPES, URL_PAYLOAD, _with_payload
from .textutil import EXTRACT, squeeze

OFFER: dict[str, Any] = load_records(SAMPLES / "offer_letter.yaml")[0].data
PROPOSAL: dict[str, Any] = load_records(SAMPLES / "proposal.yaml")[0].data
CONTRACT: dict[str, Any] = load_records(SAMPLES / "service_contract.yaml")[0].data


def _settings(tmp_path: Path, **web: Any) -> Settings:
    """The sample project with a register and an issued-files folder of this test's own."""
    settings = load_settings(SAMPLES / "docgen.toml").with_overrides(database=f"sqlite:///{tmp_path / 'register.db'}")
    return settings.model_copy(update={"web": settings.web.model_copy(update={"files": tmp_path / "issued", **web})})


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(_settings(tmp_path)), base_url="http://127.0.0.1:8000")


def offer(name: str = "林晓雯") -> dict[str, Any]:
    data = copy.deepcopy(OFFER)
    data["candidate"]["name"] = name
    return data


def issued(client: TestClient, type_name: str, data: dict[str, Any], *formats: str) -> dict[str, Any]:
    query = "&".join(f"format={fmt}" for fmt in formats or ("html",))
    answer = client.post(f"/api/types/{type_name}/issue?{query}", json=data)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def csrf(client: TestClient) -> dict[str, str]:
    """The X-CSRF-Token header of this client's browser session: the cookie a page sets."""
    client.get("/")
    return {"X-CSRF-Token": str(client.cookies.get("docgen_csrf"))}


# ---------------------------------------------------------------- types


@pytest.mark.parametrize("lang", ["zh_CN", "en_US", "zh_TW"])
def test_types_lists_every_type_with_its_title_kind_and_citations(client: TestClient, lang: str) -> None:
    listed = {item["name"]: item for item in client.get(f"/api/types?lang={lang}").json()}
    assert listed.keys() == document_types().keys()
    for name, item in listed.items():
        model = get_type(name)
        assert item == {"name": name, "title": title(name, lang), "kind": model.kind, "cites": dict(model.cites)}


def test_schema_is_the_one_docgen_schema_prints(client: TestClient) -> None:
    for name in document_types():
        assert client.get(f"/api/types/{name}/schema").json() == json.loads(schema_text(get_type(name)))


def test_sample_is_the_sample_file_as_json(client: TestClient) -> None:
    for name in document_types():
        assert client.get(f"/api/types/{name}/sample").json() == load_records(sample_path(name))[0].data


@pytest.mark.parametrize("path", ["/api/types/nope/schema", "/api/types/nope/sample"])
def test_an_unknown_type_is_404_in_json(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json()["error"].startswith("unknown document type 'nope'")
    assert client.post("/api/types/nope/validate", json=offer()).status_code == 404


# ---------------------------------------------------------------- validate


def test_a_valid_record_is_ok(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/validate", json=offer())
    assert answer.json() == {"ok": True, "citations_checked": True}  # a database is configured: a register in use
    without = TestClient(create_app(load_settings(SAMPLES / "docgen.toml")), base_url="http://127.0.0.1:8000")
    assert without.post("/api/types/offer_letter/validate", json=offer()).json() == {
        "ok": True,
        "citations_checked": False,
    }


def test_every_problem_comes_back_with_its_field(client: TestClient) -> None:
    data = offer(name="")
    data["candidate"]["id_number"] = "12"
    data["surprise"] = 1
    answer = client.post("/api/types/offer_letter/validate", json=data)
    assert answer.status_code == 422
    fields = {problem["field"] for problem in answer.json()["problems"]}
    assert {"candidate.name", "candidate.id_number", "surprise"} <= fields
    assert all(problem["message"] for problem in answer.json()["problems"])


def test_a_record_must_be_an_object(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/validate", json=[offer()])
    assert answer.status_code == 400 and answer.json()["error"].startswith("body")


def test_validate_checks_citations_when_a_register_is_in_use(client: TestClient) -> None:
    issued(client, "offer_letter", offer())  # the register now exists: it is in use
    unknown = client.post("/api/types/service_contract/validate", json=CONTRACT)
    assert unknown.status_code == 422
    [problem] = unknown.json()["problems"]
    assert problem["field"] == "proposal_number"
    assert "cites TA-2026-0001, which is not in the register" in problem["message"]
    issued(client, "proposal", PROPOSAL)
    assert client.post("/api/types/service_contract/validate", json=CONTRACT).json() == {
        "ok": True,
        "citations_checked": True,
    }


# ---------------------------------------------------------------- what the API accepts


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (json.dumps(OFFER), "text/plain"),  # what a cross-site form can send without asking
        ("candidate.name=x", "application/x-www-form-urlencoded"),
        (json.dumps(OFFER), "application/json-patch+json"),
        (json.dumps(OFFER), None),
    ],
)
def test_a_body_that_is_not_json_is_refused(client: TestClient, content: str, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    for action in ("validate", "render", "issue?format=html"):
        answer = client.post(f"/api/types/offer_letter/{action}", content=content.encode(), headers=headers)
        assert answer.status_code == 415, action
        assert answer.json()["error"].startswith("send the body as application/json")
    assert client.get("/api/documents").json()["total"] == 0


def test_a_multipart_form_is_refused_where_json_is_expected(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/validate", files={"file": ("a.json", b"{}")}, headers=csrf(client))
    assert answer.status_code == 415


def test_json_with_a_charset_is_json(client: TestClient) -> None:
    body = json.dumps(offer()).encode()
    headers = {"content-type": "application/json; charset=utf-8"}
    assert client.post("/api/types/offer_letter/validate", content=body, headers=headers).status_code == 200


def test_the_api_keeps_the_host_allow_list(client: TestClient) -> None:
    assert client.get("/api/types", headers={"host": "evil.example:8000"}).status_code == 421


# ---------------------------------------------------------------- render


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_render_gives_a_draft_file(client: TestClient, fmt: str, media: str) -> None:
    answer = client.post(f"/api/types/offer_letter/render?format={fmt}&locale=zh_CN", json=offer())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media
    assert answer.headers["content-disposition"] == f'attachment; filename="offer_letter-draft.{fmt}"'
    text = EXTRACT[fmt](answer.content)
    assert "林晓雯" in text and "草稿" in text


def test_render_in_another_locale(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/render?format=html&locale=en_US", json=offer())
    assert "DRAFT" in EXTRACT["html"](answer.content)


@pytest.mark.parametrize(
    ("query", "message"),
    [("format=odt", "query.format: Input should be"), ("format=pdf&locale=fr_FR", "query.locale: Input should be")],
)
def test_render_refuses_an_unknown_format_or_locale(client: TestClient, query: str, message: str) -> None:
    answer = client.post(f"/api/types/offer_letter/render?{query}", json=offer())
    assert answer.status_code == 400 and answer.json()["error"].startswith(message)


def test_render_refuses_bad_data_with_its_problems(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/render?format=html", json=offer(name=""))
    assert answer.status_code == 422
    assert [p["field"] for p in answer.json()["problems"]] == ["candidate.name"]


@pytest.mark.parametrize("type_name", TYPES)
def test_markup_and_template_syntax_in_free_text_stay_text_in_the_rendered_html(
    client: TestClient, settings: Settings, type_name: str
) -> None:
    data = _with_payload(type_name, settings)
    answer = client.post(f"/api/types/{type_name}/render?format=html", json=data)
    assert answer.status_code == 200, answer.text
    html = answer.content.decode()
    assert "<b>&amp;</b>" not in html and "</w:t>" not in html  # no markup from the data
    assert squeeze(PAYLOAD) in squeeze(EXTRACT["html"](answer.content))  # shown as the text it is
    assert "49" + "{_{" not in html  # {{ 7*7 }} was not run


@pytest.mark.parametrize("type_name", TYPES)
def test_urls_in_free_text_become_no_link_and_no_image(client: TestClient, settings: Settings, type_name: str) -> None:
    data = _with_payload(type_name, settings, URL_PAYLOAD)
    html = client.post(f"/api/types/{type_name}/render?format=html", json=data).content.decode()
    assert "<img src=file" not in html and "<link rel=attachment" not in html
    assert squeeze(URL_PAYLOAD) in squeeze(EXTRACT["html"](html.encode()))


# ---------------------------------------------------------------- issue


def test_issue_numbers_writes_and_records_the_files(client: TestClient, tmp_path: Path) -> None:
    answer = issued(client, "offer_letter", offer(), "html", "docx")
    assert answer["number"] == "LY-2026-0001" and answer["reused"] is False
    assert [item["format"] for item in answer["files"]] == ["html", "docx"]
    for item in answer["files"]:
        path = tmp_path / "issued" / item["name"]
        assert item["name"] == f"LY-2026-0001.{item['format']}"
        assert item["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert client.get(item["url"]).content == path.read_bytes()
    with open_register(f"sqlite:///{tmp_path / 'register.db'}") as register:
        entry = register.resolve("LY-2026-0001")
    assert entry.status == "issued"
    assert {(f.format, f.sha256) for f in entry.files} == {(i["format"], i["sha256"]) for i in answer["files"]}


def test_issue_is_idempotent_and_reissue_takes_a_new_number(client: TestClient) -> None:
    first = issued(client, "offer_letter", offer())
    again = issued(client, "offer_letter", offer())
    assert again["number"] == first["number"] and again["reused"] is True
    other = issued(client, "offer_letter", offer("王五"))
    assert other["number"] == "LY-2026-0002"
    renewed = client.post("/api/types/offer_letter/issue?format=html&reissue=true", json=offer()).json()
    assert renewed["number"] == "LY-2026-0003"
    assert client.get("/api/documents/LY-2026-0001").json()["status"] == "void"


def test_issue_refuses_a_citation_that_does_not_hold_before_taking_a_number(client: TestClient) -> None:
    answer = client.post("/api/types/service_contract/issue?format=html", json=CONTRACT)
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"] == "proposal_number"
    assert client.get("/api/documents").json()["total"] == 0


def test_a_failure_after_the_number_was_taken_voids_it(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> dict[str, bytes]:
        raise TemplateFailure("document.html: line 3: broken on purpose")

    monkeypatch.setattr("docgen.pipeline.render_formats", broken)
    answer = client.post("/api/types/offer_letter/issue?format=html", json=offer())
    assert answer.status_code == 500
    assert answer.json() == {"error": "document.html: line 3: broken on purpose"}
    [entry] = client.get("/api/documents").json()["documents"]
    assert entry["status"] == "void" and entry["reason"] == "issue failed: document.html: line 3: broken on purpose"


@pytest.mark.parametrize(("query", "status"), [("", 400), ("format=odt", 400), ("format=html&locale=xx", 400)])
def test_issue_refuses_a_bad_query(client: TestClient, query: str, status: int) -> None:
    assert client.post(f"/api/types/offer_letter/issue?{query}", json=offer()).status_code == status


def test_issue_refuses_bad_data_with_every_problem(client: TestClient) -> None:
    answer = client.post("/api/types/offer_letter/issue?format=html", json=offer(name=""))
    assert answer.status_code == 422 and answer.json()["problems"][0]["field"] == "candidate.name"


# ---------------------------------------------------------------- the register


def test_documents_are_found_by_type_year_status_and_text(client: TestClient) -> None:
    issued(client, "offer_letter", offer("林晓雯"))
    issued(client, "offer_letter", offer("王五"))
    issued(client, "proposal", PROPOSAL)
    client.post("/api/documents/LY-2026-0002/void", json={"reason": "declined"})

    def numbers(query: str) -> list[str]:
        return [d["number"] for d in client.get(f"/api/documents?{query}").json()["documents"]]

    assert numbers("") == ["LY-2026-0001", "LY-2026-0002", "TA-2026-0001"]
    assert numbers("type=offer_letter") == ["LY-2026-0001", "LY-2026-0002"]
    assert numbers("status=void") == ["LY-2026-0002"]
    assert numbers("q=王五") == ["LY-2026-0002"]
    assert numbers("year=2025") == []
    assert numbers("type=proposal&year=2026&status=issued") == ["TA-2026-0001"]


def test_documents_come_in_pages(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("甲", "乙", "丙"):
        issued(client, "offer_letter", offer(name))
    monkeypatch.setattr(api, "PER_PAGE", 2)
    first, second = (client.get(f"/api/documents?page={n}").json() for n in (1, 2))
    assert (first["total"], first["pages"], first["per_page"]) == (3, 2, 2)
    assert [d["number"] for d in first["documents"] + second["documents"]] == [f"LY-2026-000{n}" for n in (1, 2, 3)]
    assert client.get("/api/documents?page=3").json()["documents"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=lost", "unknown status 'lost'; use one of reserved, issued, void"),
        ("q=a%0Db", "q: character"),
        ("page=0", "query.page: Input should be greater than or equal to 1"),
        ("year=soon", "query.year: Input should be a valid integer"),
    ],
)
def test_documents_refuse_a_bad_filter(client: TestClient, query: str, message: str) -> None:
    answer = client.get(f"/api/documents?{query}")
    assert answer.status_code == 400 and answer.json()["error"].startswith(message)


def test_a_document_shows_its_entry_files_what_it_cites_and_what_cites_it(client: TestClient) -> None:
    issued(client, "proposal", PROPOSAL)
    issued(client, "service_contract", CONTRACT)
    proposal = client.get("/api/documents/TA-2026-0001").json()
    assert (proposal["type"], proposal["status"], proposal["issue_date"]) == ("proposal", "issued", "2026-11-20")
    assert proposal["cites"] == []
    assert proposal["cited_by"] == [{"number": "HT-2026-0001", "type": "service_contract", "status": "issued"}]
    assert [f["name"] for f in proposal["files"]] == ["TA-2026-0001.html"]
    contract = client.get("/api/documents/HT-2026-0001").json()
    assert contract["cites"] == [{"field": "proposal_number", "number": "TA-2026-0001"}]
    [root] = contract["chain"]
    assert root["number"] == "TA-2026-0001" and root["cited_by"][0]["number"] == "HT-2026-0001"
    assert root["cited_by"][0]["this"] is True


def test_an_unknown_number_is_404(client: TestClient) -> None:
    for path in ("/api/documents/LY-2099-0001", "/api/documents/LY-2099-0001/files/LY-2099-0001.pdf"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json() == {"error": "LY-2099-0001 is not in the register"}


def test_only_a_file_the_register_recorded_for_the_number_is_served(client: TestClient, tmp_path: Path) -> None:
    first = issued(client, "offer_letter", offer())
    issued(client, "offer_letter", offer("王五"))
    secret = tmp_path / "issued" / "secret.txt"
    secret.write_text("not a document")
    url = "/api/documents/LY-2026-0001/files/"
    assert client.get(url + "LY-2026-0001.html").status_code == 200
    for name in ("LY-2026-0002.html", "secret.txt", "..register.db", "LY-2026-0001.pdf"):
        answer = client.get(url + name)
        assert answer.status_code == 404, name
        assert "has no file" in answer.json()["error"]
    for name in ("..%2Fregister.db", "%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd"):
        assert client.get(url + name).status_code == 404, name  # a path matches no route at all
    assert first["files"][0]["url"] == url + "LY-2026-0001.html"


def test_a_recorded_file_changed_or_gone_on_disk_is_not_served(client: TestClient, tmp_path: Path) -> None:
    issued(client, "offer_letter", offer())
    path = tmp_path / "issued" / "LY-2026-0001.html"
    path.write_bytes(path.read_bytes() + b"<!-- changed -->")
    changed = client.get("/api/documents/LY-2026-0001/files/LY-2026-0001.html")
    assert changed.status_code == 409 and "differs from the one issued" in changed.json()["error"]
    path.unlink()
    assert client.get("/api/documents/LY-2026-0001/files/LY-2026-0001.html").status_code == 404


def test_void_keeps_the_reason(client: TestClient) -> None:
    issued(client, "offer_letter", offer())
    answer = client.post("/api/documents/LY-2026-0001/void", json={"reason": "  salary was wrong "})
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["reason"]) == ("void", "salary was wrong")
    again = client.post("/api/documents/LY-2026-0001/void", json={"reason": "twice"})
    assert again.status_code == 409 and again.json() == {"error": "LY-2026-0001 is already void: salary was wrong"}


@pytest.mark.parametrize(
    ("number", "body", "status"),
    [
        ("LY-2026-0001", {"reason": "  "}, 400),
        ("LY-2026-0001", {"reason": "a\nb"}, 400),
        ("LY-2026-0001", {}, 400),
        ("LY-2099-0001", {"reason": "gone"}, 404),
    ],
)
def test_void_refuses_without_a_reason_or_a_number(client: TestClient, number: str, body: Any, status: int) -> None:
    issued(client, "offer_letter", offer())
    assert client.post(f"/api/documents/{number}/void", json=body).status_code == status
    assert client.get("/api/documents/LY-2026-0001").json()["status"] == "issued"


def test_void_refuses_a_form(client: TestClient) -> None:
    issued(client, "offer_letter", offer())
    answer = client.post("/api/documents/LY-2026-0001/void", data={"reason": "forged"})
    assert answer.status_code == 415
    assert client.get("/api/documents/LY-2026-0001").json()["status"] == "issued"


# ---------------------------------------------------------------- verify


def _verify(client: TestClient, name: str, content: bytes) -> dict[str, Any]:
    answer = client.post("/api/verify", files={"file": (name, content)}, headers=csrf(client))
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_verify_says_issued_altered_void_or_unknown(client: TestClient) -> None:
    [item] = issued(client, "offer_letter", offer())["files"]
    content = client.get(item["url"]).content
    good = _verify(client, "LY-2026-0001.html", content)
    assert (good["verdict"], good["number"], good["type"]) == ("issued", "LY-2026-0001", "offer_letter")
    assert good["issued_at"]
    altered = _verify(client, "LY-2026-0001.html", content + b" ")
    assert (altered["verdict"], altered["number"], altered["type"]) == ("altered", "LY-2026-0001", "offer_letter")
    assert altered["message"].startswith("LY-2026-0001.html: altered")
    unknown = _verify(client, "letter.html", b"<p>never issued</p>")
    assert (unknown["verdict"], unknown["number"], unknown["type"]) == ("unknown", None, None)
    client.post("/api/documents/LY-2026-0001/void", json={"reason": "declined"})
    void = _verify(client, "LY-2026-0001.html", content)
    assert (void["verdict"], void["number"]) == ("void", "LY-2026-0001")
    assert void["message"] == "LY-2026-0001.html: LY-2026-0001 is void: declined"


def test_verify_takes_its_verdict_from_the_register_not_from_the_wording_of_the_reason(client: TestClient) -> None:
    """A void number whose reason reads like another verdict is still void, and still the number voided."""
    [item] = issued(client, "offer_letter", offer())["files"]
    content = client.get(item["url"]).content
    issued(client, "offer_letter", offer("周"))
    reason = "altered: its SHA-256 differs from the issued LY-2026-0002"
    client.post("/api/documents/LY-2026-0001/void", json={"reason": reason})
    void = _verify(client, "letter.html", content)
    assert (void["verdict"], void["number"], void["type"]) == ("void", "LY-2026-0001", "offer_letter")
    assert void["message"] == f"letter.html: LY-2026-0001 is void: {reason}"


def test_verify_of_a_register_whose_chain_is_broken_vouches_for_nothing(client: TestClient, tmp_path: Path) -> None:
    [item] = issued(client, "offer_letter", offer())["files"]
    content = client.get(item["url"]).content
    with open_register(f"sqlite:///{tmp_path / 'register.db'}") as register:
        register._db.change("UPDATE docgen_documents SET reason = 'edited' WHERE number = 'LY-2026-0001'")
    answer = _verify(client, "letter.html", content)
    assert (answer["verdict"], answer["number"], answer["issued_at"]) == ("unknown", None, None)
    assert answer["message"].startswith("letter.html: the register cannot vouch for it: ")


def test_verify_keeps_only_the_name_of_the_upload(client: TestClient, tmp_path: Path) -> None:
    [item] = issued(client, "offer_letter", offer())["files"]
    content = client.get(item["url"]).content
    answer = _verify(client, "../../../LY-2026-0001 (1).html", content)
    assert answer["verdict"] == "issued" and answer["message"].startswith("LY-2026-0001 (1).html: ")
    assert not (tmp_path / "LY-2026-0001 (1).html").exists()


@pytest.mark.parametrize("headers", [{}, {"X-CSRF-Token": "guessed"}])
def test_an_upload_without_the_csrf_header_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    client.get("/")  # the browser has the cookie; a page elsewhere cannot read it
    answer = client.post("/api/verify", files={"file": ("a.pdf", b"%PDF")}, headers=headers)
    assert answer.status_code == 403
    assert answer.json()["error"].startswith("an upload needs the X-Docgen-Client header, or X-CSRF-Token")


def test_a_script_uploads_with_its_own_header_without_loading_a_page_first(tmp_path: Path) -> None:
    script = TestClient(create_app(_settings(tmp_path)), base_url="http://127.0.0.1:8000")
    answer = script.post("/api/verify", files={"file": ("a.pdf", b"%PDF")}, headers={"X-Docgen-Client": "nightly.py"})
    assert answer.status_code == 200 and answer.json()["verdict"] == "unknown"
    assert "docgen_csrf" not in script.cookies


@pytest.mark.parametrize("client_header", [{}, {"X-Docgen-Client": ""}, {"X-Docgen-Client": "  "}])
@pytest.mark.parametrize(
    "body",
    [{"files": {"file": ("a.pdf", b"%PDF")}}, {"data": {"file": "x"}}, {"content": b"file=x"}],
    ids=["multipart", "form", "text"],
)
def test_a_cross_site_shaped_upload_is_refused(
    client: TestClient, client_header: dict[str, str], body: dict[str, Any]
) -> None:
    """What a form on another site can send with this browser's cookie: no header of its own, no token."""
    client.get("/")
    answer = client.post("/api/verify", headers=client_header, **body)
    assert answer.status_code in (403, 415) and "error" in answer.json()
    assert answer.status_code == 403 or "files" not in body


def test_the_api_grants_no_cors_preflight(client: TestClient) -> None:
    """A page elsewhere may send X-Docgen-Client only if a preflight allows it: none does."""
    headers = {
        "Origin": "https://evil.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-docgen-client",
    }
    answer = client.options("/api/verify", headers=headers)
    assert answer.status_code == 405
    assert not [name for name in answer.headers if name.lower().startswith("access-control-")]


def test_the_csrf_field_of_a_form_is_not_enough_for_an_upload(client: TestClient) -> None:
    token = csrf(client)["X-CSRF-Token"]
    answer = client.post("/api/verify", files={"file": ("a.pdf", b"%PDF")}, data={"csrf_token": token})
    assert answer.status_code == 403


def test_verify_takes_only_multipart(client: TestClient) -> None:
    answer = client.post("/api/verify", json={"file": "x"}, headers=csrf(client))
    assert answer.status_code == 415 and answer.json()["error"].startswith("send the body as multipart/form-data")


def test_an_upload_over_the_limit_is_refused(tmp_path: Path) -> None:
    client = TestClient(create_app(_settings(tmp_path, upload_limit_mb=1)), base_url="http://127.0.0.1:8000")
    headers = csrf(client)
    just = client.post("/api/verify", files={"file": ("a.pdf", b"x" * 2**20)}, headers=headers)
    assert just.status_code == 200 and just.json()["verdict"] == "unknown"
    over = client.post("/api/verify", files={"file": ("a.pdf", b"x" * (2**20 + 1))}, headers=headers)
    assert over.status_code == 413 and over.json() == {"error": "the upload is larger than the limit of 1 MiB"}
    far = client.post("/api/verify", files={"file": ("a.pdf", b"x" * (3 * 2**20))}, headers=headers)
    assert far.status_code == 413


def test_an_upload_is_cut_short_once_it_passes_the_limit_whatever_its_length_says(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path, upload_limit_mb=1))
    sent = []

    async def receive() -> dict[str, Any]:
        sent.append(2**16)
        return {"type": "http.request", "body": b"x" * 2**16, "more_body": len(sent) < 40}  # 2.5 MiB in all

    request = Request({"type": "http", "app": app, "method": "POST", "headers": [], "path": "/api/verify"}, receive)
    with pytest.raises(UploadTooLarge):
        asyncio.run(capped(request).body())
    assert sum(sent) <= 2**20 + MULTIPART_OVERHEAD + 2**16  # it stopped reading at the limit


def test_an_upload_keeps_only_its_own_name() -> None:
    assert upload_name("../../etc/LY-2026-0001 (1).pdf") == "LY-2026-0001 (1).pdf"
    assert upload_name("..\\..\\x.docx") == "x.docx"
    assert upload_name("a\x00b<script>.pdf") == "a_b_script_.pdf"
    for name in ("..", "", None, "/"):
        assert upload_name(name) == "upload"


# ---------------------------------------------------------------- errors and documentation


@pytest.mark.expect_warnings
def test_an_internal_error_answers_in_json_without_a_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("salary 12345 in a local variable")

    monkeypatch.setattr(api, "count_valid", broken)
    answer = client.post("/api/types/offer_letter/validate", json=offer())
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error: RuntimeError"}
    assert "Traceback" not in answer.text and "12345" not in answer.text
    assert any(record.name == "docgen.web" for record in caplog.records)  # the server's log says where


def test_a_database_password_never_shows_in_an_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path).with_overrides(database="postgresql://clerk:hunter2@127.0.0.1:1/docgen")
    client = TestClient(create_app(settings), base_url="http://127.0.0.1:8000")
    answer = client.get("/api/documents")
    assert answer.status_code == 503  # out of reach: try again later
    assert "hunter2" not in answer.text


@pytest.mark.parametrize("path", ["/api/nope", "/api/types/offer_letter/nope", "/api/documents/LY-2026-0001/x/y"])
def test_an_unknown_api_path_is_404_in_the_apis_json(client: TestClient, path: str) -> None:
    for method in ("GET", "POST", "DELETE"):
        answer = client.request(method, path)
        assert answer.status_code == 404, (method, path)
        assert answer.json() == {"error": f"no API route at {path}: see /openapi.json"}


def test_a_method_an_api_path_does_not_take_is_405_in_the_apis_json(client: TestClient) -> None:
    answer = client.delete("/api/types")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET"
    assert answer.json() == {"error": "DELETE is not a method of /api/types; it takes GET"}
    assert client.get("/api/verify").json() == {"error": "GET is not a method of /api/verify; it takes POST"}


def test_a_page_that_does_not_exist_is_not_answered_as_the_api(client: TestClient) -> None:
    answer = client.get("/apiary")
    assert answer.status_code == 404 and "error" not in answer.json()


def test_openapi_documents_every_route_with_its_schemas(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    routes = [(route.path, method.lower()) for route in api.router.routes for method in route.methods]  # type: ignore[attr-defined]
    assert len(routes) == 12
    schemas = document["components"]["schemas"]
    for path, method in routes:
        operation = document["paths"][path][method]
        assert operation["summary"] and operation["description"], path
        assert operation["responses"]["200"]["content"], path
        errors = {code: answer for code, answer in operation["responses"].items() if code[0] in "45"}
        assert errors or path == "/api/types", path  # listing the types cannot fail
        for code, answer in errors.items():
            expected = "ProblemsBody" if code == "422" else "ErrorBody"
            assert answer["content"]["application/json"]["schema"]["$ref"].endswith(expected), (path, code)
    for model in ("TypeInfo", "Valid", "IssueAnswer", "DocumentPage", "DocumentDetail", "VerifyAnswer", "ChainNode"):
        assert model in schemas
    assert "HTTPValidationError" not in json.dumps(document)  # a bad parameter is a 400 {"error": …}, not FastAPI's 422
    issue = document["paths"]["/api/types/{type}/issue"]["post"]
    assert issue["requestBody"]["content"]["application/json"]["schema"]["type"] == "object"
    assert "multipart/form-data" in document["paths"]["/api/verify"]["post"]["requestBody"]["content"]
    for said in ('`{"error": "…"}`', "has no route (404)", "does not take (405", "X-Docgen-Client"):
        assert said in document["info"]["description"]
