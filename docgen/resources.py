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


# The folders of the outside types in use (type folders, installed packages' folders), each holding templates/
# and samples/ as the bundled data does. docgen.outside sets them; templates and samples are looked up here too.
_OUTSIDE: list[Path] = []


def set_outside_folders(folders: list[Path]) -> None:
    _OUTSIDE[:] = folders


def outside_folders() -> tuple[Path, ...]:
    return tuple(_OUTSIDE)


def outside_templates() -> tuple[Path, ...]:
    """Each outside type's templates folder: searched after the bundled one, as their type names differ from it."""
    return tuple(folder / "templates" for folder in _OUTSIDE if (folder / "templates").is_dir())


def sample_file(type_name: str) -> Path:
    """The type's sample: bundled, else in the outside folder that holds it."""
    for folder in (samples_dir(), *(outside / "samples" for outside in _OUTSIDE)):
        if (folder / f"{type_name}.yaml").is_file():
            return folder / f"{type_name}.yaml"
    return samples_dir() / f"{type_name}.yaml"
