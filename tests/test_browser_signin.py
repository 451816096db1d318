"""In a real browser, once the register holds an account: a page asked for leads to the sign-in page, a wrong
password is refused there, the right one leads back to the page, and signing out ends the session."""

from __future__ import annotations

from typing import Any

from selenium.webdriver.common.by import By

from docgen.store.accounts import open_accounts

from .browser import Served, browser, screenshot, served

__all__ = ["browser", "served"]  # the fixtures this module uses
PASSWORD = "Correct-Horse-42"


def sign_in(browser: Any, name: str, password: str) -> None:
    browser.find_element(By.NAME, "name").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, ".signin-form button").click()


def test_signing_in_and_out_in_a_browser(browser: Any, served: Served) -> None:
    with open_accounts(served.settings.database) as accounts:
        accounts.add("wang.li", "sales", PASSWORD)
    browser.get(served.url + "/documents")
    assert browser.current_url == served.url + "/signin?next=%2Fdocuments"
    sign_in(browser, "wang.li", "not-the-password")
    screenshot(browser, "signin-refused")
    assert "用户名或密码错误" in browser.find_element(By.CSS_SELECTOR, ".form-error").text
    sign_in(browser, "wang.li", PASSWORD)
    assert browser.current_url == served.url + "/documents"
    assert browser.find_element(By.CSS_SELECTOR, ".signout .user").text == "wang.li"
    screenshot(browser, "signed-in")
    browser.find_element(By.CSS_SELECTOR, ".signout button").click()
    assert browser.current_url == served.url + "/signin"
    browser.get(served.url + "/")
    assert browser.current_url.startswith(served.url + "/signin")
