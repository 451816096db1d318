"""The docgen command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from typer._click.exceptions import ClickException  # Typer vendors Click; its usage errors exit 2
from typer.core import TyperGroup

from .errors import DocgenError, InvalidData, Problem, UsageError
from .i18n import cli_lang, error_text, problem_text, say
from .locale import Locale, as_locale
from .render import Format, as_format
from .text import forbidden_character, forbidden_wording, printable

# The rest of docgen is imported by the commands that use it, so that `docgen --help` starts at once.
if TYPE_CHECKING:
    from rich.console import Console

    from .batching import BatchOptions
    from .config import Settings
    from .issuing import Issued, IssueRequest
    from .records import Record


class _Debug:
    on = False


_DEBUG = _Debug()


def redact(text: str) -> str:
    """Text with every database password masked; the register package is loaded only when a message needs it."""
    from .store.location import redact as masked

    return masked(text)


def _said(template: str, **params: Any) -> str:
    """A message of the CLI's own, for people (never output that scripts read), in the CLI's language."""
    return say(template, cli_lang(), **params)


def _echo(text: str, *, err: bool = False) -> None:
    """Print one line; text from the register or the command line may hold controls, so they print escaped."""
    typer.echo(printable(text), err=err)


class DocgenGroup(TyperGroup):
    """Turns every DocgenError into its message on stderr and its exit code, in one place."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DocgenError as error:
            # Every message is masked (it may quote a database URL) and escaped (a stored \r splits no line).
            for line in printable(redact(error_text(error, cli_lang()))).split("\n"):
                _echo(
                    line if isinstance(error, InvalidData) else _said("docgen: error: {message}", message=line),
                    err=True,
                )
            raise typer.Exit(error.exit_code) from None
        except (ClickException, typer.Exit, typer.Abort, KeyboardInterrupt):  # the command line's own errors
            raise
        except BrokenPipeError:  # the reader went away (docgen … | head): stop quietly, as other tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
            raise typer.Exit(1) from None
        except Exception as error:  # a bug: say so in one line; --debug shows where, never local values
            if _DEBUG.on:
                _echo(redact(traceback.format_exc().rstrip()), err=True)
            summary = " ".join(redact(str(error)).split())[:200]
            internal = "docgen: internal error: {kind}: {summary} (run again with --debug for details)"
            _echo(_said(internal, kind=type(error).__name__, summary=summary), err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=DocgenGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    help="Validated business data to numbered, localized DOCX, HTML and PDF documents.",
)


def _plain_text(param: typer.CallbackParam, value: str | None) -> str | None:
    """Text the register stores or searches for: one line, with no control or hidden character."""
    reason = None if value is None else forbidden_wording(value, one_line=True)
    if reason:
        name = param.opts[0] if param.param_type_name == "option" else str(param.name).upper()
        raise UsageError("{name}: character {reason} is not allowed", name=name, reason=reason)
    return value


ConfigOption = Annotated[
    Path | None, typer.Option("--config", envvar="DOCGEN_CONFIG", help="Project file (default ./docgen.toml).")
]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="XLSX sheet to read (default: the first).")]
GroupByOption = Annotated[
    str | None, typer.Option("--group-by", help="Column whose equal values join rows into one document.")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for a batch (default: the number of cores; one for a small batch).",
    ),
]
NameOption = Annotated[
    str | None, typer.Option("--name", help='File names in --output-dir, e.g. "{number}-{candidate.name}".')
]
MergeOption = Annotated[bool, typer.Option("--merge", help="Also write one combined PDF of the batch, for printing.")]
KeepGoingOption = Annotated[
    bool, typer.Option("--keep-going", help="Do the good records and report the bad ones (exit 1 if any failed).")
]
TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", envvar="DOCGEN_TEMPLATES", help="Folder of the office's own templates.")
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="DOCGEN_DB", help="Register: a file path, sqlite:/// or postgresql:// URL."),
]
EntityOption = Annotated[
    str | None,
    typer.Option(
        "--entity", callback=_plain_text, help="Company USCC, when companies share the register (default: profile)."
    ),
]


def _settings(ctx: typer.Context, **overrides: Any) -> Settings:
    settings: Settings = ctx.obj
    return settings.with_overrides(**overrides)


# Argument checks raise UsageError (exit 2) so the message is one plain line, like every other error.
def _type_name(name: str) -> str:
    from .registry import get_type

    return get_type(name).type_name


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise UsageError.not_one_of(what, value, allowed)
    return value


def _data_path(path: Path) -> Path:
    if not path.is_file():
        raise UsageError("{path}: data file not found", path=path)
    return path


def _format(value: str) -> Format:
    return as_format(value, "--format")


