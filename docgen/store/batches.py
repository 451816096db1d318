"""The web app's batches in the register's database, so that any server process shows any batch and any
`docgen worker` issues its rows: the upload, its rows as checked, their problems, the chunks the valid rows are
issued in, and the numbers issued.

A chunk is one job. On PostgreSQL procrastinate's queue hands it to a worker; on SQLite (which procrastinate
cannot use: it has no SQLite connector) a worker claims it here, in a write transaction, with a lease that it
renews while it works. Either way the chunk's row here says who holds it and how far it got.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .backend import Connection
from .connect import connect
from .location import parse_location
from .register import now
from .schema import migrate


@dataclass(frozen=True)
class RowProblem:
    """One problem of one row: its row number in the file (a sheet's row, a list's item), field and message."""

    row: int
    field: str
    message: str


@dataclass(frozen=True)
class BatchHead:
    """What a batch is: its type, file, the documents' language and formats, and who uploaded it."""

    id: str
    type_name: str
    name: str  # the uploaded file's name, as the user knows it
    locale: str
    formats: tuple[str, ...]
    lang: str  # the interface language its messages are worded in
    actor: str
    origin: str


@dataclass(frozen=True)
class Batch:
    """A batch as every process sees it: its rows, their problems, how far the run is, the numbers issued."""

    head: BatchHead
    rows: list[int]
    problems: list[RowProblem]
    started: bool = False
    total: int = 0
    done: int = 0
    finished: bool = False
    error: str = ""
    numbers: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.head.id

    @property
    def type_name(self) -> str:
        return self.head.type_name

    @property
    def name(self) -> str:
        return self.head.name

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    @property
    def valid_rows(self) -> list[int]:
        bad = set(self.bad_rows)
        return [row for row in self.rows if row not in bad]


@dataclass(frozen=True)
class Chunk:
    """One job of a batch: some of its valid rows, and how many times a worker has taken it."""

    batch_id: str
    chunk: int
    rows: tuple[int, ...]
    attempts: int


@contextmanager
def open_batches(database: str | None) -> Iterator[Batches]:
    """The batches of the register at database, its schema brought up to date."""
    db = connect(parse_location(database))
    try:
        migrate(db)
        yield Batches(db)
    finally:
        db.close()


def _me() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


