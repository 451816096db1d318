"""Finding a type's template: the office's folder first, then the bundled one.

Within each folder a locale variant (document.en_US.html) wins over the
generic file (document.html), so an office that overrides only the generic
Chinese wording still gets the bundled English wording for en_US.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateFailure
from ..locale import Locale
from ..resources import bundled_templates
from . import Format

EXTENSIONS = {"docx": "docx", "html": "html", "pdf": "html"}


@dataclass(frozen=True)
class TemplateChoice:
    """Where a template was found and the folders it may draw on."""

    path: Path
    name: str  # relative to its root, with "/" separators, as Jinja names it
    search_path: tuple[Path, ...]


def search_path(templates: Path | None) -> tuple[Path, ...]:
    bundled = bundled_templates().resolve()
    if templates is None or templates.resolve() == bundled:
        return (bundled,)
    return (templates.resolve(), bundled)


def _candidates(type_name: str, fmt: Format, locale: Locale) -> list[str]:
    ext = EXTENSIONS[fmt]
    return [f"{type_name}/document.{locale}.{ext}", f"{type_name}/document.{ext}"]


def _inside(root: Path, name: str) -> Path:
    """The template's path, refused when its real path (symlinks followed) leaves the folder, as Jinja's loader does."""
    if not (root / name).resolve().is_relative_to(root.resolve()):
        raise TemplateFailure(f"{name} resolves outside the templates folder {root}")
    return root / name


def find_template(type_name: str, fmt: Format, locale: Locale, templates: Path | None) -> TemplateChoice:
    folders = search_path(templates)
    for root in folders:
        for name in _candidates(type_name, fmt, locale):
            if (root / name).is_file():
                return TemplateChoice(_inside(root, name), name, folders)
    looked = ", ".join(str(root / name) for root in folders for name in _candidates(type_name, fmt, locale))
    raise TemplateFailure(f"no {fmt} template for {type_name} in {locale}; looked for {looked}")
