"""Who is acting on the register, and from where: recorded with every issue, void, download and failed sign-in.

The faces decide it (the CLI: the operating-system user or --as NAME; the web app: the signed-in account, or
"web" without accounts, and the client's address) and set it around the work; the register reads it when it
writes an event, so the functions between them need not pass it along. A context variable, not a global: the
web app serves many people from the threads of one process.
"""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

# Who the web app records when it has no accounts (one person on one machine).
WEB_ANONYMOUS = "web"


@dataclass(frozen=True)
class Actor:
    name: str  # the account or OS user
    origin: str  # the host (CLI) or client address (web) the action came from


def os_user() -> str:
    """The operating-system user; a uid when the system has no name for it (e.g. in a bare container)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid {os.getuid()}"


def this_machine() -> Actor:
    return Actor(os_user(), socket.gethostname())


_ACTING: ContextVar[Actor | None] = ContextVar("docgen_actor", default=None)


def current() -> Actor:
    """Who acts now: the actor set by the face, else this machine's OS user."""
    return _ACTING.get() or this_machine()


def use(actor: Actor | None) -> None:
    """Set who acts for the rest of this context (the CLI sets it once per command)."""
    _ACTING.set(actor)


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Who acts inside the block (the web app sets it per request)."""
    token = _ACTING.set(actor)
    try:
        yield
    finally:
        _ACTING.reset(token)
