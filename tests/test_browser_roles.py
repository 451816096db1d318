"""In a real browser, across roles: a salesperson finds no HR document anywhere (the register list, its search, the
document's page by its number typed into the address bar, its files by their guessed addresses: each answered as a
number that does not exist), where HR finds them all; finance reads a contract but has no button to issue or void
one, and a request forged with finance's own session cookie and CSRF token is refused on the server.

One app and one Chromium serve the module; the roles take turns at the browser, each signing in once through the
sign-in page (see browser.Desk). A page's status is not something a browser shows: an HTTP client carrying the
browser's own cookies reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from selenium.webdriver.common.by import By

from docgen.issuing import issue
from docgen.samples import sample_path
from docgen.store import open_register

from .browser import Desk, Served, app, chrome, http_client, one_register_key, screenshot, working_as
from .webforms import FORM, form_pairs

__all__ = ["app", "chrome", "one_register_key"]  # the fixtures this module uses
GONE = "LY-2026-9999"  # shaped as an offer letter's number, never issued
CANDIDATE = "林晓雯"  # the sample offer letter's candidate


@dataclass(frozen=True)
class Issued:
    offer: str  # HR's offer letter (PDF)
    contract: str  # sales's service contract (HTML)


@pytest.fixture(scope="module")
def issued(app: Served) -> Issued:
    folder = app.settings.web.files or app.downloads
    with working_as("hr"):
        [offer] = issue(
            "offer_letter", sample_path("offer_letter"), formats=("pdf",), output_dir=folder, settings=app.settings
        )
    with working_as("sales"):  # the contract cites the proposal: issued first
        for type_name in ("proposal", "service_contract"):
            [document] = issue(
                type_name, sample_path(type_name), formats=("html",), output_dir=folder, settings=app.settings
            )
    return Issued(offer.number, document.number)


@pytest.fixture(scope="module")
def desk(chrome: Any, app: Served) -> Desk:
    return Desk(chrome, app.url)


def main_text(driver: Any, url: str) -> str:
    driver.get(url)
    return str(driver.find_element(By.TAG_NAME, "main").text)


def as_not_held(text: str, *numbers: str) -> str:
    """The text with the numbers asked for put as one: a page about a hidden number must be the page of a number
    not held, word for word, but for the number typed."""
    return re.sub("|".join(map(re.escape, numbers)), "N", text)


FILE_ADDRESSES = ("/documents/{n}/files/pdf", "/issued/{n}/pdf", "/api/documents/{n}/files/{n}.pdf")


# ---------------------------------------------------------------- sales never sees an HR document


def test_sales_finds_no_offer_letter_in_the_register_or_its_search(desk: Desk, app: Served, issued: Issued) -> None:
    sales = desk.take("sales")
    listed = main_text(sales, f"{app.url}/documents")
    screenshot(sales, "roles-sales-register")
    assert issued.contract in listed  # the list is there, with sales's own work
    found = [main_text(sales, f"{app.url}/documents?q={query}") for query in (CANDIDATE, issued.offer, "LY-")]
    for text in (listed, *found):
        assert issued.offer not in text and CANDIDATE not in text
    hr = desk.take("hr")
    assert issued.offer in main_text(hr, f"{app.url}/documents")
    assert issued.offer in main_text(hr, f"{app.url}/documents?q={CANDIDATE}")


def test_an_offer_letters_number_typed_by_sales_is_a_number_that_does_not_exist(
    desk: Desk, app: Served, issued: Issued
) -> None:
    sales = desk.take("sales")
    gone = main_text(sales, f"{app.url}/documents/{GONE}")
    hidden = main_text(sales, f"{app.url}/documents/{issued.offer}")
    screenshot(sales, "roles-sales-404")
    assert as_not_held(hidden, issued.offer, GONE) == as_not_held(gone, issued.offer, GONE)
    assert CANDIDATE not in hidden and "录用通知书" not in hidden
    with http_client(sales, app.url) as client:
        assert (
            client.get(f"/documents/{issued.offer}").status_code == client.get(f"/documents/{GONE}").status_code == 404
        )
    hr = desk.take("hr")
    page = main_text(hr, f"{app.url}/documents/{issued.offer}")
    screenshot(hr, "roles-hr-offer-letter")
    assert issued.offer in page and "录用通知书" in page


def test_an_offer_letters_files_at_guessed_addresses_are_not_there_for_sales(
    desk: Desk, app: Served, issued: Issued
) -> None:
    sales = desk.take("sales")
    for address in (*FILE_ADDRESSES, f"/api/documents/{issued.contract}/files/{issued.offer}.pdf"):
        hidden = main_or_body(sales, app.url + address.format(n=issued.offer))
        gone = main_or_body(sales, app.url + address.format(n=GONE))
        assert as_not_held(hidden, issued.offer, GONE) == as_not_held(gone, issued.offer, GONE), address
        with http_client(sales, app.url) as client:
            answer = client.get(address.format(n=issued.offer))
        assert answer.status_code == 404 and b"%PDF" not in answer.content, address
    with http_client(desk.take("hr"), app.url) as client:
        for address in FILE_ADDRESSES:
            answer = client.get(address.format(n=issued.offer))
            assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), address


def main_or_body(driver: Any, url: str) -> str:
    """What the browser shows at url: a page's main part, or the whole body of an answer that is no page (JSON)."""
    driver.get(url)
    mains = driver.find_elements(By.TAG_NAME, "main")
    return str((mains[0] if mains else driver.find_element(By.TAG_NAME, "body")).text)


