"""Where the register lives: a file path, a `sqlite:///` URL or a `postgresql://` URL.

A libpq keyword/value DSN (`host=db dbname=office`) names PostgreSQL too. Every
password a location carries is masked wherever it could reach a message.

Without one, docgen uses a fixed per-user file (platformdirs), not the current
folder, so that two folders never keep two registers that repeat numbers.
`sqlite:///register.db` is relative and `sqlite:////srv/register.db` absolute,
as in SQLAlchemy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from platformdirs import user_data_path

from ..errors import StoreError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")


def default_register() -> Path:
    """The per-user register, so that two folders never keep two registers that repeat numbers."""
    return user_data_path("docgen", appauthor=False) / "register.sqlite3"


@dataclass(frozen=True)
class Location:
    """A parsed register location: a SQLite file, or a PostgreSQL connection URL."""

    kind: str  # "sqlite" or "postgresql"
    target: str  # the file path, or the URL or keyword/value DSN
    is_default: bool = False

    def __str__(self) -> str:
        return redact(self.target) if self.kind == "postgresql" else f"{SQLITE_PREFIX}{self.target}"


# A libpq keyword/value DSN, "host=db dbname=office …", is PostgreSQL too: no file is named like that.
_KEYWORD_DSN = re.compile(r"^\s*(host|hostaddr|port|dbname|user|password|service|passfile|sslmode)\s*=")


def _scheme(value: str) -> str:
    return value.split("://", 1)[0].lower() if "://" in value else ""


def parse_location(value: str | None) -> Location:
    if not value:
        return Location("sqlite", str(default_register()), is_default=True)
    remember_secrets(value)
    scheme = _scheme(value)
    if scheme in POSTGRES_SCHEMES or (not scheme and _KEYWORD_DSN.match(value)):
        return Location("postgresql", value)
    if scheme == "sqlite":
        path = value[len(SQLITE_PREFIX) :] if value.startswith(SQLITE_PREFIX) else ""
        if not path:
            raise StoreError(
                "register URL {value!r}: write sqlite:///relative/path or sqlite:////absolute/path", value=value
            )
        return Location("sqlite", path)
    if scheme:
        raise StoreError("register URL {url!r}: use a file path, sqlite:/// or postgresql://", url=redact(value))
    return Location("sqlite", value)


def resolve_relative(value: str, base: Path) -> str:
    """A SQLite location from the project file, made relative to the file rather than the current folder."""
    is_url = value.startswith(SQLITE_PREFIX)
    path = value[len(SQLITE_PREFIX) :] if is_url else value
    if not path or (_scheme(value) and not is_url) or _KEYWORD_DSN.match(value) or Path(path).is_absolute():
        return value  # not a SQLite file: left for validation to accept or refuse
    resolved = str(base / path)
    return f"{SQLITE_PREFIX}{resolved}" if is_url else resolved


# libpq's connection parameters that carry a secret; passfile, sslkey and the like name a file, shown as is.
SECRET_PARAMETERS = ("password", "sslpassword", "oauth_client_secret")
_MASK = "***"
_SECRET_NAMES = "|".join(SECRET_PARAMETERS)
# A value that is already the mask, where a message quotes it, is left alone: masking a message twice
# then keeps the punctuation around it.
_MASKED = r"(?!\*\*\*(?:[@&#\s'\",;:)]|$))"
# user:password@ in a URL: everything up to the last @ of the authority, so an unencoded @ hides nothing.
_USERINFO = re.compile(rf"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/?#@\s]*:){_MASKED}(?P<secret>\S+)(?=@)", re.IGNORECASE)
_URL_PARAMETER = re.compile(rf"(?P<head>[?&](?:{_SECRET_NAMES})=){_MASKED}(?P<secret>[^&#\s]+)", re.IGNORECASE)
_KEYWORD_PARAMETER = re.compile(
    rf"(?P<head>(?<![\w?&])(?:{_SECRET_NAMES})\s*=\s*){_MASKED}(?P<secret>'(?:[^'\\]|\\.)*'?|\S+)", re.IGNORECASE
)
_FORMS = (_USERINFO, _URL_PARAMETER, _KEYWORD_PARAMETER)
# Every secret a location has carried in this process, so that a library's message quoting one
# (libpq quotes a badly encoded password) is masked too, whatever the form it quotes.
_SEEN: set[str] = set()


def secrets_in(dsn: str) -> set[str]:
    """The secrets a URL or keyword/value DSN carries, as written and as decoded."""
    found = {match.group("secret") for form in _FORMS for match in form.finditer(dsn)}
    found |= {secret[1:-1] for secret in found if len(secret) > 1 and secret[0] == secret[-1] == "'"}
    found |= {unquote(secret) for secret in found}
    return {secret for secret in found if secret and secret != _MASK}


def redact(text: str) -> str:
    """The text with every database password masked: in URLs, their query and keyword/value DSNs."""
    for form in _FORMS:
        text = form.sub(lambda match: f"{match.group('head')}{_MASK}", text)
    for secret in sorted(_SEEN, key=len, reverse=True):
        text = text.replace(secret, _MASK)
    return text


def remember_secrets(dsn: str) -> None:
    _SEEN.update(secrets_in(dsn))
