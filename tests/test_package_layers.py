"""dxdash's packages form layers: no import cycle between them, and the text leaf imports none.

A package is a directory of src/dxdash; a module belongs to the directory it is in (so
dxdash.render and dxdash.render.streamlit are two packages). Every import counts, those inside
functions too: a cycle deferred to call time is still a cycle a reader has to untangle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE_ROOT = SRC / "dxdash"


def _path_of(dotted: str) -> Path:
    """Where a dotted dxdash name would live on disk, without its suffix."""
    return SRC.joinpath(*dotted.split("."))


def _package_of_name(dotted: str) -> str | None:
    """The package a dotted name lives in: itself if a directory, its parent if a module."""
    path = _path_of(dotted)
    if path.is_dir():
        return dotted
    if path.with_suffix(".py").is_file():
        return dotted.rpartition(".")[0]
    return None


def _package_of_module(path: Path) -> str:
    """The package a source file belongs to: the directory it is in."""
    return ".".join(path.parent.relative_to(SRC).parts)


def _imported_packages(path: Path) -> set[str]:
    """Every dxdash package a source file imports, at any depth of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from dxdash.render import opendata` imports a module; `… import Locale`, a name.
            names = [
                f"{node.module}.{alias.name}"
                if _package_of_name(f"{node.module}.{alias.name}")
                else node.module
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            if name == "dxdash" or name.startswith("dxdash."):
                package = _package_of_name(name)
                assert package is not None, f"{path}: imports {name}, which does not exist"
                found.add(package)
    return found


def package_graph() -> dict[str, dict[str, set[str]]]:
    """package → imported package → the modules that import it (the evidence of an edge)."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(PACKAGE_ROOT.rglob("*.py")):
        source = _package_of_module(path)
        graph[source]  # every package is a node, even one that imports nothing
        for target in _imported_packages(path):
            if target != source:
                graph[source][target].add(str(path.relative_to(SRC)))
    return graph


def strongly_connected(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Tarjan's strongly connected components: a component of two or more is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def test_no_import_cycle_between_packages():
    graph = package_graph()
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    evidence = [
        f"{a} → {b}: {sorted(graph[a][b])}" for c in cycles for a in c for b in c if b in graph[a]
    ]
    assert not cycles, "import cycles between packages:\n" + "\n".join(evidence)


def test_the_text_leaf_imports_no_dxdash_package():
    assert dict(package_graph()["dxdash.text"]) == {}


def test_nothing_imports_the_command_line():
    importers = [p for p, targets in package_graph().items() if "dxdash" in targets]
    assert importers == []


@pytest.mark.parametrize(
    ("graph", "cycles"),
    [
        ({"a": {"b": {"m"}}, "b": {}}, []),
        ({"a": {"b": {"m"}}, "b": {"a": {"n"}}}, [["a", "b"]]),
        ({"a": {"b": {"m"}}, "b": {"c": {"n"}}, "c": {"a": {"o"}}}, [["a", "b", "c"]]),
    ],
)
def test_strongly_connected_finds_cycles_of_any_length(graph, cycles):
    assert [c for c in strongly_connected(graph) if len(c) > 1] == cycles


def test_the_graph_sees_imports_inside_functions(tmp_path, monkeypatch):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from dxdash.story import build\n", encoding="utf-8")
    assert _imported_packages(module) == {"dxdash.story"}
