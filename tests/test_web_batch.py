"""The batch page: a sheet of three settlement statements, one bad; its problems by row and field; the other two
issued as `docgen issue --keep-going --merge` issues them; the progress fragment; the zip of the recorded files."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from pypdf import PdfReader

from docgen.config import Settings
from docgen.issuing import verify
from docgen.locale.columns import title_for
from docgen.store import open_register

from .jobworker import in_process_worker
from .test_roles import Team, team
from .webbatch import SETTLEMENT, as_csv, as_xlsx, issue_what_settlements_cite, three_settlements
from .webforms import web_client, web_settings

__all__ = ["team"]  # the fixture this module uses

WAIT = 120  # seconds a run of two documents may take on a loaded 2-core machine


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = web_settings(tmp_path)
    issue_what_settlements_cite(settings, tmp_path / "issued")
    return settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with in_process_worker(settings):
        yield web_client(settings)


def upload(client: TestClient, name: str, content: bytes, lang: str = "zh_CN", **data: str) -> Response:
    client.get("/batch")
    fields = {"csrf_token": client.cookies["docgen_csrf"], "type": SETTLEMENT, "locale": "zh_CN", **data}
    return client.post(f"/batch?lang={lang}", data=fields, files={"file": (name, content)})


def problems(html: str) -> list[tuple[str, str, str]]:
    """Each problem as (row, field's dotted name, message)."""
    rows = lxml.html.fromstring(html).xpath("//table[@id='batch-problems']/tbody/tr")
    return [
        (row.xpath("./td[@class='row']")[0].text, row.xpath("./td[@class='field']/code")[0].text or "",
         row.xpath("./td[@class='message']")[0].text)
        for row in rows
    ]  # fmt: skip


def run_to_the_end(client: TestClient, page: str) -> str:
    """Press the issue button, then poll the progress fragment as htmx does until the run is over."""
    batch_url = page.removesuffix("/")
    token = client.cookies["docgen_csrf"]
    started = client.post(f"{batch_url}/issue", data={"csrf_token": token})
    assert started.status_code == 200 and 'id="batch-progress"' in started.text
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        fragment = client.get(f"{batch_url}/progress", headers={"hx-request": "true"}).text
        if "hx-trigger" not in fragment:
            return fragment
        time.sleep(0.2)
    raise AssertionError("the batch did not finish")


def test_each_bad_rows_problems_are_shown_by_row_and_field(client: TestClient) -> None:
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    assert page.status_code == 200 and "settlements.csv: 3" in page.text
    found = problems(page.text)
    assert {(row, field) for row, field, _ in found} == {("3", "client.legal_name"), ("3", "monthly_gmv.0.gmv")}
    assert all(message for _, _, message in found)
    shown = lxml.html.fromstring(page.text).xpath("//td[@class='field']/span[@class='title']/text()")
    assert (
        title_for(SETTLEMENT, "client.legal_name", "zh_CN") in shown
    )  # the sheet's column title, as the clerk knows it
    assert "签发全部无问题的行 (2)" in page.text  # rows 2 and 4 (row 1 holds the titles)


def test_the_problems_are_worded_in_the_interface_language(client: TestClient) -> None:
    english = dict(
        ((row, field), text)
        for row, field, text in problems(upload(client, "s.csv", as_csv(three_settlements()), "en_US").text)
    )
    chinese = dict(
        ((row, field), text) for row, field, text in problems(upload(client, "s.csv", as_csv(three_settlements())).text)
    )
    assert english[("3", "client.legal_name")] == "Field required"
    assert chinese[("3", "client.legal_name")] != "Field required"


def test_a_row_citing_an_unissued_contract_is_a_problem_of_that_row(client: TestClient) -> None:
    records = three_settlements()
    records[2]["contract_number"] = "HT-2026-0099"
    found = problems(upload(client, "settlements.json", json.dumps(records).encode()).text)
    assert [(row, field) for row, field, _ in found if row == "3"] == [("3", "contract_number")]
    assert any("HT-2026-0099" in message for row, _, message in found if row == "3")


def test_the_valid_rows_are_issued_and_zipped_with_the_merged_pdf(client: TestClient, settings: Settings) -> None:
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    fragment = run_to_the_end(client, str(page.url))
    numbers = lxml.html.fromstring(fragment).xpath("//ul[@id='batch-numbers']/li/a/text()")
    assert numbers == ["JS-2027-0001", "JS-2027-0002"]  # rows 2 and 4, in the file's order; row 3 skipped
    answer = client.get(f"{str(page.url).removesuffix('/')}/zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    merged = "JS-2027-0001_to_JS-2027-0002.pdf"
    expected = {f"{number}.{fmt}" for number in numbers for fmt in ("pdf", "docx")} | {merged}
    assert set(archive.namelist()) == expected  # not the contract issued into the same folder before
    for number in numbers:
        for fmt in ("pdf", "docx"):
            kept = Path(settings.web.files or "", f"{number}.{fmt}")
            assert archive.read(f"{number}.{fmt}") == kept.read_bytes()
            assert verify(kept, settings).number == number
    pages = PdfReader(io.BytesIO(archive.read(merged))).pages
    text = "".join(page.extract_text() for page in pages)
    assert "JS-2027-0001" in text and "JS-2027-0002" in text


def test_the_progress_fragment_counts_the_documents_done(client: TestClient) -> None:
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    before = client.get(f"{page.url}/progress").text
    assert 'id="batch-done">0<' in before and "hx-trigger" in before  # polled until the run ends
    fragment = lxml.html.fromstring(run_to_the_end(client, str(page.url)))
    assert (
        fragment.get_element_by_id("batch-done").text == "2" and fragment.get_element_by_id("batch-total").text == "2"
    )
    assert fragment.xpath("//progress/@value") == ["2"] and fragment.xpath("//progress/@max") == ["2"]


def test_an_xlsx_and_a_yaml_list_are_read_as_the_csv_is(client: TestClient) -> None:
    import yaml

    found = problems(upload(client, "settlements.xlsx", as_xlsx(three_settlements())).text)
    assert {(row, field) for row, field, _ in found} == {("3", "client.legal_name"), ("3", "monthly_gmv.0.gmv")}
    content = yaml.safe_dump(three_settlements(), allow_unicode=True).encode("utf-8")
    found = problems(upload(client, "settlements.yaml", content).text)  # a list's rows are its items, from 1
    assert {(row, field) for row, field, _ in found} == {("2", "client.legal_name"), ("2", "monthly_gmv.0.gmv")}


def test_the_upload_and_the_issue_need_the_csrf_token(client: TestClient) -> None:
    client.get("/batch")
    files = {"file": ("s.csv", as_csv(three_settlements()))}
    assert client.post("/batch", data={"type": SETTLEMENT}, files=files).status_code == 403
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    assert client.post(f"{page.url}/issue", data={"csrf_token": "wrong"}).status_code == 403
    assert 'id="batch-issue"' in client.get(str(page.url)).text  # nothing was started


def test_an_upload_over_the_limit_is_refused_with_413(client: TestClient, settings: Settings) -> None:
    too_large = b"#" * (settings.web.upload_limit_mb * 1024 * 1024 + 1)
    answer = upload(client, "settlements.csv", too_large, lang="en_US")
    assert answer.status_code == 413 and "larger than the upload limit" in answer.text


def test_a_file_of_another_kind_is_refused_naming_it(client: TestClient) -> None:
    answer = upload(client, "settlements.exe", b"MZ", lang="en_US")
    assert answer.status_code == 400 and "settlements.exe: upload a .yaml" in answer.text


def test_a_row_that_fails_during_the_run_is_added_to_the_problems(client: TestClient, settings: Settings) -> None:
    """Checked while the contract was issued, run after it was voided: nothing issued, each row says why."""
    page = upload(client, "settlements.csv", as_csv(three_settlements()))
    with open_register(settings.database) as register:
        [contract] = [entry for entry in register.lookup("HT-2026-0001") if entry.status == "issued"]
        register.void(contract, "signed again")
    fragment = run_to_the_end(client, str(page.url))
    assert 'id="batch-numbers"' not in fragment and 'id="batch-zip"' not in fragment
    found = problems(client.get(str(page.url)).text)
    assert {(row, field) for row, field, _ in found if row != "3"} == {
        ("2", "contract_number"),
        ("4", "contract_number"),
    }
    said = "settlement_statement 引用了 HT-2026-0001，但该编号已作废（signed again）"  # in the interface language
    assert all(message == said for row, _, message in found if row != "3")


def test_another_server_process_shows_the_batch_and_issues_it(settings: Settings) -> None:
    """Two apps on one register, as two `docgen serve --workers` processes: the batch uploaded to one is shown,
    started and followed on the other, as the register holds it."""
    first, second = web_client(settings), web_client(settings)
    page = upload(first, "settlements.csv", as_csv(three_settlements()))
    path = urlsplit(str(page.url)).path
    shown = second.get(path)
    assert shown.status_code == 200 and problems(shown.text) == problems(page.text)
    second.get("/batch")  # the second app's own form token
    with in_process_worker(settings):
        fragment = run_to_the_end(second, f"http://127.0.0.1:8000{path}")
    assert lxml.html.fromstring(fragment).xpath("//ul[@id='batch-numbers']/li/a/text()") == [
        "JS-2027-0001",
        "JS-2027-0002",
    ]
    assert first.get(f"{path}/zip").status_code == 200


def test_a_batch_is_shown_only_to_a_role_that_may_issue_its_type(team: Team) -> None:
    finance = team.browsers["finance"]
    finance.get("/batch")
    fields = {"csrf_token": finance.cookies["docgen_csrf"], "type": SETTLEMENT, "locale": "zh_CN"}
    answer = finance.post("/batch", data=fields, files={"file": ("s.csv", as_csv(three_settlements()))})
    assert answer.status_code == 303
    path = answer.headers["location"]
    assert team.get("finance", path).status_code == 200
    assert team.get("sales", path).status_code == 200  # sales issues settlement statements too
    # hr does not: the same 404 as for a batch that does not exist
    assert team.get("hr", path).status_code == 404 and team.get("hr", f"{path}/progress").status_code == 404
    assert team.post("hr", f"{path}/issue").status_code == 404
    assert team.get("finance", "/batch/no-such-batch").status_code == 404
