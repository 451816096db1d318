"""DocumentModel, the base of every document type: the facts a type declares, and today and its settings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from .. import clock
from ..money import CENT, WORDS_LIMIT, round_cent
from .charts import ChartSpec, ChartWords
from .derived import Derivation
from .model import Model
from .parts import CompanyOverride, Signatory
from .violations import RuleViolation


def today(info: ValidationInfo) -> date:
    """The date validation treats as today: given by the caller in the configured zone."""
    context: dict[str, Any] = info.context or {}
    value = context.get("today")
    return value if isinstance(value, date) else clock.today("Asia/Shanghai")


def type_settings(info: ValidationInfo) -> Any:
    """The type's own settings ([types.<type_name>] in docgen.toml), or None when the caller gives none."""
    context: dict[str, Any] = info.context or {}
    return context.get("type_settings")


def values_at(node: Any, path: tuple[str, ...], where: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of each value at a path of attributes, where * stands for every entry of a list."""
    if not path:
        yield ".".join(where), node
    elif path[0] == "*":
        for index, item in enumerate(node):
            yield from values_at(item, path[1:], (*where, str(index)))
    elif (value := getattr(node, path[0], None)) is not None:
        yield from values_at(value, path[1:], (*where, path[0]))


Kind = Literal["commercial", "hr", "finance"]


@dataclass(frozen=True)
class Amendment:
    """A change to a cited document: from effective on, the value at its dotted path is value (JSON-shaped)."""

    effective: date
    path: str
    value: Any
    # A list in the amended data that also logs the change as {effective, before, after}: for a value the amended
    # document computes over time (a contract's total at the fee in force month by month), not just the latest one.
    logged_in: str | None = None


@dataclass(frozen=True)
class Earlier:
    """An issued document of the same type about the same person or thing: its number, issue date and the
    validated record the register stored at its issue."""

    number: str
    issue_date: date
    data: dict[str, Any]


class DocumentModel(Model):
    """Base of every document type; the registry collects its subclasses.

    A type declares its facts here, one per ClassVar, so that nothing outside its
    module needs to name it. Its wording (title, labels, messages) lives in
    templates/<type>/fields.<locale>.yaml, where an office can edit it.
    """

    type_name: ClassVar[str]
    # The default number pattern, {yyyy} and {seq:0N}; docgen.toml's [numbers] overrides it per office.
    number_pattern: ClassVar[str]
    # Which part of the agency the document belongs to: commercial, hr or finance.
    kind: ClassVar[Kind]
    # Field path → the type whose document number the field holds, e.g. a settlement's contract_number.
    cites: ClassVar[dict[str, str]] = {}
    # Citing field → {this document's field path: the cited document's field path} of the facts it repeats from
    # the cited document, compared with what the register stored at its issue (a cited path may be computed).
    repeats: ClassVar[dict[str, dict[str, str]]] = {}
    # Citing field → this document's field recording why its repeated facts differ; without one they must agree.
    difference_reasons: ClassVar[dict[str, str]] = {}
    # Citing field → (the cited document's last valid day, this document's bool field acknowledging it has passed).
    expiry_acknowledgements: ClassVar[dict[str, tuple[str, str]]] = {}
    # Path of a field holding a clause key of the cited document's outline (* for every entry of a list) → the
    # citing field: the key must be among the clauses the register stored at that document's issue.
    cited_clauses: ClassVar[dict[str, str]] = {}
    # Citing field → the name of this type's method giving its changes to the cited document, each an Amendment;
    # documents citing the same document later compare their repeated facts with the changes in force.
    amends: ClassVar[dict[str, str]] = {}
    # Citing field → the name of this type's own check of what it cites against the cited document's data as the
    # register stored it, for what repeats cannot say (an entry of a list matched by its line): the method takes the
    # citing path and that data and gives a Wording for each fault (none: it agrees).
    cited_checks: ClassVar[dict[str, str]] = {}
    # The date whose values in force (after amendments) this document's repeated facts are compared with.
    in_force_on: ClassVar[str] = "issue_date"
    # Source type → the function that prefills this type's data from a source document (docgen derive).
    derived_from: ClassVar[dict[str, Derivation]] = {}
    # The type's own settings, read strictly from [types.<type_name>] in docgen.toml; None: it takes none.
    settings_model: ClassVar[type[BaseModel] | None] = None
    # Message key → English wording of the validators' messages; fields.<locale>.yaml words them per locale.
    messages: ClassVar[dict[str, str]] = {}
    # Each amount the templates write in words, by its path in the document, with the input fields it is made of
    # (* for every entry of a list). Validation refuses an amount words cannot hold, naming the largest of them.
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Path (* for every entry of a list) → key space: each value found there is a key the issued document holds
    # alone in that space, e.g. an invoice claimed once. The register refuses a second holder (see store/held.py).
    exclusive_keys: ClassVar[dict[str, str]] = {}
    # Role → actions (draft, issue, void, read) a role other than the kind's own also has on the type by default,
    # e.g. finance reading contracts. The kind's own role (commercial: sales, hr: hr, finance: finance) has all.
    also_handled_by: ClassVar[dict[str, tuple[str, ...]]] = {}
    # Paths of the personal information the register keeps in the document's data (ID numbers, addresses,
    # phones, pay, birth dates), taken out by `docgen register purge` once the retention period has passed.
    personal_fields: ClassVar[tuple[str, ...]] = ()
    # Path of this document's field naming whom it concerns (e.g. "employee.id_number") → the name of this type's
    # method that is given the issued, not voided documents of this same type (same company) whose stored data holds
    # the same value at that path and whose issue_date is on or before this one's, oldest first; the method gives a
    # Wording for each fault and may keep what it learns in a private attribute for its templates. Checked with the
    # citations, so only where a register is in use (see earlier.py).
    earlier: ClassVar[dict[str, str]] = {}

    issue_date: date | None = Field(
        None,
        validate_default=True,
        description="Date the document is issued; today in the configured time zone when omitted",
    )
    company: CompanyOverride = Field(
        default_factory=lambda: CompanyOverride(),
        description="Overrides for the company profile in docgen.toml; omit to use the profile",
    )
    signatory: Signatory | None = Field(
        None, description="Who signs for the company; defaults to the profile's signatory"
    )
    # Citing field → {clause key: its number}, as the register stored the cited document's outline; noted when
    # the citations are checked against a register, so a document prints the numbers its cited one was issued with.
    _cited_outlines: dict[str, dict[str, str]] = PrivateAttr(default_factory=dict)

    @field_validator("issue_date")
    @classmethod
    def _issue_date_defaults_to_today(cls, value: date | None, info: ValidationInfo) -> date:
        return value if value is not None else today(info)

    @model_validator(mode="after")
    def _amounts_fit_in_words(self) -> DocumentModel:
        for amount_path, sources in self.amounts_in_words.items():
            for _, amount in values_at(self, tuple(amount_path.split("."))):
                if round_cent(abs(amount)) >= WORDS_LIMIT:
                    field, value = self._largest_of(sources, default=(amount_path, amount))
                    raise RuleViolation.shared(
                        field,
                        "too_large_for_words",
                        value=value,
                        amount_path=amount_path,
                        amount=amount,
                        limit=WORDS_LIMIT - CENT,
                    )
        return self

    def _largest_of(self, sources: tuple[str, ...], default: tuple[str, Any]) -> tuple[str, Any]:
        """The input field with the largest value among sources: the one that made an amount too large."""
        values = [found for source in sources for found in values_at(self, tuple(source.split(".")))]
        return max(values, key=lambda found: abs(found[1]), default=default)

    def title_variant(self) -> str | None:
        """Which of the fields file's title_variants this document prints, or None for its plain title."""
        return None

    def citations(self) -> list[tuple[str, str, str]]:
        """(field, cited type, number) of each number this document cites, from cites; fields left empty cite nothing.

        Each must be an issued document of that type, of the same company, issued no later than this one.
        """
        return [
            (path, cited_type, str(value))
            for field_path, cited_type in self.cites.items()
            for path, value in values_at(self, tuple(field_path.split(".")))
            if value != ""
        ]

    def held_keys(self) -> list[tuple[str, str, str]]:
        """(field, key space, key) of each key this document holds, from exclusive_keys; None or "" holds nothing."""
        return [
            (path, space, str(value))
            for field_path, space in self.exclusive_keys.items()
            for path, value in values_at(self, tuple(field_path.split(".")))
            if value != ""
        ]

    def note_cited_outline(self, field: str, references: dict[str, str]) -> None:
        self._cited_outlines[field] = dict(references)

    def cited_reference(self, field: str, key: str) -> str | None:
        """The number of clause key in the document cited through field, as stored; None until it is looked up."""
        return self._cited_outlines.get(field, {}).get(key)

    def cited_numbers(self) -> list[str]:
        """Numbers of other documents that must be in the register before this one is issued."""
        return [number for _, _, number in self.citations()]

    def chart_specs(self, words: Mapping[str, ChartWords]) -> dict[str, ChartSpec]:
        """Charts the templates may show as charts.<key>, worded by words[key] (one locale's words)."""
        return {}
