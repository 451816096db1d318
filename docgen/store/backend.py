"""What the register needs from a database; SQLite and PostgreSQL provide it (connect.py picks one).

Both run the same SQL, written with `?` placeholders; PostgreSQL's adapter
turns them into `%s`. Each adapter reports its own errors as StoreError, and a
unique-key clash as DuplicateKey, which the register turns into a decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

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
