"""Writing files atomically: a temporary file beside the target, then a rename; every output goes through here.

A failure at any point leaves either the old file or no file, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError
from .interrupts import ctrl_c_held


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_temporary(folder: Path, write: Callable[[BinaryIO], object]) -> Path:
    # Not named after the target: a name near the 255-byte limit would not fit with a suffix.
    handle, name = tempfile.mkstemp(prefix=".docgen-", suffix=".part", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            # mkstemp makes the file private (0600); a document gets the permissions any new file gets.
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:  # a failed or interrupted write (Ctrl-C) leaves no part file behind
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Write data to path; refuse to replace an existing file unless force is set."""
    return write_atomically_with(path, lambda stream: stream.write(data), force=force)


def write_atomically_with(path: Path, write: Callable[[BinaryIO], object], *, force: bool = False) -> Path:
    """What write(stream) writes, to path, with write_atomically's guarantees; for output too big to hold.

    An error raised by write leaves no file behind; an OSError is reported as one writing path.
    """
    path = path.absolute()
    if not path.parent.is_dir():
        raise OutputError("{path}: output folder does not exist", path=path)
    if path.exists() and not path.is_file():
        # A device, folder or pipe is never an output: --force must not replace /dev/null.
        raise OutputError("{path}: not a regular file; docgen writes only regular files", path=path)
    if path.exists() and not force:
        raise OutputError("{path}: file exists; use --force to replace it", path=path)
    with ctrl_c_held() as caught:
        try:
            temporary = _write_temporary(path.parent, write)
        except OSError as error:
            raise OutputError("{path}: cannot write: {reason}", path=path, reason=error.strerror or error) from None
        try:
            if caught:  # Ctrl-C while writing: publish nothing
                raise KeyboardInterrupt
            _publish(temporary, path, force)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    if caught:
        raise WrittenThenInterrupted(path)
    return path


class WrittenThenInterrupted(KeyboardInterrupt):
    """Ctrl-C came while a file was being put in place: it is whole, at path, and the caller should know."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _publish(temporary: Path, path: Path, force: bool) -> None:
    try:
        if force:
            os.replace(temporary, path)
        else:
            _link_without_clobbering(temporary, path)
    except FileExistsError:
        raise OutputError("{path}: file exists; use --force to replace it", path=path) from None
    except OSError as error:
        raise OutputError("{path}: cannot write: {reason}", path=path, reason=error.strerror or error) from None


def _link_without_clobbering(temporary: Path, path: Path) -> None:
    # link() fails if the target appeared meanwhile, where replace() would clobber it.
    try:
        os.link(temporary, path)
    except (PermissionError, NotImplementedError):
        # Some file systems have no hard links; fall back to a checked rename.
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
