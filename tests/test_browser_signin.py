"""In a real browser, once the register holds an account: a page asked for leads to the sign-in page, a wrong
password is refused there, the right one leads back to the page, and signing out ends the session."""

from __future__ import annotations

from typing import Any

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrived
from selenium.webdriver.support.ui import WebDriverWait

from docgen.store.accounts import open_accounts

from .browser import Served, browser, screenshot, served

__all__ = ["browser", "served"]  # the fixtures this module uses
PASSWORD = "Correct-Horse-42"
WAIT = 20  # seconds: a click starts a navigation that a busy machine may finish late


def submitted(browser: Any, name: str, password: str) -> None:
    """Sign in and wait until the browser has left the page the form was on."""
    form = browser.find_element(By.CSS_SELECTOR, ".signin-form")
    sign_in(browser, name, password)
    WebDriverWait(browser, WAIT).until(arrived.staleness_of(form))


def waiting(browser: Any) -> WebDriverWait[Any]:
    return WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,))


def sign_in(browser: Any, name: str, password: str) -> None:
    browser.find_element(By.NAME, "name").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, ".signin-form button").click()


def test_signing_in_and_out_in_a_browser(browser: Any, served: Served) -> None:
    with open_accounts(served.settings.database) as accounts:
        accounts.add("wang.li", "sales", PASSWORD)
    browser.get(served.url + "/documents")
    assert browser.current_url == served.url + "/signin?next=%2Fdocuments"
    submitted(browser, "wang.li", "not-the-password")
    screenshot(browser, "signin-refused")
    assert "用户名或密码错误" in browser.find_element(By.CSS_SELECTOR, ".form-error").text
    submitted(browser, "wang.li", PASSWORD)
    assert browser.current_url == served.url + "/documents"
    assert browser.find_element(By.CSS_SELECTOR, ".signout .user").text == "wang.li"
    screenshot(browser, "signed-in")
    browser.find_element(By.CSS_SELECTOR, ".signout button").click()
    waiting(browser).until(arrived.url_to_be(served.url + "/signin"))
    browser.get(served.url + "/")
    assert browser.current_url.startswith(served.url + "/signin")
