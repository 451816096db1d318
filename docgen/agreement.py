"""Repeated facts: what a document repeats from a document it cites must agree with what the register stored.

A type declares its repeats (citing field → {its path: the cited document's path}). The cited document is
rebuilt from the canonical data stored at its issue, validated as of its own issue_date, so computed values
(a contract's fixed_total) can be compared too. Values compare by meaning: 80000 equals 80000.00, dates as
dates, and parts field by field, so each difference names the exact sub-field with both values. A cited
document whose stored data no longer validates under today's rules is compared as stored, and the message
says so. The check also refuses citing a document past its last valid day (expiry_acknowledgements) unless
this document acknowledges it.

A document that amends what it cites (amends: a supplementary agreement) changes the values compared: the
cited document's stored data is overlaid, in order of effect, with the changes of every issued (not voided)
document amending it that take effect on or before the citing document's in_force_on date (its period's first
day where it has a period, else its issue_date), and rebuilt from that; a change that is logged (Amendment.logged_in)
also records the value it replaced, so a total over time (a contract's fees month by month) stays right. A clause
key a document names from its cited document's outline (cited_clauses) must be one the register stored at that
document's issue. What a type checks itself (cited_checks: a list entry matched to the cited document's line) is
given the stored data.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .documents.base import Amendment, DocumentModel, values_at
from .errors import Wording
from .registry import get_type

if TYPE_CHECKING:
    from .config import Settings
    from .store import Register

_UNREADABLE = object()  # a path the stored data alone cannot give (a computed value)


@dataclass(frozen=True)
class Cited:
    """A cited document as the register stored it: rebuilt as its model, or only its stored data."""

    type_name: str
    number: str
    model: DocumentModel | None
    data: dict[str, Any]

    amended_by: tuple[str, ...] = ()  # numbers of the documents whose changes are overlaid

    @property
    def label(self) -> str:
        return " + ".join([f"{self.type_name} {self.number}", *self.amended_by])

    def value(self, path: str) -> Any:
        """The value at a dotted path: from the model when it rebuilt, else from the stored data (if it is there)."""
        node: Any = self.model if self.model is not None else self.data
        for part in path.split("."):
            node = _child(node, part, computed_ok=self.model is not None)
            if node is None or node is _UNREADABLE:
                return node
        return node


def _child(node: Any, name: str, *, computed_ok: bool) -> Any:
    if isinstance(node, BaseModel):
        return getattr(node, name, None)
    if isinstance(node, dict):
        return node.get(name, None if computed_ok else _UNREADABLE)
    if isinstance(node, list) and name.isdigit() and int(name) < len(node):
        return node[int(name)]
    return None


def rebuild(
    type_name: str, number: str, data: dict[str, Any], settings: Settings | None, amended_by: tuple[str, ...] = ()
) -> Cited:
    """The cited document, validated as of its own issue_date; only its stored data if that no longer validates."""
    model = get_type(type_name)
    stored_on = data.get("issue_date")
    context = {
        "today": date.fromisoformat(str(stored_on)) if stored_on else None,
        "type_settings": settings.type_settings(type_name) if settings is not None else None,
    }
    try:
        return Cited(type_name, number, model.model_validate(data, context=context), data, amended_by)
    except ValidationError:
        return Cited(type_name, number, None, data, amended_by)


def in_force(register: Register, cited: tuple[str, str, str], on: date | None, settings: Settings | None) -> Cited:
    """The cited document with the changes in force on the day on: those of every issued document amending it."""
    cited_type, number, entity = cited
    data = copy.deepcopy(register.stored_data(number, entity)[1])
    changes = sorted(
        ((change.effective, by, change) for by, change in _amendments(register, entity, number)
         if on is None or change.effective <= on),
        key=lambda found: (found[0], found[1]),
    )  # fmt: skip
    for _, _, change in changes:
        _apply(data, change)
    return rebuild(cited_type, number, data, settings, tuple(sorted({by for _, by, _ in changes})))


def _amendments(register: Register, entity: str, number: str) -> list[tuple[str, Amendment]]:
    """(its number, change) of each change every issued document amending number makes; a voided one makes none."""
    found: list[tuple[str, Amendment]] = []
    for by, field in register.citing(entity, number):
        entry = register.entry(entity, by)
        if entry is None or entry.status != "issued":
            continue
        method = get_type(entry.type_name).amends.get(declared_field(field))
        amending = rebuild(entry.type_name, by, register.stored_data(by, entity)[1], None)
        if method is not None and amending.model is not None:
            found += [(by, change) for change in getattr(amending.model, method)()]
    return found


def _apply(data: dict[str, Any], change: Amendment) -> None:
    """Overlay change on data; logged, it also records the value it replaces, so the log says what held before."""
    if change.logged_in is not None:
        before = stored_value(data, change.path)
        entry = {"effective": change.effective.isoformat(), "before": before, "after": change.value}
        log = stored_value(data, change.logged_in)
        _set(data, change.logged_in, [*(log if isinstance(log, list) else []), entry])
    _set(data, change.path, change.value)


def stored_value(data: dict[str, Any], path: str) -> Any:
    """The value at a dotted path of stored (JSON-shaped) data; None where the path leads nowhere."""
    node: Any = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def clause_problems(
    register: Register, document: DocumentModel, path: str, cited: tuple[str, str, str]
) -> list[Wording]:
    """Each clause key document names from the outline of the document cited at path that its stored outline lacks.

    The stored numbers are noted on document, so it prints each clause by the number the cited one was issued with.
    """
    field = declared_field(path)
    keys = [found for key_path, via in document.cited_clauses.items() if via == field
            for found in values_at(document, tuple(key_path.split(".")))]  # fmt: skip
    if not keys:
        return []
    _, number, entity = cited
    kept = register.kept(entity, number)
    outline = {clause.key: clause.reference for clause in kept.clauses} if kept is not None else {}
    document.note_cited_outline(path, outline)
    missing = "{path}: clause {clause} is not in the outline {number} was issued with"
    return [Wording.of(missing, path=at, clause=key, number=number) for at, key in keys if key not in outline]


def disagreements(document: DocumentModel, field: str, cited: Cited) -> list[Wording]:
    """Every difference between what document repeats through its citing field and what cited says."""
    found = []
    for here_path, there_path in document.repeats.get(field, {}).items():
        here, there = _value_here(document, here_path), cited.value(there_path)
        # A fact either side leaves out is not repeated; one the stored data alone cannot give is named by _remedy.
        if here is not None and there is not None and there is not _UNREADABLE:
            differences = _differences(here_path, here, there)
            found += [
                Wording.of(
                    "{path}: {here} here, {there} in {cited}",
                    path=path,
                    here=a,
                    there=b,
                    cited=_where(cited, path, here_path, there_path),
                )
                for path, a, b in differences
            ]
    return found


def _where(cited: Cited, path: str, here_path: str, there_path: str) -> str:
    """The cited document, with the path the value has there when it is not the path here."""
    return cited.label if here_path == there_path else f"{cited.label} ({there_path}{path[len(here_path) :]})"


def _value_here(document: DocumentModel, path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        node = _child(node, part, computed_ok=True)
    return node


def _differences(path: str, here: Any, there: Any) -> list[tuple[str, Wording | str, Wording | str]]:
    """(path, value here, value there) of each leaf that differs; parts and lists compared entry by entry."""
    if isinstance(here, BaseModel):
        here = {name: getattr(here, name) for name in type(here).model_fields}
    if isinstance(there, BaseModel):
        there = {name: getattr(there, name) for name in type(there).model_fields}
    if isinstance(here, dict) and isinstance(there, dict):
        return [item for key in here for item in _differences(f"{path}.{key}", here[key], there.get(key))]
    if isinstance(here, list) and isinstance(there, list):
        counts = (Wording.of("{count} entries", count=len(here)), Wording.of("{count} entries", count=len(there)))
        counted = [] if len(here) == len(there) else [(path, *counts)]
        pairs = zip(here, there, strict=False)
        return counted + [item for i, (a, b) in enumerate(pairs) for item in _differences(f"{path}.{i}", a, b)]
    return [] if _same(here, there) else [(path, _shown(here), _shown(there))]


def _same(here: Any, there: Any) -> bool:
    """Equal by meaning: a Decimal as a number (80000 = 80000.00), a date as a date, stored text read as either."""
    if here is None or there is None:
        return here is there
    try:
        if isinstance(here, Decimal):
            return here == Decimal(str(there))
        if isinstance(here, date):
            return here == (there if isinstance(there, date) else date.fromisoformat(str(there)))
    except (InvalidOperation, ValueError):
        return False
    return bool(here == there)


def _shown(value: Any) -> Wording | str:
    return Wording.of("none") if value is None else str(value)


def expiry_problem(document: DocumentModel, field: str, cited: Cited) -> Wording | None:
    """Why citing an expired document needs acknowledging, or None: cited on or before its last day, or acknowledged."""
    if field not in document.expiry_acknowledgements:
        return None
    last_day_path, acknowledgement = document.expiry_acknowledgements[field]
    last_day, issued_on = cited.value(last_day_path), document.issue_date
    if last_day in (None, _UNREADABLE) or issued_on is None or getattr(document, acknowledgement):
        return None
    last = last_day if isinstance(last_day, date) else date.fromisoformat(str(last_day))
    if issued_on <= last:
        return None
    return Wording.of(
        "{cited} expired: its {field} is {last}, before this document's issue_date {issued_on}; "
        "set {acknowledgement}: true to acknowledge it",
        cited=cited.label,
        field=last_day_path,
        last=last,
        issued_on=issued_on,
        acknowledgement=acknowledgement,
    )


def agreement_problems(
    register: Register, document: DocumentModel, path: str, cited: tuple[str, str, str], settings: Settings | None
) -> list[Wording]:
    """What is wrong with the facts document repeats through the citation at path of (type, number, entity)."""
    field = declared_field(path)
    checked = (document.repeats, document.expiry_acknowledgements, document.cited_checks)
    if not any(field in facts for facts in checked):
        return []
    found = in_force(register, cited, _in_force_on(document), settings)
    expired = expiry_problem(document, field, found)
    problems = [Wording.of("{path}: {detail}", path=path, detail=expired)] if expired else []
    if field in document.cited_checks:
        problems += getattr(document, document.cited_checks[field])(path, found.data)
    differences = disagreements(document, field, found)
    if differences and not _reason_given(document, field):
        problems += [*differences, _remedy(document, field, found)]
    return problems


def _in_force_on(document: DocumentModel) -> date | None:
    found = [value for _, value in values_at(document, tuple(document.in_force_on.split(".")))]
    return found[0] if found and isinstance(found[0], date) else document.issue_date


def declared_field(path: str) -> str:
    """The field as its type declares it in cites: a list entry's index stands as *."""
    return ".".join("*" if part.isdigit() else part for part in path.split("."))


