"""Reading a type's outline.yaml (found along the template search path, loaded and validated once per
version), and the clauses an issued document holds, as the register keeps them.

The flow loads the outline and hands it to render (render.outline numbers it), so
that render neither reads data files nor validates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import InvalidData
from .inputs import load_records
from .locale.clauses import ClauseSpec, Outline
from .problems import problems_from_validation_error
from .render.outline import LoadedOutline

OUTLINE_FILE = "outline.yaml"


def load_outline(type_name: str, search_path: Sequence[Path]) -> LoadedOutline | None:
    """The first outline.yaml for the type along the template search path, if any."""
    for root in search_path:
        path = root / type_name / OUTLINE_FILE
        if path.is_file():
            status = path.stat()
            return LoadedOutline(_read_outline(path, status.st_mtime_ns, status.st_size), f"{type_name}/{OUTLINE_FILE}")
    return None


@lru_cache(maxsize=64)
def _read_outline(path: Path, mtime_ns: int, size: int) -> Outline:
    """Read once per version of the file: the modification time and size are part of the key."""
    try:
        return Outline.model_validate(load_records(path)[0].data)
    except ValidationError as error:
        raise InvalidData(problems_from_validation_error(error, str(path))) from None


def clause_paths(outline: Outline) -> dict[str, str]:
    """Each clause's key → its dotted path from the top (fees.commission), in the outline's order."""
    paths: dict[str, str] = {}

    def walk(specs: Sequence[ClauseSpec], parent: str) -> None:
        for spec in specs:
            paths[spec.key] = f"{parent}{spec.key}"
            walk(spec.children, f"{parent}{spec.key}.")

    walk(outline.clauses, "")
    return paths


def signed_clauses(
    loaded: LoadedOutline | None, numbered: dict[str, dict[str, Any]], texts: dict[str, str]
) -> list[dict[str, str | None]]:
    """The clauses a document holds, in order: key (its path), number (its reference) and text as rendered.

    A clause whose condition is false is not in the document and not here; the text is None where the
    HTML template did not mark the clause (an office's own template).
    """
    if loaded is None:
        return []
    paths = clause_paths(loaded.outline)
    return [
        {"key": path, "number": numbered[key]["ref"], "text": texts.get(key)}
        for key, path in paths.items()
        if numbered.get(key, {}).get("on")
    ]
