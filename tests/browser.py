"""Real-browser tests' machinery: the app served by uvicorn on a free port, and Debian's Chromium driven by Selenium.

Use the fixtures `served` (a running app: its URL and settings) and `browser` (a headless Chromium); import
them into a test module, or build a module's own from `serving` and `chromium`. Without Chromium the tests are
skipped, except under CI=true, where they fail.
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

import pytest
import uvicorn

from docgen.config import Settings
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
