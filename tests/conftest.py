"""Shared fixtures: the bundled settings, rendering helpers, and warnings as errors."""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from docgen.config import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"

# A shell without job control starts a command run in the background (`make test &`, a CI runner's script) with
# Ctrl-C ignored, and Python then keeps it ignored, as does every process it starts. The tests that press Ctrl-C
# (in this process, or in a docgen they start) need it delivered as from a terminal, so the tests take it back.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(SAMPLES / "docgen.toml")


# Templates built from a kit source go to a cache shared by this run's tests (and the commands they start),
# never the user's; set at import, as some tests build templates while they are collected.
os.environ["DOCGEN_CACHE"] = tempfile.mkdtemp(prefix="docgen-test-cache-")
atexit.register(shutil.rmtree, os.environ["DOCGEN_CACHE"], ignore_errors=True)
# Messages in English whatever the machine's locale; a test of another language sets DOCGEN_LANG itself.
os.environ["DOCGEN_LANG"] = "en_US"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("DOCGEN_CONFIG", "DOCGEN_TEMPLATES", "DOCGEN_DB", "DOCGEN_REGISTER_KEY", "DOCGEN_REGISTER_HEADS"):
        monkeypatch.delenv(name, raising=False)
    # The per-user default register lives under XDG_DATA_HOME: never the real one in a test.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # The register's key and chain heads live under XDG_CONFIG_HOME: never the real ones either.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def _postgres_unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI and is not available: {why}")
    pytest.skip(
        f"PostgreSQL unavailable (set DOCGEN_TEST_POSTGRES_URL or run as root with postgresql installed): {why}"
    )


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL database for the tests: DOCGEN_TEST_POSTGRES_URL, or a local server started by a script."""
    script = subprocess.run(
        ["bash", str(ROOT / "scripts" / "test_postgres.sh")], capture_output=True, text=True, timeout=300, check=False
    )
    if script.returncode != 0:
        _postgres_unavailable(script.stderr.strip() or f"scripts/test_postgres.sh exited {script.returncode}")
    # The URL is the last line; anything a server start prints before it is not part of it.
    lines = script.stdout.strip().splitlines()
    url = lines[-1] if lines else ""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as error:
        _postgres_unavailable(str(error).strip())
    return url


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    """The test database with a fresh schema first on the search path, dropped afterwards."""
    import psycopg

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{separator}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty register on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    url: str = request.getfixturevalue("pg_url")
    return url


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
