"""In a real browser, in zh_CN, signed in as HR: the offer letter's form (from the sample) and the register page
show no English beyond data, codes and names (the signed-in account's among them); both are kept as screenshots
to look at."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docgen.inputs import load_records

from .browser import TEAM, Served, add_team, browser, screenshot, served, sign_in
from .conftest import SAMPLES
from .registers import offer, run, write_data
from .test_interface_words import _strings, english_words

__all__ = ["browser", "served"]  # the fixtures this module uses


@pytest.fixture
def issued(served: Served, tmp_path: Path) -> Iterator[None]:
    """Two offer letters in the served register, one of them void."""
    data = write_data(tmp_path / "offers.json", [offer("林晓雯"), offer("王建国")])
    db = str(served.settings.database)
    assert run("issue", "offer_letter", str(data), "-f", "pdf", "-d", str(tmp_path / "out"), "--db", db).exit_code == 0
    assert run("register", "void", "LY-2026-0002", "--reason", "候选人放弃", "--db", db).exit_code == 0
    add_team(served.settings)
    yield


@pytest.mark.parametrize(
    ("page", "shot"), [("/new/offer_letter?from=sample", "form-zh_CN"), ("/documents", "register-zh_CN")]
)
def test_a_chinese_page_in_the_browser_shows_no_english(
    served: Served, browser: Any, issued: None, page: str, shot: str
) -> None:
    sign_in(browser, served.url, "hr")
    browser.get(f"{served.url}{page}{'&' if '?' in page else '?'}lang=zh_CN")
    screenshot(browser, shot)
    html: str = browser.page_source
    data = [*_strings(load_records(SAMPLES / "offer_letter.yaml")[0].data), getpass.getuser(), TEAM["hr"]]
    assert english_words(html, data) == set()