def _locale(value: str) -> Locale:
    return as_locale(value, "--locale")


# The arguments and options several commands share, each defined once.
TypeArgument = Annotated[str, typer.Argument(metavar="TYPE", callback=_type_name)]
DataArgument = Annotated[Path, typer.Argument(metavar="DATA", callback=_data_path)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", parser=_format, help="docx, html or pdf.")]
# Typer takes no list of a Literal type: each value is still parsed into a Format by _format.
FormatsOption = Annotated[
    list[str], typer.Option("--format", "-f", parser=_format, help="docx, html or pdf; repeat for more.")
]
LocaleOption = Annotated[Locale | None, typer.Option("--locale", "-l", parser=_locale, help="zh_CN, en_US or zh_TW.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace existing output files.")]
ScriptLocaleOption = Annotated[
    Locale | None,
    typer.Option("--locale", "-l", parser=_locale, help="Also warn of data in another script than this locale's."),
]


@dataclass(frozen=True)
class _Many:
    """The options of a batch that render --output-dir and issue share."""

    jobs: int | None
    name: str | None
    merge: bool
    keep_going: bool
    sheet: str | None
    group_by: str | None
    force: bool = False

    def options(self) -> BatchOptions:
        from .batching import BatchOptions

        return BatchOptions(self.jobs, self.name, self.keep_going, self.sheet, self.group_by, self.force)


@app.callback()
def main_options(
    ctx: typer.Context,
    config: ConfigOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show where an internal error happened.")] = False,
    acting_as: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Who acts, recorded in the register (default: the operating-system user), for a shared account.",
        ),
    ] = None,
) -> None:
    """Read the project file once for every command, and note who acts."""
    from .config import load_settings

    _DEBUG.on = debug
    _acting(ctx, acting_as)
    ctx.obj = load_settings(config)


def _acting(ctx: typer.Context, name: str | None) -> None:
    """Who the register records for this command: --as NAME, else the OS user; from this machine."""
    import socket

    from .store import acting

    if name is not None and not name.strip():
        raise UsageError("--as must name who acts")
    reason = None if name is None else forbidden_wording(name, one_line=True)
    if reason:  # checked here, not by an option callback: the group's own options are parsed before errors are caught
        raise UsageError("{name}: character {reason} is not allowed", name="--as", reason=reason)
    acting.use(acting.Actor(name.strip(), socket.gethostname()) if name else acting.this_machine())
    ctx.call_on_close(lambda: acting.use(None))  # the command's actor ends with it (tests run many in one process)


@app.command()
def types() -> None:
    """List the document types as NAME<TAB>TITLE."""
    from .locale.fields import title
    from .registry import document_types

    for name in document_types():
        _echo(f"{name}\t{title(name, 'zh_CN')}")


@app.command()
def schema(type_name: TypeArgument) -> None:
    """Print the JSON Schema of a document type."""
    from .registry import get_type
    from .samples import schema_text

    sys.stdout.write(schema_text(get_type(type_name)))


@app.command()
def sample(
    ctx: typer.Context,
    type_name: TypeArgument,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write an empty sheet with column headers instead.")
    ] = None,
    locale: Annotated[
        Locale, typer.Option("--locale", "-l", parser=_locale, help="Language of the sheet's headers.")
    ] = "zh_CN",
) -> None:
    """Print a valid, commented sample YAML document for a type (or write an empty sheet to fill in)."""
    from .registry import get_type
    from .samples import commented_sample
    from .spreadsheet import write_empty_sheet

    if xlsx is None:
        sys.stdout.write(commented_sample(get_type(type_name)))
        return
    templates = _settings(ctx).templates  # an office's fields files title its columns
    write_empty_sheet(get_type(type_name), locale, xlsx, templates)
    _echo(str(xlsx.absolute()))


@app.command()
def validate(
    ctx: typer.Context,
    type_name: TypeArgument,
    data: DataArgument,
    sheet: SheetOption = None,
    group_by: GroupByOption = None,
    db: DbOption = None,
    locale: ScriptLocaleOption = None,
) -> None:
    """Check a data file; print every problem as FILE[:row N]: field: message.

    With a register in use (--db, DOCGEN_DB, database, or the default file exists), each cited number is
    checked as issue checks it, reading the register without creating or changing it. With --locale en_US,
    a descriptive field that holds only Chinese is a warning; with zh_TW, one that holds simplified characters.
    """
    from .citations import citation_check, register_for_validate
    from .registry import get_type
    from .validation import count_valid, each_record

    settings = _settings(ctx, database=db)
    records = each_record(data, type_name, sheet=sheet, group_by=group_by, templates=settings.templates)
    warnings: list[Problem] = []
    with register_for_validate(settings.database) as (in_use, register):
        check = _with_script_warnings(citation_check(register, settings) if in_use else None, locale, warnings)
        try:
            count = count_valid(type_name, records, settings, check)
        finally:
            for warning in warnings:
                _echo(_said("docgen: warning: {message}", message=problem_text(warning, cli_lang())), err=True)
    if not in_use and get_type(type_name).cites:
        skipped = "{data}: citation check skipped: no register in use (give --db, DOCGEN_DB or database)"
        _echo(_said(skipped, data=data), err=True)
    _echo(_said("{data}: {count} valid {type_name} record(s)", data=data, count=count, type_name=type_name), err=True)


