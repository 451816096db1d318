"""In a real browser: HR, signed in as the HR account, fills an offer letter from the sample, makes two mistakes,
sees each message next to its field, fixes them, previews, issues and downloads the PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import WebDriverWait

from docgen.store import open_register

from .browser import TEAM, WAIT, Served, add_team, browser, screenshot, served, sign_in

__all__ = ["browser", "served"]  # the fixtures this module uses


def field(driver: Any, name: str) -> Any:
    return driver.find_element(By.ID, f"f-{name}")


def retype(driver: Any, name: str, text: str) -> None:
    """Replace a field's text as a person does, then leave it (which fires its change)."""
    element = field(driver, name)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.BACKSPACE)
    element.send_keys(text, Keys.TAB)


def message(driver: Any, name: str) -> str:
    return str(driver.find_element(By.ID, f"msg-{name}").text)


def waiting(driver: Any) -> WebDriverWait[Any]:
    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))  # htmx swaps


def start_from_the_sample(browser: Any, served: Served) -> None:
    browser.get(served.url + "/")
    screenshot(browser, "home")
    browser.find_element(By.CSS_SELECTOR, 'a[data-type="offer_letter"]').click()
    waiting(browser).until(shown.element_to_be_clickable((By.ID, "start-sample"))).click()
    waiting(browser).until(lambda _: field(browser, "candidate.name").get_attribute("value") == "林晓雯")
    screenshot(browser, "form")


def make_two_mistakes_then_fix_them(browser: Any) -> None:
    wait = waiting(browser)
    retype(browser, "candidate.name", "")
    retype(browser, "pay.base_monthly", "15,000")
    wait.until(lambda _: message(browser, "candidate.name") and message(browser, "pay.base_monthly"))
    assert message(browser, "pay.base_monthly") == "write 15000 without thousands separators"
    assert message(browser, "position.title") == ""  # the others stay quiet
    screenshot(browser, "form-with-mistakes")
    retype(browser, "candidate.name", "林晓雯")
    retype(browser, "pay.base_monthly", "15000.00")
    wait.until(lambda _: not message(browser, "candidate.name") and not message(browser, "pay.base_monthly"))


def add_and_remove_a_row(browser: Any) -> None:
    browser.find_element(By.CSS_SELECTOR, 'button[value="add:pay.allowances"]').click()  # through htmx
    waiting(browser).until(lambda _: browser.find_elements(By.ID, "f-pay.allowances.2.name"))
    browser.find_element(By.CSS_SELECTOR, 'button[value="remove:pay.allowances.2"]').click()
    waiting(browser).until(lambda _: not browser.find_elements(By.ID, "f-pay.allowances.2.name"))


def preview(browser: Any) -> None:
    browser.find_element(By.ID, "do-preview").click()
    waiting(browser).until(shown.frame_to_be_available_and_switch_to_it("preview"))
    waiting(browser).until(lambda _: "林晓雯" in browser.find_element(By.TAG_NAME, "body").text)
    browser.switch_to.default_content()
    screenshot(browser, "preview")


def issue_and_download_the_pdf(browser: Any, served: Served) -> Path:
    browser.find_element(By.ID, "do-issue").click()
    number = waiting(browser).until(shown.presence_of_element_located((By.ID, "issued-number"))).text
    assert number == "LY-2026-0001"
    screenshot(browser, "issued")
    browser.find_element(By.CSS_SELECTOR, 'a[data-format="pdf"]').click()
    pdf = served.downloads / f"{number}.pdf"
    waiting(browser).until(lambda _: pdf.is_file() and not list(served.downloads.glob("*.crdownload")))
    return pdf


def test_hr_fills_checks_previews_issues_and_downloads_an_offer_letter(browser: Any, served: Served) -> None:
    add_team(served.settings)
    sign_in(browser, served.url, "hr")
    start_from_the_sample(browser, served)
    make_two_mistakes_then_fix_them(browser)
    add_and_remove_a_row(browser)
    preview(browser)
    pdf = issue_and_download_the_pdf(browser, served)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "林晓雯" in text and pdf.stem in text and "草稿" not in text
    assert Path(served.settings.web.files or "", pdf.name).read_bytes() == pdf.read_bytes()
    with open_register(served.settings.database) as register:
        assert [entry.issued_by for entry in register.lookup(pdf.stem)] == [TEAM["hr"]]
