"""Accounts of the web app in the register's database: passwords, API tokens, sessions and sign-in limits.

Passwords are hashed with Argon2id (argon2-cffi): slow on purpose, so a copied database does not give them up.
API tokens and session ids are 256 random bits, so a fast SHA-256 is enough to keep them: nobody can guess a
value whose hash matches, and a lookup by hash is one indexed read. Nothing is ever kept in clear.

Sign-in limits (see README, "For a team"): 5 failures for one account within 15 minutes lock it for
15 minutes; 20 failures from one address within 15 minutes lock that address for 15 minutes (several staff
may share one office address, hence the higher count). A locked account answers as a wrong password does.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..errors import AccountError, SignInRefused, UsageError
from .backend import Connection, DuplicateKey
from .connect import connect
from .location import parse_location
from .register import now
from .schema import migrate

ROLES = ("sales", "hr", "finance", "admin")
MIN_PASSWORD = 8
WINDOW_SECONDS = 15 * 60  # failures counted over the last 15 minutes
LOCK_SECONDS = 15 * 60  # a lock lasts 15 minutes
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
TOUCH_SECONDS = 60  # a session's last_seen is written at most once a minute, not on every request

_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so an unknown name takes as long as a wrong password."""
    return _HASHER.hash(secrets.token_hex(16))


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    disabled: bool
    tokens: int
    created_at: str


@contextmanager
def open_accounts(database: str | None) -> Iterator[Accounts]:
    """The accounts of the register at database, its schema brought up to date."""
    db = connect(parse_location(database))
    try:
        migrate(db)
        yield Accounts(db)
    finally:
        db.close()


_TABLE_COUNT = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'docgen_accounts'",
    "postgresql": "SELECT count(*) FROM (SELECT to_regclass('docgen_accounts') AS found) AS t WHERE found IS NOT NULL",
}


def accounts_exist(database: str | None) -> bool:
    """Whether the register holds any account (a disabled one counts: disabling the last keeps the app closed).

    Read without creating or migrating anything; a register that cannot be reached raises StoreError, so the
    app refuses rather than opening up.
    """
    location = parse_location(database)
    if location.kind == "sqlite" and not Path(location.target).is_file():
        return False
    db = connect(location, read_only=True)
    try:
        [(tables,)] = db.query(_TABLE_COUNT[location.kind])
        return bool(tables) and bool(db.query("SELECT 1 FROM docgen_accounts LIMIT 1"))
    finally:
        db.close()


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError("a password needs at least {count} characters", count=MIN_PASSWORD)
    return password


