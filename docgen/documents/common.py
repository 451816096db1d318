"""Field types and parts shared by every document type.

Money is a Decimal with at most two places (the fen) and never a float; any
arithmetic that needs rounding says so where it happens.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from .. import clock
from ..money import CENT, WORDS_LIMIT, round_cent
from ..text import forbidden_character
from .derived import Derivation


def _to_cents(value: Decimal) -> Decimal:
    # Exact: the field already refuses more than two places; this only writes 5 as 5.00, and -0 as 0.00.
    amount = value.quantize(CENT)
    return amount.copy_abs() if amount.is_zero() else amount


_MONEY_DIGITS = re.compile(r"-?\d+(\.\d+)?")


def _as_digits(value: Any) -> Any:
    """Refuse money that Decimal() would read but that is not written as plain digits: 1e3, 30_000, +5, .5."""
    if isinstance(value, Decimal) and _exponent(value) > 0:
        raise ValueError(_not_digits(value, str(value)))  # Decimal('1E+3') comes only from 1e3, never from digits
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return value  # not a number at all: Pydantic says so, and names thousands separators (validation.py)
    if number.is_finite() and not _MONEY_DIGITS.fullmatch(text):
        raise ValueError(_not_digits(number, text))
    return value


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0  # NaN and infinity: Pydantic refuses them


def _not_digits(number: Decimal, text: str) -> str:
    digits = f"{number:f}" if abs(number.adjusted()) <= 20 else "the amount"  # 1e999999 has a million digits
    return f"write {digits}, not {text}: money is digits with an optional minus and point, e.g. -1234.50"


_FEN = {"max_digits": 18, "decimal_places": 2, "allow_inf_nan": False}
# Constraints come before the validators so that they stay plain JSON Schema keywords.
Money = Annotated[Decimal, Field(**_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]
PositiveMoney = Annotated[Decimal, Field(gt=0, **_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, **_FEN), BeforeValidator(_as_digits), AfterValidator(_to_cents)]
# Every date a document holds lies in this range, so date arithmetic (+N months, +1 day) never overflows.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _checked_text(value: str, *, one_line: bool) -> str:
    reason = forbidden_character(value, one_line=one_line)
    if reason:
        raise ValueError(f"character {reason} cannot appear in a document")
    return value


def _several_lines(value: str) -> str:
    return _checked_text(value, one_line=False)


def _one_line(value: str) -> str:
    return _checked_text(value, one_line=True)


# Free text is checked as kept (stripped): long text may run to several lines, short text is one line.
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_several_lines)]
ShortText = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]


@dataclass(frozen=True)
class SheetSlots:
    """How many numbered columns an empty spreadsheet offers for a list field (Annotated metadata)."""

    count: int


MAX_ITEMS = 1000  # entries in any list: a long settlement runs to a few hundred lines
Jurisdiction = Literal["CN", "TW"]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
# A calendar month kept as text; sheets recognise it by its pattern, since Excel turns a typed 2027-01 into a date.
Month = Annotated[str, Field(pattern=MONTH_PATTERN)]


# The messages of the rules several types share (Period and amounts in words here, fees and instalments in
# pricing.py), by key, in English: written once, and worded per locale once in templates/_base/fields.<locale>.yaml,
# which every type falls back to.
SHARED_MESSAGES = {
    "end_before_start": "{end} falls before start {start}",
    "too_large_for_words": "{value} makes {amount_path} {amount} too large to write in words (大写); "
    "the limit is {limit}",
    "discount_over_subtotal": "discount {discount} exceeds the subtotal {subtotal}",
    "band_empty": "{up_to} is not above the band's start {above}",
    "first_band_not_at_zero": "the first band must start at 0",
    "bands_overlap": "band {band} overlaps band {previous}",
    "bands_gap": "gap between {up_to} and {above}",
    "last_band_limited": "the last band must have no upper limit",
    "amount_or_percent": "give either amount or percent, not both or neither",
    "instalments_off_total": "instalments add up to {sum}, not the fixed total {total}",
    "instalments_mixed": "give every instalment as an amount, or every one as a percentage",
    "percentages_off_100": "percentages add up to {sum}%, not 100%",
    "fee_required": "give a monthly fee, a commission, or both",
}


class RuleViolation(ValueError):
    """A rule across fields, reported against the field named here (relative to the model).

    The message is the English wording; key and params let the type's fields.<locale>.yaml
    (or, for a shared rule, templates/_base's) word it in another locale (see locale.fields.message).
    """

    def __init__(self, field: str, message: str, key: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.key = key
        self.params = params

    @classmethod
    def worded(cls, field: str, messages: dict[str, str], key: str, **params: Any) -> RuleViolation:
        """A violation whose English text is messages[key] filled with params."""
        return cls(field, messages[key].format(**params), key, **params)

    @classmethod
    def shared(cls, field: str, key: str, **params: Any) -> RuleViolation:
        """A violation of a rule several types share, worded by SHARED_MESSAGES[key]."""
        return cls.worded(field, SHARED_MESSAGES, key, **params)

    def at(self, field: str) -> RuleViolation:
        """The same violation reported against another field: a rule checked on a part, reported on the whole."""
        return type(self)(field, str(self), self.key, **self.params)


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole rounded half-up to four places (0.01%), or None when whole is zero: never a division error."""
    if whole == 0:
        return None
    return (part / whole).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _check_uscc(value: str) -> str:
    try:
        return str(uscc.validate(value))
    except StdnumError as error:
        raise ValueError(f"not a valid unified social credit code: {error}") from None


def _check_ric(value: str) -> str:
    try:
        return str(ric.validate(value))
    except StdnumError as error:
        raise ValueError(f"not a valid resident ID number: {error}") from None


def add_months(day: date, months: int) -> date:
    """The same day some months later; the month's last day when it has no such day (Civil Code Art. 202)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def completed_months(start: date, end: date) -> int:
    """Whole months from start up to end (end not counted), each month counted as add_months does."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


USCC = Annotated[str, Field(max_length=32), AfterValidator(_check_uscc)]  # 18 characters, spaces allowed
ResidentId = Annotated[str, Field(max_length=32), AfterValidator(_check_ric)]


def today(info: ValidationInfo) -> date:
    """The date validation treats as today: given by the caller in the configured zone."""
    context: dict[str, Any] = info.context or {}
    value = context.get("today")
    return value if isinstance(value, date) else clock.today("Asia/Shanghai")


def type_settings(info: ValidationInfo) -> Any:
    """The type's own settings ([types.<type_name>] in docgen.toml), or None when the caller gives none."""
    context: dict[str, Any] = info.context or {}
    return context.get("type_settings")


def base_types(annotation: Any) -> set[Any]:
    """The plain types behind an annotation: Annotated[str, …] | None → {str, NoneType}."""
    if get_origin(annotation) is Annotated:
        return base_types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return {base for arg in get_args(annotation) for base in base_types(arg)}
    return {annotation}


_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d*)?\s*")


