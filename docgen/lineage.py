"""The chain of documents around one number, as the register keeps it: what it cites and what cites it.

Citations point back in time (issue refuses a later one), so a chain is a tree
from its first document down: a quotation, the contract citing it, then the
statements and the final report citing the contract. From any document the chain shows its ancestors up to the first
and every descendant. The register keeps each document's citations at its issue
(store/kept.py), so "what cites it" is a lookup; a document issued before the
register kept them cites nothing as far as the chain knows, and says so. A
number met twice (two paths to it, or a cycle in an edited register) is shown
once and then marked, so the walk always ends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .store import Clause, Entry, Register


@dataclass
class Node:
    """One document in the chain, and the documents citing it that the chain shows."""

    entry: Entry
    issue_date: str | None
    cites: tuple[tuple[str, str], ...] | None  # (field, number); None: issued before citations were kept
    clauses: int | None  # clauses kept; None: issued before outlines were kept (or not issued)
    focus: bool = False  # the document asked about
    repeated: bool = False  # shown already above: its branch is not repeated
    cited_by: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class Chain:
    focus: Node
    roots: list[Node]


def chain_of(register: Register, number: str, entity: str | None = None) -> Chain:
    """The chain around number: its roots, each with the branches that lead to number, and number's descendants."""
    walk = _Walk(register, register.resolve(number, entity))
    ancestors = walk.ancestors()
    focus = walk.node(walk.start, focus=True)
    walk.descend(focus, {walk.start.number})
    return Chain(focus, [walk.ascend(root, ancestors, focus) for root in walk.roots(ancestors)])


class _Walk:
    """Reads the register for one chain; every number it meets is read once."""

    def __init__(self, register: Register, start: Entry) -> None:
        self.register, self.start, self.entity = register, start, start.entity
        self.shown: set[str] = set()  # numbers placed in the tree above the start, each once

    def node(self, entry: Entry, *, focus: bool = False) -> Node:
        kept = self.register.kept(entry.entity, entry.number)
        issue_date = self.register.stored_data(entry.number, entry.entity)[1].get("issue_date")
        cites = None if kept is None else tuple((c.field, c.number) for c in kept.citations)
        clauses = None if kept is None else len(kept.clauses)
        return Node(entry, str(issue_date) if issue_date else None, cites, clauses, focus)

    def entry(self, number: str) -> Entry | None:
        return self.register.entry(self.entity, number)

    def cited(self, entry: Entry) -> list[Entry]:
        """The documents entry cites, as kept at its issue (none if it was issued before they were kept)."""
        kept = self.register.kept(entry.entity, entry.number)
        found = (self.entry(c.number) for c in (kept.citations if kept else ()))
        return sorted({e.number: e for e in found if e is not None}.values(), key=lambda e: e.number)

    def ancestors(self) -> dict[str, Entry]:
        """Every document the start cites, directly or not; each read once, so a cycle ends."""
        found: dict[str, Entry] = {}
        waiting = [self.start]
        while waiting:
            for parent in self.cited(waiting.pop()):
                if parent.number not in found and parent.number != self.start.number:
                    found[parent.number] = parent
                    waiting.append(parent)
        return found

    def roots(self, ancestors: dict[str, Entry]) -> list[Entry]:
        """The ancestors that cite none of the chain (the start itself when it cites nothing)."""
        chain = {**ancestors, self.start.number: self.start}
        tops = [e for e in ancestors.values() if not any(p.number in chain for p in self.cited(e))]
        return sorted(tops, key=lambda e: e.number) or [self.start]

    def ascend(self, entry: Entry, ancestors: dict[str, Entry], focus: Node) -> Node:
        """An ancestor with only the branches that lead down to the start."""
        if entry.number in self.shown:  # a second path to it: marked, not repeated
            return Node(entry, None, (), None, focus=entry.number == self.start.number, repeated=True)
        self.shown.add(entry.number)
        if entry.number == self.start.number:
            return focus
        node = self.node(entry)
        for number in sorted({number for number, _ in self.register.citing(self.entity, entry.number)}):
            child = ancestors.get(number) or (self.start if number == self.start.number else None)
            if child is not None:
                node.cited_by.append(self.ascend(child, ancestors, focus))
        return node

    def descend(self, node: Node, seen: set[str]) -> None:
        """Every document citing node's, recursively; a number seen before is marked, not followed again."""
        for number in sorted({number for number, _ in self.register.citing(self.entity, node.entry.number)}):
            entry = self.entry(number)
            if entry is None:
                continue
            child = self.node(entry, focus=number == self.start.number)
            node.cited_by.append(child)
            if number in seen:
                child.repeated = True
                continue
            seen.add(number)
            self.descend(child, seen)


