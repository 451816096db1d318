"""The bundled template files of a type, built from its source where it has one (what they read: docgen.template_vars)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from docgen.render.templates import has_kit_source, write_built
from docgen.resources import bundled_templates


@cache
def _built_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="docgen-built-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def bundled_template_files(type_name: str) -> list[Path]:
    """The type's bundled template files: the explicit ones, and those docgen.kit builds from its source."""
    folder = bundled_templates() / type_name
    if has_kit_source(type_name, None):
        folder = _built_folder() / type_name
        if not folder.is_dir():
            write_built(type_name, None, _built_folder())
    return sorted(folder.glob("document*.html")) + sorted(folder.glob("document*.docx"))
