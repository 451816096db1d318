"""docgen serve's frame: only this machine, only its own Host names, a strict content security policy,
CSRF tokens on every change, and htmx served from the package rather than a CDN."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from docgen.cli import app as cli
from docgen.config import load_settings
from docgen.locale.fields import title
from docgen.registry import document_types
from docgen.web.app import HTMX, create_app
from docgen.web.security import CONTENT_SECURITY_POLICY

from .conftest import ROOT, SAMPLES


@pytest.fixture
def client() -> TestClient:
    settings = load_settings(SAMPLES / "docgen.toml")
    return TestClient(create_app(settings, port=8000), base_url="http://127.0.0.1:8000")


def test_the_home_page_lists_every_type_by_its_title(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for name in document_types():
        assert f'href="/new/{name}"' in page.text
        assert title(name, "zh_CN") in page.text


@pytest.mark.parametrize(("lang", "name"), [("zh_TW", "錄用通知書"), ("en_US", "Offer Letter")])
def test_the_interface_language_is_chosen_and_kept(client: TestClient, lang: str, name: str) -> None:
    assert title("offer_letter", lang) == name
    assert name in client.get(f"/?lang={lang}").text
    assert name in client.get("/").text  # kept by its cookie


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:9999", "localhost.evil.example:8000", ""])
def test_a_host_not_allowed_is_refused(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 421


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000"])
def test_this_machines_hosts_are_allowed(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"host": host}).status_code == 200


def test_every_response_carries_the_policy_without_inline_scripts(client: TestClient) -> None:
    for path in ("/", "/static/" + HTMX, "/no-such-page"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "<script>" not in client.get("/").text  # scripts come from files only


def test_htmx_is_served_from_the_package(client: TestClient) -> None:
    page = client.get("/").text
    assert f'src="http://127.0.0.1:8000/static/{HTMX}"' in page
    assert "//unpkg" not in page and "cdn" not in page.lower()
    served = client.get(f"/static/{HTMX}")
    assert served.status_code == 200 and served.text.startswith("var htmx=function()")


def test_a_change_without_the_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/")  # sets the cookie
    assert client.post("/", data={"x": "1"}).status_code == 403
    token = client.cookies.get("docgen_csrf")
    assert token
    refused = client.post("/", data={"csrf_token": "wrong"})
    assert refused.status_code == 403
    passed = client.post("/", data={"csrf_token": token})
    assert passed.status_code == 405  # through the check: the home page takes no POST


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_serve_refuses_to_listen_beyond_this_machine(host: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "8000"])
    assert result.exit_code == 2
    assert "serving beyond this machine needs accounts" in result.stderr


def test_issued_files_go_to_the_configured_folder_relative_to_the_project_file(tmp_path: Path) -> None:
    from docgen.web.storage import issued_folder

    project = tmp_path / "docgen.toml"
    project.write_text((SAMPLES / "docgen.toml").read_text(encoding="utf-8") + '\n[web]\nfiles = "issued"\n', "utf-8")
    settings = load_settings(project)
    assert issued_folder(settings) == tmp_path / "issued"
    assert (tmp_path / "issued").is_dir()


def test_switching_language_keeps_where_the_page_started(client: TestClient) -> None:
    """A form started from the sample (or a derive) stays so when the interface language changes."""
    page = client.get("/new/offer_letter?from=sample").text
    assert 'href="?from=sample&amp;lang=zh_TW"' in page
    assert 'href="?from=sample&amp;lang=en_US"' in page


def test_the_readme_shows_the_forms_screenshot_kept_small() -> None:
    """The picture scripts/screenshot.py makes: a PNG in the package's static folder, under 150 KB, shown in the
    README's docgen serve section and served by the app itself."""
    picture = ROOT / "docgen" / "web" / "static" / "screenshot-form.png"
    content = picture.read_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) < 150 * 1024
    width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    assert 600 <= width <= 1200 and 400 <= height <= 1400
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## docgen serve", 1)[1].split("\n## ", 1)[0]
    assert "](docgen/web/static/screenshot-form.png)" in section
    client = TestClient(create_app(load_settings(SAMPLES / "docgen.toml")), base_url="http://127.0.0.1:8000")
    assert client.get("/static/screenshot-form.png").content == content
