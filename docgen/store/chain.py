"""The register's tamper evidence: a keyed chain over its events, and a head kept outside the database.

Every change to the register (reserve, issue, void, add-hash, seed, purge; at the
upgrade, one adopt per document already there) appends one row to
docgen_events, in the same transaction as the change itself. Each event has a
sequence number and a MAC:

    mac[n] = HMAC-SHA256(key, mac[n-1] "\\n" canonical(event n)),  mac[0] = the register's random id

The key lives outside the database (DOCGEN_REGISTER_KEY, or a key file made on
first use in the user's configuration folder, mode 0600): whoever edits the
database file without it cannot recompute the MACs. Writers take the chain's
lock first in every transaction (SQLite's BEGIN IMMEDIATE, a PostgreSQL
advisory lock), so the chain's order is the database's order.

check() replays the events and compares the result with the state rows, so
editing a row (void back to issued) is seen, not only editing an event. Deleting
the last events leaves a valid, shorter chain; the head file, the latest
(sequence, MAC) this machine saw, catches that: a database behind the head has
lost events, a head behind the database (another machine issued) is fine.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from ..errors import ChainBroken, StoreError, Wording
from . import kept
from .backend import Connection, Row

KEY_VARIABLE = "DOCGEN_REGISTER_KEY"
HEADS_VARIABLE = "DOCGEN_REGISTER_HEADS"
_EVENT_COLUMNS = "seq, at, kind, entity, number, body, mac"


def config_folder() -> Path:
    return user_config_path("docgen", appauthor=False)


def key_file() -> Path:
    return config_folder() / "register.key"


def load_key(create: bool = True) -> bytes | None:
    """The chain's key: DOCGEN_REGISTER_KEY, else the key file (made on first use when create is set)."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        if len(given) < 16:
            raise StoreError(
                "{key_variable} is too short: give at least 16 characters (32 random bytes in hex)",
                key_variable=KEY_VARIABLE,
            )
        return given.encode("utf-8")
    path = key_file()
    if not path.is_file():
        if not create:
            return None
        _create_key(path)
    return path.read_text(encoding="ascii").strip().encode("ascii")