def _with_script_warnings(check: Any, locale: Locale | None, warnings: list[Problem]) -> Any:
    """The citation check (if any), then the warnings about data in another script than the locale's."""
    if locale is None:
        return check
    from .script_check import script_warnings

    def checked(record: Record, document: Any) -> None:
        if check is not None:
            check(record, document)
        warnings.extend(script_warnings(document, record, locale))

    return checked


@app.command()
def render(
    ctx: typer.Context,
    type_name: TypeArgument,
    data: DataArgument,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (exactly one record).")] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-d", help="Folder for one file per record.")
    ] = None,
    fmt: FormatOption = "pdf",
    locale: LocaleOption = None,
    templates: TemplatesOption = None,
    force: ForceOption = False,
    jobs: JobsOption = None,
    name: NameOption = None,
    merge: MergeOption = False,
    keep_going: KeepGoingOption = False,
    sheet: SheetOption = None,
    group_by: GroupByOption = None,
) -> None:
    """Render drafts (marked 草稿 / DRAFT, without a number): one file with --output, one per record with --output-dir."""
    _one_output(output, output_dir)
    settings = _settings(ctx, templates=templates)
    if output is not None:
        from .pipeline import render_to_file

        written = render_to_file(type_name, data, fmt=fmt, locale=locale, output=output, force=force, settings=settings)
        _echo(str(written))
    elif output_dir is not None:
        many = _Many(jobs, name, merge, keep_going, sheet, group_by, force)
        _render_to_folder(type_name, data, (fmt, locale or settings.locale), output_dir, settings, many)


def _one_output(output: Path | None, output_dir: Path | None) -> None:
    if (output is None) == (output_dir is None):
        raise UsageError("give either --output FILE (one record) or --output-dir DIR (any number)")


def _render_to_folder(
    type_name: str, data: Path, choice: tuple[Format, Locale], output_dir: Path, settings: Settings, many: _Many
) -> None:
    """render --output-dir: a draft per record, printed once all are written; with --merge, one PDF of them all."""
    from .batching import output_folder, render_to_folder
    from .validation import each_record

    fmt, locale = choice
    if many.merge and fmt != "pdf":
        raise UsageError("--merge needs --format pdf")
    records = each_record(data, type_name, sheet=many.sheet, group_by=many.group_by, templates=settings.templates)
    folder = output_folder(output_dir)
    options = many.options()
    with _progress(options):
        paths = render_to_folder(
            type_name, records, fmt=fmt, locale=locale, folder=folder, settings=settings, options=options
        )
    for path in paths:
        _echo(str(path))
    if many.merge:
        _merge(paths, folder / f"{type_name}-merged.pdf", force=many.force)
    _report_failures(options)


def _merge(paths: list[Path], target: Path, *, force: bool) -> None:
    from .render.merge import merge_pdfs  # pikepdf takes a third of a second to import: only when merging

    _echo(f"merged PDF: {merge_pdfs(paths, target, force=force)}", err=True)


