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

    def problem(self, path: str, message: str, **params: Any) -> Problem:
        """A problem of this record; with params, message is a template filled with them (see Wording)."""
        return Problem.worded(self.source, path, message, self.row, **params)
