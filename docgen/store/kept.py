"""What the register keeps of an issued document besides its data: its numbered clauses and its citations.

Both are written in the transaction that marks the document issued, and the
issue event carries their digest, so the chain vouches for them as for the
files' hashes. The document's row notes the digest too (outline_sha256): a row
without it was issued before the register kept outlines (schema version 3).
A type without an outline keeps no clauses; its citations are kept all the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from .backend import Connection


@dataclass(frozen=True)
class Clause:
    """One clause as issued: its path in the outline (fees.commission), its number and its text."""

    key: str
    reference: str  # the generated number, as the document cites it: 第三条第（二）项, Section 3.2
    text: str | None  # None: the template did not mark the clause, so its text could not be read


@dataclass(frozen=True)
class Citation:
    """A number the document cites, and the field that holds it."""

    field: str
    number: str


@dataclass(frozen=True)
class Kept:
    """Everything kept at issue besides the files; the same value the issue event's digest covers."""

    clauses: tuple[Clause, ...] = ()
    citations: tuple[Citation, ...] = field(default=())

    def digest(self) -> str:
        return digest_of(
            [(c.key, c.reference, c.text) for c in self.clauses], [(c.field, c.number) for c in self.citations]
        )


def digest_of(clauses: Sequence[tuple[str, str, str | None]], citations: Sequence[tuple[str, str]]) -> str:
    """SHA-256 of the clauses in order and the citations in any order (canonical JSON)."""
    body = {"clauses": [list(clause) for clause in clauses], "citations": sorted(list(c) for c in citations)}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write(db: Connection, entity: str, number: str, kept: Kept) -> None:
    """Inside the issuing transaction: the clauses, the citations and the digest on the document's row."""
    for position, clause in enumerate(kept.clauses, 1):
        db.change(
            "INSERT INTO docgen_clauses (entity, number, position, clause_key, reference, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (entity, number, position, clause.key, clause.reference, clause.text),
        )
    for citation in kept.citations:
        db.change(
            "INSERT INTO docgen_citations (entity, number, field, cited) VALUES (?, ?, ?, ?)",
            (entity, number, citation.field, citation.number),
        )
    db.change(
        "UPDATE docgen_documents SET outline_sha256 = ? WHERE entity = ? AND number = ?",
        (kept.digest(), entity, number),
    )


def read(db: Connection, entity: str, number: str) -> Kept | None:
    """What was kept at the document's issue; None when it was issued before the register kept it (or not yet)."""
    [(digest,)] = db.query(
        "SELECT outline_sha256 FROM docgen_documents WHERE entity = ? AND number = ?", (entity, number)
    )
    if digest is None:
        return None
    clauses = db.query(
        "SELECT clause_key, reference, text FROM docgen_clauses WHERE entity = ? AND number = ? ORDER BY position",
        (entity, number),
    )
    citations = db.query(
        "SELECT field, cited FROM docgen_citations WHERE entity = ? AND number = ? ORDER BY field, cited",
        (entity, number),
    )
    return Kept(tuple(Clause(*row) for row in clauses), tuple(Citation(*row) for row in citations))


def citing(db: Connection, entity: str, number: str) -> list[tuple[str, str]]:
    """(citing number, field) for every document of the company that cites number: a lookup by index."""
    rows = db.query(
        "SELECT number, field FROM docgen_citations WHERE entity = ? AND cited = ? ORDER BY number, field",
        (entity, number),
    )
    return [(str(found), str(name)) for found, name in rows]


def stored_digests(db: Connection) -> dict[tuple[str, str], str]:
    """Each document's kept clauses and citations digested from the rows, in chain.stored_state's terms.

    A document has a digest when its row says it kept them, or when rows of them exist at all (added by hand).
    """
    clauses: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    citations: dict[tuple[str, str], list[tuple[str, str]]] = {}
    kept = {(e, n) for e, n in db.query("SELECT entity, number FROM docgen_documents WHERE outline_sha256 IS NOT NULL")}
    for entity, number, key, reference, text in db.query(
        "SELECT entity, number, clause_key, reference, text FROM docgen_clauses ORDER BY entity, number, position"
    ):
        clauses.setdefault((entity, number), []).append((key, reference, text))
    for entity, number, name, cited in db.query("SELECT entity, number, field, cited FROM docgen_citations"):
        citations.setdefault((entity, number), []).append((name, cited))
    documents = kept | clauses.keys() | citations.keys()
    return {where: digest_of(clauses.get(where, []), citations.get(where, [])) for where in documents}
