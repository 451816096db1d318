"""What the register needs from a database, and the two that provide it: SQLite and PostgreSQL.

Both run the same SQL, written with `?` placeholders; PostgreSQL's adapter
turns them into `%s`. Each adapter reports its own errors as StoreError, and a
unique-key clash as DuplicateKey, which the register turns into a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .location import Location

Row = tuple[Any, ...]


class DuplicateKey(Exception):
    """A row clashed with a unique key; the register decides what that means."""


class Connection(Protocol):
    where: str

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        """Run a statement; its rows, if it returns any."""

    def change(self, sql: str, params: Sequence[object] = ()) -> int:
        """Run a statement; the number of rows it changed."""

    def transaction(self) -> AbstractContextManager[None]:
        """Everything inside commits together, or not at all; writers queue up at the start."""

    def lock_schema(self) -> None:
        """Inside a transaction: keep other processes out while the schema is created or migrated."""

    def lock_chain(self) -> None:
        """Inside a transaction: keep other writers out until it ends, so events are chained in commit order."""

    def close(self) -> None: ...


def connect(location: Location, *, read_only: bool = False) -> Connection:
    """A connection to the register; read_only opens a SQLite file without creating or converting it."""
    if location.kind == "postgresql":
        from .postgres import PostgresConnection  # imported only when used: SQLite users never load psycopg

        return PostgresConnection(location)
    from .sqlite import SQLiteConnection

    return SQLiteConnection(location, read_only=read_only)
