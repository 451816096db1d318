"""The register: one counter per entity, type and year, and one row per number taken from it.

A number is taken from its counter and given its row (status reserved) in one
transaction, so a number either has a row or was never taken: sequences have
no gaps. The row becomes issued once every file is written and hashed, or void
with a reason; a reservation left by a crash is voided by repair().

Every change also appends an event to the register's chain in the same
transaction (see chain.py), and every hash ever issued for a number is kept in
docgen_hashes, so a copy sent before a re-issue still verifies.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NoReturn

from .. import clock
from ..errors import ChainBroken, StoreError
from ..text import printable
from . import acting, chain, held, purging
from . import kept as keeping
from .backend import Connection, DuplicateKey, Row
from .held import HeldKey, KeyTaken
from .kept import Clause, Kept
from .numbers import MAX_SEQ, format_number
from .search import SEPARATOR, fold, like_pattern, searchable

STATUSES = ("reserved", "issued", "void")


@dataclass(frozen=True)
class StoredFile:
    format: str
    path: str
    sha256: str


@dataclass(frozen=True)
class Request:
    """What issuing asks for: the next number for one document, and its row."""

    entity: str  # the company's USCC: each company has its own number space
    entity_name: str
    type_name: str
    year: int
    pattern: str
    locale: str
    formats: tuple[str, ...]
    data: str  # the validated record as canonical JSON
    key: str  # the same key means the same document (idempotent issue)


@dataclass(frozen=True)
class Entry:
    """One number's row in the register."""

    number: str
    entity: str
    entity_name: str
    type_name: str
    year: int
    seq: int
    locale: str
    formats: tuple[str, ...]
    key: str
    status: str
    reason: str | None
    reserved_at: str
    issued_at: str | None
    issued_by: str
    host: str
    pid: int
    voided_at: str | None
    voided_by: str | None
    files: tuple[StoredFile, ...] = field(default=())


