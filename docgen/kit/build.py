"""Building one locale's templates from a kit source, once per version of it, into a cache folder.

A build is identified by the SHA-256 of everything that goes into it: the
structure, the wording and the kit's own code. The DOCX goes to
`<cache>/kit/<type>.<locale>.<hash>.docx` (and .html) (cache: DOCGEN_CACHE, else
$XDG_CACHE_HOME/docgen, else ~/.cache/docgen), written to a temporary file and
renamed, so two processes building at once each publish a whole file, and a file
once there never changes: the prepared-DOCX cache can key on its path. Batches
build in the parent before the workers start, so workers only find the file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import TemplateFailure
from .html_writer import to_html
from .source import build_document

_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Source:
    """Where one locale's source was found: the structure and the wording, each the first along the search path."""

    type_name: str
    locale: str
    structure: Path
    wording: Path

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """What changes when either file does: its path, modification time and size."""
        statuses = ((str(path), path.stat()) for path in (self.structure, self.wording))
        return tuple((name, status.st_mtime_ns, status.st_size) for name, status in statuses)


def cache_folder() -> Path:
    if os.environ.get("DOCGEN_CACHE"):
        return Path(os.environ["DOCGEN_CACHE"]) / "kit"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen" / "kit"


@lru_cache(maxsize=1)
def kit_version() -> str:
    """The hash of the kit's code: a change to a writer builds every template again."""
    digest = hashlib.sha256()
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def source_hash(source: Source) -> str:
    digest = hashlib.sha256(kit_version().encode())
    for path in (source.structure, source.wording):
        digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()


def built_html(source: Source) -> str:
    """The HTML template's text, built (or read from the cache) once per version of the source files."""
    return _html(source, source.stamp(), cache_folder())


@lru_cache(maxsize=64)
def _html(source: Source, stamp: tuple[tuple[str, int, int], ...], folder: Path) -> str:
    path = _built_path(source, stamp, folder, "html")
    if not path.is_file():
        _publish(path, to_html(build_document(source.structure, source.wording)).encode("utf-8"))
    return path.read_text(encoding="utf-8")


def built_docx(source: Source) -> Path:
    """The DOCX template's path in the cache, built there first if it is not there yet."""
    path = _built_path(source, source.stamp(), cache_folder(), "docx")
    if not path.is_file():
        from .docx_writer import to_docx  # python-docx loads only when a DOCX template is built

        _publish(path, to_docx(build_document(source.structure, source.wording), source.locale))
    return path


@lru_cache(maxsize=128)
def _built_path(source: Source, stamp: tuple[tuple[str, int, int], ...], folder: Path, ext: str) -> Path:
    # Hashing reads both files: done once per version of them, not once per document.
    return folder / f"{source.type_name}.{source.locale}.{source_hash(source)[:32]}.{ext}"


def _publish(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=path.suffix)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise TemplateFailure(
            "{path}: cannot write the built template: {reason}", path=path, reason=error.strerror or error
        ) from None
