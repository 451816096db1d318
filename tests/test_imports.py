"""The import rules of DESIGN.md: no circles, and each layer imports only what lies below it.

Every import counts, also one inside a function or under TYPE_CHECKING: an import
put off until it is needed still ties the two modules together.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import docgen

PACKAGE = Path(docgen.__file__).parent
FLOW = ("docgen.pipeline", "docgen.issuing", "docgen.batching", "docgen.validation", "docgen.derive")
FACES = ("docgen.cli", "docgen.web", "docgen.__main__")


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The docgen modules one `from … import …` names: the module itself, or each submodule it imports."""
    if node.level:
        base = module.split(".")
        base = base[: len(base) - node.level + (1 if is_package else 0)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    named = [f"{target}.{alias.name}" for alias in node.names if f"{target}.{alias.name}" in _modules()]
    return named or [target]


@cache
def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in _modules().items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                targets.update(_resolve(module, path.name == "__init__.py", node))
        graph[module] = {target for target in targets if target in _modules() and target != module}
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One circle of imports, as the modules along it, or None."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := walk(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (found := walk(module)):
            return found
    return None


def test_the_graph_sees_imports_inside_functions() -> None:
    # inputs reads sheets through spreadsheet, imported only when a sheet is read
    assert "docgen.spreadsheet" in _graph()["docgen.inputs"]


def test_no_module_imports_itself_through_others() -> None:
    assert _circle(_graph()) is None


def test_a_circle_would_be_found() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _imports_under(prefix: str) -> dict[str, set[str]]:
    return {module: targets for module, targets in _graph().items() if module.startswith(prefix)}


def _breaking(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in _imports_under(prefix).items()
        for target in targets
        if any(target == name or target.startswith(f"{name}.") for name in forbidden)
    )


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("docgen.documents", ("docgen.render", "docgen.store", "docgen.locale", *FLOW, *FACES)),
        ("docgen.locale", ("docgen.documents", *FLOW, *FACES)),
        ("docgen.render", ("docgen.store", "docgen.inputs", *FLOW, *FACES)),
        ("docgen.store", ("docgen.render", "docgen.documents", *FLOW, *FACES)),
        ("docgen.inputs", ("docgen.render",)),
    ],
)
def test_each_layer_imports_only_what_it_may(layer: str, forbidden: tuple[str, ...]) -> None:
    assert _breaking(layer, forbidden) == []


def test_docgen_imports_each_name_from_its_module_not_from_the_face_for_type_authors() -> None:
    # docgen.documents.common only hands names on to outside types; docgen leaning on it would hide what it needs.
    leaning = sorted(module for module, targets in _graph().items() if "docgen.documents.common" in targets)
    assert leaning == []
