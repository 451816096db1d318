"""In a real browser, each signed in as the role that does the work: sales derives a service contract from an issued
proposal, HR's verify tells an issued download from a changed copy (and sales's verify says the download is genuine
without showing anything of it), HR's interface speaks zh_TW and en_US, and every sample survives the form with
JavaScript off (as admin, who may draft every type).

One app and one Chromium serve the whole module (starting them is most of a scenario's time); the roles take turns
at the browser, each signing in once through the sign-in page (see browser.Desk); each scenario reads the numbers it
was given rather than assuming them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.ui import Select

from docgen.inputs import load_records
from docgen.issuing import issue
from docgen.registry import document_types, get_type
from docgen.samples import sample_path

from .browser import Desk, Served, app, chrome, chromium, one_register_key, screenshot, sign_in, working_as
from .test_browser_forms import field, retype, waiting
from .test_verify import altered_pdf
from .test_web_forms import canonical

__all__ = ["app", "chrome", "one_register_key"]  # the fixtures this module uses


@pytest.fixture(scope="module")
def desk(chrome: Any, app: Served) -> Desk:
    return Desk(chrome, app.url)


@pytest.fixture(scope="module")
def scriptless(app: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium with JavaScript off, signed in as admin (the sign-in page is a plain form)."""
    with chromium(tmp_path_factory.mktemp("profile-nojs"), app.downloads, javascript=False) as driver:
        sign_in(driver, app.url, "admin")
        yield driver


def downloaded(driver: Any, app: Served, name: str) -> Path:
    """The file the browser saved as name, once it has finished saving it."""
    path = app.downloads / name
    waiting(driver).until(lambda _: path.is_file() and not list(app.downloads.glob("*.crdownload")))
    return path


# ---------------------------------------------------------------- sales: a contract derived from a proposal


def set_date(driver: Any, name: str, iso: str) -> None:
    """A date field set as its picker sets it: typing depends on the browser's locale, the value does not."""
    driver.execute_script(
        "arguments[0].value = arguments[1];arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        field(driver, name),
        iso,
    )


def derive_from(driver: Any, app: Served, number: str) -> None:
    """Open the empty contract form and enter the proposal's number where the page asks for it."""
    driver.get(app.url + "/new/service_contract")
    box = driver.find_element(By.CSS_SELECTOR, 'input[name="derive"]')
    box.send_keys(number)
    box.submit()
    waiting(driver).until(lambda _: field(driver, "proposal_number").get_attribute("value") == number)
    assert field(driver, "client.legal_name").get_attribute("value") == "杭州青禾美妆科技有限公司"
    assert field(driver, "service_period.start").get_attribute("value") == ""  # derive leaves it to sales
    screenshot(driver, "derived-contract")


def fill_what_derive_left(driver: Any) -> None:
    set_date(driver, "service_period.start", "2027-01-01")
    set_date(driver, "service_period.end", "2027-12-31")
    set_date(driver, "payment_schedule.0.due", "2027-01-10")
    retype(driver, "payment_schedule.0.percent", "100")
    retype(driver, "payment_schedule.0.description", "全年服务费")
    Select(field(driver, "disputes.method")).select_by_value("arbitration")
    retype(driver, "disputes.forum", "上海国际仲裁中心")
    retype(driver, "notices.agency.recipient", "法务部")
    retype(driver, "notices.agency.address", "上海市浦东新区张江路1088号5楼")
    retype(driver, "notices.agency.email", "legal@yunfan-ops.example.com")


def test_sales_derives_a_service_contract_from_an_issued_proposal_and_issues_it(desk: Desk, app: Served) -> None:
    folder = app.settings.web.files or app.downloads
    with working_as("sales"):  # a salesperson sees only their own documents
        [proposal] = issue(
            "proposal", sample_path("proposal"), formats=("html",), output_dir=folder, settings=app.settings
        )
    page = desk.take("sales")
    derive_from(page, app, proposal.number)
    fill_what_derive_left(page)
    page.find_element(By.ID, "do-issue").click()
    number = waiting(page).until(shown.presence_of_element_located((By.ID, "issued-number"))).text
    assert number.startswith("HT-")
    screenshot(page, "contract-issued")
    page.get(f"{app.url}/documents/{number}")
    cites = waiting(page).until(shown.presence_of_element_located((By.CSS_SELECTOR, ".document-cites")))
    assert proposal.number in [link.text for link in cites.find_elements(By.TAG_NAME, "a")]
    assert "proposal_number" in cites.text
    screenshot(page, "contract-in-register")


# ---------------------------------------------------------------- verify: a download and a changed copy


