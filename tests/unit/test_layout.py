"""The core's modules import in one direction: no module imports one that imports it back,
at module level or on first use inside a function (issue 12: the ``.osu`` modules formed two
such cycles, each closed by an import inside a method), the ``beatmap`` and ``replay``
subpackages included. Imports for typing only do not count."""

from __future__ import annotations

import ast
from pathlib import Path

import osu_core

CORE = Path(osu_core.__file__).resolve().parent


def _typing_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _name(path: Path) -> str:
    """``path``'s module name below ``osu_core``: ``_models``, ``beatmap`` (its ``__init__``),
    ``beatmap._parser``."""
    parts = path.relative_to(CORE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {_name(path): path for path in CORE.rglob("*.py")}
    found.pop("", None)  # osu_core's own __init__: the face, imported by everything
    return found


def module_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The core modules ``path`` imports (relative or ``osu_core.``), anywhere but under
    ``if TYPE_CHECKING:``. ``from .replay import x`` counts as an import of ``replay``'s
    ``__init__``; ``from . import _params`` of ``_params``."""
    here = _name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if _typing_only(node):
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "osu_core":
                target = node.module.split(".")[1:]
            else:
                target = None
            if target is not None:
                for alias in node.names:  # ``from . import _params``: the name is a module
                    if ".".join([*target, alias.name]) in modules:
                        found.add(".".join([*target, alias.name]))
                if ".".join(target) in modules:
                    found.add(".".join(target))
        stack.extend(ast.iter_child_nodes(node))
    found.discard(".".join(here))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: module_imports(path, modules) for name, path in modules.items()}


def test_the_graph_sees_the_subpackages():
    graph = _graph()
    assert len(graph) > 30
    assert "beatmap._parser_loops" in graph["beatmap._parser"]
    assert "_osu_format" in graph["beatmap._parser"]
    assert "replay._codec" in graph["replay._osr"]
    assert "beatmap._parser" in graph["_beatmap_file"]  # on first use, inside a method


def test_no_two_core_modules_import_each_other():
    graph = _graph()
    both_ways = sorted(
        (a, b) for a, imported in graph.items() for b in imported if a < b and a in graph.get(b, ())
    )
    assert both_ways == []


def test_no_longer_cycles_either():
    graph = _graph()
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


def test_file_format_modules_import_nothing_of_the_client():
    """The formats stand on their own: they use the core's enums, mods and errors, and
    nothing that knows about requests, responses or the converter."""
    graph = _graph()
    allowed = {"_enums", "_errors", "_mods", "_osu_format", "_beatmap_file", "_base"}
    for name, imported in graph.items():
        if name.startswith(("beatmap", "replay")):
            outside = {m for m in imported if not m.startswith(name.split(".")[0])}
            assert outside <= allowed, (name, outside - allowed)