# ---------------------------------------------------------------- finance reads a contract, and only reads it


def test_finance_reads_a_contract_with_no_button_to_issue_or_void_it(desk: Desk, app: Served, issued: Issued) -> None:
    finance = desk.take("finance")
    page = main_text(finance, f"{app.url}/documents/{issued.contract}")
    screenshot(finance, "roles-finance-contract")
    assert issued.contract in page and "代运营服务合同" in page
    assert not finance.find_elements(By.CSS_SELECTOR, 'form[action*="/void"]')
    finance.get(app.url + "/")
    assert not finance.find_elements(By.CSS_SELECTOR, 'a[href^="/new/service_contract"]')
    assert finance.find_elements(By.CSS_SELECTOR, 'a[href^="/new/settlement_statement"]')  # what finance issues
    typed = main_or_body(finance, f"{app.url}/new/service_contract?from=sample")  # the form's address, typed
    assert "service_contract" in typed and not finance.find_elements(By.ID, "do-issue")
    assert typed == main_or_body(finance, f"{app.url}/new/no_such_type?from=sample").replace(
        "no_such_type", "service_contract"
    )
    sales = desk.take("sales")
    sales.get(f"{app.url}/documents/{issued.contract}")
    assert sales.find_elements(By.CSS_SELECTOR, 'form[action*="/void"]')  # the button exists, for its owner


def contract_form(driver: Any, app: Served) -> list[tuple[str, str]]:
    """The contract form, filled from the sample, as sales's browser would send it to issue."""
    with http_client(driver, app.url) as client:
        page = client.get("/new/service_contract", params={"from": "sample"})
    assert page.status_code == 200
    return [(name, value) for name, value in form_pairs(page.text) if name != "csrf_token"] + [("_action", "issue")]


def status_of(app: Served, number: str) -> list[str]:
    with open_register(app.settings.database) as register:
        return [entry.status for entry in register.lookup(number)]


def test_a_void_or_issue_forged_with_finances_cookie_and_token_is_refused(
    desk: Desk, app: Served, issued: Issued
) -> None:
    filled = contract_form(desk.take("sales"), app)
    finance = desk.take("finance")
    void = {"reason": "作废测试", "confirm": "yes"}
    with http_client(finance, app.url) as client:
        token = {"csrf_token": client.cookies["docgen_csrf"]}
        forged_void = client.post(f"/documents/{issued.contract}/void", data={**token, **void})
        forged_issue = client.post("/new/service_contract", content=urlencode([*filled, *token.items()]), headers=FORM)
        api_void = client.post(
            f"/api/documents/{issued.contract}/void",
            json={"reason": "作废测试"},
            headers={"x-csrf-token": token["csrf_token"]},
        )
    assert forged_void.status_code == forged_issue.status_code == 404
    assert api_void.status_code == 403  # a change through the API needs a bearer token, never a cookie
    with open_register(app.settings.database) as register:
        contracts = [entry for entry in register.entries() if entry.type_name == "service_contract"]
    assert [(entry.number, entry.status) for entry in contracts] == [(issued.contract, "issued")]
    with http_client(desk.take("sales"), app.url) as client:  # the same request, from the contract's owner
        done = client.post(
            f"/documents/{issued.contract}/void", data={"csrf_token": client.cookies["docgen_csrf"], **void}
        )
    assert done.status_code == 303 and status_of(app, issued.contract) == ["void"]
