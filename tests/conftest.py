"""Shared fixtures: the bundled settings, rendering helpers, and warnings as errors."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(SAMPLES / "docgen.toml")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DOCGEN_CONFIG", "DOCGEN_TEMPLATES", "DOCGEN_DB"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _fail_on_logged_warnings(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like WeasyPrint's own suite: any logged warning fails the test unless it expects warnings."""
    caplog.set_level(logging.WARNING)
    yield
    if request.node.get_closest_marker("expect_warnings"):
        return
    warnings = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert not warnings, "unexpected warnings logged: " + "; ".join(r.getMessage() for r in warnings)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "expect_warnings: the test checks logged warnings itself")


def must_appear(type_name: str, locale: str) -> list[str]:
    """The hand-written phrases a sample declares: `# must-appear: X` for every locale, `# must-appear[L]: X` for one."""
    text = (SAMPLES / f"{type_name}.yaml").read_text(encoding="utf-8")
    found = re.findall(r"^# must-appear(?:\[(\w+)\])?: (.+)$", text, flags=re.MULTILINE)
    return [phrase for only, phrase in found if only in ("", locale)]
