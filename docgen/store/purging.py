"""Removing personal fields from the data the register keeps (个人信息保护法 Art. 19: kept no longer than needed).

The register stores each document's validated data as canonical JSON. A purge
takes given field paths out of it and leaves everything else: the number, the
type, the dates and the hashes of the files issued, so a file still verifies.
The chain digested the data at reserve; a purge event carries the new digest,
so check accepts the purged data and still catches any other edit.

The kept clauses' text goes too: an offer's clauses repeat its pay figure by
figure. Their keys and numbers stay; the event carries the outline's new digest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import kept
from .backend import Connection


@dataclass(frozen=True)
class Purged:
    entity: str
    number: str
    type_name: str
    fields: tuple[str, ...]  # the paths removed, as the type declares them


def canonical_data(data: Any) -> str:
    """The same canonical form issue stores (issuing.canonical_json), so a purged row reads like any other."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _remove(data: dict[str, Any], path: str) -> bool:
    """Take the dotted path out of data; whether there was a value there to take."""
    *parents, last = path.split(".")
    node: Any = data
    for name in parents:
        node = node.get(name) if isinstance(node, dict) else None
    if not isinstance(node, dict) or node.get(last) is None:
        return False
    del node[last]
    return True


def without(data: str, paths: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The stored data with the paths taken out, and those that held a value."""
    loaded = json.loads(data)
    removed = tuple(path for path in paths if _remove(loaded, path))
    return canonical_data(loaded), removed


def candidates(db: Connection, fields: Mapping[str, tuple[str, ...]], before: str) -> list[tuple[str, ...]]:
    """(entity, number, entity_name, type, data) of every row of those types reserved before the date (ISO)."""
    if not fields:
        return []
    marks = ", ".join("?" for _ in fields)
    return db.query(
        "SELECT entity, number, entity_name, type, data FROM docgen_documents "
        f"WHERE type IN ({marks}) AND reserved_at < ? ORDER BY entity, number",
        (*sorted(fields), before),
    )


def forget_clause_texts(db: Connection, entity: str, number: str) -> str | None:
    """Clear the text of the document's kept clauses; the outline's new digest, or None when it kept none."""
    if not db.change("UPDATE docgen_clauses SET text = NULL WHERE entity = ? AND number = ?", (entity, number)):
        return None
    found = kept.read(db, entity, number)
    if found is None:  # clauses without a kept digest: edited by hand, left for check to name
        return None
    digest = found.digest()
    db.change(
        "UPDATE docgen_documents SET outline_sha256 = ? WHERE entity = ? AND number = ?", (digest, entity, number)
    )
    return digest
