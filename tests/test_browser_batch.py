"""In a real browser: finance, signed in as the finance account, uploads a spreadsheet of three settlement statements, one of them bad, sees the bad
row's problems by row and field, issues the other two while the progress bar runs, and downloads the zip."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import Select, WebDriverWait

from .browser import WAIT, Served, add_team, browser, screenshot, served, sign_in
from .webbatch import SETTLEMENT, as_csv, issue_what_settlements_cite, three_settlements

__all__ = ["browser", "served"]  # the fixtures this module uses


def waiting(driver: Any) -> WebDriverWait[Any]:
    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))  # htmx swaps


def upload_the_sheet(browser: Any, served: Served, sheet: Path) -> None:
    browser.get(served.url + "/")
    browser.find_element(By.ID, "nav-batch").click()  # from the header, on every page
    waiting(browser).until(shown.presence_of_element_located((By.ID, "batch-type")))
    Select(browser.find_element(By.ID, "batch-type")).select_by_value(SETTLEMENT)
    browser.find_element(By.ID, "batch-file").send_keys(str(sheet))
    screenshot(browser, "batch-upload")
    browser.find_element(By.ID, "batch-check").click()


def the_bad_rows_problems(browser: Any) -> list[tuple[str, str]]:
    table = waiting(browser).until(shown.presence_of_element_located((By.ID, "batch-problems")))
    screenshot(browser, "batch-problems")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    return [
        (row.find_element(By.CLASS_NAME, "row").text, row.find_element(By.CSS_SELECTOR, ".field code").text)
        for row in rows
    ]


def issue_the_others(browser: Any) -> list[str]:
    browser.find_element(By.ID, "batch-issue").click()
    waiting(browser).until(shown.presence_of_element_located((By.CSS_SELECTOR, "#batch-progress progress")))
    numbers = waiting(browser).until(shown.presence_of_element_located((By.ID, "batch-numbers")))  # htmx polled
    screenshot(browser, "batch-issued")
    return [item.text for item in numbers.find_elements(By.TAG_NAME, "li")]


def download_the_zip(browser: Any, served: Served) -> Path:
    browser.find_element(By.ID, "batch-zip").click()
    waiting(browser).until(
        lambda _: list(served.downloads.glob("*.zip")) and not list(served.downloads.glob("*.crdownload"))
    )
    return next(served.downloads.glob("*.zip"))


def test_finance_issues_the_good_rows_of_a_sheet_of_settlements(browser: Any, served: Served, tmp_path: Path) -> None:
    issue_what_settlements_cite(served.settings, tmp_path / "issued")
    add_team(served.settings)
    sign_in(browser, served.url, "finance")
    sheet = tmp_path / "三月结算.csv"
    sheet.write_bytes(as_csv(three_settlements()))
    upload_the_sheet(browser, served, sheet)
    assert the_bad_rows_problems(browser) == [("3", "client.legal_name"), ("3", "monthly_gmv.0.gmv")]
    assert issue_the_others(browser) == ["JS-2027-0001", "JS-2027-0002"]
    names = set(zipfile.ZipFile(download_the_zip(browser, served)).namelist())
    assert names == {f"JS-2027-000{n}.{fmt}" for n in (1, 2) for fmt in ("pdf", "docx")} | {
        "JS-2027-0001_to_JS-2027-0002.pdf"
    }
