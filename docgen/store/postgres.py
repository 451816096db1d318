"""The register in a PostgreSQL database, so a team on several machines shares one number space.

Counters are taken with INSERT … ON CONFLICT DO UPDATE, which locks the
counter's row until the transaction ends: concurrent issuers of the same type
and year queue on that row, and a rolled-back transaction gives its number back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from ..errors import RegisterUnreachable, StoreError
from .backend import DuplicateKey, Row
from .location import Location, redact, remember_secrets

CONNECT_TIMEOUT_SECONDS = 10
# Any constant will do, as long as it is docgen's own: it serialises schema migrations.
_SCHEMA_LOCK = 0x646F6367656E
_CHAIN_LOCK = 0x646F6367656F  # serialises every write, so the chain's order is the commit order


def _first_line(error: Exception) -> str:
    """The error's first line, with any password masked: libpq quotes parts of a DSN it cannot parse."""
    text = str(error).strip()
    return redact(text.splitlines()[0]) if text else type(error).__name__


class PostgresConnection:
    def __init__(self, location: Location) -> None:
        self.where = str(location)
        remember_secrets(location.target)
        try:
            self._db: psycopg.Connection[Any] = psycopg.connect(
                location.target, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            )
        except psycopg.OperationalError as error:  # no server there, or it refused us: try again later
            raise RegisterUnreachable(
                "cannot reach the register at {where}: {detail}", where=self.where, detail=_first_line(error)
            ) from None
        except psycopg.Error as error:
            raise StoreError(
                "cannot reach the register at {where}: {detail}", where=self.where, detail=_first_line(error)
            ) from None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except pg_errors.UniqueViolation as error:
            raise DuplicateKey(_first_line(error)) from None
        except psycopg.OperationalError as error:
            if not self._db.broken:  # the server answered: a refusal, not an outage
                raise StoreError("register {where}: {detail}", where=self.where, detail=_first_line(error)) from None
            raise RegisterUnreachable(
                "lost the connection to the register at {where}: {detail}", where=self.where, detail=_first_line(error)
            ) from None
        except psycopg.Error as error:
            raise StoreError("register {where}: {detail}", where=self.where, detail=_first_line(error)) from None

    def _run(self, sql: str, params: Sequence[object]) -> psycopg.Cursor[Any]:
        return self._db.execute(sql.replace("?", "%s"), params)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._errors():
            cursor = self._run(sql, params)
            return cursor.fetchall() if cursor.description else []

    def change(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._errors():
            return self._run(sql, params).rowcount

    def run_script(self, sql: str) -> None:
        """Run a script of several statements as it is: no placeholders, so no `?` or `%` in it is touched."""
        with self._errors():
            self._db.execute(sql.encode("utf-8"))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors(), self._db.transaction():
            yield

    def lock_schema(self) -> None:
        self.query("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))

    def lock_chain(self) -> None:
        self.query("SELECT pg_advisory_xact_lock(?)", (_CHAIN_LOCK,))

    def close(self) -> None:
        self._db.close()
