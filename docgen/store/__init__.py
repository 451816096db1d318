"""Document numbers and the register: SQLite by default, PostgreSQL by URL.

open_register() connects, creates or migrates the schema, and hands back a
Register; everything else about numbers goes through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .backend import connect
from .chain import Report
from .location import Location, default_register, parse_location
from .numbers import format_number, pattern_problem
from .register import STATUSES, Entry, Register, Request, StoredFile
from .schema import SCHEMA_VERSION, migrate, up_to_date

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "Entry",
    "Location",
    "Register",
    "Report",
    "Request",
    "StoredFile",
    "check_chain",
    "default_register",
    "format_number",
    "open_register",
    "parse_location",
    "pattern_problem",
]


@contextmanager
def open_register(database: str | None) -> Iterator[Register]:
    """The register at database (a path or URL; None for the per-user default), ready to use."""
    db = connect(parse_location(database))
    try:
        migrate(db)
        yield Register(db)
    finally:
        db.close()


def check_chain(database: str | None) -> Report | None:
    """The register's chain checked without changing anything; None when there is no chained register yet."""
    location = parse_location(database)
    if location.kind == "sqlite" and not Path(location.target).is_file():
        return None
    db = connect(location)
    try:
        return Register(db).check() if up_to_date(db) else None
    finally:
        db.close()