def _reason_given(document: DocumentModel, field: str) -> bool:
    reason = document.difference_reasons.get(field)
    return reason is not None and bool(getattr(document, reason, None))


def _remedy(document: DocumentModel, field: str, cited: Cited) -> Wording:
    """What to do about differences: record a reason where the type allows one; between commercial documents,
    a supplementary agreement (a type to come) is the only way to change what the cited document says."""
    said = _differs(document, field, cited)
    reason = document.difference_reasons.get(field)
    if reason is not None:
        return Wording.of(
            "{said}: it may differ only with a recorded reason; give {reason} to record why", said=said, reason=reason
        )
    if document.kind == "commercial" and get_type(cited.type_name).kind == "commercial":
        return Wording.of("{said}: issue a supplementary agreement to change it", said=said)
    return said


def _differs(document: DocumentModel, field: str, cited: Cited) -> Wording:
    """That the document differs from the cited one, and how it was compared when the cited one no longer validates."""
    names = {"type_name": document.type_name, "cited": cited.label}
    if cited.model is None:
        unread = [path for path in document.repeats[field].values() if cited.value(path) is _UNREADABLE]
        if unread:
            return Wording.of(
                "{type_name} differs from {cited} (compared as stored: {cited} no longer validates under today's rules"
                "; not compared: {unread})",
                **names,
                unread=", ".join(unread),
            )
        stored = (
            "{type_name} differs from {cited} (compared as stored: {cited} no longer validates under today's rules)"
        )
        return Wording.of(stored, **names)
    return Wording.of("{type_name} differs from {cited}", **names)
