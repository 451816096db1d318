"""A record: one document's raw data and where it came from (file, row).

Below every reader (inputs, spreadsheets) and every user of records, so that
none of them needs another to name what it reads or reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import Problem


@dataclass(frozen=True)
class Record:
    """One document's raw data and where it came from."""

    data: dict[str, Any]
    source: str
    row: int | None = None

    def problem(self, path: str, message: str) -> Problem:
        return Problem(self.source, path, message, self.row)
