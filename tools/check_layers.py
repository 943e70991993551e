"""The layer contract of ``jkn_geo``: dependencies point down the pipeline only, and no import
cycle exists between modules (imports inside functions included).

    base (config, text, fmt, auth) < geography < figures < analysis < render < ui | cli

A module may import its own layer (never in a cycle) and the layers below it. ``ui`` and ``cli``
are both top layers and do not import each other. Only ``jkn_geo.ui`` imports streamlit.

    python tools/check_layers.py [PACKAGE_DIR]    # exit 1 and one line per violation
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

LAYERS = {"": 0, "config": 0, "text": 0, "fmt": 0, "auth": 0,
          "geography": 1, "figures": 2, "analysis": 3, "render": 4, "ui": 5, "cli": 5, "__main__": 6}
STREAMLIT_ONLY_IN = ("ui",)


def _modules(pkg_dir: Path) -> dict[str, Path]:
    out = {}
    for f in sorted(pkg_dir.rglob("*.py")):
        parts = list(f.relative_to(pkg_dir.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def _imports(mod: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import of the package's own modules in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = path.name == "__init__.py"
    here = mod.split(".") if is_pkg else mod.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out.append((a.name, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else list(here)
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            out.extend((s, node.lineno) for s in subs)
            if len(subs) < len(node.names):
                out.append((target, node.lineno))
    return out


def layer_of(mod: str) -> tuple[str, int]:
    parts = mod.split(".")
    name = parts[1] if len(parts) > 1 else ""
    return name, LAYERS.get(name, -1)


def check(pkg_dir: Path) -> list[str]:
    pkg_dir = Path(pkg_dir).resolve()
    root = pkg_dir.name
    mods = _modules(pkg_dir)
    known = set(mods)
    problems: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        src_name, src_rank = layer_of(mod)
        rel = path.relative_to(pkg_dir.parent)
        if src_rank < 0:
            problems.append(f"{rel}: {mod} is in no layer (add it to tools/check_layers.py LAYERS)")
        for target, line in _imports(mod, path, known):
            top = target.split(".")[0]
            if top == "streamlit" and src_name not in STREAMLIT_ONLY_IN:
                problems.append(f"{rel}:{line}: imports streamlit (only {root}.ui may)")
            if top != root:
                continue
            while target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if target == mod or target == root:
                continue
            graph[mod].add(target)
            dst_name, dst_rank = layer_of(target)
            if dst_rank > src_rank or (dst_rank == src_rank and dst_name != src_name and src_rank > 0):
                problems.append(f"{rel}:{line}: {mod} ({src_name or 'base'}) imports {target} "
                                f"({dst_name or 'base'}): dependencies must point down the pipeline")
    problems.extend(f"import cycle: {' -> '.join(c)}" for c in _cycles(graph))
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(_one_cycle(graph, set(comp)))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _one_cycle(graph, comp: set[str]) -> list[str]:
    start = min(comp)
    path, seen = [start], {start}
    while True:
        nxt = sorted(w for w in graph[path[-1]] if w in comp)
        back = [w for w in nxt if w in seen]
        if back:
            return path[path.index(back[0]):] + [back[0]]
        w = nxt[0]
        path.append(w)
        seen.add(w)


def main(argv: list[str]) -> int:
    pkg = Path(argv[0]) if argv else Path(__file__).resolve().parents[1] / "jkn_geo"
    problems = check(pkg)
    for p in problems:
        print(p)
    print(f"layer contract: {len(problems)} violation(s) in {pkg}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