class Accounts:
    def __init__(self, db: Connection) -> None:
        self._db = db

    # Accounts, as the CLI manages them

    def add(self, name: str, role: str, password: str) -> None:
        if role not in ROLES:
            raise UsageError.not_one_of("--role", role, ROLES)
        if not name.strip() or name != name.strip():
            raise UsageError("{name!r}: an account's name is not empty and has no spaces around it", name=name)
        hashed = _HASHER.hash(check_password(password))
        try:
            self._db.change(
                "INSERT INTO docgen_accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role, hashed, now()),
            )
        except DuplicateKey:
            raise AccountError("account {name} exists already", name=name) from None

    def list(self) -> list[Account]:
        rows = self._db.query(
            "SELECT a.name, a.role, a.disabled, a.created_at, (SELECT count(*) FROM docgen_tokens t"
            " WHERE t.name = a.name) FROM docgen_accounts a ORDER BY a.name"
        )
        return [Account(name, role, bool(disabled), int(tokens), at) for name, role, disabled, at, tokens in rows]

    def _known(self, name: str) -> None:
        if not self._db.query("SELECT 1 FROM docgen_accounts WHERE name = ?", (name,)):
            raise AccountError("no account named {name}", name=name)

    def disable(self, name: str) -> None:
        """Disable the account and end its sessions and tokens at once."""
        self._known(name)
        with self._db.transaction():
            self._db.change("UPDATE docgen_accounts SET disabled = 1 WHERE name = ?", (name,))
            self._end_all(name)

    def set_password(self, name: str, password: str) -> None:
        """A new password; sessions signed in with the old one end."""
        self._known(name)
        hashed = _HASHER.hash(check_password(password))
        with self._db.transaction():
            self._db.change("UPDATE docgen_accounts SET password_hash = ? WHERE name = ?", (hashed, name))
            self._db.change("DELETE FROM docgen_sessions WHERE name = ?", (name,))

    def _end_all(self, name: str) -> None:
        self._db.change("DELETE FROM docgen_sessions WHERE name = ?", (name,))
        self._db.change("DELETE FROM docgen_tokens WHERE name = ?", (name,))

    def new_token(self, name: str) -> str:
        """A new API token for the account, shown once: only its SHA-256 is kept."""
        self._known(name)
        token = secrets.token_urlsafe(32)
        self._db.change(
            "INSERT INTO docgen_tokens (token_sha256, name, created_at) VALUES (?, ?, ?)", (sha256(token), name, now())
        )
        return token

    def revoke_tokens(self, name: str) -> int:
        self._known(name)
        return self._db.change("DELETE FROM docgen_tokens WHERE name = ?", (name,))

    def token_user(self, token: str) -> str | None:
        rows = self._db.query(
            "SELECT a.name FROM docgen_tokens t JOIN docgen_accounts a ON a.name = t.name"
            " WHERE t.token_sha256 = ? AND a.disabled = 0",
            (sha256(token),),
        )
        return str(rows[0][0]) if rows else None

    def role_of(self, name: str) -> str | None:
        """The account's role; None for an account unknown or disabled."""
        rows = self._db.query("SELECT role FROM docgen_accounts WHERE name = ? AND disabled = 0", (name,))
        return str(rows[0][0]) if rows else None

    # Sign-in and sessions

    def sign_in(self, name: str, password: str, address: str, *, old_session: str | None = None) -> str:
        """A new session id for a right name and password; SignInRefused, the same for every reason, otherwise.

        The old session of this browser, if any, ends: the id after sign-in is always a new one (fixation).
        """
        with self._db.transaction():  # the failure is recorded (committed) before the refusal is raised
            session = self._attempt(name, password, address, int(time.time()))
            if session and old_session:
                self._db.change("DELETE FROM docgen_sessions WHERE session_sha256 = ?", (sha256(old_session),))
        if session is None:
            raise SignInRefused("wrong name or password, or too many attempts: wait and try again")
        return session

    def _attempt(self, name: str, password: str, address: str, at: int) -> str | None:
        """A new session, or None for a refusal: a locked account or address is refused without a look."""
        subjects = (f"account:{name}", f"address:{address}")
        if any(self._locked(subject, at) for subject in subjects):
            return None
        if not self._password_ok(name, password):
            self._failed(subjects, at)
            return None
        self._db.change("DELETE FROM docgen_signin_failures WHERE subject = ?", (subjects[0],))
        session = secrets.token_urlsafe(32)
        self._db.change(
            "INSERT INTO docgen_sessions (session_sha256, name, last_seen) VALUES (?, ?, ?)",
            (sha256(session), name, at),
        )
        return session

    def _password_ok(self, name: str, password: str) -> bool:
        rows = self._db.query("SELECT password_hash FROM docgen_accounts WHERE name = ? AND disabled = 0", (name,))
        hashed = str(rows[0][0]) if rows else _dummy_hash()
        try:
            return _HASHER.verify(hashed, password) and bool(rows)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _locked(self, subject: str, at: int) -> bool:
        return bool(self._db.query("SELECT 1 FROM docgen_signin_locks WHERE subject = ? AND until > ?", (subject, at)))

    def _failed(self, subjects: tuple[str, str], at: int) -> None:
        """Count a failure against the account and the address; the one that reaches its limit is locked."""
        for subject, limit in zip(subjects, (ACCOUNT_FAILURES, ADDRESS_FAILURES), strict=True):
            self._db.change("INSERT INTO docgen_signin_failures (subject, at) VALUES (?, ?)", (subject, at))
            self._db.change("DELETE FROM docgen_signin_failures WHERE at <= ?", (at - WINDOW_SECONDS,))
            [(count,)] = self._db.query("SELECT count(*) FROM docgen_signin_failures WHERE subject = ?", (subject,))
            if int(count) >= limit:
                self._db.change("DELETE FROM docgen_signin_locks WHERE subject = ?", (subject,))
                self._db.change(
                    "INSERT INTO docgen_signin_locks (subject, until) VALUES (?, ?)", (subject, at + LOCK_SECONDS)
                )
                self._db.change("DELETE FROM docgen_signin_failures WHERE subject = ?", (subject,))

    def session_user(self, session: str, idle_minutes: int) -> str | None:
        """The account signed in with this session id, or None when it is unknown, idle too long or disabled."""
        at, key = int(time.time()), sha256(session)
        rows = self._db.query(
            "SELECT s.name, s.last_seen FROM docgen_sessions s JOIN docgen_accounts a ON a.name = s.name"
            " WHERE s.session_sha256 = ? AND a.disabled = 0",
            (key,),
        )
        if not rows or int(rows[0][1]) <= at - idle_minutes * 60:
            if rows:
                self._db.change("DELETE FROM docgen_sessions WHERE session_sha256 = ?", (key,))
            return None
        if int(rows[0][1]) <= at - TOUCH_SECONDS:
            self._db.change("UPDATE docgen_sessions SET last_seen = ? WHERE session_sha256 = ?", (at, key))
        return str(rows[0][0])

    def sign_out(self, session: str) -> None:
        self._db.change("DELETE FROM docgen_sessions WHERE session_sha256 = ?", (sha256(session),))
