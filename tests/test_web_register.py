"""docgen serve's register pages and verify page: the same register, chain and verdicts as the CLI."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from docgen.config import Settings, WebSettings, load_settings
from docgen.web import register_pages
from docgen.web.app import create_app

from .conftest import SAMPLES
from .registers import entries, lines, offer, run, write_data
from .test_verify import altered_docx, altered_pdf

HOSTILE = '<script>alert("x")</script><b>云帆</b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;云帆&lt;/b&gt;"


def issue(url: str, type_name: str, data: str | Path, out: Path, *formats: str) -> dict[str, Path]:
    """Issue with `docgen issue`; the files written, by format."""
    flags = [arg for fmt in formats for arg in ("-f", fmt)]
    result = run("issue", type_name, str(data), *flags, "-d", str(out), "--db", url)
    assert result.exit_code == 0, result.output
    return {Path(path).suffix.lstrip("."): Path(path) for _, path in lines(result.stdout)}


def client_for(url: str, **web: Any) -> TestClient:
    settings: Settings = load_settings(SAMPLES / "docgen.toml").with_overrides(database=url)
    if web:
        settings = settings.model_copy(update={"web": WebSettings(**web)})
    client = TestClient(create_app(settings, port=8000), base_url="http://127.0.0.1:8000")
    client.get("/")  # the CSRF cookie
    return client


def token(client: TestClient) -> str:
    return str(client.cookies.get("docgen_csrf"))


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'register.sqlite3'}"


@pytest.fixture
def chain(url: str, tmp_path: Path) -> dict[str, dict[str, Path]]:
    """A proposal and the service contract citing it, issued with `docgen issue`."""
    out = tmp_path / "issued"
    return {
        "TA-2026-0001": issue(url, "proposal", SAMPLES / "proposal.yaml", out, "html"),
        "HT-2026-0001": issue(url, "service_contract", SAMPLES / "service_contract.yaml", out, "html", "docx"),
    }


@pytest.fixture
def letters(url: str, tmp_path: Path) -> None:
    """Three offer letters (one of them void) and one for an earlier year, as PDF and DOCX files in out/."""
    data = [
        offer("林晓雯"),
        offer("Élodie Martin"),
        offer("王建国"),
        offer("陈思远", issue_date="2025-12-01", reply_deadline="2025-12-10"),
    ]
    issue(url, "offer_letter", write_data(tmp_path / "offers.json", data), tmp_path / "out", "pdf", "docx")
    assert run("register", "void", "LY-2026-0002", "--reason", "declined", "--db", url).exit_code == 0


def numbers_listed(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('<tr data-number="')[1:]]


# The list


def test_the_list_shows_every_document_the_latest_first(url: str, letters: None) -> None:
    page = client_for(url).get("/documents")
    assert page.status_code == 200
    assert numbers_listed(page.text) == ["LY-2026-0003", "LY-2026-0002", "LY-2026-0001", "LY-2025-0001"]
    assert 'data-number="LY-2026-0002" data-status="void"' in page.text and "declined" in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=void", ["LY-2026-0002"]),
        ("status=issued&year=2026", ["LY-2026-0003", "LY-2026-0001"]),
        ("year=2025", ["LY-2025-0001"]),
        ("type=offer_letter&year=2025", ["LY-2025-0001"]),
        ("type=proposal", []),
        ("q=%C3%A9LODIE", ["LY-2026-0002"]),  # a person, in the data, found ignoring case as the CLI does
        ("q=王建国", ["LY-2026-0003"]),
        ("q=LY-2025", ["LY-2025-0001"]),
    ],
)
def test_each_filter_narrows_the_list(url: str, letters: None, query: str, expected: list[str]) -> None:
    page = client_for(url).get(f"/documents?{query}")
    assert page.status_code == 200
    assert numbers_listed(page.text) == expected


def test_a_client_is_found_by_name(url: str, chain: dict[str, dict[str, Path]]) -> None:
    page = client_for(url).get("/documents", params={"q": "青禾美妆"})
    assert sorted(numbers_listed(page.text)) == ["HT-2026-0001", "TA-2026-0001"]


@pytest.mark.parametrize("query", ["year=twenty", "status=lost", "q=%1B%5B31m"])
def test_a_filter_that_cannot_be_is_refused_naming_it(url: str, query: str) -> None:
    page = client_for(url).get(f"/documents?{query}")
    assert page.status_code == 400
    assert query.split("=")[0] in page.text


def test_the_list_is_paged_keeping_its_filters(url: str, letters: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(register_pages, "PAGE_SIZE", 2)
    client = client_for(url)
    first = client.get("/documents?year=2026")
    assert numbers_listed(first.text) == ["LY-2026-0003", "LY-2026-0002"]
    assert 'href="/documents?year=2026&amp;page=2"' in first.text
    second = client.get("/documents?year=2026&page=2")
    assert numbers_listed(second.text) == ["LY-2026-0001"]
    assert 'rel="prev" href="/documents?year=2026&amp;page=1"' in second.text and 'rel="next"' not in second.text


# One document


def test_the_document_page_shows_what_it_cites_and_what_cites_it(url: str, chain: dict[str, dict[str, Path]]) -> None:
    client = client_for(url)
    contract = client.get("/documents/HT-2026-0001").text
    assert '<ul class="document-cites"><li><code>proposal_number</code> <a href="/documents/TA-2026-0001' in contract
    for item in chain["HT-2026-0001"].values():
        assert item.name in contract
    from docgen.issuing import sha256_of

    assert sha256_of(chain["HT-2026-0001"]["docx"]) in contract
    tree = contract.split('<ul class="chain-tree">')[1]
    assert tree.index('data-number="TA-2026-0001"') < tree.index('data-number="HT-2026-0001" class="chain-focus"')
    proposal = client.get("/documents/TA-2026-0001").text
    assert '<ul class="document-cited-by"><li><a href="/documents/HT-2026-0001' in proposal
    assert "2026-11-20" in proposal  # its issue_date as stored
    [entry] = entries(url, type_name="proposal")
    issued_at = datetime.fromisoformat(str(entry.issued_at)).astimezone(ZoneInfo("Asia/Shanghai"))
    assert issued_at.strftime("%Y-%m-%d %H:%M") in proposal  # in the office's time zone


def test_an_unknown_number_is_404(url: str, chain: dict[str, dict[str, Path]]) -> None:
    assert client_for(url).get("/documents/TA-2099-0001").status_code == 404


# Downloads


def test_a_recorded_file_downloads_with_its_name(url: str, chain: dict[str, dict[str, Path]]) -> None:
    docx = chain["HT-2026-0001"]["docx"]
    response = client_for(url).get("/documents/HT-2026-0001/files/docx")
    assert response.status_code == 200
    assert response.content == docx.read_bytes()
    assert response.headers["content-disposition"] == f'attachment; filename="{docx.name}"'


@pytest.mark.parametrize(
    "path",
    [
        "/documents/HT-2026-0001/files/pdf",  # a format not issued
        "/documents/HT-2026-0001/files/..%2F..%2Fregister.sqlite3",
        "/documents/HT-2026-0001/files/%2Fetc%2Fpasswd",
        "/documents/..%2Fregister.sqlite3/files/docx",
        "/documents/TA-2099-0001/files/html",
    ],
)
def test_only_a_recorded_file_is_served(url: str, chain: dict[str, dict[str, Path]], path: str) -> None:
    response = client_for(url).get(path)
    assert response.status_code == 404
    assert "SQLite" not in response.text and "root:" not in response.text


def test_a_kept_file_changed_after_its_issue_is_not_served(url: str, chain: dict[str, dict[str, Path]]) -> None:
    chain["HT-2026-0001"]["html"].write_text("<p>changed</p>", encoding="utf-8")
    assert client_for(url).get("/documents/HT-2026-0001/files/html").status_code == 409


# Void


def test_void_needs_the_csrf_token(url: str, chain: dict[str, dict[str, Path]]) -> None:
    client = client_for(url)
    form = {"reason": "wrong client", "confirm": "yes"}
    assert client.post("/documents/TA-2026-0001/void", data=form).status_code == 403
    assert client.post("/documents/TA-2026-0001/void", data={**form, "csrf_token": "forged"}).status_code == 403
    assert 'data-status="issued"' in client.get("/documents/TA-2026-0001").text


@pytest.mark.parametrize(
    ("form", "says"),
    [({"reason": "  ", "confirm": "yes"}, "请填写作废原因"), ({"reason": "wrong client"}, "请勾选确认")],
)
def test_void_needs_a_reason_and_the_confirmation(
    url: str, chain: dict[str, dict[str, Path]], form: dict[str, str], says: str
) -> None:
    client = client_for(url)
    refused = client.post("/documents/TA-2026-0001/void", data={**form, "csrf_token": token(client)})
    assert refused.status_code == 400 and says in refused.text
    assert 'data-status="issued"' in refused.text


def test_void_with_a_reason_shows_the_document_void(url: str, chain: dict[str, dict[str, Path]]) -> None:
    client = client_for(url)
    form = {"reason": "客户取消", "confirm": "yes", "csrf_token": token(client)}
    voided = client.post("/documents/TA-2026-0001/void", data=form, follow_redirects=False)
    assert voided.status_code == 303 and voided.headers["location"] == "/documents/TA-2026-0001"
    page = client.get(voided.headers["location"]).text
    assert 'data-status="void"' in page and "客户取消" in page and 'action="/documents/TA-2026-0001/void"' not in page
    listed = run("register", "list", "--status", "void", "--db", url)
    assert listed.stdout.startswith("TA-2026-0001\tvoid\tproposal\t") and "客户取消" in listed.stdout
    again = client.post("/documents/TA-2026-0001/void", data=form)
    assert again.status_code == 409 and "TA-2026-0001 已作废：客户取消" in again.text  # in the interface language


# Verify


def upload(client: TestClient, name: str, content: bytes) -> Any:
    return client.post("/verify", data={"csrf_token": token(client)}, files={"file": (name, content)})


def verdict_of(page: str) -> str:
    return page.split('data-verdict="', 1)[1].split('"', 1)[0]


def test_the_verify_page_is_a_plain_form_upload(url: str) -> None:
    page = client_for(url).get("/verify").text
    assert 'enctype="multipart/form-data"' in page and 'type="file" name="file"' in page
    assert 'name="csrf_token"' in page and "<script>" not in page


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_verify_says_issued_for_a_renamed_download(url: str, letters: None, tmp_path: Path, fmt: str) -> None:
    downloaded = (tmp_path / "out" / f"LY-2026-0001.{fmt}").read_bytes()
    page = upload(client_for(url), f"LY-2026-0001 (1).{fmt}", downloaded)
    assert page.status_code == 200
    assert verdict_of(page.text) == "issued"
    assert 'href="/documents/LY-2026-0001?' in page.text and "录用通知书" in page.text


def test_verify_says_altered_for_a_changed_copy_naming_the_number(url: str, letters: None, tmp_path: Path) -> None:
    client = client_for(url)
    first = tmp_path / "out" / "LY-2026-0001.pdf"
    for copy in (altered_pdf(first, tmp_path / "a.pdf"), altered_docx(first.with_suffix(".docx"), tmp_path / "a.docx")):
        page = upload(client, "合同.pdf", copy.read_bytes())
        assert verdict_of(page.text) == "altered"
        assert "已被改动：其 SHA-256 与已签发的 LY-2026-0001 不同" in page.text
        assert 'href="/documents/LY-2026-0001' in page.text


def test_verify_says_void_and_why(url: str, letters: None, tmp_path: Path) -> None:
    page = upload(client_for(url), "letter.pdf", (tmp_path / "out" / "LY-2026-0002.pdf").read_bytes())
    assert verdict_of(page.text) == "void" and "LY-2026-0002 已作废：declined" in page.text


def test_verify_says_unknown_for_a_file_without_a_number(url: str, letters: None) -> None:
    page = upload(client_for(url), "LY-2026-0001.pdf", (SAMPLES / "offer_letter.yaml").read_bytes())
    assert (
        verdict_of(page.text) == "unknown" and "未知：登记簿 " in page.text and " 中没有内容与之相同的文件" in page.text
    )


def test_an_upload_over_the_limit_is_refused_with_413(url: str, tmp_path: Path) -> None:
    client = client_for(url, upload_limit_mb=1)
    just_over = upload(client, "big.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    assert just_over.status_code == 413 and "1 MB" in just_over.text
    far_over = upload(client, "huge.pdf", b"0" * (3 * 1024 * 1024))
    assert far_over.status_code == 413 and "larger than this app accepts" in far_over.text  # refused before it is read
    assert list(tmp_path.glob("**/docgen-verify-*")) == []


def test_verify_without_a_file_asks_for_one(url: str) -> None:
    client = client_for(url)
    page = client.post("/verify", data={"csrf_token": token(client)})
    assert page.status_code == 400 and "请选择要核验的文件" in page.text


def test_verify_needs_the_csrf_token(url: str) -> None:
    assert client_for(url).post("/verify", files={"file": ("a.pdf", b"%PDF")}).status_code == 403


# Hostile data


def test_markup_in_data_is_escaped_on_every_page(url: str, tmp_path: Path) -> None:
    hostile = offer(HOSTILE, company={"legal_name": HOSTILE})
    files = issue(url, "offer_letter", write_data(tmp_path / "hostile.json", hostile), tmp_path / "out", "pdf")
    client = client_for(url)
    pages = [
        client.get("/documents").text,
        client.get("/documents", params={"q": HOSTILE}).text,
        client.get("/documents/LY-2026-0001").text,
        upload(client, f"{HOSTILE}.pdf", files["pdf"].read_bytes()).text,
    ]
    form = {"reason": HOSTILE, "confirm": "yes", "csrf_token": token(client)}
    assert client.post("/documents/LY-2026-0001/void", data=form).status_code == 200  # followed to the page
    pages.append(client.get("/documents/LY-2026-0001").text)
    pages.append(client.get("/documents?status=void").text)
    for page in pages:
        assert "<script>alert" not in page and "<b>云帆" not in page
        assert ESCAPED in page or ESCAPED.replace("&#34;", "&quot;") in page


def test_a_register_that_cannot_be_read_is_named_on_the_page(tmp_path: Path) -> None:
    broken = tmp_path / "register.sqlite3"
    broken.write_text("this is no database\n" * 100, encoding="utf-8")
    client = client_for(f"sqlite:///{broken}")
    for path in ("/documents", "/documents/LY-2026-0001", "/documents/LY-2026-0001/files/pdf"):
        page = client.get(path)
        assert page.status_code == 503 and "登记簿无法使用" in page.text and "register.sqlite3" in page.text
    assert upload(client, "a.pdf", b"%PDF-1.7").status_code == 503


@pytest.mark.parametrize(
    ("lang", "words"), [("zh_TW", ["登記簿", "已作廢", "錄用通知書"]), ("en_US", ["Register", "Void"])]
)
def test_the_register_pages_speak_the_interface_language(url: str, letters: None, lang: str, words: list[str]) -> None:
    page = client_for(url).get(f"/documents?lang={lang}").text
    for word in words:
        assert word in page
    assert "已签发" not in page


def test_a_number_two_companies_have_is_asked_about_then_shown_for_each(url: str, tmp_path: Path) -> None:
    other = offer(company={"uscc": "91330106MA2H3K5P26", "legal_name": "杭州青禾美妆科技有限公司"})
    issue(url, "offer_letter", SAMPLES / "offer_letter.yaml", tmp_path / "a", "html")
    issue(url, "offer_letter", write_data(tmp_path / "other.json", other), tmp_path / "b", "html")
    client = client_for(url)
    choice = client.get("/documents/LY-2026-0001")
    assert choice.status_code == 200 and "杭州青禾美妆科技有限公司" in choice.text
    assert 'href="/documents/LY-2026-0001?entity=91330106MA2H3K5P26"' in choice.text
    page = client.get("/documents/LY-2026-0001?entity=91330106MA2H3K5P26").text
    assert "杭州青禾美妆科技有限公司" in page and 'files/html?entity=91330106MA2H3K5P26"' in page
    downloaded = client.get("/documents/LY-2026-0001/files/html?entity=91330106MA2H3K5P26")
    assert downloaded.content == (tmp_path / "b" / "LY-2026-0001.html").read_bytes()
    assert client.get("/documents/LY-2026-0001/files/html").status_code == 404  # which one is not guessed
    form = {"reason": "wrong company", "confirm": "yes", "csrf_token": token(client)}
    voided = client.post("/documents/LY-2026-0001/void?entity=91330106MA2H3K5P26", data=form, follow_redirects=False)
    assert voided.headers["location"] == "/documents/LY-2026-0001?entity=91330106MA2H3K5P26"
    assert [entry.entity for entry in entries(url, status="void")] == ["91330106MA2H3K5P26"]
