"""Every error docgen raises on purpose, each with its exit code and a plain message.

The CLI turns these into output and exit codes in one place (cli.main); nothing
else prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    source: str
    path: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}:row {self.row}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DocgenError(Exception):
    """Base class: a failure the user can act on, reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(DocgenError):
    """The command line itself is wrong: unknown type, missing file, bad option."""

    exit_code = 2

    @classmethod
    def not_one_of(cls, what: str, value: str, allowed: tuple[str, ...]) -> UsageError:
        """A value outside its choices: "--format: 'odt' is not one of …" for an option, else "unknown format 'odt'; …"."""
        if what.startswith("-"):
            return cls(f"{what}: {value!r} is not one of {', '.join(allowed)}")
        return cls(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")


class InvalidData(DocgenError):
    """The data (or the configuration) breaks one or more rules; holds every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self) -> tuple[type[InvalidData], tuple[list[Problem]]]:
        # Rebuilt from its problems, so it crosses to and from worker processes whole.
        return type(self), (self.problems,)


class NoRecords(InvalidData):
    """A data file that holds no record: a header-only sheet, an empty list. A batch of nothing is a mistake."""

    def __init__(self, source: str) -> None:
        super().__init__([Problem(source, "", "no records")])
        self.message = f"no records in {source}"

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


class CitationError(DocgenError):
    """A document cites a number that is not an issued document in the register."""


class VerificationFailed(DocgenError):
    """A file is not an unaltered issued document: altered, unknown or void."""


class ChainBroken(StoreError):
    """The register's chain of events does not verify: a row or an event was edited, added or deleted."""


class MalformedYaml(ValueError):
    """A YAML text the strict loader refuses; the message names the line and column of the problem."""
