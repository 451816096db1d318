"""Document types from outside the package: type folders, and installed packages in the entry point group docgen.types.

A type folder holds <type>.py (a DocumentModel subclass with its facts), templates/<type>/ and
samples/<type>.yaml. Its module is imported under the private name docgen.outside._<hex of the file's
path>, so that a fresh process (a render worker unpickling a document) imports it again by that name
through the finder below. A package's entry point names a module; the folder holding that module is its
type folder. Type folders are trusted code: config.py takes them only from a file the user chose.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

from .documents.base import DocumentModel
from .errors import ConfigError, DocgenError, Problem
from .files import write_atomically
from .resources import set_outside_folders

GROUP = "docgen.types"
_PRIVATE = f"{__name__}._"

# A module with __path__ is a package: its submodules, the type folders' modules, are found by _FolderFinder.
__path__: list[str] = []


@dataclass(frozen=True)
class Origin:
    """Where an outside type comes from, as doctor and error messages name it."""

    folder: Path  # holds templates/ and samples/
    module: str
    label: str  # "folder /path" or "package NAME (module)"


class _FolderFinder(importlib.abc.MetaPathFinder):
    """Finds docgen.outside._<hex> modules: the hex spells the file's path."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not fullname.startswith(_PRIVATE):
            return None
        try:
            file = bytes.fromhex(fullname.removeprefix(_PRIVATE)).decode("utf-8")
        except ValueError:
            return None
        return importlib.util.spec_from_file_location(fullname, file)


if not any(isinstance(finder, _FolderFinder) for finder in sys.meta_path):
    sys.meta_path.append(_FolderFinder())


def private_name(file: Path) -> str:
    return _PRIVATE + str(file.resolve()).encode("utf-8").hex()


# ---------------------------------------------------------------- which folders are in use

_IN_USE: list[tuple[Path, ...] | None] = [None]  # None: not set in this process yet


def use_type_folders(folders: Sequence[Path]) -> None:
    """The type folders of the configuration in force; with the packages' folders, where templates are looked up."""
    in_use = _IN_USE[0] = tuple(folder.resolve() for folder in folders)
    set_outside_folders([*in_use, *(origin.folder for origin in _package_origins())])


def keep_type_folders(folders: Sequence[Path]) -> None:
    """In a worker process, which starts with none: the folders of the settings it was handed."""
    if _IN_USE[0] != tuple(folder.resolve() for folder in folders):
        use_type_folders(folders)


def type_folders() -> tuple[Path, ...]:
    return _IN_USE[0] or ()


def outside_classes() -> list[tuple[type[DocumentModel], Origin]]:
    """Every outside type's class with its origin: the packages', then the type folders' in use."""
    if _IN_USE[0] is None:  # no configuration read in this process: the installed packages' types only
        use_type_folders([])
    return [*_package_classes(), *(found for folder in type_folders() for found in _folder_classes(folder))]


def outside_modules() -> tuple[str, ...]:
    """The prefixes of every outside type's module: the type folders' private names and the packages' modules."""
    return (_PRIVATE, *(origin.module for origin in _package_origins()))


def _types_in(module: ModuleType) -> list[type[DocumentModel]]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, DocumentModel)
        and "type_name" in value.__dict__
        and value.__module__ == module.__name__
    ]


def _import_failed(file: str, error: BaseException) -> ConfigError:
    where = f"line {error.lineno}: " if isinstance(error, SyntaxError) and error.lineno else ""
    return ConfigError(
        [
            Problem.worded(
                file,
                "",
                "cannot import the document type: {where}{kind}: {error}",
                where=where,
                kind=type(error).__name__,
                error=str(error),
            )
        ]
    )


# ---------------------------------------------------------------- type folders


@cache
def _folder_classes(folder: Path) -> list[tuple[type[DocumentModel], Origin]]:
    if not folder.is_dir():
        raise ConfigError([Problem(str(folder), "type_folders", "type folder not found")])
    found = []
    for file in sorted(folder.glob("*.py")):
        origin = Origin(folder, private_name(file), f"folder {folder}")
        found += [(cls, origin) for cls in _types_in(_import_file(file))]
    if not found:
        raise ConfigError([Problem(str(folder), "type_folders", "no document type here: expected <type>.py")])
    return found


def _import_file(file: Path) -> ModuleType:
    name = private_name(file)
    if name in sys.modules:  # a worker that unpickled a document imported it already
        return sys.modules[name]
    try:
        return importlib.import_module(name)
    except Exception as error:  # the office's code: any failure is its file's problem, not a traceback
        sys.modules.pop(name, None)
        raise _import_failed(str(file), error) from None


# ---------------------------------------------------------------- installed packages


@cache
def _package_origins() -> list[Origin]:
    origins = []
    for label, module_name in _entry_points():
        module = _import_module(module_name, label)
        origins.append(Origin(Path(str(module.__file__)).resolve().parent, module_name, label))
    return origins


def _package_classes() -> list[tuple[type[DocumentModel], Origin]]:
    return [(cls, origin) for origin in _package_origins() for cls in _types_in(sys.modules[origin.module])]


def _import_module(name: str, label: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as error:  # an installed package's code: name it rather than show a traceback
        raise _import_failed(label, error) from None


def _entry_points() -> list[tuple[str, str]]:
    """(label, module) of each entry point in docgen.types.

    Scanning the installed distributions costs tens of milliseconds a command, so the answer is kept in
    the cache folder, keyed by the modification time of every folder on sys.path: installing or removing
    a package changes its folder's, and the next command scans again.
    """
    key = [[entry, os.stat(entry).st_mtime_ns] for entry in sys.path if entry and os.path.isdir(entry)]
    file = _cache_file()
    try:
        kept = json.loads(file.read_text(encoding="utf-8"))
        if kept["key"] == key:
            return [(label, module) for label, module in kept["found"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found = _scan_entry_points()
    with contextlib.suppress(OSError, DocgenError):  # a cache that cannot be written is scanned again next time
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, json.dumps({"key": key, "found": found}).encode("utf-8"), force=True)
    return found


def _scan_entry_points() -> list[tuple[str, str]]:
    from importlib.metadata import entry_points

    found = []
    for point in entry_points(group=GROUP):
        package = point.dist.name if point.dist is not None else "?"
        module = point.value.split(":")[0].strip()
        found.append((f"package {package} ({module})", module))
    return sorted(found)


def _cache_file() -> Path:
    base = os.environ.get("DOCGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"), "docgen"
    )
    return Path(base) / "entry-points.json"
