"""Opening the register: connect, bring the schema up to date, and read its status without changing it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .chain import Report
from .connect import connect
from .location import Location, parse_location
from .register import Register
from .schema import SCHEMA_VERSION, installed_version, migrate, too_new, up_to_date


@contextmanager
def open_register(database: str | None) -> Iterator[Register]:
    """The register at database (a path or URL; None for the per-user default), ready to use."""
    db = connect(parse_location(database))
    try:
        migrate(db)
        yield Register(db)
    finally:
        db.close()


@contextmanager
def open_register_read_only(database: str | None) -> Iterator[Register | None]:
    """The register at database opened only to read: never created nor migrated; None when it has no tables yet."""
    location = parse_location(database)
    if location.kind == "sqlite" and not Path(location.target).is_file():
        yield None
        return
    db = connect(location, read_only=True)
    try:
        version = installed_version(db, location.kind)
        if version is not None and version != SCHEMA_VERSION:  # reading it would need a migration, a write
            raise StoreError(
                "the register {location} has schema version {version}, not {schema_version}: issue or run any register command to bring it up to date",
                location=location,
                version=version,
                schema_version=SCHEMA_VERSION,
            )
        yield Register(db) if version is not None else None
    finally:
        db.close()


def register_status(database: str | None) -> str:
    """Where the register is and its schema version, read without changing anything; StoreError when unusable."""
    location = parse_location(database)
    if location.kind == "sqlite" and not Path(location.target).exists():
        return _not_created_yet(location)
    db = connect(location, read_only=True)
    try:
        version = installed_version(db, location.kind)
    finally:
        db.close()
    if version is None:
        return f"{location} (no docgen tables yet: the first issue creates them)"
    if version > SCHEMA_VERSION:
        raise too_new(str(location), version)
    if version < SCHEMA_VERSION:
        return f"{location} (schema version {version}; brought to {SCHEMA_VERSION} when next used)"
    return f"{location} (schema version {version})"


def _not_created_yet(location: Location) -> str:
    folder = Path(location.target).parent
    if not location.is_default and not folder.is_dir():
        raise StoreError(
            "cannot open the register {location}: folder {folder} does not exist", location=location, folder=folder
        )
    return f"{location} (not created yet: the first issue creates it)"


def check_chain(database: str | None) -> Report | None:
    """The register's chain checked without changing anything; None when there is no chained register yet."""
    location = parse_location(database)
    if location.kind == "sqlite" and not Path(location.target).is_file():
        return None
    db = connect(location, read_only=True)
    try:
        return Register(db).check() if up_to_date(db) else None
    finally:
        db.close()