class Batches:
    def __init__(self, db: Connection) -> None:
        self._db = db

    # What the upload's check writes

    def add(self, head: BatchHead, upload: bytes) -> None:
        self._db.change(
            "INSERT INTO docgen_batches (id, type, name, locale, formats, lang, actor, origin, upload, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (head.id, head.type_name, head.name, head.locale, json.dumps(head.formats), head.lang, head.actor,
             head.origin, base64.b64encode(upload).decode("ascii"), now()),
        )  # fmt: skip

    def add_rows(self, batch_id: str, rows: Sequence[tuple[int, str | None]]) -> None:
        """Each row of the upload with its data as JSON text; None for a row that is not valid (never issued)."""
        with self._db.transaction():
            for row, data in rows:
                self._db.change(
                    "INSERT INTO docgen_batch_rows (batch_id, row_number, data, valid) VALUES (?, ?, ?, ?)",
                    (batch_id, row, data or "{}", int(data is not None)),
                )

    def add_problems(self, batch_id: str, problems: Sequence[RowProblem], stage: int) -> None:
        """Problems of rows, in order: stage 0 found by the check, 1 by the run."""
        with self._db.transaction():
            for position, problem in enumerate(problems):
                self._db.change(
                    "INSERT INTO docgen_batch_problems (batch_id, row_number, stage, position, field, message) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (batch_id, problem.row, stage, position, problem.field, problem.message),
                )

    def upload(self, batch_id: str) -> bytes:
        [(text,)] = self._db.query("SELECT upload FROM docgen_batches WHERE id = ?", (batch_id,))
        return base64.b64decode(text)

    # Starting: the valid rows split into chunks, once

    def start(self, batch_id: str, chunks: Sequence[Sequence[int]]) -> bool:
        """Mark the batch started and add its chunks; False when it had been started already (nothing added)."""
        with self._db.transaction():
            if not self._db.change("UPDATE docgen_batches SET started = 1 WHERE id = ? AND started = 0", (batch_id,)):
                return False
            for index, rows in enumerate(chunks):
                self._db.change(
                    "INSERT INTO docgen_batch_chunks (batch_id, chunk, rows, state) VALUES (?, ?, ?, 'pending')",
                    (batch_id, index, json.dumps(list(rows))),
                )
        return True

    # What a worker does with a chunk

    def claim(self, lease_seconds: int, ended: Any) -> Chunk | None:
        """SQLite's queue: the first chunk pending, or claimed by a worker whose lease ran out or whose process on
        this machine ended (ended(host, pid)), taken in one write transaction so that no two workers take it."""
        host, pid = _me()
        with self._db.transaction():
            for batch_id, chunk, c_host, c_pid, lease, state in self._db.query(
                "SELECT batch_id, chunk, host, pid, lease_until, state FROM docgen_batch_chunks "
                "WHERE state <> 'done' ORDER BY batch_id, chunk"
            ):
                if state == "pending" or lease < time.time() or ended(c_host, c_pid):
                    self._db.change(
                        "UPDATE docgen_batch_chunks SET state = 'claimed', host = ?, pid = ?, lease_until = ? "
                        "WHERE batch_id = ? AND chunk = ?",
                        (host, pid, int(time.time()) + lease_seconds, batch_id, chunk),
                    )
                    return self.taken(batch_id, chunk, record=False)
        return None

    def taken(self, batch_id: str, chunk: int, *, record: bool = True) -> Chunk:
        """The chunk as this worker takes it: counted from nothing again, an attempt more (record: noted as held by
        this process, as procrastinate's workers take their jobs without this table's claim)."""
        host, pid = _me()
        if record:
            self._db.change(
                "UPDATE docgen_batch_chunks SET state = 'claimed', host = ?, pid = ? WHERE batch_id = ? AND chunk = ?",
                (host, pid, batch_id, chunk),
            )
        self._db.change(
            "UPDATE docgen_batch_chunks SET attempts = attempts + 1, done = 0 WHERE batch_id = ? AND chunk = ?",
            (batch_id, chunk),
        )
        [(rows, attempts)] = self._db.query(
            "SELECT rows, attempts FROM docgen_batch_chunks WHERE batch_id = ? AND chunk = ?", (batch_id, chunk)
        )
        return Chunk(batch_id, chunk, tuple(json.loads(rows)), int(attempts))

    def renew(self, chunk: Chunk, lease_seconds: int) -> None:
        self._db.change(
            "UPDATE docgen_batch_chunks SET lease_until = ? WHERE batch_id = ? AND chunk = ?",
            (int(time.time()) + lease_seconds, chunk.batch_id, chunk.chunk),
        )

    def row_data(self, chunk: Chunk) -> list[tuple[int, dict[str, Any]]]:
        marks = ", ".join("?" for _ in chunk.rows)
        found = self._db.query(
            f"SELECT row_number, data FROM docgen_batch_rows WHERE batch_id = ? AND valid = 1 "
            f"AND row_number IN ({marks}) ORDER BY row_number",
            (chunk.batch_id, *chunk.rows),
        )
        return [(int(row), json.loads(data)) for row, data in found]

    def one_done(self, chunk: Chunk) -> None:
        self._db.change(
            "UPDATE docgen_batch_chunks SET done = done + 1 WHERE batch_id = ? AND chunk = ?",
            (chunk.batch_id, chunk.chunk),
        )

    def issued(self, chunk: Chunk, number: str, position: int) -> None:
        """A number the chunk issued; issued again by a retried chunk, it is kept once."""
        self._db.change(
            "INSERT INTO docgen_batch_numbers (batch_id, number, chunk, position) VALUES (?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (chunk.batch_id, number, chunk.chunk, position),
        )

    def finish(self, chunk: Chunk, problems: Sequence[RowProblem], error: str = "") -> None:
        """The chunk is done: its rows' problems found by the run kept, and the run's error if it stopped."""
        with self._db.transaction():
            self._db.change(
                "DELETE FROM docgen_batch_problems WHERE batch_id = ? AND stage = 1 AND row_number IN "
                f"({', '.join('?' for _ in chunk.rows)})",
                (chunk.batch_id, *chunk.rows),
            )  # a retried chunk's problems replace those of the attempt before
            for position, problem in enumerate(problems):
                self._db.change(
                    "INSERT INTO docgen_batch_problems (batch_id, row_number, stage, position, field, message) "
                    "VALUES (?, ?, 1, ?, ?, ?)",
                    (chunk.batch_id, problem.row, position, problem.field, problem.message),
                )
            if error:
                self._db.change("UPDATE docgen_batches SET error = ? WHERE id = ?", (error, chunk.batch_id))
            self._db.change(
                "UPDATE docgen_batch_chunks SET state = 'done' WHERE batch_id = ? AND chunk = ?",
                (chunk.batch_id, chunk.chunk),
            )
            self._forget_data_when_done(chunk.batch_id)

    def _forget_data_when_done(self, batch_id: str) -> None:
        """Once every chunk is done, the upload and the rows' data go: they may hold personal data (ID numbers,
        pay) that the register keeps only inside each issued document, where `register purge` reaches it."""
        [(left,)] = self._db.query(
            "SELECT count(*) FROM docgen_batch_chunks WHERE batch_id = ? AND state <> 'done'", (batch_id,)
        )
        if not left:
            self._db.change("UPDATE docgen_batches SET upload = '' WHERE id = ?", (batch_id,))
            self._db.change("UPDATE docgen_batch_rows SET data = '{}' WHERE batch_id = ?", (batch_id,))

    # What a page shows

    def head(self, batch_id: str) -> BatchHead | None:
        rows = self._db.query(
            "SELECT id, type, name, locale, formats, lang, actor, origin FROM docgen_batches WHERE id = ?", (batch_id,)
        )
        if not rows:
            return None
        id_, type_name, name, locale, formats, lang, actor, origin = rows[0]
        return BatchHead(id_, type_name, name, locale, tuple(json.loads(formats)), lang, actor, origin)

    def load(self, batch_id: str) -> Batch | None:
        head = self.head(batch_id)
        if head is None:
            return None
        rows = [int(r) for (r,) in self._db.query(
            "SELECT row_number FROM docgen_batch_rows WHERE batch_id = ? ORDER BY row_number", (batch_id,)
        )]  # fmt: skip
        problems = [RowProblem(int(r), f, m) for r, f, m in self._db.query(
            "SELECT row_number, field, message FROM docgen_batch_problems WHERE batch_id = ? "
            "ORDER BY stage, row_number, position", (batch_id,)
        )]  # fmt: skip
        [(started, error)] = self._db.query("SELECT started, error FROM docgen_batches WHERE id = ?", (batch_id,))
        return Batch(head, rows, problems, bool(started), *self._progress(batch_id), error, self.numbers(batch_id))

    def _progress(self, batch_id: str) -> tuple[int, int, bool]:
        """Rows to issue, rows done, and whether every chunk is done."""
        chunks = self._db.query("SELECT rows, state, done FROM docgen_batch_chunks WHERE batch_id = ?", (batch_id,))
        total = sum(len(json.loads(rows)) for rows, _, _ in chunks)
        done = sum(len(json.loads(rows)) if state == "done" else int(count) for rows, state, count in chunks)
        return total, done, bool(chunks) and all(state == "done" for _, state, _ in chunks)

    def numbers(self, batch_id: str) -> list[str]:
        """The numbers issued, in the order of the chunks and, within each, of the file."""
        found = self._db.query(
            "SELECT number FROM docgen_batch_numbers WHERE batch_id = ? ORDER BY chunk, position", (batch_id,)
        )
        return [number for (number,) in found]

    def chunk_holders(self, batch_id: str) -> list[tuple[int, str, int, str, int]]:
        """Each chunk's number, host, process id, state and attempts: who took it last."""
        return [(int(c), h, int(p), s, int(a)) for c, h, p, s, a in self._db.query(
            "SELECT chunk, host, pid, state, attempts FROM docgen_batch_chunks WHERE batch_id = ? ORDER BY chunk",
            (batch_id,),
        )]  # fmt: skip
