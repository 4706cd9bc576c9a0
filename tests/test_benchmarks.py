"""The benchmarks still import against the code they measure, and only through its public names.

They are not run here (each takes minutes and a database of its own: ``make bench``), but a renamed
or moved service, selector or model breaks them at import, and this catches it.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import benchmarks

ROOT = Path(benchmarks.__file__).parent
FIRST_PARTY = ("config", "tenants", "core", "api", "web")
MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(benchmarks.__path__, "benchmarks.")
    if not module.name.endswith(".__main__")
)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _first_party(module: str | None) -> bool:
    return bool(module) and module.split(".")[0] in FIRST_PARTY


def private_uses(source: str) -> list[str]:
    """``from core.x import _name`` and ``x._name`` where ``x`` came from the project's code
    (Django's ``_meta`` is public API despite its name)."""
    tree = ast.parse(source)
    found, imported = [], set()  # local names bound by imports from the project's code
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _first_party(node.module):
            found += [f"from {node.module} import {alias.name}" for alias in node.names if _is_private(alias.name)]
            imported |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            imported |= {alias.asname or alias.name.split(".")[0] for alias in node.names if _first_party(alias.name)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and node.attr != "_meta":
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in imported:
                found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_imports(name):
    importlib.import_module(name)


def test_private_uses_are_found():
    source = (
        "from core.oversight.selectors import Figures, _fold\nfrom core.oversight import selectors\nselectors._fold\n"
    )
    assert private_uses(source) == ["from core.oversight.selectors import _fold", "selectors._fold"]


def test_benchmarks_use_no_private_name_of_the_code_they_measure():
    found = {
        str(path.relative_to(ROOT)): uses
        for path in sorted(ROOT.rglob("*.py"))
        if (uses := private_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}
