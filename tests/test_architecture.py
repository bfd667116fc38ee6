"""The layering holds: lists flow one way (files -> importers -> ingest -> store -> diff and
export), the report is given values (it opens no store, imports no rule), nothing imports the
CLI, the import graph has no cycle, and the only imports inside functions are the lazy ones of
optional heavy libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "tracker"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports(path: Path) -> tuple[set[str], list[tuple[int, str]]]:
    """Modules imported at module level (TYPE_CHECKING blocks aside), and (line, module) of
    imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module_name(path)
    top: set[str] = set()
    inner: list[tuple[int, str]] = []

    def names(node: ast.Import | ast.ImportFrom) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        target = resolve(node, module, path.name == "__init__.py")
        return [f"{target}.{a.name}" for a in node.names] + [target]

    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    inner.extend((child.lineno, n) for n in names(child))
                else:
                    top.update(names(child))
    return top, inner


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def graph() -> dict[str, set[str]]:
    edges = {}
    for name, path in MODULES.items():
        top, _ = imports(path)
        edges[name] = {m for m in top if m in MODULES and m != name}
    return edges


def reaches(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), set()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_import_graph_has_no_cycle() -> None:
    edges = graph()
    # the package itself re-exports the library (tracker/__init__.py): leave it out of cycles
    edges = {k: v - {"tracker"} for k, v in edges.items() if k != "tracker"}
    cycles = [name for name in edges if name in reaches(edges, name)]
    assert cycles == []


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tracker.store", ("tracker.importers", "tracker.ingest", "tracker.diff")),
        ("tracker.importers", ("tracker.store", "tracker.ingest", "tracker.checks")),
        ("tracker.report", ("tracker.store", "tracker.checks", "tracker.ingest", "tracker.api")),
        ("tracker.checks", ("tracker.report", "tracker.api", "tracker.ingest")),
        ("tracker.load", ("tracker.checks", "tracker.report", "tracker.store")),
        ("tracker.models", ("tracker.load", "tracker.checks")),
    ],
)
def test_a_layer_does_not_import_one_above_it(module: str, forbidden: tuple[str, ...]) -> None:
    edges = graph()
    for name in [m for m in edges if m == module or m.startswith(module + ".")]:
        above = {t for t in edges[name] if t.startswith(forbidden)}
        assert not above, f"{name} imports {sorted(above)}"


def test_nothing_imports_the_cli() -> None:
    edges = graph()
    assert [name for name, targets in edges.items() if "tracker.cli" in targets] == [
        "tracker.__main__"
    ]


LAZY = {"pandas", "tracker.frames", "dask"}  # optional and heavy: imported on first use only


def test_imports_inside_functions_are_only_lazy_optional_libraries() -> None:
    found = [
        (name, line, target)
        for name, path in MODULES.items()
        for line, target in imports(path)[1]
        if not target.startswith(tuple(LAZY))
    ]
    assert found == []


def test_tracker_check_loads_no_parser_no_importer_and_no_pandas() -> None:
    code = (
        "import sys\n"
        "from tracker.cli import main\n"
        "try:\n"
        "    main(['check', 'data', '--as-of', '2024-06-24'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('lxml', 'pandas'))\n"
        "          or (m.startswith('tracker.importers.') and m not in\n"
        "              ('tracker.importers.base', 'tracker.importers.registry'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
