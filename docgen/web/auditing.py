"""Who acts through the web app, and the downloads it records in the register's audit trail.

Who: the signed-in account (request.state.user, set by sign-in), else "web" when the app runs without accounts.
From where: the client's address as the connection shows it. Behind a reverse proxy that is the proxy's address;
X-Forwarded-For is not read, since any client can send it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi import Request

from ..config import Settings
from ..store import Entry, Register, open_register
from ..store.acting import WEB_ANONYMOUS, Actor
from ..store.export import what_of


@dataclass(frozen=True)
class Record:
    """One line of a document's audit trail, as its page shows it."""

    at: str
    action: str
    by: str
    origin: str
    what: str


def document_trail(register: Register, entry: Entry) -> list[Record]:
    """Who issued, voided and downloaded the document, when and from where, oldest first."""
    records = []
    for event in register.trail(entry.entity, entry.number):
        body = json.loads(event.body)
        records.append(Record(event.at, event.kind, body["by"], body["from"], _shown(event.kind, body)))
    return records


def _shown(action: str, body: dict[str, object]) -> str:
    """What the page says an action did: the formats issued (as the files table names them), the file
    downloaded, the reason voided."""
    if action == "issue":
        return what_of(body).upper()
    detail = body.get("detail")
    if action == "download" and isinstance(detail, dict):
        return str(detail.get("file", ""))
    return what_of(body)


def web_actor(request: Request) -> Actor:
    name = getattr(request.state, "user", None) or WEB_ANONYMOUS
    return Actor(str(name), request.client.host if request.client else "unknown")


def record_download(register: Register, request: Request, entry: Entry, name: str) -> None:
    """A file of an issued document handed to the client: who, from where, which file."""
    register.audit("download", {"file": name}, actor=web_actor(request), entity=entry.entity, number=entry.number)


def record_downloads(settings: Settings, request: Request, entries: list[Entry], name: str) -> None:
    """Several documents' files handed over in one download (a batch's zip named name)."""
    with open_register(settings.database) as register:
        for entry in entries:
            record_download(register, request, entry, name)


def record_failed_sign_in(settings: Settings, request: Request, name: str, reason: str) -> None:
    """A sign-in refused: the name tried (no account need have it), the client's address and why (never the
    password tried)."""
    origin = request.client.host if request.client else "unknown"
    with open_register(settings.database) as register:
        register.audit("sign-in failed", {"reason": reason}, actor=Actor(name, origin))
