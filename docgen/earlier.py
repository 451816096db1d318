"""Earlier documents of the same person or thing: what a type reads from its own history in the register.

A type declares `earlier` (its field naming whom it concerns → its method). The register's case-folded search
column narrows the candidates to documents of the type whose data holds the value's text; each is then kept
only if the value at the same path is exactly this document's, so a value that merely contains it (an ID
number inside a longer text) never counts. Voided documents do not count; a document issued later than this
one's issue_date does not either, so a back-dated document sees only what came before it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .agreement import stored_value
from .documents.base import DocumentModel, Earlier, values_at
from .errors import Wording

if TYPE_CHECKING:
    from .store import Register


def earlier_problems(register: Register, document: DocumentModel, entity: str) -> list[Wording]:
    """What each of the type's `earlier` methods says of this document, given its earlier documents."""
    problems: list[Wording] = []
    for path, method in document.earlier.items():
        value = _value(document, path)
        if value is None:
            continue
        found = earlier_documents(register, document, entity, path, value)
        problems += getattr(document, method)(path, found)
    return problems


def earlier_documents(
    register: Register, document: DocumentModel, entity: str, path: str, value: str
) -> list[Earlier]:
    """The issued documents of the document's type and company holding value at path, oldest first."""
    found: list[Earlier] = []
    for entry in register.entries(type_name=document.type_name, status="issued", search=value):
        if entry.entity != entity:
            continue
        data = register.stored_data(entry.number, entry.entity)[1]
        issued_on = date.fromisoformat(str(data.get("issue_date")))
        if str(stored_value(data, path)) == value and (document.issue_date is None or issued_on <= document.issue_date):
            found.append(Earlier(entry.number, issued_on, data))
    return sorted(found, key=lambda item: (item.issue_date, item.number))


def _value(document: DocumentModel, path: str) -> str | None:
    """The text of the document's value at path; None when it has none (nothing to look for)."""
    found = [value for _, value in values_at(document, tuple(path.split(".")))]
    return str(found[0]) if found and found[0] not in (None, "") else None