def verdict_for(driver: Any, app: Served, path: Path) -> tuple[str, str]:
    """Upload the file on the verify page as a person does (its file input); the verdict and the number named."""
    driver.get(app.url + "/verify")
    driver.find_element(By.CSS_SELECTOR, '.verify-form input[type="file"]').send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, '.verify-form button[type="submit"]').click()
    verdict = waiting(driver).until(shown.presence_of_element_located((By.CSS_SELECTOR, "[data-verdict]")))
    links = verdict.find_elements(By.CSS_SELECTOR, "dd a")
    return str(verdict.get_attribute("data-verdict")), links[0].text if links else ""


def test_verify_says_issued_for_a_download_and_altered_for_a_changed_copy(
    desk: Desk, app: Served, tmp_path: Path
) -> None:
    folder = app.settings.web.files or app.downloads
    with working_as("hr"):
        [letter] = issue(
            "offer_letter", sample_path("offer_letter"), formats=("pdf",), output_dir=folder, settings=app.settings
        )
    page = desk.take("hr")
    page.get(f"{app.url}/documents/{letter.number}")
    page.find_element(By.CSS_SELECTOR, 'tr[data-format="pdf"] a[download]').click()
    pdf = downloaded(page, app, letter.paths[0].name)
    assert verdict_for(page, app, pdf) == ("issued", letter.number)
    screenshot(page, "verify-issued")
    assert verdict_for(page, app, altered_pdf(pdf, tmp_path / "changed.pdf")) == ("altered", letter.number)
    screenshot(page, "verify-altered")
    page = desk.take("sales")  # may not read offer letters: told the file is genuine, and nothing of it
    received = tmp_path / "received.pdf"  # named by its receiver: what the page shows comes from the register
    received.write_bytes(pdf.read_bytes())
    assert verdict_for(page, app, received) == ("issued", "")
    shown_text = page.find_element(By.TAG_NAME, "main").text
    screenshot(page, "verify-issued-for-sales")
    for detail in (letter.number, "林晓雯", "LY-"):
        assert detail not in shown_text and detail not in page.page_source, detail


# ---------------------------------------------------------------- the interface language


def interface_words(driver: Any) -> tuple[str, str, str, str]:
    """The form's heading, a field's label, the issue button and the header's register link, as shown."""
    label = driver.find_element(By.CSS_SELECTOR, 'label[for="f-position.title"]').text.removesuffix("*")
    issue_button = driver.find_element(By.ID, "do-issue").text
    register_link = driver.find_element(By.CSS_SELECTOR, 'nav.places a[href="/documents"]').text
    return driver.find_element(By.TAG_NAME, "h1").text, label, issue_button, register_link


def switch_to(driver: Any, lang: str) -> None:
    """Click the header's link to the language, as a person does, and wait for the page in it."""
    driver.find_element(By.CSS_SELECTOR, f'nav.langs a[href="?lang={lang}"]').click()
    html_lang = lang.replace("_", "-")
    waiting(driver).until(lambda _: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == html_lang)


WORDS = {
    "zh_CN": ("录用通知书", "职位", "签发", "登记簿"),
    "zh_TW": ("錄用通知書", "職稱", "簽發", "登記簿"),
    "en_US": ("Offer Letter", "Title", "Issue", "Register"),
}


@pytest.mark.parametrize("lang", ["zh_TW", "en_US"])
def test_the_interface_switches_language_and_the_form_follows(desk: Desk, app: Served, lang: str) -> None:
    page = desk.take("hr")
    page.get(app.url + "/new/offer_letter")
    assert interface_words(page) == WORDS["zh_CN"]
    switch_to(page, lang)
    assert interface_words(page) == WORDS[lang]
    screenshot(page, f"form-{lang}")
    page.get(app.url + "/new/offer_letter")  # the choice is kept for the next page
    assert interface_words(page) == WORDS[lang]


# ---------------------------------------------------------------- every sample, with JavaScript off


@pytest.mark.parametrize("type_name", sorted(document_types()))
def test_every_sample_through_the_form_without_javascript_gives_the_sample_files_document(
    scriptless: Any, app: Served, type_name: str
) -> None:
    scriptless.get(f"{app.url}/new/{type_name}?from=sample")
    assert scriptless.execute_script("return typeof window.htmx") == "undefined"  # the page's scripts never ran
    (app.downloads / f"{type_name}.yaml").unlink(missing_ok=True)
    scriptless.find_element(By.CSS_SELECTOR, 'button[name="_action"][value="yaml"]').click()
    yaml = downloaded(scriptless, app, f"{type_name}.yaml")
    [record] = load_records(yaml, get_type(type_name))  # as `docgen validate` reads it
    sample = load_records(sample_path(type_name))[0].data
    assert canonical(type_name, record.data, app.settings) == canonical(type_name, sample, app.settings)
