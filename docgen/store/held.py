"""Held keys: values an issued document holds alone in a key space (an invoice claimed, an expense item billed).

A document's keys are inserted in the transaction that marks it issued, and
deleted in the one that voids it, so only documents that stand hold keys. A
unique index on (entity, space, key) is what keeps two documents issued at the
same moment from both holding a key; holders() lets issuing refuse earlier,
before a number is taken, in the common case.

The keys stay outside the chain: each is a function of the document's data,
which the reserve event digests, and of its status, which the issue and void
events record; `register check` vouches for both, so the keys need no digest of
their own, and a key deleted on void would only have to be digested back out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import KeyHeld
from .backend import Connection, DuplicateKey


@dataclass(frozen=True)
class HeldKey:
    """One key a document holds: the field it is in, its key space and the key."""

    field: str
    space: str
    key: str


class KeyTaken(Exception):
    """Inside the issuing transaction: another document took the key first; the transaction rolls back."""

    def __init__(self, held: HeldKey) -> None:
        super().__init__(held.key)
        self.held = held


def refusal(held: HeldKey, number: str) -> KeyHeld:
    """The refusal naming the field, the key and the document that already holds it."""
    return KeyHeld(
        "{field}: {key} ({space}) is already held by {number}",
        field=held.field,
        key=held.key,
        space=held.space,
        number=number,
    )


def refuse_repeats(keys: Sequence[HeldKey]) -> None:
    """KeyHeld when the document itself holds a key twice, naming both fields."""
    first: dict[tuple[str, str], HeldKey] = {}
    for held in keys:
        earlier = first.setdefault((held.space, held.key), held)
        if earlier is not held:
            raise KeyHeld(
                "{field}: {key} ({space}) is also held by {other} of this document",
                field=held.field,
                key=held.key,
                space=held.space,
                other=earlier.field,
            )


def holders(db: Connection, entity: str, keys: Sequence[HeldKey], request_key: str) -> list[tuple[HeldKey, str]]:
    """Each key already held by another document of the company (not an issue of this very request), with its
    holder's number."""
    found = []
    for held in keys:
        rows = db.query(
            "SELECT h.number FROM docgen_held_keys h JOIN docgen_documents d "
            "ON d.entity = h.entity AND d.number = h.number "
            "WHERE h.entity = ? AND h.space = ? AND h.held_key = ? AND d.request_key <> ?",
            (entity, held.space, held.key, request_key),
        )
        found += [(held, str(number)) for (number,) in rows]
    return found


def holder(db: Connection, entity: str, held: HeldKey) -> str | None:
    """The number of the document holding the key, if any does."""
    rows = db.query(
        "SELECT number FROM docgen_held_keys WHERE entity = ? AND space = ? AND held_key = ?",
        (entity, held.space, held.key),
    )
    return str(rows[0][0]) if rows else None


def hold(db: Connection, entity: str, number: str, keys: Sequence[HeldKey]) -> None:
    """Inside the issuing transaction: the document's keys; KeyTaken when the unique index finds one held."""
    refuse_repeats(keys)
    for held in keys:
        try:
            db.change(
                "INSERT INTO docgen_held_keys (entity, space, held_key, number, field) VALUES (?, ?, ?, ?, ?)",
                (entity, held.space, held.key, number, held.field),
            )
        except DuplicateKey:
            raise KeyTaken(held) from None


def release(db: Connection, entity: str, number: str) -> None:
    """Inside the voiding transaction: a void document holds nothing."""
    db.change("DELETE FROM docgen_held_keys WHERE entity = ? AND number = ?", (entity, number))
