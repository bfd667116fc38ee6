"""The folder tree is the architecture: the kernel (tracker/*.py) at the bottom, then xlsx,
records, ftm and lists, then the features (checks, extract, screening, report), which
never import each other, serve (the screening as a server) over them, and the glue (api, cli)
on top. Nothing imports the CLI, neither the
modules nor the folders import in a circle, and the only imports inside functions are of
optional third-party libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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
        subs = [f"{target}.{a.name}" for a in node.names]
        # `from tracker import codes` imports the module, not the package's re-exports
        return subs if all(s in MODULES for s in subs) else [*subs, target]

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


KERNEL = "kernel"
FEATURES = ("checks", "extract", "screening", "report")
# a folder's rank: a module may import its own folder and folders of a lower rank; the features
# share a rank and never import each other; the glue (api, cli, the package) may import anything
RANKS = {KERNEL: 0, "xlsx": 1, "records": 2, "ftm": 3, "lists": 4, **dict.fromkeys(FEATURES, 5)}
# serve is the screening served (its API, page and watches call what `tracker screen` calls):
# an application on top of that feature, below the glue
RANKS["serve"] = 6
GLUE = ("tracker", "tracker.api", "tracker.__main__", "tracker.cli")


def folder(module: str) -> str:
    """The layer a module belongs to: its folder under tracker/, or the kernel at the top."""
    parts = module.split(".")
    if module in GLUE or module.startswith("tracker.cli."):
        return "glue"
    return parts[1] if len(parts) > 2 or MODULES[module].name == "__init__.py" else KERNEL


def test_every_module_is_in_a_known_layer() -> None:
    unknown = {m: folder(m) for m in MODULES if folder(m) not in (*RANKS, "glue")}
    assert unknown == {}


def test_a_layer_imports_only_itself_and_the_layers_below_it() -> None:
    wrong = []
    for name, targets in graph().items():
        here = folder(name)
        if here == "glue":
            continue
        for target in targets:
            there = folder(target)
            allowed = there == here or (there != "glue" and RANKS[there] < RANKS[here])
            if not allowed:
                wrong.append(f"{name} ({here}) imports {target} ({there})")
    assert wrong == []


def test_the_folders_have_no_cycle() -> None:
    edges: dict[str, set[str]] = {}
    for name, targets in graph().items():
        edges.setdefault(folder(name), set()).update(
            folder(t) for t in targets if folder(t) != folder(name)
        )
    assert [f for f in edges if f in reaches(edges, f)] == []


def test_nothing_imports_the_cli() -> None:
    edges = graph()
    importers = [
        name
        for name, targets in edges.items()
        if not name.startswith("tracker.cli") and any(t.startswith("tracker.cli") for t in targets)
    ]
    assert importers == ["tracker.__main__"]


def test_imports_inside_functions_are_only_optional_third_party_libraries() -> None:
    found = [
        (name, line, target)
        for name, path in MODULES.items()
        for line, target in imports(path)[1]
        if target.startswith("tracker")
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
        "          or (m.startswith('tracker.lists.importers.') and m not in\n"
        "              ('tracker.lists.importers.base', 'tracker.lists.importers.registry'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