def _stderr_console() -> Console | None:
    """The console for a progress bar: stderr when it is a terminal; None keeps the bar quiet."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _progress(options: BatchOptions) -> Iterator[None]:
    """A progress bar on a terminal (count, rate, time left), told of the batch through options; else nothing."""
    console = _stderr_console()
    if console is None:
        yield
        return
    from .progress import progress_bar

    with progress_bar(console) as (started, done):
        options.on_start, options.on_done = started, done
        yield


def _report_failures(options: BatchOptions) -> None:
    """With --keep-going: every record that was not done, then exit 1."""
    if options.failures:
        for problem in options.failures:
            _echo(problem_text(problem, cli_lang()), err=True)
        _echo(_said("docgen: {count} problem(s); the other records were done", count=len(options.failures)), err=True)
        raise typer.Exit(1)


@app.command()
def derive(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TARGET_TYPE", callback=_type_name)],
    source: Annotated[str, typer.Option("--from", help="Data file, or issued number, of the source document.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="YAML file to write.")],
    contract_number: Annotated[
        str | None, typer.Option("--contract-number", help="Number of the source contract, to cite.")
    ] = None,
    from_type: Annotated[
        str | None,
        typer.Option(
            "--from-type",
            help="Type of a --from data file, when TARGET_TYPE derives from several; a number has the register's.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    db: DbOption = None,
) -> None:
    """Write TARGET_TYPE data prefilled from another document; fields still to fill are marked."""
    from .derive import derive_yaml, source_type
    from .files import write_atomically
    from .pipeline import as_records, validate_records

    settings = _settings(ctx, database=db)
    if Path(source).is_file():
        source_name = source_type(target, from_type, source)
        records = as_records(Path(source), source_name)
    else:
        (source_name, records), contract_number = _issued_record(settings, source, target), contract_number or source
    [document] = validate_records(source_name, records, settings)[:1]
    text = derive_yaml(target, document, contract_number)
    _echo(str(write_atomically(output, text.encode("utf-8"), force=force)))


@app.command()
def issue(
    ctx: typer.Context,
    type_name: TypeArgument,
    data: DataArgument,
    output_dir: Annotated[Path, typer.Option("--output-dir", "-d", help="Folder for <number>.<ext> files.")],
    formats: FormatsOption,
    locale: LocaleOption = None,
    templates: TemplatesOption = None,
    db: DbOption = None,
    reissue: Annotated[bool, typer.Option("--reissue", help="Issue a new number; void the earlier issue.")] = False,
    jobs: JobsOption = None,
    name: NameOption = None,
    merge: MergeOption = False,
    keep_going: KeepGoingOption = False,
    sheet: SheetOption = None,
    group_by: GroupByOption = None,
) -> None:
    """Issue numbered documents; print NUMBER<TAB>ABSOLUTE_PATH for each file."""
    from .issuing import IssueRequest

    if merge and "pdf" not in formats:
        raise UsageError("--merge needs --format pdf among the formats")
    settings = _settings(ctx, templates=templates, database=db)
    options, report = _Many(jobs, name, merge, keep_going, sheet, group_by).options(), _IssuedReport()
    chosen = cast(list[Format], formats)  # each parsed by _format
    _issue_all(type_name, data, IssueRequest(chosen, output_dir, locale, reissue, settings, options, report))
    if merge:
        _merge_issued(report.pdfs, output_dir)
    _report_failures(options)


@dataclass
class _IssuedReport:
    """Prints each issued document's files as it is registered, and keeps its PDFs for --merge."""

    pdfs: list[Path] = field(default_factory=list)

    def __call__(self, issued: Issued) -> None:
        _echo_issued(issued)
        self.pdfs.extend(path for path in issued.paths if path.suffix == ".pdf")


def _merge_issued(pdfs: list[Path], output_dir: Path) -> None:
    """One PDF of the batch, named after its first and last numbers; nothing when no PDF was issued."""
    from .batching import output_folder

    if pdfs:
        _merge(pdfs, output_folder(output_dir) / f"{pdfs[0].stem}_to_{pdfs[-1].stem}.pdf", force=True)


def _issue_all(type_name: str, data: Path, request: IssueRequest) -> None:
    from .issuing import iter_issue

    with _progress(request.options), closing(iter_issue(type_name, data, request)) as issuing:
        for _ in issuing:  # stopped here (Ctrl-C, a closed stdout), it voids what it had reserved at once
            pass


def _echo_issued(issued: Issued) -> None:
    if issued.rewritten:
        _echo(f"{issued.number}: already issued; its missing files were written again", err=True)
    elif issued.reused:
        _echo(f"{issued.number}: already issued; nothing rendered (--reissue for a new number)", err=True)
    for path in issued.paths:
        _echo(f"{issued.number}\t{path}")


@app.command()
def verify(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    db: DbOption = None,
) -> None:
    """Check a file against the register: NUMBER<TAB>TYPE<TAB>ISSUED_AT<TAB>issued, or exit 1 saying why."""
    from .issuing import verify as _verify_file

    entry = _verify_file(file, _settings(ctx, database=db))
    _echo(f"{entry.number}\t{entry.type_name}\t{entry.issued_at}\tissued")


register_app = typer.Typer(
    cls=DocgenGroup,
    no_args_is_help=True,
    help="The register of document numbers: list, show, void, seed, repair, check, backup, migrate, purge.",
)
app.add_typer(register_app, name="register")


def _one_export(json_out: bool, csv_out: bool, xlsx: Path | None) -> None:
    if sum((json_out, csv_out, xlsx is not None)) > 1:
        raise UsageError("give at most one of --json, --csv and --xlsx")


