"""The project file (docgen.toml): company profile, locale, time zone, places and number patterns.

Found by --config, then DOCGEN_CONFIG, then ./docgen.toml, then the user-level file
(platformdirs' user config folder, e.g. ~/.config/docgen/docgen.toml); when none exists
the bundled profile is used so that the samples render. Only a file the user chose
(not one merely found in the current folder) may name type folders: they are code. Relative paths in the file
are relative to the file. Environment variables override the file and
command-line options override both (see Settings.with_overrides).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_config_path
from pydantic import AfterValidator, BaseModel, Field, ValidationError, field_validator, model_validator

from . import clock
from .documents.base import Kind
from .documents.model import Model
from .documents.parts import BankAccount, Signatory
from .documents.values import USCC, PositiveMoney, ShortText
from .errors import ConfigError, Problem, StoreError
from .locale import Locale
from .outside import use_type_folders
from .problems import problems_from_validation_error
from .registry import document_types
from .resources import samples_dir
from .roles import ALL
from .store.location import parse_location, resolve_relative
from .store.numbers import overlap_problem, pattern_problem

CONFIG_FILE = "docgen.toml"


def default_number_patterns() -> dict[str, str]:
    """Each registered type's own default number pattern, by type name."""
    return {name: model.number_pattern for name, model in document_types().items()}


_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _check_image(path: Path | None) -> Path | None:
    if path is None:
        return None
    if not path.is_file():
        raise ValueError(f"image file not found: {path}")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head.startswith(_IMAGE_SIGNATURES):
        raise ValueError(f"{path} is not a PNG or JPEG image")
    return path


class CompanyProfile(Model):
    legal_name: ShortText = Field(description="Registered legal name, as on the business licence")
    uscc: USCC = Field(description="Unified social credit code (统一社会信用代码)")
    address: ShortText = Field(description="Registered or office address")
    phone: ShortText = Field(description="Main telephone number")
    legal_representative: ShortText | None = Field(
        None, description="Legal representative (法定代表人), printed in a contract's party table"
    )
    bank: BankAccount | None = Field(None, description="Bank account printed on settlement documents")
    signatory: Signatory | None = Field(
        None, description="Who signs a document whose kind names no signatory of its own in [company.signatories]"
    )
    signatories: dict[Kind, Signatory] = Field(
        default_factory=dict,
        description="Who signs each kind of document, [company.signatories.commercial], .hr and .finance "
        "(each type declares its kind): a sales director does not sign an offer letter",
    )
    logo: Path | None = Field(None, description="Letterhead logo, PNG or JPEG")
    seal: Path | None = Field(None, description="Image of the company seal, PNG or JPEG; leave out to stamp by hand")
    minimum_wage: PositiveMoney | None = Field(None, description="Local monthly minimum wage in CNY (Art. 20 check)")

    _images_exist = field_validator("logo", "seal")(_check_image)

    def signatory_for(self, kind: Kind) -> Signatory:
        """Who signs a document of this kind: its own signatory, else the default one (checked when loaded)."""
        signatory = self.signatories.get(kind) or self.signatory
        if signatory is None:  # a profile loaded from a file was refused already (_unsigned_kinds)
            raise ConfigError([_unsigned(kind, "docgen.toml")])
        return signatory


KINDS: tuple[Kind, ...] = ("commercial", "hr", "finance")


def _unsigned_kinds(data: dict[str, Any], source: str) -> list[Problem]:
    """A kind of document nobody signs: an old profile's single signatory signs all three, a new one names each.

    Read from the file's own tables, so that it is reported with the profile's other mistakes.
    """
    company = data.get("company")
    if not isinstance(company, dict) or company.get("signatory") is not None:
        return []
    named = company.get("signatories")
    named = named if isinstance(named, dict) else {}
    return [_unsigned(kind, source) for kind in KINDS if kind not in named]


def _unsigned(kind: Kind, source: str) -> Problem:
    return Problem.worded(
        source,
        f"company.signatories.{kind}",
        "no signatory for {kind} documents: give [company.signatories.{kind}] (name, title), "
        "or one [company.signatory] for every kind",
        kind=kind,
    )


