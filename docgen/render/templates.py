"""Finding a type's template: the office's folder first, then the bundled one, then the outside types' folders.

In each folder, in this order: a locale's own file (document.en_US.html); the
kit source (structure.yaml with wording.<locale>.yaml, each taken from the first
folder along the search path that has it, so an office may override one locale's
wording, or only the structure), built by docgen.kit; the generic file
(document.html). So an office that overrides only the generic Chinese wording
still gets the bundled English wording for en_US.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, TemplateFailure
from ..files import write_atomically
from ..kit.build import Source, built_docx, built_html
from ..kit.source import STRUCTURE_FILE, wording_file
from ..locale import LOCALES, Locale
from ..resources import bundled_templates, outside_templates
from . import Format

EXTENSIONS = {"docx": "docx", "html": "html", "pdf": "html"}
KIT_PREFIX = "kit:"  # Jinja names of built HTML templates: kit:<type>/<locale>


@dataclass(frozen=True)
class TemplateChoice:
    """Where a template was found and the folders it may draw on."""

    path: Path  # for a built HTML template, its wording file (the HTML lives in memory)
    name: str  # relative to its root, with "/" separators, as Jinja names it
    search_path: tuple[Path, ...]


def search_path(templates: Path | None) -> tuple[Path, ...]:
    """The office's folder, the bundled one, then each outside type's templates (docgen.outside sets them)."""
    bundled = bundled_templates().resolve()
    outside = tuple(folder.resolve() for folder in outside_templates())
    if templates is None or templates.resolve() == bundled:
        return (bundled, *outside)
    return (templates.resolve(), bundled, *outside)


def _candidates(type_name: str, fmt: Format, locale: Locale) -> list[str]:
    ext = EXTENSIONS[fmt]
    return [f"{type_name}/document.{locale}.{ext}", f"{type_name}/document.{ext}"]


def _inside(root: Path, name: str) -> Path:
    """The template's path, refused when its real path (symlinks followed) leaves the folder, as Jinja's loader does."""
    if not (root / name).resolve().is_relative_to(root.resolve()):
        raise TemplateFailure("{name} resolves outside the templates folder {root}", name=name, root=root)
    return root / name


def _has_source(root: Path, type_name: str, locale: str) -> bool:
    return any((root / type_name / name).is_file() for name in (STRUCTURE_FILE, wording_file(locale)))


def _first(folders: tuple[Path, ...], name: str) -> Path:
    for root in folders:
        if (root / name).is_file():
            return _inside(root, name)
    raise TemplateFailure("no {name} in {names}", name=name, names=", ".join(str(root) for root in folders))


def kit_source(type_name: str, locale: str, folders: tuple[Path, ...]) -> Source:
    """The type's structure and this locale's wording, each the first found along the search path."""
    structure = _first(folders, f"{type_name}/{STRUCTURE_FILE}")
    return Source(type_name, locale, structure, _first(folders, f"{type_name}/{wording_file(locale)}"))


def kit_name(type_name: str, locale: str) -> str:
    return f"{KIT_PREFIX}{type_name}/{locale}"


def _built(type_name: str, fmt: str, locale: str, folders: tuple[Path, ...]) -> TemplateChoice:
    source = kit_source(type_name, locale, folders)
    if fmt == "docx":
        return TemplateChoice(built_docx(source), f"{type_name}/document.{locale}.docx", folders)
    built_html(source)  # builds now, so a mistake in the source shows before any rendering
    return TemplateChoice(source.wording, kit_name(type_name, locale), folders)


def _refuse_word_only(root: Path, type_name: str, locale: str) -> None:
    """An office folder with its own Word template, but nothing to make HTML from, has no PDF counterpart:
    falling back to the bundled wording would print a document that says something else than the Word one."""
    words = [root / type_name / name for name in (f"document.{locale}.docx", "document.docx")]
    if root != bundled_templates().resolve() and any(path.is_file() for path in words):
        word = next(path for path in words if path.is_file())
        raise TemplateFailure(
            "{word}: the office's Word template has no PDF or HTML counterpart in {locale}, and docgen will not print the bundled wording instead; to make one, run `docgen template copy {type_name} NEW_DIR`, edit its wording to match and move those files next to the Word file (named document.{locale}.docx, so that it still wins for DOCX)",
            word=word,
            locale=locale,
            type_name=type_name,
        )


def find_template(type_name: str, fmt: Format, locale: Locale, templates: Path | None) -> TemplateChoice:
    folders = search_path(templates)
    own, generic = _candidates(type_name, fmt, locale)
    for root in folders:
        if (root / own).is_file():
            return TemplateChoice(_inside(root, own), own, folders)
        if _has_source(root, type_name, locale):
            return _built(type_name, fmt, locale, folders)
        if (root / generic).is_file():
            return TemplateChoice(_inside(root, generic), generic, folders)
        if fmt != "docx":
            _refuse_word_only(root, type_name, locale)
    looked = ", ".join(str(root / name) for root in folders for name in (own, f"{type_name}/{STRUCTURE_FILE}", generic))
    raise TemplateFailure(
        "no {fmt} template for {type_name} in {locale}; looked for {looked}",
        fmt=fmt,
        type_name=type_name,
        locale=locale,
        looked=looked,
    )


def has_kit_source(type_name: str, templates: Path | None) -> bool:
    return any((root / type_name / STRUCTURE_FILE).is_file() for root in search_path(templates))


def write_built(type_name: str, templates: Path | None, output_dir: Path) -> list[Path]:
    """The type's templates built from its source, every locale, written as OUTPUT_DIR/TYPE/document.LOCALE.EXT."""
    folders = search_path(templates)
    if not has_kit_source(type_name, templates):
        where = ", ".join(str(root / type_name) for root in folders)
        raise TemplateFailure(
            "{type_name}: no {structure_file} in {where}; its templates are not built from a source",
            type_name=type_name,
            structure_file=STRUCTURE_FILE,
            where=where,
        )
    folder = output_dir / type_name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            "{folder}: cannot create the folder: {reason}", folder=folder, reason=error.strerror or error
        ) from None
    written = []
    for locale in LOCALES:
        source = kit_source(type_name, locale, folders)
        docx = built_docx(source).read_bytes()
        written.append(write_atomically(folder / f"document.{locale}.docx", docx, force=True))
        html = built_html(source).encode("utf-8")
        written.append(write_atomically(folder / f"document.{locale}.html", html, force=True))
    return written


def build_ahead(type_name: str, formats: Sequence[Format], locale: Locale, templates: Path | None) -> None:
    """Build the type's templates from their source now, in this process, before workers start: they then only
    find them in the cache. A mistake in the source is left for each document's rendering to report, as before."""
    for fmt in formats:
        with contextlib.suppress(TemplateFailure):
            find_template(type_name, fmt, locale, templates)
