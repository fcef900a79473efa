"""The import graph of src/lagebild: no cycles between files, no private names imported across modules.

Every ``import`` and ``from … import`` counts, at module level and inside functions (a lazy import
is still a dependency). A cycle is a strongly connected group of two or more modules. Importing a
package (``from ..store import stories``) depends on the package's ``__init__`` only when the name
is not one of its submodules.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "lagebild"

#: Cycles that still exist in other people's areas while they work on them; each entry is the
#: sorted module list of one cycle. This list must shrink to empty: a new cycle fails the test.
ALLOWED_CYCLES: list[list[str]] = [
    ["lagebild.watch.fetch", "lagebild.watch.robots"],  # issue 17 (live monitoring), in progress
]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in (SRC / PACKAGE).rglob("*.py")}


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _imports(modules: dict[str, Path]) -> dict[str, list[tuple[str, str, int]]]:
    """module -> [(imported module, imported name or "", line)] for imports inside the package."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for mod, path in modules.items():
        is_package = path.name == "__init__.py"
        found: list[tuple[str, str, int]] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(a.name, "", node.lineno) for a in node.names if a.name.split(".")[0] == PACKAGE]
            elif isinstance(node, ast.ImportFrom):
                src = _resolve(mod, is_package, node.level, node.module)
                if src.split(".")[0] != PACKAGE:
                    continue
                for a in node.names:
                    sub = f"{src}.{a.name}"
                    if sub in modules:  # "from ..store import stories": the submodule
                        found.append((sub, "", node.lineno))
                    else:
                        found.append((src, a.name, node.lineno))
        out[mod] = found
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, found in _imports(modules).items():
        for target, _name, _line in found:
            while target and target not in modules:  # "lagebild.x.y" where y is a name in x
                target = target.rpartition(".")[0]
            if target and target != mod:
                graph[mod].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return sorted(out)


def test_no_import_cycles_between_files() -> None:
    cycles = _cycles(_graph())
    new = [c for c in cycles if c not in ALLOWED_CYCLES]
    assert not new, "import cycles: " + "; ".join(" <-> ".join(c) for c in new)
    gone = [c for c in ALLOWED_CYCLES if c not in cycles]
    assert not gone, f"these cycles are gone: remove them from ALLOWED_CYCLES: {gone}"


def test_no_private_names_imported_across_modules() -> None:
    modules = _modules()
    bad = [f"{mod}:{line} imports {name} from {src}"
           for mod, found in _imports(modules).items() for src, name, line in found
           if name.startswith("_") and not name.startswith("__") and src != mod]
    assert not bad, "\n".join(bad)


def test_the_checker_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"x": {"y"}, "y": set()}) == []