@register_app.command("list")
def register_list(
    ctx: typer.Context,
    type_name: Annotated[
        str | None, typer.Option("--type", callback=_plain_text, help="Only this document type.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this year.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="reserved, issued or void.")] = None,
    search: Annotated[
        str | None, typer.Option("--search", callback=_plain_text, help="Text in the number, company or data.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write an XLSX workbook to this file.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --xlsx file.")] = False,
    db: DbOption = None,
) -> None:
    """List register entries: NUMBER, STATUS, TYPE, DATE, COMPANY, REASON, ISSUED BY, VOIDED BY (tab-separated)."""
    from .files import write_atomically
    from .store import STATUSES, open_register
    from .store.export import as_csv, as_json, as_lines, as_xlsx

    _one_export(json_out, csv_out, xlsx)
    if status is not None:
        _choice(status, STATUSES, "--status")
    with open_register(_settings(ctx, database=db).database) as register:
        entries = register.entries(type_name=type_name, year=year, status=status, search=search)
    if xlsx is not None:
        _echo(str(write_atomically(xlsx, as_xlsx(entries), force=force)))
    elif json_out or csv_out:
        sys.stdout.write(printable(as_json(entries) if json_out else as_csv(entries)))
    else:
        for line in as_lines(entries):
            _echo(line)


@register_app.command("show")
def register_show(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(metavar="NUMBER", callback=_plain_text)],
    json_out: Annotated[bool, typer.Option("--json", help="Print the same as JSON.")] = False,
    outline: Annotated[bool, typer.Option("--outline", help="Print its clauses as issued: NUMBER, KEY, TEXT.")] = False,
    entity: EntityOption = None,
    db: DbOption = None,
) -> None:
    """Show a document's entry and its chain: what it cites and what cites it, as a tree."""
    from .lineage import as_json, as_lines, chain_of, outline_lines
    from .store import open_register

    with open_register(_settings(ctx, database=db).database) as register:
        chain = chain_of(register, number, entity)
        clauses = register.outline(chain.focus.entry.number, chain.focus.entry.entity)
    if json_out:
        shown = as_json(chain, clauses, with_outline=outline)
        sys.stdout.write(printable(shown))
        return
    for line in outline_lines(clauses) if outline else as_lines(chain):
        _echo(line)


@register_app.command("void")
def register_void(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(metavar="NUMBER", callback=_plain_text)],
    reason: Annotated[
        str, typer.Option("--reason", callback=_plain_text, help="Why the number is void; kept in the register.")
    ],
    entity: EntityOption = None,
    db: DbOption = None,
) -> None:
    """Void a reserved or issued number, with the reason."""
    from .store import open_register
    from .store.export import as_void_line

    if not reason.strip():
        raise UsageError("--reason must say why")
    with open_register(_settings(ctx, database=db).database) as register:
        entry = register.void(register.resolve(number, entity), reason.strip())
    _echo(as_void_line(entry))


@register_app.command("audit")
def register_audit(
    ctx: typer.Context,
    number: Annotated[
        str | None, typer.Argument(metavar="[NUMBER]", callback=_plain_text, help="Only this document's records.")
    ] = None,
    entity: EntityOption = None,
    db: DbOption = None,
) -> None:
    """List the audit trail, oldest first: AT, ACTION, NUMBER, BY, FROM, WHAT (tab-separated)."""
    from .store import open_register
    from .store.export import as_trail_lines

    with open_register(_settings(ctx, database=db).database) as register:
        if number is None:
            events = register.trail()
        else:
            entry = register.resolve(number, entity)
            events = register.trail(entry.entity, entry.number)
    for line in as_trail_lines(events):
        _echo(line)


@register_app.command("seed")
def register_seed(
    ctx: typer.Context,
    type_name: TypeArgument,
    year: Annotated[int, typer.Option("--year", help="The year whose counter to set.")],
    next_seq: Annotated[int, typer.Option("--next", help="The sequence number docgen issues next.")],
    entity: EntityOption = None,
    db: DbOption = None,
) -> None:
    """Continue a sequence numbered by hand: the next number issued uses --next."""
    from .store import open_register

    settings = _settings(ctx, database=db)
    with open_register(settings.database) as register:
        register.seed(entity or settings.company.uscc, type_name, year, next_seq)
    _echo(f"{type_name}\t{year}\tnext {next_seq}")


@register_app.command("repair")
def register_repair(
    ctx: typer.Context,
    older_than: Annotated[
        int, typer.Option("--older-than", min=0, help="Also void reservations older than this many minutes.")
    ] = 60,
    db: DbOption = None,
) -> None:
    """Void abandoned reservations: their process ended on this machine, or they are older than --older-than."""
    from .store import open_register
    from .store.export import as_void_line

    with open_register(_settings(ctx, database=db).database) as register:
        voided = register.repair(timedelta(minutes=older_than))
    for entry in voided:
        _echo(as_void_line(entry))


