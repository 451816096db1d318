"""Typed citations: each number a document cites must name an issued document of the declared type.

The cited document must also belong to the same company and bear an issue_date no later than the
citing document's (read from the canonical data the register stored at issue), so a chain of
documents only ever points backwards in time. The facts a document repeats from the one it cites must
agree with it (agreement.py). `issue` checks this before a number is taken; `validate` checks it too when
a register is in use, opening it read-only. A type that reads its earlier documents of the same person (earlier.py)
is given them here too, since they are read from the same register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .agreement import agreement_problems, clause_problems
from .documents.base import DocumentModel
from .earlier import earlier_problems
from .errors import CitationError, Wording
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
    problems: list[Wording] = []
    for path, cited_type, number in document.citations():
        fault = _fault(register, entity, cited_type, number, document.issue_date)
        if fault:
            cites = "{path}: {type_name} cites {number}, which {fault}"
            problems.append(Wording.of(cites, path=path, type_name=document.type_name, number=number, fault=fault))
        elif register is not None:
            problems += agreement_problems(register, document, path, (cited_type, number, entity), settings)
            problems += clause_problems(register, document, path, (cited_type, number, entity))
    if register is not None:
        problems += earlier_problems(register, document, entity)
    if problems:
        where = record.source if record.row is None else f"{record.source}:row {record.row}"
        raise CitationError("{where}: {problems}", where=where, problems=Wording.joined(problems, "; "))


def _fault(
    register: Register | None, entity: str, cited_type: str, number: str, issued_on: date | None
) -> Wording | None:
    """What is wrong with citing number as a cited_type from entity's document of issued_on; None if nothing."""
    found = register.lookup(number) if register is not None else []
    entry = next((item for item in found if item.entity == entity), None)
    if entry is None and found:
        other = found[0]
        return Wording.of("belongs to another company ({uscc} {name})", uscc=other.entity, name=other.entity_name)
    if entry is None:
        return Wording("is not in the register")
    if entry.status == "void":
        return Wording.of("is void ({reason})", reason=entry.reason)
    if entry.status != "issued":
        return Wording("is reserved but not issued")
    if entry.type_name != cited_type:
        return Wording.of("is of type {found}, not {cited}", found=entry.type_name, cited=cited_type)
    return _later(register, entry, issued_on) if register is not None else None


def _later(register: Register, entry: Entry, issued_on: date | None) -> Wording | None:
    """Why the cited entry cannot be cited from a document of issued_on: it was issued later; None if it was not."""
    stored = register.stored_data(entry.number, entry.entity)[1].get("issue_date")
    if issued_on is None or not stored or date.fromisoformat(str(stored)) <= issued_on:
        return None
    later = "has issue_date {stored}, later than this document's issue_date {issued_on}"
    return Wording.of(later, stored=stored, issued_on=issued_on)


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
