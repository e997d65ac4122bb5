"""Dependencies point one way: cli -> projections -> domain."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# seeds is data the CLI loads on request: the domain knows nothing of a demo.
FORBIDDEN = {
    "domain": (
        "company_timeline.cli",
        "company_timeline.projections",
        "company_timeline.seeds",
        "click",
    ),
    "projections": ("company_timeline.cli", "company_timeline.seeds", "click"),
}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_lower_layer_imports_nothing_from_the_layers_above_it(folder):
    for path in (ROOT / folder).rglob("*.py"):  # subpackages too (storage/, exports/)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN[folder]), f"{path.name} imports {name}"


# ---- no import cycle, within a folder or across folders -------------------------------

PACKAGES = {
    "company_timeline.domain": ROOT / "domain",
    "company_timeline.projections": ROOT / "projections",
    "company_timeline.cli": ROOT / "cli",
    "company_timeline.seeds": ROOT / "seeds",
}


def _modules() -> dict[str, Path]:
    out = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            if "entry" in path.relative_to(folder).parts:
                continue
            parts = path.relative_to(folder).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            out[".".join([package, *parts])] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module of ours ``name`` imports: at the top, in functions, for type checking."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            if node.level:
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{a.name}" for a in node.names]
        for target in targets:
            if target in modules and target != name and not name.startswith(target + "."):
                found.add(target)  # a package's own __init__ always runs first: no edge
    return found


def test_no_module_imports_itself_through_others():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