@register_app.command("check")
def register_check(ctx: typer.Context, db: DbOption = None) -> None:
    """Verify the register's chain of events and its rows; exit 1 naming the first broken link."""
    from .store import open_register

    with open_register(_settings(ctx, database=db).database) as register:
        report = register.check()
    head = f"this machine's head at event {report.head}" if report.head else "no head on this machine yet"
    _echo(f"ok\tchain\t{report.events} events verified since {report.started_at}; {head}")
    if report.adopted:
        _echo(
            f"note\tchain\tstarted when the register was upgraded: the history of its {report.adopted} "
            "earlier documents before then is not covered"
        )


@register_app.command("backup")
def register_backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the copy of a SQLite register.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """Copy the register consistently while it is in use; for PostgreSQL, print the pg_dump command to run."""
    from .store import parse_location
    from .store.moving import backup_sqlite, pg_dump_command

    location = parse_location(_settings(ctx, database=db).database)
    if location.kind == "postgresql":  # pg_dump does this best; the password stays out of the command shown
        _echo(_said("a PostgreSQL register is backed up with pg_dump; give the password when asked:"), err=True)
        _echo(pg_dump_command(location, file))
        return
    backup_sqlite(location, file, force=force)
    _echo(f"{location}\tbacked up\t{file}")


@register_app.command("migrate")
def register_migrate(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="The empty PostgreSQL database: a postgresql:// URL.")],
    db: DbOption = None,
) -> None:
    """Move a SQLite register into an empty PostgreSQL database, every number, hash and chain link unchanged."""
    from .store import parse_location
    from .store.moving import move_register

    copied = move_register(_settings(ctx, database=db).database, to)
    for table, count in copied.items():
        _echo(f"{table}\t{count}")
    _echo(f"moved\t{parse_location(to)}")


@register_app.command("purge")
def register_purge(
    ctx: typer.Context,
    before: Annotated[
        datetime,
        typer.Option("--before", formats=["%Y-%m-%d"], help="Documents reserved before this day (YYYY-MM-DD)."),
    ],
    kind: Annotated[str, typer.Option("--kind", help="Which documents: hr.")],
    db: DbOption = None,
) -> None:
    """Remove the personal fields from the stored data of old HR documents; numbers, dates and hashes stay."""
    from . import retention

    purged = retention.purge(_settings(ctx, database=db), kind, before.date())
    for item in purged:
        _echo(f"{item.number}\t{item.type_name}\tpurged\t{','.join(item.fields)}")


template_app = typer.Typer(cls=DocgenGroup, no_args_is_help=True, help="Templates: build them from their source.")
app.add_typer(template_app, name="template")


@template_app.command("build")
def template_build(
    ctx: typer.Context,
    output_dir: Annotated[Path, typer.Option("--output-dir", help="Where to write TYPE/document.LOCALE.docx/.html.")],
    type_names: Annotated[
        list[str] | None, typer.Argument(metavar="[TYPE]...", help="Types (default: every type built from a source).")
    ] = None,
    templates: TemplatesOption = None,
) -> None:
    """Write the DOCX and HTML templates built from structure.yaml and wording.LOCALE.yaml, one path a line."""
    from .registry import document_types
    from .render.templates import has_kit_source, write_built

    settings = _settings(ctx, templates=templates)
    names = [_type_name(name) for name in type_names or []]
    names = names or [name for name in sorted(document_types()) if has_kit_source(name, settings.templates)]
    for name in names:
        for path in write_built(name, settings.templates, output_dir):
            _echo(str(path))


@template_app.command("copy")
def template_copy(
    type_name: Annotated[str, typer.Argument(metavar="TYPE", help="The document type to copy.")],
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The office's templates folder; TYPE/ goes inside.")],
    force: Annotated[bool, typer.Option("--force", help="Replace files already in DIR/TYPE/.")] = False,
) -> None:
    """Copy a type's editable templates into DIR/TYPE/, recording where they came from; one path a line."""
    from .template_copy import copy_type

    if not folder.is_dir():
        raise UsageError("{folder}: folder not found", folder=folder)
    for path in copy_type(_type_name(type_name), folder, force=force):
        _echo(str(path))


