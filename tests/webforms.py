"""Helpers for the web form tests: a form's fields as a browser with JavaScript off submits them, and messages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import lxml.html
from fastapi.testclient import TestClient
from httpx2 import Response

from docgen.config import Settings, load_settings
from docgen.web.app import create_app

from .conftest import SAMPLES

FORM = {"content-type": "application/x-www-form-urlencoded"}


def web_settings(tmp_path: Path) -> Settings:
    """The bundled profile with a register and an issued-files folder of the test's own."""
    settings = load_settings(SAMPLES / "docgen.toml")
    web = settings.web.model_copy(update={"files": tmp_path / "issued"})
    return settings.model_copy(update={"database": str(tmp_path / "register.sqlite"), "web": web})


def web_client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, port=8000), base_url="http://127.0.0.1:8000")


def form_pairs(html: str, form_id: str = "doc-form") -> list[tuple[str, str]]:
    """What a browser sends for the form (no button pressed): every field in order, text areas' lines as CR LF."""
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    areas = {area.name for area in form.xpath(".//textarea")}
    return [(name, value.replace("\n", "\r\n") if name in areas else value) for name, value in form.form_values()]


def changed(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The pairs with some fields changed; keyword names use __ for the dots of a dotted name."""
    wanted = {key.replace("__", "."): value for key, value in values.items()}
    assert set(wanted) <= {name for name, _ in pairs}, set(wanted) - {name for name, _ in pairs}
    return [(name, wanted.get(name, value)) for name, value in pairs]


def post_form(client: TestClient, url: str, pairs: list[tuple[str, str]], **headers: str) -> Response:
    return client.post(url, content=urlencode(pairs), headers={**FORM, **headers})


def messages_by_field(html: str) -> dict[str, list[str]]:
    """Each field's messages as the page shows them next to it (msg-<dotted name>), only those with any."""
    found = {}
    for block in lxml.html.fromstring(html).xpath("//div[@class='messages']"):
        texts = [p.text_content() for p in block.xpath("./p[@class='message']")]
        if texts:
            found[block.get("id").removeprefix("msg-")] = texts
    return found