def _is_number(value: Any) -> bool:
    if isinstance(value, str):
        return _NUMBER.fullmatch(value) is not None
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _date_as_meant(value: Any) -> Any:
    if _is_number(value):
        # Pydantic reads a number as seconds since 1970; an Excel serial date would become January 1970.
        raise ValueError(f"write the date as YYYY-MM-DD, not as the number {value}")
    return value


def _digits_as_meant(value: Any) -> Any:
    if isinstance(value, str) and not value.isascii():
        # Decimal("８０００") is 8000: accepted silently, a full-width typo would pass unseen.
        raise ValueError(f"type {value!r} with half-width digits 0-9")
    return value


def _date_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"{value} lies outside the dates docgen accepts, {FIRST_DAY} to {LAST_DAY}")
    return value


def _read_as_meant(schema: Any) -> Any:
    """Schema with every date, Decimal and int check wrapped in the rules above, wherever it sits.

    Wrapping the value's own schema, not every field, means the checks run once per date or number
    (a list of dates included) instead of once per field, and a field of any other type pays nothing.
    """
    if isinstance(schema, list):
        return [_read_as_meant(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "date":
        return core_schema.no_info_before_validator_function(
            _date_as_meant, core_schema.no_info_after_validator_function(_date_in_range, schema)
        )
    if kind in ("decimal", "int"):
        return core_schema.no_info_before_validator_function(_digits_as_meant, schema)
    if kind == "model" and schema.get("ref") in _WRAPPED:
        return schema  # a nested model wrapped its own fields when it was built
    return {key: _read_as_meant(value) for key, value in schema.items()}


_WRAPPED: set[str] = set()


class Model(BaseModel):
    """Strict base: a misspelt field is an error, because ignoring it loses data."""

    # defer_build: a command builds the validators of the types it uses, not of all ~60 models at start-up.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /) -> Any:
        schema = _read_as_meant(handler(source))
        if isinstance(schema, dict) and schema.get("type") == "model" and "ref" in schema:
            _WRAPPED.add(schema["ref"])
        return schema


class BankAccount(Model):
    bank: ShortText = Field(description="Bank and branch name (开户行)")
    account_name: ShortText = Field(description="Account holder's name (户名)")
    account_number: Annotated[str, Field(pattern=r"^[0-9 -]{6,40}$")] = Field(
        description="Account number (账号); digits, spaces and hyphens"
    )


class Signatory(Model):
    name: ShortText = Field(description="Name of the person who signs")
    title: ShortText | None = Field(None, description="Their job title, e.g. 人力资源总监")


class CompanyOverride(Model):
    """Company details a data file may give to override the profile, field by field."""

    legal_name: ShortText | None = Field(None, description="Registered legal name of the company")
    uscc: USCC | None = Field(None, description="Unified social credit code (统一社会信用代码), 18 characters")
    address: ShortText | None = Field(None, description="Registered or office address")
    phone: ShortText | None = Field(None, description="Main telephone number")


class Contact(Model):
    name: ShortText = Field(description="Contact person's name")
    phone: ShortText | None = Field(None, description="Telephone, kept exactly as typed")
    email: ShortText | None = Field(None, description="E-mail address")


class Party(Model):
    """A company on the other side of a document (a client or a partner)."""

    legal_name: ShortText = Field(description="Registered legal name, as on the business licence")
    uscc: USCC = Field(
        description="Unified social credit code (统一社会信用代码), 18 characters with a check character"
    )
    address: ShortText = Field(description="Registered address")
    representative: ShortText = Field(description="Legal representative or authorised signatory")
    representative_role: Literal["legal_representative", "authorised_signatory"] = Field(
        "legal_representative", description="legal_representative (法定代表人) or authorised_signatory (授权代表)"
    )
    contact: Contact | None = Field(None, description="Day-to-day contact")


class Period(Model):
    """A span of dates, both ends included."""

    start: date = Field(description="First day")
    end: date = Field(description="Last day; not before the first")

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Period:
        if self.end < self.start:
            raise RuleViolation.shared("end", "end_before_start", end=self.end, start=self.start)
        return self


@dataclass(frozen=True)
class ChartSeries:
    """One series of bars: its name in the legend and one value per category (None: no bar, shown as —)."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A grouped bar chart as plain data, every text already in the document's language."""

    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str = ""  # printed after each value label, e.g. "%"
    places: int = 0  # decimal places of the value labels
    reference: Decimal | None = None  # a dashed line across the chart, e.g. at the target

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"chart series {series.name!r} has {len(series.values)} values for {len(self.categories)} categories"
                )


@dataclass(frozen=True)
class ChartWords:
    """A chart's words in one locale, from the charts: section of the type's fields file."""

    title: str
    series: tuple[str, ...]  # the series' names in the legend, in the order the model draws them
    categories: tuple[str, ...] = ()  # names of fixed categories; charts over data name them from the data


def _values_at(node: Any, path: tuple[str, ...], where: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of each value at a path of attributes, where * stands for every entry of a list."""
    if not path:
        yield ".".join(where), node
    elif path[0] == "*":
        for index, item in enumerate(node):
            yield from _values_at(item, path[1:], (*where, str(index)))
    elif (value := getattr(node, path[0], None)) is not None:
        yield from _values_at(value, path[1:], (*where, path[0]))


Kind = Literal["commercial", "hr", "finance"]


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
    # Source type → the function that prefills this type's data from a source document (docgen derive).
    derived_from: ClassVar[dict[str, Derivation]] = {}
    # The type's own settings, read strictly from [types.<type_name>] in docgen.toml; None: it takes none.
    settings_model: ClassVar[type[BaseModel] | None] = None
    # Message key → English wording of the validators' messages; fields.<locale>.yaml words them per locale.
    messages: ClassVar[dict[str, str]] = {}
    # Each amount the templates write in words, by its path in the document, with the input fields it is made of
    # (* for every entry of a list). Validation refuses an amount words cannot hold, naming the largest of them.
    amounts_in_words: ClassVar[dict[str, tuple[str, ...]]] = {}

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

    @field_validator("issue_date")
    @classmethod
    def _issue_date_defaults_to_today(cls, value: date | None, info: ValidationInfo) -> date:
        return value if value is not None else today(info)

    @model_validator(mode="after")
    def _amounts_fit_in_words(self) -> DocumentModel:
        for amount_path, sources in self.amounts_in_words.items():
            for _, amount in _values_at(self, tuple(amount_path.split("."))):
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
        values = [found for source in sources for found in _values_at(self, tuple(source.split(".")))]
        return max(values, key=lambda found: abs(found[1]), default=default)

    def title_variant(self) -> str | None:
        """Which of the fields file's title_variants this document prints, or None for its plain title."""
        return None

    def cited_numbers(self) -> list[str]:
        """Numbers of other documents that must be in the register before this one is issued.

        A subset of the fields in cites: a document may cite one that docgen never issued, such as an older quotation.
        """
        return []

    def chart_specs(self, words: Mapping[str, ChartWords]) -> dict[str, ChartSpec]:
        """Charts the templates may show as charts.<key>, worded by words[key] (one locale's words)."""
        return {}
