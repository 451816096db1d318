"""Document numbers and the register: SQLite by default, PostgreSQL by URL.

open_register() connects, creates or migrates the schema, and hands back a
Register; everything else about numbers goes through it.

The register's modules load on first use: reading the configuration needs
only locations and number patterns, and `validate` never opens a register.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .location import Location, default_register, parse_location
from .numbers import format_number, pattern_problem

if TYPE_CHECKING:
    from .chain import Report
    from .held import HeldKey
    from .kept import Citation, Clause, Kept
    from .opening import check_chain, open_register, register_status
    from .register import STATUSES, Entry, Register, Request, Selection, StoredFile
    from .schema import SCHEMA_VERSION

_LOADED_ON_USE = {
    "Report": "chain",
    "HeldKey": "held",
    "Citation": "kept",
    "Clause": "kept",
    "Kept": "kept",
    "check_chain": "opening",
    "open_register": "opening",
    "register_status": "opening",
    "STATUSES": "register",
    "Entry": "register",
    "Register": "register",
    "Request": "register",
    "Selection": "register",
    "StoredFile": "register",
    "SCHEMA_VERSION": "schema",
}

__all__ = [
    "SCHEMA_VERSION",
    "STATUSES",
    "Citation",
    "Clause",
    "Entry",
    "HeldKey",
    "Kept",
    "Location",
    "Register",
    "Report",
    "Request",
    "Selection",
    "StoredFile",
    "check_chain",
    "default_register",
    "format_number",
    "open_register",
    "parse_location",
    "pattern_problem",
    "register_status",
]


def __getattr__(name: str) -> Any:
    module = _LOADED_ON_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