# Showing it


def as_lines(chain: Chain) -> Iterator[str]:
    """The focus document's entry, then the chain as a tree; tab-separated, one document per line."""
    focus = chain.focus
    entry = focus.entry
    yield "\t".join(
        [entry.number, entry.type_name, _status(entry), focus.issue_date or "—", entry.entity, entry.entity_name]
    )
    if entry.issued_at:
        yield f"  issued by\t{entry.issued_by}\t{entry.issued_at}"
    if entry.voided_at:
        yield f"  voided by\t{entry.voided_by or ''}\t{entry.voided_at}"
    for item in entry.files:
        yield f"  file\t{item.format}\t{item.path}\t{item.sha256}"
    for name, number in focus.cites or ():
        yield f"  cites\t{name}\t{number}"
    for child in focus.cited_by:
        yield f"  cited by\t{child.entry.number}\t{child.entry.type_name}"
    yield f"  outline\t{_outline_note(focus)}"
    yield "chain"
    for root in chain.roots:
        yield from _branch(root, "", "")


def _branch(node: Node, lead: str, rest: str) -> Iterator[str]:
    yield lead + _node_line(node)
    if node.repeated:
        return
    for index, child in enumerate(node.cited_by):
        last = index == len(node.cited_by) - 1
        yield from _branch(child, rest + ("└─ " if last else "├─ "), rest + ("   " if last else "│  "))


def _node_line(node: Node) -> str:
    entry = node.entry
    parts = [entry.number, entry.type_name, _status(entry), node.issue_date or "—"]
    if node.focus:
        parts.append("(this document)")
    if node.repeated:
        parts.append("(shown above)")
    if node.cites is None:
        parts.append("(issued before the register kept citations: what it cites is not known)")
    return "\t".join(parts)


def _status(entry: Entry) -> str:
    return f"void: {entry.reason}" if entry.status == "void" else entry.status


def _outline_note(node: Node) -> str:
    if node.clauses is None:
        return NO_OUTLINE
    if node.clauses == 0:
        return "none: its type has no outline"
    return f"{node.clauses} clauses kept (register show {node.entry.number} --outline)"


NO_OUTLINE = "no outline stored: issued before the register kept outlines"


def outline_lines(clauses: tuple[Clause, ...] | None) -> Iterator[str]:
    """NUMBER<TAB>KEY<TAB>TEXT per clause; a text's further lines follow, indented by two tabs."""
    if clauses is None:
        yield NO_OUTLINE
        return
    for clause in clauses:
        text = (clause.text or "(text not kept: the template does not mark its clauses)").split("\n")
        yield f"{clause.reference}\t{clause.key}\t{text[0]}"
        yield from (f"\t\t{line}" for line in text[1:])


def as_json(chain: Chain, clauses: tuple[Clause, ...] | None = None, *, with_outline: bool = False) -> str:
    """The same as data: the focus number, the chain from its roots, and with_outline its clauses (null: none kept)."""
    data: dict[str, Any] = {"number": chain.focus.entry.number, "entity": chain.focus.entry.entity}
    data["chain"] = [_node_data(root) for root in chain.roots]
    if with_outline:
        data["outline"] = None if clauses is None else [_clause_data(clause) for clause in clauses]
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _node_data(node: Node) -> dict[str, Any]:
    entry = node.entry
    return {
        **{"number": entry.number, "type": entry.type_name, "status": entry.status, "reason": entry.reason},
        **{"issue_date": node.issue_date, "entity": entry.entity, "entity_name": entry.entity_name},
        "files": [{"format": f.format, "path": f.path, "sha256": f.sha256} for f in entry.files],
        "cites": None if node.cites is None else [{"field": name, "number": n} for name, n in node.cites],
        "clauses": node.clauses,
        **{"this": node.focus, "shown_above": node.repeated},
        "cited_by": [] if node.repeated else [_node_data(child) for child in node.cited_by],
    }


def _clause_data(clause: Clause) -> dict[str, Any]:
    return {"number": clause.reference, "key": clause.key, "text": clause.text}
