"""The register in a SQLite file: WAL journal, and BEGIN IMMEDIATE so writers queue instead of failing.

BEGIN IMMEDIATE takes the write lock when a transaction starts, so two
processes never both read a counter and then race to write it; the busy
timeout makes the second one wait its turn rather than fail at once.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from .backend import DuplicateKey, Row
from .location import Location

BUSY_TIMEOUT_SECONDS = 60


class SQLiteConnection:
    def __init__(self, location: Location, *, read_only: bool = False) -> None:
        self.where = str(location)
        path = Path(location.target)
        if read_only:  # for looking only (doctor): never creates the file or changes its journal
            with self._errors():
                self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            return
        if location.is_default:
            path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.is_dir():
            raise StoreError(
                "cannot open the register {where}: folder {parent} does not exist", where=self.where, parent=path.parent
            )
        with self._errors():
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            # Another client may have stored bytes that are not UTF-8: read them as \x9b, not as an error.
            self._db.text_factory = lambda raw: raw.decode("utf-8", "backslashreplace")
            self._use_wal()
            # A committed number must survive a power cut, not only a crash of docgen.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")

    def _use_wal(self) -> None:
        # On a new file, switching to WAL needs the file to itself. When another process is
        # writing there at that moment, SQLite answers "locked" at once instead of waiting
        # (waiting could deadlock), so wait here, within the same busy timeout.
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError as error:
            if "UNIQUE" in str(error):
                raise DuplicateKey(str(error)) from None
            raise StoreError("register {where}: {detail}", where=self.where, detail=error) from None
        except sqlite3.Error as error:
            raise StoreError("register {where}: {detail}", where=self.where, detail=error) from None

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        with self._errors():
            return self._db.execute(sql, params).fetchall()

    def change(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._errors():
            return self._db.execute(sql, params).rowcount

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        with self._errors():
            self._db.execute("COMMIT")

    def lock_schema(self) -> None:
        """BEGIN IMMEDIATE already holds the only write lock."""

    def lock_chain(self) -> None:
        """BEGIN IMMEDIATE already holds the only write lock."""

    def close(self) -> None:
        self._db.close()