class WebSettings(Model):
    """[web]: docgen serve's own settings."""

    files: Path | None = Field(
        None, description="Folder where files issued through the web app are kept (default: the user's data folder)"
    )
    upload_limit_mb: Annotated[int, Field(ge=1, le=200)] = Field(
        10, description="Largest upload accepted, in MiB (data files, spreadsheets, files to verify)"
    )
    idle_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = Field(
        60, description="Minutes without a request after which a signed-in session ends (default 60)"
    )
    https: bool = Field(
        False, description="Served over HTTPS through a reverse proxy: the session cookie is then always Secure"
    )
    hosts: list[str] = Field(
        default_factory=list,
        description="Host names the app answers to besides this machine's (e.g. docgen.office.lan:8000)",
    )
    batch_chunk_rows: Annotated[int, Field(ge=1, le=1000)] = Field(
        25, description="Rows of a batch issued by one job: a batch's jobs spread over the workers (default 25)"
    )
    abandoned_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = Field(
        60,
        description="Minutes after which the app and the batch workers void a number reserved but never issued "
        "(default 60); the app also voids at once those of a process of this machine that ended, when it starts and "
        "then every so often",
    )


def _known_types(value: list[str] | None) -> list[str] | None:
    for name in value or []:
        if name != ALL and name not in document_types():
            raise ValueError(f"unknown document type {name!r} (a type's name, or \"{ALL}\" for every type)")
    return value


TypeList = Annotated[list[str] | None, AfterValidator(_known_types)]


class RoleSettings(Model):
    """[roles.<role>]: what the role may do, each list given replacing the role's default list (see roles.py)."""

    draft: TypeList = Field(None, description="Types the role may draft: form, validate, preview, derive")
    issue: TypeList = Field(None, description="Types the role may issue")
    void: TypeList = Field(None, description="Types the role may void")
    read: TypeList = Field(None, description="Types whose documents, files and data the role may see")
    see_others: bool | None = Field(None, description="Whether the role sees documents other people issued")


class RegisterSettings(Model):
    """[register]: how long the register keeps what it need not keep for ever."""

    # Labour Contract Law Art. 50 keeps an ended labour contract at least 2 years; a labour dispute may be
    # brought within 1 year after that (劳动争议调解仲裁法 Art. 27), so the records stay 3 years by default.
    hr_retention_years: Annotated[int, Field(ge=1, le=50)] = Field(
        3, description="Years the personal fields of HR documents are kept before `register purge` may remove them"
    )


class Settings(Model):
    company: CompanyProfile = Field(description="The company profile every document draws on")
    locale: Locale = Field("zh_CN", description="Default locale: zh_CN, en_US or zh_TW")
    timezone: Annotated[str, Field(min_length=1)] = Field("Asia/Shanghai", description="IANA time zone for 'today'")
    templates: Path | None = Field(None, description="Folder of the office's own templates, laid out like templates/")
    database: str | None = Field(None, description="Register location: a file path, sqlite:/// or postgresql:// URL")
    numbers: dict[str, str] = Field(
        default_factory=dict,
        description="Number pattern per document type: {yyyy} and {seq} or {seq:0N}, e.g. HT-{yyyy}-{seq:04}",
    )
    types: dict[str, Any] = Field(
        default_factory=dict,
        description="Each type's own settings by type name, [types.<type_name>] (see the type's settings_model)",
    )
    type_folders: list[Path] = Field(
        default_factory=list,
        description="Folders of the office's own document types (<type>.py, templates/, samples/); trusted code",
    )
    web: WebSettings = Field(default_factory=lambda: WebSettings(), description="docgen serve's settings")
    roles: dict[Literal["sales", "hr", "finance", "admin"], RoleSettings] = Field(
        default_factory=dict, description="What each role may do, [roles.<role>] (see roles.py for the defaults)"
    )
    # Read from [register]; named otherwise because a field "register" would shadow the model class's ABC register().
    retention: RegisterSettings = Field(
        default_factory=lambda: RegisterSettings(),
        alias="register",
        description="[register]: the register's retention of personal data",
    )
    source: Path | None = Field(None, exclude=True, description="The file these settings came from")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("database")
    @classmethod
    def _known_location(cls, value: str | None) -> str | None:
        try:
            parse_location(value)
        except StoreError as error:
            raise ValueError(error.message) from None
        return value

    @field_validator("numbers")
    @classmethod
    def _usable_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for type_name, pattern in value.items():
            if type_name not in document_types():
                raise ValueError(f"unknown document type {type_name!r}")
            problem = pattern_problem(pattern)
            if problem:
                raise ValueError(f"{type_name}: {problem}")
        patterns = {**default_number_patterns(), **value}
        # Two types whose patterns can print one number would give it from two counters.
        overlap = overlap_problem(patterns)
        if overlap:
            raise ValueError(overlap)
        return patterns

    @model_validator(mode="after")
    def _templates_folder_exists(self) -> Settings:
        if self.templates is not None and not self.templates.is_dir():
            raise ValueError(f"templates folder not found: {self.templates}")
        return self

    def today(self) -> date:
        return clock.today(self.timezone)

    def type_settings(self, type_name: str) -> BaseModel | None:
        """The type's own settings: what [types.<type_name>] says, over its settings model's defaults."""
        model = document_types()[type_name].settings_model
        if model is None:
            return None
        given = self.types.get(type_name)
        return given if isinstance(given, model) else model.model_validate(given or {})

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the non-None values replaced, validated again."""
        given = {key: value for key, value in values.items() if value is not None}
        if not given:
            return self
        data = self.model_dump(by_alias=True) | {"source": self.source} | given
        return _validate_settings(data, str(self.source or "command line"))


def _resolve_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Make the file's relative paths relative to the file, not the current folder."""
    data = dict(data)
    if isinstance(data.get("templates"), str):
        data["templates"] = base / data["templates"]
    if isinstance(data.get("type_folders"), list):
        data["type_folders"] = [base / item if isinstance(item, str) else item for item in data["type_folders"]]
    if isinstance(data.get("database"), str):
        data["database"] = resolve_relative(data["database"], base)
    web = data.get("web")
    if isinstance(web, dict) and isinstance(web.get("files"), str):
        data["web"] = {**web, "files": base / web["files"]}
    company = data.get("company")
    if isinstance(company, dict):
        data["company"] = {
            key: base / value if key in ("logo", "seal") and isinstance(value, str) else value
            for key, value in company.items()
        }
    return data


