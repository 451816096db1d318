"""Records to validated models, with every problem collected and located.

All problems of one record are reported together, each as
`FILE[:row N]: path.to.field: message`, so a user fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .documents.base import DocumentModel
from .documents.violations import SHARED_MESSAGES
from .errors import InvalidData, Problem
from .inputs import load_records, stream_records
from .locale import fields
from .problems import problems_from_validation_error
from .records import Record
from .registry import get_type
from .text import (
    all_text,
    dotted,
    forbidden_wording,
    has_breaks_to_normalise,
    may_hold_forbidden,
    normalise_tree,
    walk_strings,
)

if TYPE_CHECKING:
    from .config import Settings

# A further check of each valid document and its record, raising a DocgenError when it fails.
Check = Callable[[Record, DocumentModel], None]


def localized_message(
    type_name: str, key: str, params: dict[str, Any], locale: str, templates: Path | None = None
) -> str:
    """A validator's message (a RuleViolation's key and params) in the locale.

    The type's own rules are in its messages, the shared ones (Period, fees) in SHARED_MESSAGES; the type's
    fields file words either, and the shared file (templates/_base) words the shared ones for every type.
    """
    own = get_type(type_name).messages
    english = own[key] if key in own else SHARED_MESSAGES[key]
    return fields.message(type_name, key, params, locale, english=english, templates=templates)


def text_problems(record: Record) -> list[Problem]:
    """Characters no document can hold, each reported against its field."""
    problems = []
    for path, text in walk_strings(record.data):
        reason = forbidden_wording(text)
        if reason:
            problems.append(
                record.problem(dotted(path), "character {reason} cannot appear in a document", reason=reason)
            )
    return problems


def validate_record(
    model: type[DocumentModel],
    record: Record,
    *,
    today: date,
    minimum_wage: Decimal | None = None,
    type_settings: BaseModel | None = None,
) -> DocumentModel:
    """Validate one record against a type's model, or raise InvalidData with every problem."""
    text = all_text(record.data)  # one search clears the usual record; only a suspect one is walked field by field
    problems = text_problems(record) if may_hold_forbidden(text) else []
    data = normalise_tree(record.data) if has_breaks_to_normalise(text) else record.data
    # Validators read these through ValidationInfo.context: type_settings is the type's [types.<type_name>].
    context = {"today": today, "minimum_wage": minimum_wage, "type_settings": type_settings}
    try:
        document = model.model_validate(data, context=context)
    except ValidationError as error:
        # A field already refused for its characters needs no second message about them.
        refused = {problem.path for problem in problems}
        problems += [
            problem
            for problem in problems_from_validation_error(error, record.source, record.row, model.type_name)
            if problem.path not in refused
        ]
    if problems:
        raise InvalidData(problems)
    return document


# ---------------------------------------------------------------- many records


def as_records(
    data: str | Path | Mapping[str, Any],
    type_name: str | None = None,
    *,
    sheet: str | None = None,
    group_by: str | None = None,
    templates: Path | None = None,
) -> list[Record]:
    """A data file's records, or a mapping given directly through the API; templates: the office's folder."""
    if isinstance(data, Mapping):
        return [Record(dict(data), "<data>")]
    model = get_type(type_name) if type_name else None
    return load_records(data, model, sheet=sheet, group_by=group_by, templates=templates)


def each_record(
    data: str | Path | Mapping[str, Any],
    type_name: str,
    *,
    sheet: str | None = None,
    group_by: str | None = None,
    templates: Path | None = None,
) -> Iterable[Record]:
    """as_records for a batch: the records one at a time, as the file is read, so that memory stays flat."""
    if isinstance(data, Mapping):
        return as_records(data, type_name)
    return stream_records(data, get_type(type_name), sheet=sheet, group_by=group_by, templates=templates)


def validate_records(type_name: str, records: list[Record], settings: Settings) -> list[DocumentModel]:
    """Validate every record; raise one InvalidData with all problems of all records."""
    problems: list[Problem] = []
    documents = list(_each_valid(type_name, records, settings, problems))
    if problems:
        raise InvalidData(problems)
    return documents


def count_valid(type_name: str, records: Iterable[Record], settings: Settings, check: Check | None = None) -> int:
    """validate_records without holding the documents, for a file of many records: how many there are.

    check(record, document), if given, runs on each valid document (validate's citation check) and may raise.
    """
    problems: list[Problem] = []
    count = sum(1 for _ in _each_valid(type_name, records, settings, problems, check))
    if problems:
        raise InvalidData(problems)
    return count


def _each_valid(
    type_name: str, records: Iterable[Record], settings: Settings, problems: list[Problem], check: Check | None = None
) -> Iterator[DocumentModel]:
    """Each valid record's document in turn; the problems of the others are added to problems."""
    model = get_type(type_name)
    own = settings.type_settings(type_name)
    for record in records:
        try:
            document = validate_record(
                model, record, today=settings.today(), minimum_wage=settings.company.minimum_wage, type_settings=own
            )
        except InvalidData as error:
            problems += error.problems
            continue
        if check is not None:
            check(record, document)
        yield document
