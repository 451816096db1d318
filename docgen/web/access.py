"""What the signed-in user may do: every route declares its need with needs(...), checked on the server.

A route's need is one FastAPI dependency, needs(ACTION), in its `dependencies`:
- draft, issue, void, read: a route about a type ({type_name} or {type} in its path) answers a type the role may
  not act on as an unknown type (404). A route about a number looks the number up through Access.sees, so a
  number the user may not see is answered exactly as a number the register does not hold;
- OPEN: any signed-in user (the home page, verify, sign-out, the API's description); what they show is narrowed.
tests/test_roles.py walks every route and fails on one that declares no need. Without accounts (one person's
app) the Access allows everything, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from fastapi import Depends, HTTPException, Request
from fastapi.params import Depends as DependsParam

from ..lineage import Chain, Node
from ..registry import document_types
from ..roles import ACTIONS, Grants, grants_for
from ..store import Entry, Selection

OPEN = "open"
NEEDS = (*ACTIONS, OPEN)


@dataclass(frozen=True)
class Access:
    """The signed-in user and their role's grants; grants None: no accounts, everything allowed."""

    user: str | None = None
    grants: Grants | None = None

    def may(self, action: str, type_name: str) -> bool:
        """Whether the role may act so on the type; read also covers what the role issues or voids."""
        if self.grants is None:
            return True
        return type_name in self.grants.readable() if action == "read" else self.grants.may(action, type_name)

    def sees(self, entry: Entry) -> bool:
        """Whether the user may see this register entry at all: its type, and whose it is."""
        if self.grants is None:
            return True
        mine = self.grants.see_others or entry.issued_by == self.user
        return self.may("read", entry.type_name) and mine

    def narrow(self, selection: Selection) -> Selection:
        """The selection limited, in SQL, to the entries the user may see."""
        if self.grants is None:
            return selection
        issued_by = None if self.grants.see_others else self.user or ""
        return replace(selection, types=self.grants.readable(), issued_by=issued_by)

    def prune(self, chain: Chain) -> Chain:
        """The chain without the documents the user may not see: a hidden document's visible citers take its
        place, and a citation of a hidden number is left out, so the page names no number it would refuse."""
        if self.grants is None:
            return chain
        roots = self._pruned(chain.roots)
        shown = {node.entry.number for node in _nodes(roots)}
        hidden = {node.entry.number for node in _nodes(chain.roots)} - shown
        for node in _nodes(roots):
            if node.cites is not None:
                node.cites = tuple((name, number) for name, number in node.cites if number not in hidden)
        focus = next((node for node in _nodes(roots) if node.focus and not node.repeated), chain.focus)
        return Chain(focus, roots)

    def _pruned(self, nodes: list[Node]) -> list[Node]:
        kept: list[Node] = []
        for node in nodes:
            citers = self._pruned(node.cited_by)
            if node.focus or self.sees(node.entry):
                kept.append(replace(node, cited_by=citers))
            else:
                kept += citers
        return kept

    def types(self, action: str) -> list[str]:
        """The types the user may act on so, in the registry's order (what the pages offer)."""
        return [name for name in document_types() if self.may(action, name)]


def _nodes(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from _nodes(node.cited_by)


def access_of(request: Request) -> Access:
    """The request's Access, from the user and role the sign-in middleware found."""
    user, role = getattr(request.state, "user", None), getattr(request.state, "role", None)
    if user is None:
        return Access()  # no accounts: the sign-in middleware lets no signed-out request through otherwise
    return Access(user, grants_for(role or "", request.app.state.settings.roles))


@dataclass(frozen=True)
class Need:
    """A route's declared need; called by FastAPI before the route, it refuses a type the role may not act on."""

    action: str

    def __call__(self, request: Request) -> Access:
        access = access_of(request)
        request.state.access = access
        type_name = request.path_params.get("type_name", request.path_params.get("type"))
        if self.action in ACTIONS and type_name is not None and not access.may(self.action, type_name):
            raise HTTPException(404, f"unknown document type {type_name!r}")
        return access


def needs(action: str) -> DependsParam:
    """The dependency a route lists in dependencies=[...] to declare what it needs."""
    if action not in NEEDS:
        raise ValueError(f"unknown need {action!r}")
    need: DependsParam = Depends(Need(action))
    return need


def need_of(route: object) -> str | None:
    """The need a route declares, or None when it declares none."""
    for dependency in getattr(route, "dependencies", ()):
        if isinstance(dependency.dependency, Need):
            return dependency.dependency.action
    return None


def request_access(request: Request) -> Access:
    """The Access the route's need found (every route declares one)."""
    found = getattr(request.state, "access", None)
    return found if isinstance(found, Access) else access_of(request)