def _validate_settings(data: dict[str, Any], source: str) -> Settings:
    types, problems = _type_settings(data.get("types"), source)
    problems += _unsigned_kinds(data, source)
    try:
        settings = Settings.model_validate(data | {"types": types})
    except ValidationError as error:
        raise ConfigError(problems_from_validation_error(error, source) + problems) from None
    if problems:
        raise ConfigError(problems)
    return settings


def _type_settings(raw: Any, source: str) -> tuple[dict[str, BaseModel], list[Problem]]:
    """[types.<type_name>] tables, each validated by its type's settings model, with every problem by its path."""
    if not isinstance(raw, dict):
        return {}, [] if raw is None else [Problem(source, "types", "must be a table of [types.<type_name>] tables")]
    found: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    for name, values in raw.items():
        model = document_types().get(name)
        if model is None or model.settings_model is None:
            why = f"unknown document type {name!r}" if model is None else f"{name} takes no settings"
            problems.append(Problem(source, f"types.{name}", why))
            continue
        try:
            found[name] = model.settings_model.model_validate(values)
        except ValidationError as error:
            problems += [
                replace(problem, path=f"types.{name}.{problem.path}".rstrip("."))
                for problem in problems_from_validation_error(error, source)
            ]
    return found, problems


def bundled_config() -> Path:
    return samples_dir() / CONFIG_FILE


def user_config() -> Path:
    """The user-level configuration file, used when no other is named or found in the current folder."""
    return user_config_path("docgen") / CONFIG_FILE


def find_config(explicit: str | Path | None = None) -> Path:
    named = explicit or os.environ.get("DOCGEN_CONFIG")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError([Problem(str(path), "", "configuration file not found")])
        return path
    for path in (Path.cwd() / CONFIG_FILE, user_config()):
        if path.is_file():
            return path
    return bundled_config()


def _may_load_code(path: Path, explicit: str | Path | None) -> bool:
    """A file the user chose: named by --config or DOCGEN_CONFIG, or the user-level one; not one found by chance."""
    return bool(explicit or os.environ.get("DOCGEN_CONFIG")) or path == user_config()


def _outside_types(raw: dict[str, Any], path: Path, explicit: str | Path | None) -> None:
    """Put the file's type folders in use, before the rest is validated: [numbers] and [types] may name them."""
    folders = raw.get("type_folders", [])
    if folders and not _may_load_code(path, explicit):
        why = "type folders are code: name this file with --config or DOCGEN_CONFIG to load them"
        raise ConfigError([Problem(str(path), "type_folders", why)])
    if not isinstance(folders, list) or not all(isinstance(item, str) for item in folders):
        raise ConfigError([Problem(str(path), "type_folders", "must be a list of folder paths")])
    use_type_folders([path.resolve().parent / item for item in folders])
    if folders:
        document_types()  # imported now, so that a mistake in a type's module shows before any command runs


def load_settings(explicit: str | Path | None = None) -> Settings:
    """Read the project file, then apply the environment's overrides."""
    path = find_config(explicit)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError([Problem.worded(str(path), "", "malformed TOML: {error}", error=str(error))]) from None
    _outside_types(raw, path, explicit)
    data = _resolve_paths(raw, path.resolve().parent) | {"source": path}
    env = {"templates": os.environ.get("DOCGEN_TEMPLATES"), "database": os.environ.get("DOCGEN_DB")}
    data |= {key: value for key, value in env.items() if value}
    return _validate_settings(data, str(path))