@template_app.command("check")
def template_check(
    ctx: typer.Context,
    folder: Annotated[
        Path | None, typer.Argument(metavar="[DIR]", help="Templates folder (default: the one in use, else bundled).")
    ] = None,
) -> None:
    """Report every problem in a templates folder as FILE:LINE: message; exit 1 if there is any."""
    from .errors import TemplateFailure
    from .resources import bundled_templates
    from .template_check import check_folder

    root = folder or _settings(ctx).templates or bundled_templates()
    if not root.is_dir():
        raise UsageError("{folder}: folder not found", folder=root)
    findings = check_folder(root)
    for finding in findings:
        _echo(str(finding))
    errors = sum(not finding.warning for finding in findings)
    if errors:
        if errors == 1:
            raise TemplateFailure("{root}: 1 problem in the templates", root=root)
        raise TemplateFailure("{root}: {count} problems in the templates", root=root, count=errors)
    _echo(f"ok\t{root}: no problem ({len(findings)} warning{'' if len(findings) == 1 else 's'})")


@template_app.command("diff")
def template_diff(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A folder that `docgen template copy` wrote into.")],
) -> None:
    """Show the bundled files changed since each type was copied into DIR; exit 1 if any did."""
    from .template_copy import bundled_changes, copied_types

    if not folder.is_dir():
        raise UsageError("{folder}: folder not found", folder=folder)
    changes = bundled_changes(folder)
    for change in changes:
        _echo(f"{change.what}\t{change.type_name}/{change.name}")
        for line in change.diff.splitlines():
            _echo(line)
    if changes:
        raise typer.Exit(1)
    _echo(f"ok\tno bundled change since the copy of {', '.join(copied_types(folder)) or 'nothing (no copy found)'}")


@template_app.command("new")
def template_new(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new type's name, e.g. purchase_order.")],
    folder: Annotated[Path | None, typer.Argument(metavar="[DIR]", help="Where to write it (default: ./NAME).")] = None,
) -> None:
    """Write a type folder for an office's own document type: model, templates, fields files and a sample."""
    from .scaffold import new_type_folder

    target = folder or Path(name)
    new_type_folder(name, target)
    _echo(str(target.absolute()))
    _echo(f'name it in docgen.toml: type_folders = ["{target.absolute()}"], then pass that file with --config')


def _issued_record(settings: Settings, number: str, target: str) -> tuple[str, list[Record]]:
    """The type and data a number was issued from, with the changes of the documents amending it, as a record; a
    clear error unless it is an issued source of target."""
    from .agreement import in_force
    from .derive import source_type
    from .records import Record
    from .store import open_register

    # Looked up in the register only when it can be a number: one line, no controls, a name and no suffix.
    if not re.fullmatch(r"[^/\\]+", number) or Path(number).suffix or forbidden_character(number, one_line=True):
        raise UsageError("{path}: data file not found", path=number)
    with open_register(settings.database) as register:
        entry = register.resolve(number)
        source_name = source_type(target, entry.type_name, number)
        if entry.status != "issued":
            raise UsageError(
                "{number} is a {type_name} ({status}); derive needs an issued {source}",
                number=number,
                type_name=entry.type_name,
                status=entry.status,
                source=source_name,
            )
        # As amended by every issued supplementary agreement: the next document starts from the terms now agreed.
        data = in_force(register, (entry.type_name, entry.number, entry.entity), None, settings).data
    return source_name, [Record(data, f"{entry.number} (register)")]


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on; only this machine's until accounts exist.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    templates: TemplatesOption = None,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes; each reads the project file and register itself.")
    ] = 1,
) -> None:
    """Run the web app, with the project file, templates and register in use."""
    from .store.accounts import accounts_exist
    from .web.batch_jobs import local_worker
    from .web.security import check_bind_host
    from .web.serving import serve_workers, worker_environment

    settings = _settings(ctx, templates=templates, database=db)
    overrides = worker_environment(settings, port, templates, db) if workers > 1 else {}  # before a connection
    check_bind_host(host, accounts_exist(settings.database))
    with local_worker(settings):  # on SQLite: the one worker issuing the batches, as a child process
        if workers > 1:
            _echo(_serving(host, port, f", {workers} workers"), err=True)
            serve_workers(host, port, workers, overrides)
            return
        import uvicorn

        from .web.app import create_app

        _echo(_serving(host, port, ""), err=True)
        uvicorn.run(create_app(settings, port=port), host=host, port=port, log_level="warning")


@app.command()
def worker(
    ctx: typer.Context,
    templates: TemplatesOption = None,
    db: DbOption = None,
    stalled_after: Annotated[
        float,
        typer.Option(min=1, help="PostgreSQL: seconds without a heartbeat after which a worker's jobs run again."),
    ] = 30.0,
) -> None:
    """Issue the web app's batches: take their jobs from the register until stopped (Ctrl-C, SIGTERM)."""
    import signal
    import threading

    from .web.batch_jobs import work

    settings = _settings(ctx, templates=templates, database=db)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # systemd stops it: the chunk in hand is finished first
    _echo("docgen: worker taking the web app's batch jobs (Ctrl-C stops)", err=True)
    work(settings, stop, stalled_after)