@dataclass(frozen=True)
class Selection:
    """What a list of the register is narrowed to; None (or "") for a filter not given. search looks in the
    number, company and data, case-folded (see search.py)."""

    type_name: str | None = None
    year: int | None = None
    status: str | None = None
    search: str | None = None
    # Who may see what (see docgen/roles.py): only these types (None: any), only what this name issued (None: anyone's)
    types: frozenset[str] | None = None
    issued_by: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition on docgen_documents d, and its parameters."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if self.types is not None:
            names = sorted(self.types)
            where.append(f"d.type IN ({', '.join('?' * len(names))})" if names else "1 = 0")
            params += names
        if self.issued_by is not None:
            where.append("d.issued_by = ?")
            params.append(self.issued_by)
        for column, value in (("d.type", self.type_name), ("d.year", self.year), ("d.status", self.status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if self.search and SEPARATOR in self.search:  # several lines never lie within one text: no match
            where.append("1 = 0")
        elif self.search:
            where.append("d.folded LIKE ? ESCAPE '\\'")
            params.append(like_pattern(fold(self.search)))
        return " AND ".join(where), params


_ENTRY_COLUMNS = (
    "d.number, d.entity, d.entity_name, d.type, d.year, d.seq, d.locale, d.formats, d.request_key, d.status, "
    "d.reason, d.reserved_at, d.issued_at, d.issued_by, d.host, d.pid, d.voided_at, d.voided_by"
)
_WIDTH = _ENTRY_COLUMNS.count(",") + 1
_SELECT = (
    f"SELECT {_ENTRY_COLUMNS}, f.format, f.path, f.sha256 FROM docgen_documents d "
    "LEFT JOIN docgen_files f ON f.entity = d.entity AND f.number = d.number"
)
_ORDER = " ORDER BY d.entity, d.type, d.year, d.seq"
# The register page's order: the latest year first, in it the latest taken first (entity and number keep
# a page's rows in one order when two were taken in the same second).
_NEWEST = " ORDER BY d.year DESC, d.reserved_at DESC, d.seq DESC, d.entity DESC, d.number DESC"


def now() -> str:
    return clock.now().isoformat(timespec="seconds")


def actor() -> str:
    """Who acts now (see acting.py), recorded as who issued, voided or seeded."""
    return acting.current().name


def _acted(actor: acting.Actor | None = None) -> dict[str, str]:
    """Who acted and from where (the actor given, else the current one), as an event's body records them."""
    who = actor or acting.current()
    return {"by": who.name, "from": who.origin}


def _entries(rows: Iterable[Row]) -> list[Entry]:
    """Rows of the documents-and-files join, one Entry per document, in the order they came."""
    grouped: dict[tuple[str, str], tuple[Row, list[StoredFile]]] = {}
    for row in rows:
        head, file = row[:_WIDTH], row[_WIDTH:]
        _, files = grouped.setdefault((head[1], head[0]), (head, []))
        if file[0] is not None:
            files.append(StoredFile(*file))
    return [_entry(head, files) for head, files in grouped.values()]


def _entry(head: Row, files: list[StoredFile]) -> Entry:
    entry = Entry(*head)
    formats = tuple(str(head[7]).split(","))
    ordered = sorted(files, key=lambda item: formats.index(item.format) if item.format in formats else len(formats))
    return replace(entry, formats=formats, files=tuple(ordered))


def process_ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, but someone else's
        return False
    return False


class Register:
    def __init__(self, db: Connection) -> None:
        self._db = db
        self.where = db.where
        self._key: bytes | None = None
        self._appended: list[chain.Event] = []

    # The chain: every change is written with its event, in one transaction

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A transaction that holds the chain's lock; this machine's head moves once it commits."""
        self._appended = []
        with self._db.transaction():
            self._db.lock_chain()
            yield
        if self._appended:
            chain.write_head(chain.register_id(self._db), self._appended[-1])

    def _event(self, kind: str, entity: str, number: str, body: dict[str, Any]) -> None:
        if self._key is None:
            self._key = chain.load_key() or b""
        self._appended.append(chain.append(self._db, self._key, now(), kind, entity, number, body))

    def audit(
        self,
        action: str,
        detail: Mapping[str, str] | None = None,
        *,
        actor: acting.Actor | None = None,
        entity: str = "",
        number: str = "",
    ) -> None:
        """Record in the chain an action that changes no document: a download (entity and number say of
        what), a failed sign-in (actor: the name tried and the client's address). Who and from where default
        to the current actor (acting.py); when is the event's time; detail is what else to keep."""
        with self._writing():
            self._event(action, entity, number, _acted(actor) | {"detail": dict(detail or {})})

    def trail(self, entity: str | None = None, number: str | None = None) -> list[chain.Event]:
        """The events that record who acted (issue, void, download, failed sign-in …), oldest first;
        only the document's when a number is given. Events from before actors were recorded are left out."""
        return [event for event in chain.read_events(self._db, entity, number) if "by" in json.loads(event.body)]

    def check(self) -> chain.Report:
        """Verify the chain, this machine's head and every row; ChainBroken naming the first broken link."""
        key = chain.load_key(create=False)
        if key is None:
            raise ChainBroken(
                "no register key here ({key_file} or {key_variable})",
                key_file=chain.key_file(),
                key_variable=chain.KEY_VARIABLE,
            )
        return chain.check(self._db, key)

    # Taking numbers

    def reserve(self, request: Request) -> Entry:
        """The next number for the request's entity, type and year, with its row, in one transaction."""
        with self._writing():
            seq = self._next_seq(request)
            number = format_number(request.pattern, request.year, seq)
            try:
                self._insert(request, seq, number)
            except DuplicateKey:
                raise StoreError(
                    "{number} already exists for {entity}: do two types share a number pattern?",
                    number=number,
                    entity=request.entity,
                ) from None
            body = {"type": request.type_name, "year": request.year, "seq": seq, "key": request.key}
            self._event("reserve", request.entity, number, body | {"data": chain.data_digest(request.data)})
        return self.entry(request.entity, number) or self._vanished(number)

    def _next_seq(self, request: Request) -> int:
        # The upsert locks the counter row until commit, so concurrent issuers queue here.
        [(seq,)] = self._db.query(
            "INSERT INTO docgen_counters (entity, type, year, last_seq) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (entity, type, year) DO UPDATE SET last_seq = docgen_counters.last_seq + 1 "
            "RETURNING last_seq",
            (request.entity, request.type_name, request.year),
        )
        return int(seq)

    def _insert(self, request: Request, seq: int, number: str) -> None:
        self._db.change(
            "INSERT INTO docgen_documents (entity, number, entity_name, type, year, seq, locale, formats, "
            "request_key, data, status, reserved_at, issued_by, host, pid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reserved', ?, ?, ?, ?)",
            (
                request.entity,
                number,
                request.entity_name,
                request.type_name,
                request.year,
                seq,
                request.locale,
                ",".join(request.formats),
                request.key,
                request.data,
                now(),
                actor(),
                socket.gethostname(),
                os.getpid(),
            ),
        )
        self._fold_for_search(request.entity, number, (number, request.entity_name, request.data))

    def _fold_for_search(self, entity: str, number: str, texts: tuple[str, str, str]) -> None:
        """The row's number, company and data case-folded, for searching in SQL (see search.py)."""
        self._db.change(
            "UPDATE docgen_documents SET folded = ? WHERE entity = ? AND number = ?", (searchable(*texts), entity, number)
        )

    def complete(
        self,
        entry: Entry,
        files: Sequence[StoredFile],
        *,
        replace: bool = False,
        keep: Kept | None = None,
        holds: Sequence[HeldKey] = (),
    ) -> Entry:
        """Mark a reservation issued with its files' hashes; replace voids the earlier issue of the same document.

        keep (the document's clauses and citations) is written in the same transaction, and the issue
        event carries its digest; so are the keys the document holds (KeyHeld if another document holds one).

        Returns the entry that stands for the document: this one, or the one
        another process issued for the same document at the same moment (this
        number is then voided, saying so).
        """
        try:
            with self._writing():
                if replace:
                    self._void_earlier_issues(entry)
                self._mark_issued(entry)
                held.hold(self._db, entry.entity, entry.number, holds)
                for item in files:
                    self._db.change(
                        "INSERT INTO docgen_files (entity, number, format, path, sha256) VALUES (?, ?, ?, ?, ?)",
                        (entry.entity, entry.number, item.format, item.path, item.sha256),
                    )
                    self._keep_hash(entry, item)
                body: dict[str, Any] = {"files": [[f.format, f.sha256] for f in files]} | _acted()
                if keep is not None:
                    keeping.write(self._db, entry.entity, entry.number, keep)
                    body["outline"] = keep.digest()
                self._event("issue", entry.entity, entry.number, body)
        except DuplicateKey:
            return self._lost_race(entry)
        except KeyTaken as taken:  # rolled back: the holder that took it first is read afresh
            raise held.refusal(taken.held, held.holder(self._db, entry.entity, taken.held) or "?") from None
        return self.entry(entry.entity, entry.number) or self._vanished(entry.number)

    def holders(self, entity: str, keys: Sequence[HeldKey], request_key: str) -> list[tuple[HeldKey, str]]:
        """Each of the keys another document of the company holds (an issue of the same request does not count),
        with the holder's number."""
        return held.holders(self._db, entity, keys, request_key)

    def refuse_held(self, entity: str, keys: Sequence[HeldKey], request_key: str) -> None:
        """KeyHeld for the first key held already, or held twice by these keys: the check before a number is taken."""
        held.refuse_repeats(keys)
        for key, number in self.holders(entity, keys, request_key)[:1]:
            raise held.refusal(key, number)

    def _keep_hash(self, entry: Entry, item: StoredFile) -> None:
        self._db.change(
            "INSERT INTO docgen_hashes (entity, number, format, sha256) VALUES (?, ?, ?, ?)",
            (entry.entity, entry.number, item.format, item.sha256),
        )

    def _void_earlier_issues(self, entry: Entry) -> None:
        reason = f"reissued as {entry.number}"
        earlier = self._db.query(
            "SELECT number FROM docgen_documents WHERE entity = ? AND request_key = ? AND status = 'issued'",
            (entry.entity, entry.key),
        )
        self._db.change(
            "UPDATE docgen_documents SET status = 'void', reason = ?, voided_at = ?, voided_by = ? "
            "WHERE entity = ? AND request_key = ? AND status = 'issued'",
            (reason, now(), actor(), entry.entity, entry.key),
        )
        for (number,) in earlier:
            held.release(self._db, entry.entity, number)
            self._event("void", entry.entity, number, {"reason": reason} | _acted())

    def add_hashes(self, entry: Entry, files: Sequence[StoredFile]) -> Entry:
        """Files of an issued number written again with other bytes: their hashes join the earlier ones.

        The files' rows point at the new copies; every earlier hash still verifies.
        """
        with self._writing():
            for item in files:
                self._db.change(
                    "UPDATE docgen_files SET path = ?, sha256 = ? WHERE entity = ? AND number = ? AND format = ?",
                    (item.path, item.sha256, entry.entity, entry.number, item.format),
                )
                self._keep_hash(entry, item)
            self._event("add-hash", entry.entity, entry.number, {"files": [[f.format, f.sha256] for f in files]})
        return self.entry(entry.entity, entry.number) or self._vanished(entry.number)

    def hashes(self, entity: str, number: str) -> set[tuple[str, str]]:
        """Every (format, SHA-256) ever issued for the number."""
        rows = self._db.query(
            "SELECT format, sha256 FROM docgen_hashes WHERE entity = ? AND number = ?", (entity, number)
        )
        return {(str(fmt), str(digest)) for fmt, digest in rows}

    def _mark_issued(self, entry: Entry) -> None:
        changed = self._db.change(
            "UPDATE docgen_documents SET status = 'issued', issued_at = ?, issued_by = ? "
            "WHERE entity = ? AND number = ? AND status = 'reserved'",
            (now(), actor(), entry.entity, entry.number),
        )
        if changed != 1:
            current = self.entry(entry.entity, entry.number)
            state = f"{current.status}: {current.reason}" if current else "gone"
            raise StoreError(
                "{number} is no longer reserved ({state}); it was not issued", number=entry.number, state=state
            )

    def _lost_race(self, entry: Entry) -> Entry:
        winner = self.find_issued(entry.entity, entry.key)
        if winner is None:
            raise StoreError(
                "{number}: the register refused it as a duplicate, but holds no original", number=entry.number
            )
        self._set_void(entry, f"duplicate of {winner.number}, issued at the same moment", ("reserved",))
        return winner

    def _vanished(self, number: str) -> NoReturn:
        raise StoreError("{number} vanished from the register {where}", number=number, where=self.where)

    # Voiding

    def void(self, entry: Entry, reason: str) -> Entry:
        if not self._set_void(entry, reason, ("reserved", "issued")):
            raise StoreError("{number} is already void: {reason}", number=entry.number, reason=entry.reason)
        return self.entry(entry.entity, entry.number) or self._vanished(entry.number)

    def void_if_reserved(self, entry: Entry, reason: str) -> bool:
        """Void the number only if it is still reserved; whether it was."""
        return self._set_void(entry, reason, ("reserved",))

    def _set_void(self, entry: Entry, reason: str, from_statuses: tuple[str, ...]) -> bool:
        # A reason may quote an error about a file or a cell; stored escaped, it cannot drive a terminal later.
        marks = ", ".join("?" for _ in from_statuses)
        stored = printable(reason)
        with self._writing():
            changed = self._db.change(
                "UPDATE docgen_documents SET status = 'void', reason = ?, voided_at = ?, voided_by = ? "
                f"WHERE entity = ? AND number = ? AND status IN ({marks})",
                (stored, now(), actor(), entry.entity, entry.number, *from_statuses),
            )
            if changed == 1:
                held.release(self._db, entry.entity, entry.number)
                self._event("void", entry.entity, entry.number, {"reason": stored} | _acted())
        return changed == 1

    # Purging personal fields

    def purge(self, fields: Mapping[str, tuple[str, ...]], before: str) -> list[purging.Purged]:
        """Take each type's fields out of the data of its documents reserved before the date; one event each."""
        done: list[purging.Purged] = []
        with self._writing():
            for entity, number, entity_name, type_name, data in purging.candidates(self._db, fields, before):
                purged, removed = purging.without(data, fields[type_name])
                if not removed:
                    continue  # already purged, or never held them: nothing to record
                self._db.change(
                    "UPDATE docgen_documents SET data = ? WHERE entity = ? AND number = ?", (purged, entity, number)
                )
                self._fold_for_search(entity, number, (number, entity_name, purged))
                body = {"data": chain.data_digest(purged), "fields": list(removed)} | _acted()
                outline = purging.forget_clause_texts(self._db, entity, number)
                if outline is not None:
                    body["outline"] = outline
                self._event("purge", entity, number, body)
                done.append(purging.Purged(entity, number, type_name, removed))
        return done

    def repair(self, older_than: timedelta, *, ended: bool = True) -> list[Entry]:
        """Void reservations whose process ended (on this machine; unless ended is False) or that are older than
        older_than."""
        voided = []
        for entry in self.entries(status="reserved"):
            reason = self._abandoned(entry, older_than, ended)
            if reason and self._set_void(entry, reason, ("reserved",)):
                voided.append(self.entry(entry.entity, entry.number) or self._vanished(entry.number))
        return voided

    @staticmethod
    def _abandoned(entry: Entry, older_than: timedelta, ended: bool) -> str | None:
        if ended and entry.host == socket.gethostname() and process_ended(entry.pid):
            return f"abandoned: process {entry.pid} on {entry.host} ended before the document was issued (repair)"
        age = clock.now() - datetime.fromisoformat(entry.reserved_at)
        if age >= older_than:
            return f"abandoned: still reserved after {int(age.total_seconds() // 60)} minutes (repair)"
        return None

    # Seeding

    def seed(self, entity: str, type_name: str, year: int, next_seq: int) -> None:
        """Continue a hand-kept sequence at next_seq; refused below a number already used."""
        if not 1 <= next_seq <= MAX_SEQ:
            raise StoreError("--next must be from 1 to {max_seq}, not {next_seq}", max_seq=MAX_SEQ, next_seq=next_seq)
        with self._writing():
            self._lock_counter(entity, type_name, year)
            used = self._db.query(
                "SELECT seq, number FROM docgen_documents WHERE entity = ? AND type = ? AND year = ? "
                "ORDER BY seq DESC LIMIT 1",
                (entity, type_name, year),
            )
            if used and next_seq <= used[0][0]:
                seq, number = used[0]
                raise StoreError(
                    "cannot seed {type_name} {year} at {next_seq}: {number} is already used; --next must be at least {seq}",
                    type_name=type_name,
                    year=year,
                    next_seq=next_seq,
                    number=number,
                    seq=seq + 1,
                )
            self._db.change(
                "UPDATE docgen_counters SET last_seq = ? WHERE entity = ? AND type = ? AND year = ?",
                (next_seq - 1, entity, type_name, year),
            )
            self._db.change(
                "INSERT INTO docgen_seeds (entity, type, year, next_seq, seeded_at, seeded_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (entity, type_name, year, next_seq, now(), actor()),
            )
            self._event("seed", entity, "", {"type": type_name, "year": year, "next": next_seq})

    def _lock_counter(self, entity: str, type_name: str, year: int) -> None:
        self._db.query(
            "INSERT INTO docgen_counters (entity, type, year, last_seq) VALUES (?, ?, ?, 0) "
            "ON CONFLICT (entity, type, year) DO UPDATE SET last_seq = docgen_counters.last_seq "
            "RETURNING last_seq",
            (entity, type_name, year),
        )

    def next_seq(self, entity: str, type_name: str, year: int) -> int:
        rows = self._db.query(
            "SELECT last_seq FROM docgen_counters WHERE entity = ? AND type = ? AND year = ?",
            (entity, type_name, year),
        )
        return int(rows[0][0]) + 1 if rows else 1

    # Reading

    def entry(self, entity: str, number: str) -> Entry | None:
        found = _entries(self._db.query(f"{_SELECT} WHERE d.entity = ? AND d.number = ?", (entity, number)))
        return found[0] if found else None

    def lookup(self, number: str, entity: str | None = None) -> list[Entry]:
        """Every entry with this number: one per company that has it."""
        found = _entries(self._db.query(f"{_SELECT} WHERE d.number = ?{_ORDER}", (number,)))
        return [entry for entry in found if entity is None or entry.entity == entity]

    def resolve(self, number: str, entity: str | None = None) -> Entry:
        """The one entry a number names, or a StoreError saying why there is none or several."""
        found = self.lookup(number, entity)
        if not found:
            raise StoreError("{number} is not in the register {where}", number=number, where=self.where)
        if len(found) > 1:
            companies = ", ".join(f"{entry.entity} {entry.entity_name}" for entry in found)
            raise StoreError(
                "{number} exists for several companies ({companies}); name one with --entity",
                number=number,
                companies=companies,
            )
        return found[0]

    def find_issued(self, entity: str, key: str) -> Entry | None:
        found = _entries(
            self._db.query(f"{_SELECT} WHERE d.entity = ? AND d.request_key = ? AND d.status = 'issued'", (entity, key))
        )
        return found[0] if found else None

    def by_sha256(self, digest: str) -> list[Entry]:
        return _entries(
            self._db.query(
                f"{_SELECT} WHERE EXISTS (SELECT 1 FROM docgen_hashes g WHERE g.entity = d.entity "
                f"AND g.number = d.number AND g.sha256 = ?){_ORDER}",
                (digest,),
            )
        )

    def entries(
        self,
        *,
        type_name: str | None = None,
        year: int | None = None,
        status: str | None = None,
        search: str | None = None,
    ) -> list[Entry]:
        """Every entry matching every filter given, in the register's order (company, type, year, number)."""
        condition, params = Selection(type_name, year, status, search).where()
        return _entries(self._db.query(f"{_SELECT} WHERE {condition}{_ORDER}", params))

    def count(self, selection: Selection) -> int:
        """How many entries the selection holds, counted by the database."""
        condition, params = selection.where()
        [(found,)] = self._db.query(f"SELECT count(*) FROM docgen_documents d WHERE {condition}", params)
        return int(found)

    def page(self, selection: Selection, *, limit: int, offset: int, newest_first: bool = False) -> list[Entry]:
        """At most limit entries of the selection, after the first offset: the database filters, orders and
        pages the documents, then joins only their files."""
        condition, params = selection.where()
        order = _NEWEST if newest_first else _ORDER
        documents = f"SELECT {_ENTRY_COLUMNS} FROM docgen_documents d WHERE {condition}{order} LIMIT ? OFFSET ?"
        rows = self._db.query(
            f"SELECT {_ENTRY_COLUMNS}, f.format, f.path, f.sha256 FROM ({documents}) d "
            f"LEFT JOIN docgen_files f ON f.entity = d.entity AND f.number = d.number{order}",
            [*params, limit, offset],
        )
        return _entries(rows)

    def kept(self, entity: str, number: str) -> Kept | None:
        """The clauses and citations kept at the document's issue; None if issued before the register kept them."""
        return keeping.read(self._db, entity, number)

    def outline(self, number: str, entity: str | None = None) -> tuple[Clause, ...] | None:
        """The numbered clauses of the document as issued; None when it was issued before outlines were kept."""
        entry = self.resolve(number, entity)
        found = self.kept(entry.entity, entry.number)
        return None if found is None else found.clauses

    def citing(self, entity: str, number: str) -> list[tuple[str, str]]:
        """(number, field) of each of the company's documents that cites number, as kept at their issue."""
        return keeping.citing(self._db, entity, number)

    def stored_data(self, number: str, entity: str | None = None) -> tuple[Entry, dict[str, Any]]:
        """An entry and the validated record it was issued from (for derive and reissue)."""
        entry = self.resolve(number, entity)
        [(data,)] = self._db.query(
            "SELECT data FROM docgen_documents WHERE entity = ? AND number = ?", (entry.entity, entry.number)
        )
        loaded: dict[str, Any] = json.loads(data)
        return entry, loaded
