"""Real-browser tests' machinery: the app served by uvicorn on a free port, and Debian's Chromium driven by Selenium.

Use the fixtures `served` (a running app: its URL and settings) and `browser` (a headless Chromium), or for
a whole module at once `app` (with the team's accounts), `chrome` and `one_register_key`; import them into a test
module, or build a module's own from `serving` and `chromium`. Without Chromium the tests are
skipped, except under CI=true, where they fail.
The office's people: add_team gives the served register an account for each role (TEAM), and from then on every
page asks who is there; sign_in signs in through the sign-in page, and a Desk lets several roles take turns at one
browser, each signing in once.
Each page worth seeing is kept as a screenshot under tests/screenshots/ (not committed): look at them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2
import pytest
import uvicorn

from docgen.config import Settings
from docgen.store.accounts import open_accounts
from docgen.store.acting import Actor, acting_as
from docgen.web.app import create_app

from .jobworker import in_process_worker
from .webforms import web_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")  # Debian's chromium-driver: the same version as the browser
SCREENSHOTS = Path(__file__).parent / "screenshots"
WAIT = 30  # seconds an explicit wait may take on a loaded 2-core machine
FLAGS = (
    "--headless",
    "--no-sandbox",  # as root, Chromium's own sandbox cannot start
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1600",
)
PASSWORD = "Correct-Horse-42"
TEAM = {"sales": "wang.li", "hr": "zhou.min", "finance": "li.na", "admin": "chen.yu"}  # role → account


@dataclass(frozen=True)
class Served:
    """A running app: where to reach it, the settings it uses, and where its downloads land."""

    url: str
    settings: Settings
    downloads: Path


def _missing_browser(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests need Chromium in CI: {why}")
    pytest.skip(f"no browser: {why} (apt-get install chromium chromium-driver)")


@contextmanager
def serving(folder: Path) -> Iterator[Served]:
    """The app on 127.0.0.1 and a port the system chose, with a register and files folder under folder."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    settings = web_settings(folder)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, port=port), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline, ticks = time.monotonic() + WAIT, threading.Event()
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        ticks.wait(0.02)  # uvicorn offers no event to wait on: look again shortly
    assert server.started, "the app did not start"
    try:
        with in_process_worker(settings):  # the batches' jobs: `docgen serve` would start a worker process
            yield Served(f"http://127.0.0.1:{port}", settings, folder / "downloads")
    finally:
        server.should_exit = True
        thread.join(WAIT)
        listener.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The app with a register and files folder of the test's own."""
    with serving(tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One app for a whole module (starting it is much of a scenario's time), with the team's accounts."""
    with serving(tmp_path_factory.mktemp("app")) as running, pytest.MonkeyPatch.context() as monkeypatch:
        _keep_one_register_key(running, monkeypatch)
        add_team(running.settings)
        yield running


def _keep_one_register_key(app: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(app.downloads.parent / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(app.downloads.parent / "xdg-data"))


@pytest.fixture(autouse=True)
def one_register_key(app: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's register keeps one key and chain head across its tests (each test would get its own);
    autouse in each module that imports it with `app`."""
    _keep_one_register_key(app, monkeypatch)


@pytest.fixture(scope="module")
def chrome(app: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Chromium for a whole module, downloading into the module's app's folder."""
    with chromium(tmp_path_factory.mktemp("profile"), app.downloads) as driver:
        yield driver


@contextmanager
def chromium(profile: Path, downloads: Path, *, javascript: bool = True) -> Iterator[object]:
    """A headless Chromium with a fresh profile, downloading into downloads; optionally with JavaScript off."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists() or shutil.which(str(CHROMEDRIVER)) is None:
        _missing_browser(f"{CHROMIUM} or {CHROMEDRIVER} is not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    downloads.mkdir(exist_ok=True)
    prefs: dict[str, object] = {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    if not javascript:  # as an office whose policy blocks scripts: 2 = block
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(WAIT)
    # The app's pages name their icon (a static file), but for what is not a page (a download, JSON) Chromium may
    # still ask for /favicon.ico; signed out, that is answered with the sign-in page, which sets a CSRF cookie that,
    # arriving after the cookies were cleared between scenarios, would replace the one of the sign-in form the next
    # scenario fills in. Not asked for.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/favicon.ico"]})
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(served: Served, tmp_path: Path) -> Iterator[object]:
    """A headless Chromium with a fresh profile, downloading into served.downloads."""
    with chromium(tmp_path / "chromium-profile", served.downloads) as driver:
        yield driver


def screenshot(driver: object, name: str) -> Path:
    """Keep the page as tests/screenshots/<name>.png, whole (the window made as tall as the page)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    driver.set_window_size(1280, min(max(height, 800), 8000))  # type: ignore[attr-defined]
    driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    driver.set_window_size(1280, 1600)  # type: ignore[attr-defined]
    return path


# ---------------------------------------------------------------- the office's people


def add_team(settings: Settings) -> None:
    """An account for each role of TEAM in the app's register: from now on every page asks who is there."""
    with open_accounts(settings.database) as accounts:
        for role, name in TEAM.items():
            accounts.add(name, role, PASSWORD)


@contextmanager
def working_as(role: str) -> Iterator[None]:
    """Documents issued inside the block (through docgen's own functions) are the role's account's own."""
    with acting_as(Actor(TEAM[role], "127.0.0.1")):
        yield


def submit_sign_in(driver: Any, name: str, password: str = PASSWORD) -> None:
    """Fill in the sign-in page the browser is on, send it, and wait until the browser has left that page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as arrived
    from selenium.webdriver.support.ui import WebDriverWait

    form = driver.find_element(By.CSS_SELECTOR, ".signin-form")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".signin-form button").click()
    WebDriverWait(driver, WAIT).until(arrived.staleness_of(form))


def sign_in(driver: Any, url: str, role: str, next: str | None = None) -> None:
    """Open the sign-in page (asking to go to next afterwards) and sign in as the role's account."""
    driver.get(f"{url}/signin" + (f"?next={quote(next, safe='')}" if next is not None else ""))
    submit_sign_in(driver, TEAM[role])


class Desk:
    """One browser that the roles take turns at, as colleagues at one desk switching browser profiles: each role
    signs in through the sign-in page the first time, and its cookies are kept to come back to later."""

    def __init__(self, driver: Any, url: str) -> None:
        self.driver, self.url = driver, url
        self.kept: dict[str, list[dict[str, Any]]] = {}

    def take(self, role: str) -> Any:
        """The browser signed in as the role, on no page in particular, without another role's cookies."""
        self.driver.get(self.url + "/static/")  # the app's origin, where its cookies may be set
        self.driver.delete_all_cookies()  # signing in with another's session cookie would end that session
        if role not in self.kept:
            sign_in(self.driver, self.url, role)
            self.kept[role] = self.driver.get_cookies()
        for cookie in self.kept[role]:
            self.driver.add_cookie(cookie)
        return self.driver


def http_client(driver: Any, url: str) -> httpx2.Client:
    """An HTTP client carrying the browser's cookies (session and CSRF): what a forged request can send."""
    cookies = {cookie["name"]: cookie["value"] for cookie in driver.get_cookies()}
    return httpx2.Client(base_url=url, cookies=cookies, follow_redirects=False, timeout=WAIT)
