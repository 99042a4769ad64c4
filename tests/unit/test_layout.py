"""The core's modules import in one direction: no module imports one that imports it back,
at module level or on first use inside a function (issue 12: the ``.osu`` modules formed two
such cycles, each closed by an import inside a method). Imports for typing only do not count."""

from __future__ import annotations

import ast
from pathlib import Path

import osu_core

CORE = Path(osu_core.__file__).resolve().parent


def _typing_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def module_imports(path: Path) -> set[str]:
    """The sibling modules ``path`` imports (``from .x import y``), anywhere but under
    ``if TYPE_CHECKING:``."""
    found = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if _typing_only(node):
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
        stack.extend(ast.iter_child_nodes(node))
    return found


def test_no_two_core_modules_import_each_other():
    graph = {path.stem: module_imports(path) for path in CORE.glob("_*.py")}
    assert len(graph) > 20
    both_ways = sorted(
        (a, b) for a, imported in graph.items() for b in imported if a < b and a in graph.get(b, ())
    )
    assert both_ways == []


def test_no_longer_cycles_either():
    graph = {path.stem: module_imports(path) for path in CORE.glob("_*.py")}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        if module in done:
            return
        for imported in sorted(graph.get(module, ())):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())
