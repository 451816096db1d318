"""Opening a connection to the register: SQLite for a file, PostgreSQL for a postgresql:// URL.

Apart from backend.py, which says what a connection must do, so that the two
adapters import the interface and nothing imports back into them.
"""

from __future__ import annotations

from .backend import Connection
from .location import Location


def connect(location: Location, *, read_only: bool = False) -> Connection:
    """A connection to the register; read_only opens a SQLite file without creating or converting it."""
    if location.kind == "postgresql":
        from .postgres import PostgresConnection  # imported only when used: SQLite users never load psycopg

        return PostgresConnection(location)
    from .sqlite import SQLiteConnection

    return SQLiteConnection(location, read_only=read_only)
