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