def _create_key(path: Path) -> None:
    # Written whole under another name, then linked: a process racing us reads either no key or the whole key.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as stream:
        stream.write(secrets.token_hex(32) + "\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process made the key first: use theirs
    finally:
        temporary.unlink()


def heads_folder() -> Path:
    named = os.environ.get(HEADS_VARIABLE)
    return Path(named) if named else config_folder() / "heads"


@dataclass(frozen=True)
class Event:
    seq: int
    at: str
    kind: str
    entity: str
    number: str
    body: str  # canonical JSON
    mac: str

    def canonical(self) -> str:
        fields = [self.seq, self.at, self.kind, self.entity, self.number, json.loads(self.body)]
        return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def expected_mac(self, key: bytes, previous: str) -> str:
        return hmac.new(key, f"{previous}\n{self.canonical()}".encode(), hashlib.sha256).hexdigest()

    def __str__(self) -> str:
        return f"event {self.seq} ({self.kind}{' ' + self.number if self.number else ''})"


def canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def data_digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def register_id(db: Connection) -> str:
    [(found,)] = db.query("SELECT id FROM docgen_register")
    return str(found)


def last_events(db: Connection, count: int) -> list[Event]:
    rows = db.query(f"SELECT {_EVENT_COLUMNS} FROM docgen_events ORDER BY seq DESC LIMIT ?", (count,))
    return [Event(*row) for row in reversed(rows)]


def read_events(db: Connection, entity: str | None = None, number: str | None = None) -> list[Event]:
    """The chain's events in order; only one document's when entity and number are given."""
    if entity is None or number is None:
        return [Event(*row) for row in db.query(f"SELECT {_EVENT_COLUMNS} FROM docgen_events ORDER BY seq")]
    rows = db.query(
        f"SELECT {_EVENT_COLUMNS} FROM docgen_events WHERE entity = ? AND number = ? ORDER BY seq", (entity, number)
    )
    return [Event(*row) for row in rows]


def append(db: Connection, key: bytes, at: str, kind: str, entity: str, number: str, body: dict[str, Any]) -> Event:
    """Inside a transaction holding the chain's lock: add the next event after checking the last one."""
    last = last_events(db, 2)
    previous = register_id(db) if not last else last[-1].mac
    if last:
        before = last[0].mac if len(last) == 2 else register_id(db)
        if not hmac.compare_digest(last[-1].expected_mac(key, before), last[-1].mac):
            raise StoreError(
                "register {where}: its last event does not verify with this machine's register key; set {key_variable} (or copy {key_file}) from the machine that made it, and run `docgen register check`",
                where=db.where,
                key_variable=KEY_VARIABLE,
                key_file=key_file(),
            )
    unsigned = Event(last[-1].seq + 1 if last else 1, at, kind, entity, number, canonical(body), "")
    event = Event(**{**unsigned.__dict__, "mac": unsigned.expected_mac(key, previous)})
    db.change(
        f"INSERT INTO docgen_events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (event.seq, event.at, event.kind, event.entity, event.number, event.body, event.mac),
    )
    return event


# The head outside the database


def _head_path(identity: str) -> Path:
    return heads_folder() / f"{identity}.json"


def read_head(identity: str) -> tuple[int, str] | None:
    try:
        head = json.loads(_head_path(identity).read_text(encoding="utf-8"))
        return int(head["seq"]), str(head["mac"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ChainBroken(
            "the chain's head {head_path} is unreadable: {detail}", head_path=_head_path(identity), detail=error
        ) from None


# docgen serve issues from many threads of one process: one at a time reads and moves the head, so it never
# moves back, and each thread writes its own temporary file.
_HEAD_LOCK = threading.Lock()


def write_head(identity: str, event: Event) -> None:
    """Move this machine's head forward to event (never back); written whole, then renamed."""
    with _HEAD_LOCK:
        current = read_head(identity)
        if current is not None and current[0] >= event.seq:
            return
        path = _head_path(identity)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_text(json.dumps({"seq": event.seq, "mac": event.mac}), encoding="utf-8")
        os.replace(temporary, path)


# Checking


@dataclass(frozen=True)
class Report:
    """A chain that checked out: how many events, and where it started."""

    events: int
    adopted: int  # documents already in the register when the chain started (their history is not covered)
    started_at: str
    head: int | None  # this machine's head, if it has one


def _verified_events(rows: Iterable[Row], key: bytes, identity: str) -> list[Event]:
    events: list[Event] = []
    previous = identity
    for row in rows:
        event = Event(*row)
        if event.seq != len(events) + 1:
            raise ChainBroken("the chain is broken at event {count}: it is missing", count=len(events) + 1)
        if not hmac.compare_digest(event.expected_mac(key, previous), event.mac):
            raise ChainBroken("the chain is broken at {event}: its MAC does not match (edited)", event=event)
        events.append(event)
        previous = event.mac
    return events


def _check_head(identity: str, events: list[Event]) -> int | None:
    head = read_head(identity)
    if head is None:
        return None
    seq, mac = head
    if seq > len(events):
        raise ChainBroken(
            "the chain ends at event {count} but this machine last saw event {seq}: events were deleted",
            count=len(events),
            seq=seq,
        )
    if not hmac.compare_digest(events[seq - 1].mac, mac):
        raise ChainBroken(
            "the chain is broken at {event}: it differs from the one this machine saw", event=events[seq - 1]
        )
    return seq


def replay(events: Iterable[Event]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each document's state as its events leave it."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        body = json.loads(event.body)
        where = (event.entity, event.number)
        if event.kind in ("adopt", "reserve"):
            state[where] = {"status": "reserved", "reason": None, "hashes": []} | body
        elif event.kind == "issue":
            state[where] |= {"status": "issued", "hashes": state[where]["hashes"] + body["files"]}
            if "outline" in body:  # issued since the register keeps outlines and citations (kept.py)
                state[where]["outline"] = body["outline"]
            if "by" in body:  # issued since the register records who acted (acting.py)
                state[where]["issued_by"] = body["by"]
        elif event.kind == "add-hash":
            state[where]["hashes"] = state[where]["hashes"] + body["files"]
        elif event.kind == "purge":  # personal fields taken out of the stored data (purging.py)
            state[where]["data"] = body["data"]
            if "outline" in body:  # the kept clauses' text cleared with it
                state[where]["outline"] = body["outline"]
        elif event.kind == "void":
            state[where] |= {"status": "void", "reason": body["reason"]}
            if "by" in body:
                state[where]["voided_by"] = body["by"]
    return state


def stored_state(db: Connection, *, with_kept: bool = True) -> dict[tuple[str, str], dict[str, Any]]:
    """Each document's state as the register's rows hold it, in replay's shape.

    with_kept False leaves out the kept clauses and citations: the chain starts (schema version 2)
    before their tables exist (version 3).
    """
    state: dict[tuple[str, str], dict[str, Any]] = {}
    rows = db.query("SELECT entity, number, type, year, seq, request_key, data, status, reason FROM docgen_documents")
    for entity, number, type_name, year, seq, key, data, status, reason in rows:
        state[entity, number] = {
            **{"type": type_name, "year": int(year), "seq": int(seq), "key": key, "data": data_digest(data)},
            **{"status": status, "reason": reason, "hashes": []},
        }
    for entity, number, fmt, digest in db.query("SELECT entity, number, format, sha256 FROM docgen_hashes"):
        state.setdefault((entity, number), {"hashes": []})["hashes"].append([fmt, digest])
    for entity, number, fmt, digest in db.query("SELECT entity, number, format, sha256 FROM docgen_files"):
        if [fmt, digest] not in state.get((entity, number), {}).get("hashes", []):
            state.setdefault((entity, number), {"hashes": []})["stray file"] = [fmt, digest]
    for where, digest in kept.stored_digests(db).items() if with_kept else ():
        state.setdefault(where, {"hashes": []})["outline"] = digest
    return state


# Who issued and voided, as the rows hold it: the chain vouches for it only where its events recorded it.
_ACTORS = ("issued_by", "voided_by")


def _with_actors(db: Connection, stored: dict[tuple[str, str], dict[str, Any]]) -> None:
    for entity, number, issued_by, voided_by in db.query(
        "SELECT entity, number, issued_by, voided_by FROM docgen_documents"
    ):
        stored[entity, number] |= {"issued_by": issued_by, "voided_by": voided_by}


def _compare(replayed: dict[tuple[str, str], dict[str, Any]], stored: dict[tuple[str, str], dict[str, Any]]) -> None:
    for where in sorted(replayed.keys() | stored.keys()):
        expected, found = replayed.get(where), stored.get(where)
        if expected is None or found is None:
            missing = Wording.of("the register's rows") if found is None else Wording.of("the chain's events")
            entity, number = where
            raise ChainBroken(
                "{number} ({entity}) is not in {missing}: a row was added or deleted",
                number=number,
                entity=entity,
                missing=missing,
            )
        expected = expected | {"hashes": sorted(expected["hashes"])}
        found = {k: v for k, v in found.items() if k not in _ACTORS or k in expected}
        found = found | {"hashes": sorted(found["hashes"])}
        for name in sorted(expected.keys() | found.keys()):
            if expected.get(name) != found.get(name):
                raise ChainBroken(
                    "{number}: its row says {name} {row!r}, its events say {events!r}: the row was edited",
                    number=where[1],
                    name=name,
                    row=found.get(name),
                    events=expected.get(name),
                )


def check(db: Connection, key: bytes) -> Report:
    """Verify every MAC, this machine's head and every state row; ChainBroken naming the first broken link."""
    identity = register_id(db)
    events = _verified_events(db.query(f"SELECT {_EVENT_COLUMNS} FROM docgen_events ORDER BY seq"), key, identity)
    if not events:
        raise ChainBroken("the chain has no events: its start was deleted")
    head = _check_head(identity, events)
    stored = stored_state(db)
    _with_actors(db, stored)
    _compare(replay(events), stored)
    start = json.loads(events[0].body)
    return Report(len(events), int(start.get("adopted", 0)), events[0].at, head)
