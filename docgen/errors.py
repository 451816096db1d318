"""Every error docgen raises on purpose, each with its exit code and a plain message.

The CLI turns these into output and exit codes in one place (cli.main); nothing
else prints or exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Wording:
    """A message as its English template (a msgid of the gettext catalogs, see i18n) and the values filled in.

    A value may itself be a Wording (a fault inside a frame), so that each part is translated.
    """

    template: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, template: str, **params: Any) -> Wording:
        return cls(template, tuple(params.items()))

    @classmethod
    def joined(cls, parts: Sequence[Wording | str], separator: str) -> Wording:
        """Several messages in one, each translated on its own."""
        return cls(
            separator.join(f"{{p{i}}}" for i in range(len(parts))), tuple((f"p{i}", p) for i, p in enumerate(parts))
        )

    def __str__(self) -> str:
        return self.template.format(**dict(self.params)) if self.params else self.template


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong.

    wording: the message as a template and values, for another interface language; rule_of: the document type
    whose validator rule wording.template names (a RuleViolation key, worded in the type's fields files).
    """

    source: str
    path: str
    message: str
    row: int | None = None
    # How the message is worded, not what it says: two problems with the same place and message are equal.
    wording: Wording | None = field(default=None, compare=False)
    rule_of: str = field(default="", compare=False)

    @classmethod
    def worded(cls, source: str, path: str, template: str, row: int | None = None, **params: Any) -> Problem:
        """A problem whose message is template filled with params."""
        wording = Wording.of(template, **params)
        return cls(source, path, str(wording), row, wording)

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}:row {self.row}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DocgenError(Exception):
    """Base class: a failure the user can act on, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str | Wording, /, **params: Any) -> None:
        """message: the English text, or with params a template filled with them (translatable either way), or
        a wording already made (another error's, carried on)."""
        self.wording: Wording | None = message if isinstance(message, Wording) else Wording.of(message, **params)
        self.message = str(self.wording)
        super().__init__(self.message)

    @property
    def said(self) -> Wording:
        """The message as a value to put inside another message, so that it is translated there too."""
        return self.wording if self.wording is not None else Wording.of(self.message)


class UsageError(DocgenError):
    """The command line itself is wrong: unknown type, missing file, bad option."""

    exit_code = 2

    @classmethod
    def not_one_of(cls, what: str, value: str, allowed: tuple[str, ...]) -> UsageError:
        """A value outside its choices: "--format: 'odt' is not one of …" for an option, else "unknown format 'odt'; …"."""
        if what.startswith("-"):
            return cls("{what}: {value!r} is not one of {allowed}", what=what, value=value, allowed=", ".join(allowed))
        return cls("unknown {what} {value!r}; use one of {allowed}", what=what, value=value, allowed=", ".join(allowed))


class UploadTooLarge(UsageError):
    """An uploaded file is larger than the web app's upload limit ([web] upload_limit_mb)."""


class InvalidData(DocgenError):
    """The data (or the configuration) breaks one or more rules; holds every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
        self.wording = None  # worded by its problems, one a line

    def __reduce__(self) -> tuple[type[InvalidData], tuple[list[Problem]]]:
        # Rebuilt from its problems, so it crosses to and from worker processes whole.
        return type(self), (self.problems,)


class NoRecords(InvalidData):
    """A data file that holds no record: a header-only sheet, an empty list. A batch of nothing is a mistake."""

    def __init__(self, source: str) -> None:
        super().__init__([Problem(source, "", "no records")])
        self.wording = Wording.of("no records in {source}", source=source)
        self.message = str(self.wording)

    def __reduce__(self) -> tuple[type[NoRecords], tuple[str]]:  # type: ignore[override]
        return type(self), (self.problems[0].source,)


class ConfigError(InvalidData):
    """The project file breaks one or more rules."""


class TemplateFailure(DocgenError):
    """A template is missing, broken, or tried something the sandbox forbids."""


class DocumentTooLarge(DocgenError):
    """One document would take more pages or more time than a record may (see render.pdf)."""


class OutputError(DocgenError):
    """An output file cannot be written, or exists and --force was not given."""


class StoreError(DocgenError):
    """The register cannot be reached or refuses a change (unknown number, seeding backwards …)."""


class RegisterUnreachable(StoreError):
    """The register's database cannot be reached now (down, or the connection lost): worth trying again later."""


class KeyHeld(StoreError):
    """A document holds a key (an invoice, an expense item billed) that another issued document already holds."""


class CitationError(DocgenError):
    """A document cites a number that is not an issued document in the register."""


class VerificationFailed(DocgenError):
    """A file is not an unaltered issued document: altered, unknown or void."""


class AccountError(DocgenError):
    """An account command names an account that does not exist, or one that exists already."""


class SignInRefused(DocgenError):
    """A sign-in refused: wrong name or password, a disabled account, or too many attempts (never said which)."""


class ChainBroken(StoreError):
    """The register's chain of events does not verify: a row or an event was edited, added or deleted."""


class MalformedYaml(ValueError):
    """A YAML text the strict loader refuses; the message names the line and column of the problem."""
