"""How long personal data stays in the register, and taking it out once that time has passed.

个人信息保护法 Art. 19: personal information is kept no longer than its purpose
needs. Each HR type declares which of its fields are personal (personal_fields
in its own module); [register] hr_retention_years says how long they stay.
"""

from __future__ import annotations

from datetime import date

from .config import Settings
from .errors import UsageError
from .registry import document_types
from .store import open_register
from .store.purging import Purged

PURGEABLE_KINDS = ("hr",)


def personal_fields(kind: str) -> dict[str, tuple[str, ...]]:
    """Each type of the kind that declares personal fields, with them."""
    return {
        name: model.personal_fields
        for name, model in document_types().items()
        if model.kind == kind and model.personal_fields
    }


def years_before(day: date, years: int) -> date:
    """The same day the given number of years earlier; 29 February falls back to the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def refuse_inside_retention(before: date, settings: Settings) -> None:
    years = settings.retention.hr_retention_years
    latest = years_before(settings.today(), years)
    if before > latest:
        raise UsageError(
            "--before {before} is inside the {years}-year retention period ([register] hr_retention_years): give {latest} or earlier",
            before=before.isoformat(),
            years=years,
            latest=latest.isoformat(),
        )


def purge(settings: Settings, kind: str, before: date) -> list[Purged]:
    """Take the personal fields out of the stored data of the kind's documents reserved before the date."""
    if kind not in PURGEABLE_KINDS:
        raise UsageError.not_one_of("--kind", kind, PURGEABLE_KINDS)
    refuse_inside_retention(before, settings)
    with open_register(settings.database) as register:
        return register.purge(personal_fields(kind), before.isoformat())
