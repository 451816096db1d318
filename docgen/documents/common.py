"""The names a document type's module imports from docgen, in one place: the import path for type authors.

A type outside docgen (README "Add your own document type") writes
`from docgen.documents.common import DocumentModel, Kind, ...`, so the modules
below may be rearranged without breaking it. docgen's own modules import from
the modules that hold each name.
"""

from __future__ import annotations

from .arithmetic import add_months, completed_months, ratio
from .base import DocumentModel, Kind, today, type_settings
from .charts import ChartSeries, ChartSpec, ChartWords
from .derived import Derivation, Derived, plain
from .model import Model
from .parts import BankAccount, CompanyOverride, Contact, Party, Period
from .values import (
    MAX_ITEMS,
    USCC,
    Jurisdiction,
    Money,
    Month,
    NonNegativeMoney,
    PositiveMoney,
    ResidentId,
    SheetSlots,
    ShortText,
    Text,
)
from .violations import RuleViolation

__all__ = [
    "MAX_ITEMS",
    "USCC",
    "BankAccount",
    "ChartSeries",
    "ChartSpec",
    "ChartWords",
    "CompanyOverride",
    "Contact",
    "Derivation",
    "Derived",
    "DocumentModel",
    "Jurisdiction",
    "Kind",
    "Model",
    "Money",
    "Month",
    "NonNegativeMoney",
    "Party",
    "Period",
    "PositiveMoney",
    "ResidentId",
    "RuleViolation",
    "SheetSlots",
    "ShortText",
    "Text",
    "add_months",
    "completed_months",
    "plain",
    "ratio",
    "today",
    "type_settings",
]
