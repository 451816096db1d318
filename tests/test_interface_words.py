"""No English is left on the pages in zh_CN or zh_TW: every word of the form, the register, a document's page,
verify and the batch page comes from the gettext catalogs or the fields files; only data, codes and names stay."""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.testclient import TestClient

from docgen.config import Settings
from docgen.i18n import catalog
from docgen.inputs import load_records

from .conftest import SAMPLES
from .registers import offer, run, write_data
from .webforms import web_client, web_settings

# Names, formats and codes that read the same in any language; the locale codes are the document languages.
KEPT = {"docgen", "English", "PDF", "Word", "YAML", "CSV", "JSON", "XLSX", "SHA", "GMV", "USCC", "MB", "toml"}
CODES = re.compile(
    r"\S+\.(?:pdf|docx|html|toml)\b|SHA-256|[A-Z]+-\d{4}-\d{4}|[0-9a-f]{64}|zh_CN|zh_TW|en_US|docgen verify"
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _strings(item)


def english_words(html: str, data: list[str]) -> set[str]:
    """The words of English a page shows (its text, placeholders and titles), less its data, names and codes."""
    page = lxml.html.fromstring(html)
    for hidden in page.xpath("//script|//style"):
        hidden.drop_tree()
    shown = [page.text_content(), *(page.xpath("//@placeholder | //@title"))]
    text = CODES.sub(" ", " ".join(str(part) for part in shown))
    for value in sorted((value for value in data if WORD.search(value)), key=len, reverse=True):
        text = text.replace(value, " ")
    return set(WORD.findall(text)) - KEPT


@pytest.fixture
def site(tmp_path: Path) -> tuple[Settings, Path]:
    """A register holding one issued offer letter and one voided, with their PDFs."""
    settings = web_settings(tmp_path)
    data = write_data(tmp_path / "offers.json", [offer("林晓雯"), offer("王建国")])
    db = str(settings.database)
    assert run("issue", "offer_letter", str(data), "-f", "pdf", "-d", str(tmp_path / "out"), "--db", db).exit_code == 0
    assert run("register", "void", "LY-2026-0002", "--reason", "候选人放弃", "--db", db).exit_code == 0
    return settings, tmp_path


def _client(settings: Settings, lang: str) -> TestClient:
    client = web_client(settings)
    client.get(f"/?lang={lang}")  # the language cookie and the CSRF cookie
    return client


def _pages(client: TestClient, folder: Path) -> Iterator[tuple[str, str]]:
    for url in ("/", "/new/offer_letter?from=sample", "/documents", "/documents/LY-2026-0001", "/verify", "/batch"):
        yield url, client.get(url).text
    yield "/documents?year=abc", client.get("/documents?year=abc").text
    for number in ("LY-2026-0001", "LY-2026-0002"):
        upload = (folder / "out" / f"{number}.pdf").read_bytes()
        token = {"csrf_token": str(client.cookies.get("docgen_csrf"))}
        yield f"verify {number}", client.post("/verify", data=token, files={"file": ("x.pdf", upload)}).text


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW"])
def test_no_english_is_left_on_the_chinese_pages(site: tuple[Settings, Path], lang: str) -> None:
    settings, folder = site
    data = [*_strings(load_records(SAMPLES / "offer_letter.yaml")[0].data), getpass.getuser(), "abc"]
    left = {url: words for url, page in _pages(_client(settings, lang), folder) if (words := english_words(page, data))}
    assert not left, f"English on the {lang} pages: {left}"


def test_the_register_pages_take_their_words_from_the_catalogs(
    site: tuple[Settings, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(catalog("zh_TW"), "Search", "查詢")
    monkeypatch.setitem(catalog("zh_TW"), "Reserved, not issued", "僅預留")
    page = _client(site[0], "zh_TW").get("/documents").text
    assert "查詢" in page and "僅預留" in page


def test_a_filter_that_cannot_be_is_refused_in_the_interface_language(site: tuple[Settings, Path]) -> None:
    page = _client(site[0], "zh_CN").get("/documents?year=abc")
    assert page.status_code == 400 and "筛选条件有误：年份 &#39;abc&#39; 不是四位数的年份" in page.text
