"""Copying the register: a consistent backup while the app runs, and a move from SQLite to PostgreSQL.

A backup of a SQLite register uses SQLite's online backup, which copies a
snapshot page by page while other connections keep writing. PostgreSQL has
pg_dump for that; docgen prints the command rather than reimplementing it.

A move copies every docgen_ table row for row, inside one transaction on the
target: the register's id, its events and their MACs, counters, hashes, file
paths, accounts and held keys arrive unchanged, so the chain still verifies
with the same key and head, and numbering continues where it stopped.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

from ..errors import StoreError, UsageError
from .backend import Connection
from .connect import connect
from .location import Location, parse_location
from .schema import MIGRATIONS, SCHEMA_VERSION, migrate, up_to_date

# Folders whose entries are devices or the kernel's, not files a backup could be kept in.
_SPECIAL_FOLDERS = (Path("/dev"), Path("/proc"), Path("/sys"), Path("/run"))


def _refuse_target(source: Path, target: Path, force: bool) -> None:
    resolved = target.resolve()
    if any(resolved.is_relative_to(folder) for folder in _SPECIAL_FOLDERS) or not resolved.parent.is_dir():
        raise UsageError("cannot back up into {target}: give a file in an ordinary, existing folder", target=target)
    if resolved == source.resolve():
        raise UsageError("cannot back up the register {target} onto itself", target=target)
    if target.exists() and (not force or not target.is_file()):
        raise UsageError("{target} already exists: give another file, or --force to replace it", target=target)


def backup_sqlite(location: Location, target: Path, *, force: bool = False) -> None:
    """A consistent copy of a SQLite register in target, taken while others may write; written whole, then renamed."""
    source = Path(location.target)
    if not source.is_file():
        raise StoreError("the register {where} does not exist: nothing to back up", where=location)
    _refuse_target(source, target, force)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        with closing(reading), closing(sqlite3.connect(partial)) as copy:
            reading.backup(copy)  # pages copied under SQLite's own lock: a snapshot, never a torn file
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise StoreError(
            "cannot back up {where} into {target}: {detail}", where=location, target=target, detail=error
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def pg_dump_command(location: Location, target: Path) -> str:
    """The pg_dump command that backs up a PostgreSQL register, with its password masked."""
    return shlex.join(["pg_dump", "--format=custom", f"--file={target}", "--dbname", str(location)])


# Rows that other rows refer to are copied first.
_PARENTS = ("docgen_schema", "docgen_register", "docgen_documents", "docgen_accounts")
# What an empty register holds once docgen has created its tables: the schema version and the chain's start.
_EMPTY_ONES = {"docgen_schema": 1, "docgen_register": 1, "docgen_events": 1}


def source_tables(db: Connection) -> list[str]:
    rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) = ?", ("docgen_",))
    names = [str(name) for (name,) in rows]
    return sorted(names, key=lambda name: (_PARENTS.index(name) if name in _PARENTS else len(_PARENTS), name))


def _target_tables(db: Connection) -> list[str]:
    rows = db.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND substr(table_name, 1, 7) = ?",
        ("docgen_",),
    )
    return [str(name) for (name,) in rows]


def _refuse_filled(db: Connection, tables: list[str]) -> None:
    """A target is empty when its docgen tables hold nothing beyond what creating them wrote."""
    for table in sorted(tables):
        [(count,)] = db.query(f"SELECT count(*) FROM {table}")
        if int(count) > _EMPTY_ONES.get(table, 0):
            raise StoreError(
                "the register {where} is not empty ({table} has {count} rows): move only into an empty database",
                where=db.where,
                table=table,
                count=count,
            )


def _prepare_target(db: Connection) -> None:
    """Inside the target's transaction: refuse a filled register, else leave its tables created and empty."""
    tables = _target_tables(db)
    if not tables:
        _create_tables(db)
        return
    _refuse_filled(db, tables)
    if not up_to_date(db):
        raise StoreError("the register {where} has an older schema: open it once with docgen first", where=db.where)
    for table in _EMPTY_ONES:
        db.change(f"DELETE FROM {table}")


def _create_tables(db: Connection) -> None:
    # Only the tables: the steps that write rows (a new chain's start, folded search text) are the source's to bring.
    db.change("CREATE TABLE docgen_schema (version INTEGER NOT NULL)")
    for statements in MIGRATIONS:
        for statement in statements:
            if isinstance(statement, str) and not statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
                db.change(statement)


def _copy_table(source: Connection, target: Connection, table: str) -> int:
    columns = [str(row[1]) for row in source.query(f"PRAGMA table_info({table})")]
    listed = ", ".join(columns)
    placeholders = ", ".join("?" for _ in columns)
    rows = source.query(f"SELECT {listed} FROM {table}")
    for row in rows:
        target.change(f"INSERT INTO {table} ({listed}) VALUES ({placeholders})", row)
    return len(rows)


def move(source: Connection, target: Connection) -> dict[str, int]:
    """Every docgen_ row of the SQLite source copied into the empty PostgreSQL target, in one transaction there."""
    if not up_to_date(source):
        raise StoreError(
            "the register {where} is not at schema version {version}", where=source.where, version=SCHEMA_VERSION
        )
    copied: dict[str, int] = {}
    with target.transaction():
        target.lock_schema()
        target.lock_chain()
        _prepare_target(target)
        for table in source_tables(source):
            copied[table] = _copy_table(source, target, table)
    return copied


def move_register(source: str | None, target: str) -> dict[str, int]:
    """Move the SQLite register at source into the empty PostgreSQL database at target; rows copied per table."""
    origin, destination = parse_location(source), parse_location(target)
    if origin.kind != "sqlite" or destination.kind != "postgresql":
        raise UsageError(
            "migrate moves a SQLite register into PostgreSQL: give --db a SQLite file and --to a postgresql:// URL"
        )
    if not Path(origin.target).is_file():
        raise StoreError("the register {where} does not exist: nothing to move", where=origin)
    reading, writing = connect(origin), connect(destination)
    try:
        migrate(reading)
        return move(reading, writing)
    finally:
        reading.close()
        writing.close()
