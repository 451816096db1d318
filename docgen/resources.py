"""Where the bundled templates, samples and schemas live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    """The folder holding templates/, samples/ and schemas/.

    A wheel carries them inside the package as _data/; a checkout (and an
    editable install) keeps them at the repository's top level.
    """
    packaged = _PACKAGE / "_data"
    return packaged if packaged.is_dir() else _PACKAGE.parent


def bundled_templates() -> Path:
    return data_root() / "templates"


def samples_dir() -> Path:
    return data_root() / "samples"


def schemas_dir() -> Path:
    return data_root() / "schemas"
