"""The docgen command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .config import Settings, load_settings
from .derive import derive_yaml, source_type
from .doctor import run_checks
from .errors import DocgenError, InvalidData, UsageError
from .locale import LOCALES
from .pipeline import FORMATS, as_records, render_to_file, validate_records
from .registry import document_types, get_type
from .render.output import write_atomically
from .samples import commented_sample, schema_text
from .spreadsheet import write_empty_sheet


class DocgenGroup(TyperGroup):
    """Turns every DocgenError into its message on stderr and its exit code, in one place."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DocgenError as error:
            for line in error.message.splitlines():
                typer.echo(line if isinstance(error, InvalidData) else f"docgen: error: {line}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=DocgenGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    help="Validated business data to numbered, localized DOCX, HTML and PDF documents.",
)

ConfigOption = Annotated[
    Path | None, typer.Option("--config", envvar="DOCGEN_CONFIG", help="Project file (default ./docgen.toml).")
]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="XLSX sheet to read (default: the first).")]
GroupByOption = Annotated[
    str | None, typer.Option("--group-by", help="Column whose equal values join rows into one document.")
]
TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", envvar="DOCGEN_TEMPLATES", help="Folder of the office's own templates.")
]


def _settings(ctx: typer.Context, **overrides: Any) -> Settings:
    settings: Settings = ctx.obj
    return settings.with_overrides(**overrides)


# Argument checks raise UsageError (exit 2) so the message is one plain line, like every other error.
def _type_name(name: str) -> str:
    return get_type(name).type_name


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise UsageError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _data_path(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(f"{path}: data file not found")
    return path


@app.callback()
def main_options(ctx: typer.Context, config: ConfigOption = None) -> None:
    """Read the project file once for every command."""
    ctx.obj = load_settings(config)


@app.command()
def types() -> None:
    """List the document types as NAME<TAB>TITLE."""
    for name, model in document_types().items():
        typer.echo(f"{name}\t{model.titles['zh_CN']}")


@app.command()
def schema(type_name: Annotated[str, typer.Argument(metavar="TYPE", callback=_type_name)]) -> None:
    """Print the JSON Schema of a document type."""
    sys.stdout.write(schema_text(get_type(type_name)))


@app.command()
def sample(
    type_name: Annotated[str, typer.Argument(metavar="TYPE", callback=_type_name)],
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write an empty sheet with column headers instead.")
    ] = None,
    locale: Annotated[str, typer.Option("--locale", "-l", help="Language of the sheet's headers.")] = "zh_CN",
) -> None:
    """Print a valid, commented sample YAML document for a type (or write an empty sheet to fill in)."""
    if xlsx is None:
        sys.stdout.write(commented_sample(get_type(type_name)))
        return
    write_empty_sheet(get_type(type_name), _choice(locale, LOCALES, "--locale"), xlsx)
    typer.echo(str(xlsx.absolute()))


@app.command()
def validate(
    ctx: typer.Context,
    type_name: Annotated[str, typer.Argument(metavar="TYPE", callback=_type_name)],
    data: Annotated[Path, typer.Argument(metavar="DATA", callback=_data_path)],
    sheet: SheetOption = None,
    group_by: GroupByOption = None,
) -> None:
    """Check a data file; print every problem as FILE[:row N]: field: message."""
    records = as_records(data, type_name, sheet=sheet, group_by=group_by)
    documents = validate_records(type_name, records, _settings(ctx))
    typer.echo(f"{data}: {len(documents)} valid {type_name} record(s)", err=True)


@app.command()
def render(
    ctx: typer.Context,
    type_name: Annotated[str, typer.Argument(metavar="TYPE", callback=_type_name)],
    data: Annotated[Path, typer.Argument(metavar="DATA", callback=_data_path)],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (exactly one record).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="docx, html or pdf.")] = "pdf",
    locale: Annotated[str | None, typer.Option("--locale", "-l", help="zh_CN, en_US or zh_TW.")] = None,
    templates: TemplatesOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Render one draft (marked 草稿 / DRAFT, without a number)."""
    _choice(fmt, FORMATS, "--format")
    if locale is not None:
        _choice(locale, LOCALES, "--locale")
    settings = _settings(ctx, templates=templates)
    written = render_to_file(type_name, data, fmt=fmt, locale=locale, output=output, force=force, settings=settings)
    typer.echo(str(written))


@app.command()
def derive(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="TARGET_TYPE", callback=_type_name)],
    source: Annotated[Path, typer.Option("--from", help="Data file of the document to derive from.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="YAML file to write.")],
    contract_number: Annotated[
        str | None, typer.Option("--contract-number", help="Number of the source contract, to cite.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Write TARGET_TYPE data prefilled from another document; fields still to fill are marked."""
    settings = _settings(ctx)
    source_name = source_type(target)
    [document] = validate_records(source_name, as_records(_data_path(source), source_name), settings)[:1]
    text = derive_yaml(target, document, contract_number)
    typer.echo(str(write_atomically(output, text.encode("utf-8"), force=force)))


@app.command()
def doctor(
    ctx: typer.Context,
    data: Annotated[
        list[Path] | None, typer.Argument(metavar="[DATA]...", help="Data files whose characters to check.")
    ] = None,
) -> None:
    """Check fonts, text-layout libraries, and show the configuration, templates and register in use."""
    files = [_data_path(path) for path in data or []]
    checks = run_checks(_settings(ctx), files)
    for check in checks:
        typer.echo(f"{'ok' if check.ok else 'FAIL':<5} {check.name:<16} {check.detail}")
    if not all(check.ok for check in checks):
        raise typer.Exit(1)


def main() -> None:
    app(prog_name="docgen")
