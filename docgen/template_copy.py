"""An office's copy of a type's bundled templates: writing it, and what changed in the bundled ones since.

`copy_type` writes the type's editable files (whatever the bundled folder holds:
structure.yaml and wording.<locale>.yaml, or document*.html/.docx, plus
fields.<locale>.yaml and outline.yaml) into DIR/TYPE/, and records the copy in
DIR/TYPE/.docgen-copy.toml: docgen's version and the SHA-256 of each bundled file
as copied. The text files as copied are also kept in DIR/TYPE/.docgen-copy/, so
that `bundled_changes` can show a bundled fix as a diff from what the office
started from, not from what the office has since edited.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .errors import OutputError, TemplateFailure
from .files import write_atomically
from .resources import bundled_templates

RECORD = ".docgen-copy.toml"
ORIGINALS = ".docgen-copy"  # the bundled text files as they were copied
PATTERNS = ("structure.yaml", "wording.*.yaml", "fields.*.yaml", "outline.yaml", "document*.html", "document*.docx")
TEXT_SUFFIXES = (".yaml", ".html")


def docgen_version() -> str:
    try:
        return version("docgen")
    except PackageNotFoundError:  # a checkout that is not installed
        return "unknown"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def editable_files(type_name: str) -> list[Path]:
    """The bundled files of the type that an office may own, by what the folder holds."""
    folder = bundled_templates() / type_name
    found = {path for pattern in PATTERNS for path in folder.glob(pattern) if path.is_file()}
    return sorted(found)


def _target(root: Path, type_name: str, name: str) -> Path:
    """DIR/TYPE/name, refused when its real path (symlinks followed) leaves DIR."""
    path = root / type_name / name
    if not path.resolve().is_relative_to(root.resolve()):
        raise OutputError(
            "{path}: resolves outside {root}; docgen writes only inside the folder it was given", path=path, root=root
        )
    return path


def _record_text(type_name: str, hashes: dict[str, str]) -> str:
    lines = [
        "# Written by `docgen template copy`: where this copy came from, read by `docgen template diff`.",
        f"type = {json.dumps(type_name)}",
        f"docgen_version = {json.dumps(docgen_version())}",
        "",
        "[files]  # the SHA-256 of each bundled file when it was copied",
        *(f"{json.dumps(name)} = {json.dumps(digest)}" for name, digest in sorted(hashes.items())),
    ]
    return "\n".join(lines) + "\n"


def copy_type(type_name: str, root: Path, *, force: bool = False) -> list[Path]:
    """Write the type's editable files into ROOT/TYPE/ and the record of the copy; the paths written."""
    sources = editable_files(type_name)
    if not sources:
        raise TemplateFailure("{type_name}: no bundled templates to copy", type_name=type_name)
    if not root.is_dir():
        raise OutputError("{root}: folder not found", root=root)
    targets = [_target(root, type_name, source.name) for source in sources]
    existing = [str(path) for path in targets if path.exists()]
    if existing and not force:
        raise OutputError("{names}: file exists; use --force to replace it", names=", ".join(existing))
    for folder in (_target(root, type_name, ""), _target(root, type_name, ORIGINALS)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                "{folder}: cannot create the folder: {reason}", folder=folder, reason=error.strerror or error
            ) from None
    written = [write_atomically(t, s.read_bytes(), force=force) for s, t in zip(sources, targets, strict=True)]
    for source in sources:
        if source.suffix in TEXT_SUFFIXES:
            write_atomically(_target(root, type_name, f"{ORIGINALS}/{source.name}"), source.read_bytes(), force=True)
    hashes = {source.name: sha256(source) for source in sources}
    record = _target(root, type_name, RECORD)
    write_atomically(record, _record_text(type_name, hashes).encode("utf-8"), force=True)
    return [*written, record]


@dataclass(frozen=True)
class Change:
    """One bundled file that is not as it was when the office copied it."""

    type_name: str
    name: str
    what: str  # "changed", "added" or "removed"
    diff: str  # a unified diff, empty for a binary file or when there is nothing to compare


def _read_record(path: Path) -> dict[str, str]:
    try:
        files = tomllib.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TemplateFailure("{path}: not a record of a copy: {detail}", path=path, detail=error) from None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise TemplateFailure("{path}: [files] should map each file's name to its SHA-256", path=path)
    return files


def _unified(old: Path, new: Path, old_label: str, new_label: str) -> str:
    before = old.read_text(encoding="utf-8").splitlines(keepends=True) if old.is_file() else []
    after = new.read_text(encoding="utf-8").splitlines(keepends=True) if new.is_file() else []
    return "".join(difflib.unified_diff(before, after, old_label, new_label))


def _change(folder: Path, type_name: str, name: str, recorded: str | None) -> Change | None:
    bundled = bundled_templates() / type_name / name
    if recorded is None:
        what = "added"
    elif not bundled.is_file():
        what = "removed"
    elif sha256(bundled) != recorded:
        what = "changed"
    else:
        return None
    if Path(name).suffix not in TEXT_SUFFIXES:
        return Change(type_name, name, what, "")
    original = folder / ORIGINALS / name
    # Without the original as copied, compare with the office's own file: the best there is.
    base = original if original.is_file() else folder / name
    label = "as copied" if original.is_file() else "office's copy"
    return Change(
        type_name, name, what, _unified(base, bundled, f"{type_name}/{name} ({label})", f"{name} (bundled now)")
    )


def bundled_changes(root: Path) -> list[Change]:
    """For each type copied into ROOT (a folder with a record), the bundled files changed since the copy."""
    changes = []
    for record in sorted(root.glob(f"*/{RECORD}")):
        folder, type_name = record.parent, record.parent.name
        recorded = _read_record(record)
        now = {path.name for path in editable_files(type_name)}
        for name in sorted(set(recorded) | now):
            change = _change(folder, type_name, name, recorded.get(name))
            if change:
                changes.append(change)
    return changes


def copied_types(root: Path) -> list[str]:
    return sorted(record.parent.name for record in root.glob(f"*/{RECORD}"))
