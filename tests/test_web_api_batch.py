"""POST /api/types/{type}/batch: a spreadsheet checked row by row, or its valid rows issued, as the batch page does."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from docgen.config import Settings
from docgen.issuing import verify
from docgen.store import open_register

from .jobworker import in_process_worker
from .webbatch import SETTLEMENT, as_csv, as_xlsx, issue_what_settlements_cite, three_settlements
from .webforms import web_client, web_settings

SCRIPT = {"X-Docgen-Client": "tests"}
BAD_ROW = {(3, "client.legal_name"), (3, "monthly_gmv.0.gmv")}  # row 1 holds the column titles


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = web_settings(tmp_path)
    issue_what_settlements_cite(settings, tmp_path / "issued")
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with in_process_worker(settings):
        yield web_client(settings)


def post(client: TestClient, name: str, content: bytes, query: str = "", type_name: str = SETTLEMENT) -> Response:
    return client.post(f"/api/types/{type_name}/batch?{query}", files={"file": (name, content)}, headers=SCRIPT)


def _problems(answer: dict[str, Any]) -> set[tuple[int, str]]:
    return {(item["row"], item["field"]) for item in answer["problems"]}


@pytest.mark.parametrize(("name", "sheet"), [("settlements.csv", as_csv), ("settlements.xlsx", as_xlsx)])
def test_check_answers_each_rows_problems_by_the_spreadsheets_row_number(
    client: TestClient, settings: Settings, name: str, sheet: Any
) -> None:
    answer = post(client, name, sheet(three_settlements()), "mode=check&lang=en_US")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert (found["mode"], found["rows"], found["valid_rows"], found["issued"]) == ("check", [2, 3, 4], [2, 4], [])
    assert _problems(found) == BAD_ROW
    assert {item["message"] for item in found["problems"] if item["field"] == "client.legal_name"} == {"Field required"}
    with open_register(settings.database) as register:
        assert register.entries(type_name=SETTLEMENT) == []  # checking issues nothing


def test_check_is_the_default_and_speaks_the_interface_language(client: TestClient) -> None:
    found = post(client, "s.csv", as_csv(three_settlements())).json()
    assert found["mode"] == "check" and _problems(found) == BAD_ROW
    legal_name = next(item["message"] for item in found["problems"] if item["field"] == "client.legal_name")
    assert legal_name != "Field required"  # zh_CN, as the pages


def test_issue_issues_the_good_rows_with_files_to_download(client: TestClient, settings: Settings) -> None:
    answer = post(client, "settlements.json", json.dumps(three_settlements()).encode(), "mode=issue")
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert [item["number"] for item in found["issued"]] == ["JS-2027-0001", "JS-2027-0002"]  # rows 1 and 3
    assert _problems(found) == {(2, "client.legal_name"), (2, "monthly_gmv.0.gmv")}  # a list counts its items
    assert found["stopped"] is None
    for item in found["issued"]:
        assert [file["format"] for file in item["files"]] == ["pdf", "docx"]
        for file in item["files"]:
            download = client.get(file["url"])
            assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == file["sha256"]
            assert file["name"] == f"{item['number']}.{file['format']}"
            assert verify(Path(settings.web.files or "", file["name"]), settings).number == item["number"]


def test_issue_with_no_good_row_issues_nothing(client: TestClient, settings: Settings) -> None:
    bad = three_settlements()[1:2]
    found = post(client, "one.csv", as_csv(bad), "mode=issue").json()
    assert (found["valid_rows"], found["issued"]) == ([], [])
    with open_register(settings.database) as register:
        assert register.entries(type_name=SETTLEMENT) == []


@pytest.mark.parametrize(
    ("name", "content", "status", "said"),
    [
        ("notes.txt", b"x", 400, "notes.txt: upload a .yaml, .yml, .json, .csv, .xlsx file"),
        ("fake.xlsx", b"not a zip", 400, "fake.xlsx: not an XLSX workbook"),
        ("empty.csv", b"", 400, "empty.csv"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_it(
    client: TestClient, name: str, content: bytes, status: int, said: str
) -> None:
    answer = client.post(
        f"/api/types/{SETTLEMENT}/batch?lang=en_US", files={"file": (name, content)}, headers=SCRIPT
    )
    assert answer.status_code == status and said in answer.json()["error"], answer.text
    assert "docgen-batch-" not in answer.text  # never the server's temporary folder


def test_an_unknown_type_or_mode_is_refused(client: TestClient) -> None:
    assert post(client, "s.csv", b"a\n1\n", type_name="nope").status_code == 404
    assert post(client, "s.csv", as_csv(three_settlements()), "mode=both").status_code == 400


def test_a_file_over_the_limit_is_413(tmp_path: Path) -> None:
    settings = web_settings(tmp_path)
    limited = settings.model_copy(update={"web": settings.web.model_copy(update={"upload_limit_mb": 1})})
    answer = post(web_client(limited), "big.csv", b"a\n" + b"x" * 2**20)
    assert answer.status_code == 413 and "big.csv: larger than the upload limit of 1 MB" in answer.json()["error"]


def test_a_cross_site_shaped_batch_is_refused(client: TestClient, settings: Settings) -> None:
    client.get("/")  # this browser's cookie goes with a form another site posts
    content = as_csv(three_settlements())
    answer = client.post(f"/api/types/{SETTLEMENT}/batch?mode=issue", files={"file": ("s.csv", content)})
    assert answer.status_code == 403
    with open_register(settings.database) as register:
        assert register.entries(type_name=SETTLEMENT) == []


def test_the_batch_route_is_documented(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/types/{type}/batch"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {item["name"] for item in operation["parameters"]} >= {"type", "mode", "locale"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("BatchAnswer")
