"""Where the register lives: a file path, a `sqlite:///` URL or a `postgresql://` URL.

Without one, docgen uses a fixed per-user file (platformdirs), not the current
folder, so that two folders never keep two registers that repeat numbers.
`sqlite:///register.db` is relative and `sqlite:////srv/register.db` absolute,
as in SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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
    target: str  # the file path, or the URL
    is_default: bool = False

    def __str__(self) -> str:
        return redact(self.target) if self.kind == "postgresql" else f"{SQLITE_PREFIX}{self.target}"


def _scheme(value: str) -> str:
    return value.split("://", 1)[0].lower() if "://" in value else ""


def parse_location(value: str | None) -> Location:
    if not value:
        return Location("sqlite", str(default_register()), is_default=True)
    scheme = _scheme(value)
    if scheme in POSTGRES_SCHEMES:
        return Location("postgresql", value)
    if scheme == "sqlite":
        path = value[len(SQLITE_PREFIX) :] if value.startswith(SQLITE_PREFIX) else ""
        if not path:
            raise StoreError(f"register URL {value!r}: write sqlite:///relative/path or sqlite:////absolute/path")
        return Location("sqlite", path)
    if scheme:
        raise StoreError(f"register URL {redact(value)!r}: use a file path, sqlite:/// or postgresql://")
    return Location("sqlite", value)


def resolve_relative(value: str, base: Path) -> str:
    """A SQLite location from the project file, made relative to the file rather than the current folder."""
    is_url = value.startswith(SQLITE_PREFIX)
    path = value[len(SQLITE_PREFIX) :] if is_url else value
    if not path or (_scheme(value) and not is_url) or Path(path).is_absolute():
        return value  # not a SQLite file: left for validation to accept or refuse
    resolved = str(base / path)
    return f"{SQLITE_PREFIX}{resolved}" if is_url else resolved


def redact(url: str) -> str:
    """The URL without its password, safe to print."""
    parts = urlsplit(url)
    try:
        if parts.password is None:
            return url
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a malformed port: show nothing after the scheme rather than risk the password
        return f"{parts.scheme}://***"
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}{port}"))
