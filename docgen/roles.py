"""What each role may do with each document type: draft, issue, void and read, and whether it sees others' documents.

The defaults come from the types' own facts, so a new type needs no edit here: the role of the type's kind
(commercial → sales, hr → hr, finance → finance) may do everything with it, admin may do everything with every
type, and a type's also_handled_by names what another role may do besides. docgen.toml's [roles.<role>] replaces
a role's list for each action it names (see config.RoleSettings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .registry import document_types

ROLES = ("sales", "hr", "finance", "admin")
ACTIONS = ("draft", "issue", "void", "read")
ALL = "*"  # in [roles.<role>]: every type, those added later too
KIND_ROLES = {"commercial": "sales", "hr": "hr", "finance": "finance"}
# Whether a role sees documents someone else issued: a salesperson sees their own clients' documents only;
# the HR and finance offices work on one shared pile; admin sees everything.
SEES_OTHERS = {"sales": False, "hr": True, "finance": True, "admin": True}


class RoleTable(Protocol):
    """[roles.<role>] as config.RoleSettings reads it: None for what the table does not say."""

    @property
    def see_others(self) -> bool | None: ...


@dataclass(frozen=True)
class Grants:
    """One role's rights: the types it may act on, per action, and whether it sees others' documents."""

    role: str
    types: dict[str, frozenset[str]]
    see_others: bool

    def may(self, action: str, type_name: str) -> bool:
        return type_name in self.types.get(action, frozenset())

    def readable(self) -> frozenset[str]:
        """The types whose documents the role may see: read, and what it issues or voids (it sees its own work)."""
        return self.types["read"] | self.types["issue"] | self.types["void"]


def default_types(role: str) -> dict[str, frozenset[str]]:
    """Per action, the types the role may act on by default (see the module's docstring)."""
    found: dict[str, set[str]] = {action: set() for action in ACTIONS}
    for name, model in document_types().items():
        own = role == "admin" or KIND_ROLES.get(model.kind) == role
        for action in ACTIONS if own else model.also_handled_by.get(role, ()):
            found[action].add(name)
    return {action: frozenset(names) for action, names in found.items()}


def grants_for(role: str, tables: Mapping[str, RoleTable]) -> Grants:
    """The role's defaults, with each list docgen.toml's [roles.<role>] (settings.roles) gives in their place."""
    types = default_types(role)
    given = tables.get(role)
    see_others = SEES_OTHERS.get(role, False)
    if given is not None:
        for action in ACTIONS:
            listed = getattr(given, action)
            if listed is not None:
                types[action] = frozenset(document_types()) if ALL in listed else frozenset(listed)
        see_others = see_others if given.see_others is None else given.see_others
    return Grants(role, types, see_others)
