"""Database passwords never reach a message, in any form a URL or DSN can carry them."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.store import parse_location
from docgen.store.location import redact, resolve_relative

from .registers import run

SECRET = "S3cret"


@pytest.mark.parametrize(
    ("dsn", "shown"),
    [
        ("postgresql://docgen:S3cret@db:5433/office", "postgresql://docgen:***@db:5433/office"),
        ("postgres://docgen:S3cret@h1:5432,h2:5433/office", "postgres://docgen:***@h1:5432,h2:5433/office"),
        ("postgresql://docgen:S3cret@db:port/office", "postgresql://docgen:***@db:port/office"),
        ("postgresql://docgen:p@S3cret@db/office", "postgresql://docgen:***@db/office"),
        (
            "postgresql://docgen@db/office?password=S3cret&sslmode=require",
            "postgresql://docgen@db/office?password=***&sslmode=require",
        ),
        (
            "postgresql://db/office?sslmode=verify-full&sslpassword=S3cret",
            "postgresql://db/office?sslmode=verify-full&sslpassword=***",
        ),
        ("postgresql://db/office?oauth_client_secret=S3cret", "postgresql://db/office?oauth_client_secret=***"),
        ("postgresql://db/office?passfile=/home/li/.pgpass", "postgresql://db/office?passfile=/home/li/.pgpass"),
        ("host=db password=S3cret dbname=office", "host=db password=*** dbname=office"),
        ("host=db password = 'S3cret \\' x' dbname=office", "host=db password = *** dbname=office"),
        ("host=db sslpassword=S3cret sslkey=/home/li/key.pem", "host=db sslpassword=*** sslkey=/home/li/key.pem"),
    ],
)
def test_every_form_of_a_password_is_masked(dsn: str, shown: str) -> None:
    assert redact(dsn) == shown
    assert redact(redact(dsn)) == shown and redact(f"'{shown}': x") == f"'{shown}': x"
    assert SECRET not in str(parse_location(dsn))


def test_a_keyword_value_dsn_names_postgresql() -> None:
    location = parse_location("host=db dbname=office user=docgen")
    assert (location.kind, location.target) == ("postgresql", "host=db dbname=office user=docgen")
    assert resolve_relative("host=db dbname=office", Path("/srv/office")) == "host=db dbname=office"


def test_a_refused_url_is_quoted_masked() -> None:
    result = run("register", "list", "--db", "mysql://docgen:S3cret@db/office?password=S3cret")
    assert result.exit_code == 1 and SECRET not in result.output
    assert "register URL 'mysql://docgen:***@db/office?password=***': use a file path" in result.output


def test_libpq_quoting_a_password_is_masked() -> None:
    # libpq quotes the token it cannot decode: here, the password itself.
    result = run("register", "list", "--db", "postgresql://docgen:S3cret%zz@127.0.0.1:1/office")
    assert result.exit_code == 1 and "percent-encoded" in result.stderr
    assert SECRET not in result.output and "Traceback" not in result.output


def test_an_internal_error_quoting_the_url_is_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql://docgen@127.0.0.1:1/office?password=S3cret"

    def broken(database: str | None) -> None:
        raise RuntimeError(f"unexpected trouble with {database}")

    monkeypatch.setattr("docgen.store.open_register", broken)  # the command imports it when it runs
    result = run("--debug", "register", "list", "--db", url)
    assert result.exit_code == 1 and "internal error" in result.stderr and "Traceback" in result.stderr
    assert "password=***" in result.stderr and SECRET not in result.output


def test_doctor_masks_a_password_in_the_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCGEN_DB", "postgresql://docgen@127.0.0.1:1/office?password=S3cret")
    result = run("doctor")
    assert "?password=***" in result.stdout and SECRET not in result.output
