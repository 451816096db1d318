"""Checks of the machine and the configuration: fonts, text-layout libraries and what is in use.

Each check says ok, or what is wrong and exactly what to install.
"""

from __future__ import annotations

import ctypes.util
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .errors import DocgenError, StoreError
from .registry import document_types, type_origin
from .render.templates import search_path
from .resources import bundled_templates, outside_templates, samples_dir
from .store import check_chain, register_status

DEBIAN_HINT = "on Debian/Ubuntu: apt-get install"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _library(name: str, soname: str, package: str, why: str) -> Check:
    found = ctypes.util.find_library(soname)
    if found:
        return Check(name, True, found)
    return Check(name, False, f"lib{soname} not found ({why}); {DEBIAN_HINT} {package}")


def characters_in(texts: Iterable[str]) -> set[str]:
    """Characters a font must draw: everything but ASCII, white space and controls."""
    return {
        char
        for text in texts
        for char in text
        if ord(char) > 0x7F and not char.isspace() and unicodedata.category(char)[0] != "C"
    }


def _fonts_covering(chars: Iterable[str]) -> list[str]:
    charset = " ".join(f"{ord(char):x}" for char in sorted(chars))
    result = subprocess.run(
        ["fc-list", f":charset={charset}", "family"], capture_output=True, text=True, check=False, timeout=60
    )
    return [line for line in result.stdout.splitlines() if line.strip()]


def font_coverage(chars: set[str]) -> Check:
    if shutil.which("fc-list") is None:
        return Check("fonts", False, f"fontconfig's fc-list not found; {DEBIAN_HINT} fontconfig fonts-noto-cjk")
    if not chars or _fonts_covering(chars):
        return Check("fonts", True, f"one installed font draws all {len(chars)} characters in use")
    missing = sorted(char for char in chars if not _fonts_covering([char]))
    if not missing:
        return Check("fonts", True, f"installed fonts together draw all {len(chars)} characters in use")
    shown = ", ".join(f"U+{ord(char):04X} {char}" for char in missing[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return Check(
        "fonts",
        False,
        f"no installed font draws {shown}{more}; {DEBIAN_HINT} fonts-noto-cjk "
        "(and fonts-hanazono for rare CJK characters, fonts-noto-color-emoji for emoji)",
    )


def _texts_in_use(extra: Iterable[Path]) -> list[str]:
    roots = (bundled_templates(), *outside_templates())
    files = [*samples_dir().glob("*.yaml"), *(path for root in roots for path in root.rglob("wording.*.yaml")), *extra]
    files += bundled_templates().rglob("*.html")
    return [path.read_text(encoding="utf-8", errors="replace") for path in files]


def register_check(database: str | None) -> Check:
    """Connect and read the schema version, changing nothing: a register listed as ok must be usable."""
    try:
        return Check("register", True, register_status(database))
    except StoreError as error:
        return Check("register", False, error.message)


def register_chain(database: str | None) -> Check:
    """The register's chain of events, verified; read only, so a missing or older register is left as it is."""
    try:
        report = check_chain(database)
    except DocgenError as error:
        return Check("chain", False, error.message)
    if report is None:
        return Check("chain", True, "no chained register yet: the next register command starts it")
    return Check("chain", True, f"{report.events} events verified")


def outside_type_checks() -> list[Check]:
    """One line per outside type in use, with where it comes from: type folders and packages are trusted code."""
    types = document_types()
    return [Check("outside type", True, f"{name}: {origin}") for name in types if (origin := type_origin(name))]


def run_checks(settings: Settings, data_files: Iterable[Path] = ()) -> list[Check]:
    templates = ", ".join(str(folder) for folder in search_path(settings.templates))
    return [
        Check("config", True, str(settings.source)),
        Check("templates", True, templates),
        *outside_type_checks(),
        register_check(settings.database),
        register_chain(settings.database),
        _library("pango", "pango-1.0", "libpango-1.0-0 libpangoft2-1.0-0", "WeasyPrint lays out text with it"),
        _library(
            "harfbuzz-subset", "harfbuzz-subset", "libharfbuzz-subset0", "without it every CJK PDF takes ~40x longer"
        ),
        font_coverage(characters_in(_texts_in_use(data_files))),
    ]
