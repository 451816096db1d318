"""In a real browser: sales derives a service contract from an issued proposal, verify tells an issued download from
a changed copy, the interface speaks zh_TW and en_US, and every sample survives the form with JavaScript off.

One app and one Chromium serve the whole module (starting them is most of a scenario's time); each scenario reads
the numbers it was given rather than assuming them, and starts without the cookies of the one before.
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

from .browser import Served, chromium, screenshot, serving
from .test_browser_forms import field, retype, waiting
from .test_verify import altered_pdf
from .test_web_forms import canonical


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serving(tmp_path_factory.mktemp("app")) as running:
        yield running


@pytest.fixture(autouse=True)
def _one_register_key(app: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's register keeps one key and chain head across its scenarios (each test would get its own)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(app.downloads.parent / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(app.downloads.parent / "xdg-data"))


@pytest.fixture(scope="module")
def chrome(app: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("profile"), app.downloads) as driver:
        yield driver


@pytest.fixture
def page(chrome: Any, app: Served) -> Any:
    """The module's browser as a new visitor: no language chosen, no token, on the home page."""
    chrome.get(app.url + "/")
    chrome.delete_all_cookies()
    return chrome


@pytest.fixture(scope="module")
def scriptless(app: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("profile-nojs"), app.downloads, javascript=False) as driver:
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


def test_sales_derives_a_service_contract_from_an_issued_proposal_and_issues_it(page: Any, app: Served) -> None:
    folder = app.settings.web.files or app.downloads
    [proposal] = issue("proposal", sample_path("proposal"), formats=("html",), output_dir=folder, settings=app.settings)
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
    page: Any, app: Served, tmp_path: Path
) -> None:
    folder = app.settings.web.files or app.downloads
    [letter] = issue(
        "offer_letter", sample_path("offer_letter"), formats=("pdf",), output_dir=folder, settings=app.settings
    )
    page.get(f"{app.url}/documents/{letter.number}")
    page.find_element(By.CSS_SELECTOR, 'tr[data-format="pdf"] a[download]').click()
    pdf = downloaded(page, app, letter.paths[0].name)
    assert verdict_for(page, app, pdf) == ("issued", letter.number)
    screenshot(page, "verify-issued")
    assert verdict_for(page, app, altered_pdf(pdf, tmp_path / "changed.pdf")) == ("altered", letter.number)
    screenshot(page, "verify-altered")


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
def test_the_interface_switches_language_and_the_form_follows(page: Any, app: Served, lang: str) -> None:
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
