"""In a real browser, once the register holds accounts: a page asked for leads to the sign-in page, a wrong
password is refused there, the right one leads back to the page, and signing out ends the session; after sign-in
the browser is never sent outside the app, and the session id it had before signing in is not the one after.

One app and one Chromium serve the module; each test starts without the cookies of the one before.
"""

from __future__ import annotations

from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as arrived
from selenium.webdriver.support.ui import WebDriverWait

from docgen.web.signin import SESSION_COOKIE

from .browser import TEAM, WAIT, Served, app, chrome, one_register_key, screenshot, sign_in, submit_sign_in

__all__ = ["app", "chrome", "one_register_key"]  # the fixtures this module uses


@pytest.fixture
def browser(chrome: Any, app: Served) -> Any:
    """The module's browser, signed out, on the sign-in page."""
    chrome.get(app.url + "/signin")
    chrome.delete_all_cookies()
    return chrome


def waiting(browser: Any) -> WebDriverWait[Any]:
    return WebDriverWait(browser, WAIT, ignored_exceptions=(StaleElementReferenceException,))


def test_signing_in_and_out_in_a_browser(browser: Any, app: Served) -> None:
    browser.get(app.url + "/documents")
    assert browser.current_url == app.url + "/signin?next=%2Fdocuments"
    submit_sign_in(browser, TEAM["sales"], "not-the-password")
    screenshot(browser, "signin-refused")
    assert "用户名或密码错误" in browser.find_element(By.CSS_SELECTOR, ".form-error").text
    submit_sign_in(browser, TEAM["sales"])
    assert browser.current_url == app.url + "/documents"
    assert browser.find_element(By.CSS_SELECTOR, ".signout .user").text == TEAM["sales"]
    screenshot(browser, "signed-in")
    browser.find_element(By.CSS_SELECTOR, ".signout button").click()
    waiting(browser).until(arrived.url_to_be(app.url + "/signin"))
    browser.get(app.url + "/")
    assert browser.current_url.startswith(app.url + "/signin")


@pytest.mark.parametrize(
    "target", ["https://evil.example/documents", "//evil.example/documents", "/\\evil.example", "http:/evil.example"]
)
def test_after_sign_in_the_browser_stays_in_the_app_whatever_next_says(browser: Any, app: Served, target: str) -> None:
    sign_in(browser, app.url, "hr", next=target)
    assert browser.current_url == app.url + "/"
    assert browser.find_element(By.CSS_SELECTOR, ".signout .user").text == TEAM["hr"]


def session_id(browser: Any) -> str | None:
    cookie = browser.get_cookie(SESSION_COOKIE)
    return str(cookie["value"]) if cookie else None


def test_signing_in_gives_a_new_session_id_and_the_one_before_signs_no_one_in(browser: Any, app: Served) -> None:
    browser.add_cookie({"name": SESSION_COOKIE, "value": "planted-by-someone-else", "path": "/"})
    sign_in(browser, app.url, "finance")
    first = session_id(browser)
    assert first and first != "planted-by-someone-else"
    sign_in(browser, app.url, "finance")  # again, on the same browser: the session it had ends
    second = session_id(browser)
    assert second and second != first
    for before in ("planted-by-someone-else", first):
        browser.delete_all_cookies()
        browser.add_cookie({"name": SESSION_COOKIE, "value": before, "path": "/"})
        browser.get(app.url + "/documents")
        assert browser.current_url == app.url + "/signin?next=%2Fdocuments", before
