"""Typed citations: each number a document cites must name an issued document of the declared type.

The cited document must also belong to the same company and bear an issue_date no later than the
citing document's (read from the canonical data the register stored at issue), so a chain of
documents only ever points backwards in time. The facts a document repeats from the one it cites must
agree with it (agreement.py). `issue` checks this before a number is taken; `validate` checks it too when
a register is in use, opening it read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .agreement import agreement_problems
from .documents.base import DocumentModel
from .errors import CitationError
from .records import Record
from .store import Entry, Register
from .store.opening import open_register_read_only

if TYPE_CHECKING:
    from .config import Settings


def check_citations(
    register: Register | None,
    record: Record,
    document: DocumentModel,
    entity: str,
    settings: Settings | None = None,
) -> None:
    """CitationError naming the file/row, field, number and fault of each citation that does not hold, and
    every repeated fact that differs from the cited document (see agreement.py; settings: the cited types' own).

    register None: there is no register yet, so every cited number is unknown.
    """
    problems = []
    for path, cited_type, number in document.citations():
        fault = _fault(register, entity, cited_type, number, document.issue_date)
        if fault:
            problems.append(f"{path}: {document.type_name} cites {number}, which {fault}")
        elif register is not None:
            problems += agreement_problems(register, document, path, (cited_type, number, entity), settings)
    if problems:
        where = record.source if record.row is None else f"{record.source}:row {record.row}"
        raise CitationError(f"{where}: " + "; ".join(problems))


def _fault(register: Register | None, entity: str, cited_type: str, number: str, issued_on: date | None) -> str:
    """What is wrong with citing number as a cited_type from entity's document of issued_on; empty if nothing."""
    found = register.lookup(number) if register is not None else []
    entry = next((item for item in found if item.entity == entity), None)
    if entry is None and found:
        other = found[0]
        return f"belongs to another company ({other.entity} {other.entity_name})"
    if entry is None:
        return "is not in the register"
    if entry.status == "void":
        return f"is void ({entry.reason})"
    if entry.status != "issued":
        return "is reserved but not issued"
    if entry.type_name != cited_type:
        return f"is of type {entry.type_name}, not {cited_type}"
    return _later(register, entry, issued_on) if register is not None else ""


def _later(register: Register, entry: Entry, issued_on: date | None) -> str:
    """Why the cited entry cannot be cited from a document of issued_on: it was issued later; empty if it was not."""
    stored = register.stored_data(entry.number, entry.entity)[1].get("issue_date")
    if issued_on is None or not stored or date.fromisoformat(str(stored)) <= issued_on:
        return ""
    return f"has issue_date {stored}, later than this document's issue_date {issued_on}"


def company_uscc(document: DocumentModel, settings: Settings) -> str:
    """The issuing company's USCC, whose number space the document's own and cited numbers are in."""
    return document.company.uscc or settings.company.uscc


def citation_check(register: Register | None, settings: Settings) -> Callable[[Record, DocumentModel], None]:
    """validate's check of each valid document's citations against the register (None: none created yet)."""

    def check(record: Record, document: DocumentModel) -> None:
        check_citations(register, record, document, company_uscc(document, settings), settings)

    return check


@contextmanager
def register_for_validate(database: str | None) -> Iterator[tuple[bool, Register | None]]:
    """(in use, register) for validate: in use when a database is configured or the default file exists.

    The register is opened read-only and never created; None when in use but not created yet.
    """
    if database is None and not Path(_default_target()).is_file():
        yield False, None
        return
    with open_register_read_only(database) as register:
        yield True, register


def _default_target() -> str:
    from .store.location import parse_location

    return parse_location(None).target