def _serving(host: str, port: int, how: str) -> str:
    return f"docgen: serving on http://{'localhost' if host == 'localhost' else host}:{port}/{how} (Ctrl-C stops)"


@app.command()
def doctor(
    ctx: typer.Context,
    data: Annotated[
        list[Path] | None, typer.Argument(metavar="[DATA]...", help="Data files whose characters to check.")
    ] = None,
) -> None:
    """Check fonts, text-layout libraries, and show the configuration, templates and register in use."""
    from .doctor import run_checks

    files = [_data_path(path) for path in data or []]
    checks = run_checks(_settings(ctx), files)
    for check in checks:
        _echo(f"{'ok' if check.ok else 'FAIL':<5} {check.name:<16} {redact(check.detail)}")
    if not all(check.ok for check in checks):
        raise typer.Exit(1)


users_app = typer.Typer(
    cls=DocgenGroup,
    no_args_is_help=True,
    help="Accounts of the web app: add, list, disable, passwd, token.",
)
app.add_typer(users_app, name="users")
NameArgument = Annotated[str, typer.Argument(metavar="NAME", callback=_plain_text, help="The account's name.")]
PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


def _password(name: str, from_stdin: bool) -> str:
    """The new password: stdin's first line, or asked twice without echo; never printed or logged."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = typer.prompt(_said("New password for {name}", name=name), hide_input=True, prompt_suffix=": ")
    again = typer.prompt(_said("The same password again"), hide_input=True, prompt_suffix=": ")
    if first != again:
        raise UsageError("the two passwords differ; nothing was changed")
    return str(first)


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: NameArgument,
    role: Annotated[str, typer.Option("--role", help="sales, hr, finance or admin.")],
    password_stdin: PasswordStdinOption = False,
    db: DbOption = None,
) -> None:
    """Add an account with a role; its password is asked for (or read with --password-stdin)."""
    from .store.accounts import ROLES, check_password, open_accounts

    _choice(role, ROLES, "--role")
    password = check_password(_password(name, password_stdin))
    with open_accounts(_settings(ctx, database=db).database) as accounts:
        accounts.add(name, role, password)
    _echo(_said("added account {name} ({role})", name=name, role=role), err=True)


@users_app.command("list")
def users_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List accounts: NAME, ROLE, STATUS (active or disabled), TOKENS (tab-separated)."""
    from .store.accounts import open_accounts

    with open_accounts(_settings(ctx, database=db).database) as accounts:
        for account in accounts.list():
            status = "disabled" if account.disabled else "active"
            _echo(f"{account.name}\t{account.role}\t{status}\t{account.tokens}")


@users_app.command("disable")
def users_disable(ctx: typer.Context, name: NameArgument, db: DbOption = None) -> None:
    """Disable an account: its sessions and API tokens end at once."""
    from .store.accounts import open_accounts

    with open_accounts(_settings(ctx, database=db).database) as accounts:
        accounts.disable(name)
    _echo(_said("disabled account {name}", name=name), err=True)


@users_app.command("passwd")
def users_passwd(
    ctx: typer.Context, name: NameArgument, password_stdin: PasswordStdinOption = False, db: DbOption = None
) -> None:
    """Set an account's password; its open sessions end."""
    from .store.accounts import check_password, open_accounts

    settings = _settings(ctx, database=db)
    password = check_password(_password(name, password_stdin))
    with open_accounts(settings.database) as accounts:
        accounts.set_password(name, password)
    _echo(_said("changed the password of {name}", name=name), err=True)


@users_app.command("token")
def users_token(
    ctx: typer.Context,
    name: NameArgument,
    revoke: Annotated[bool, typer.Option("--revoke", help="Revoke every API token of the account instead.")] = False,
    db: DbOption = None,
) -> None:
    """Print a new API token for scripts (send it as Authorization: Bearer TOKEN); shown once, kept hashed."""
    from .store.accounts import open_accounts

    with open_accounts(_settings(ctx, database=db).database) as accounts:
        if revoke:
            count = accounts.revoke_tokens(name)
            _echo(_said("revoked {count} token(s) of {name}", count=count, name=name), err=True)
            return
        token = accounts.new_token(name)
    typer.echo(token)


def main() -> None:
    # docgen uses no Pydantic plugins; looking for them reads every installed package's entry points,
    # about 30 ms of each command. A user who sets the variable keeps their choice.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name="docgen")
