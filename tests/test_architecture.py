"""The shape of the house: imports flow one way (web/CLI → flows → indexing/storage → config) and never in a circle.

Walks every import of every module of the project's packages (those inside functions too: a lazy import is
still an arrow) with `ast`, so it needs nothing installed and fails with the arrow that breaks the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "storage", "indexing", "flows", "web")

# what each layer may import (itself included); the CLI sits on top, beside the web app
TOP = ("web", "flows.cli")
ALLOWED = {
    "config": {"config"},
    "storage": {"storage", "config"},
    "indexing": {"indexing", "config"},
    "flows": {"flows", "indexing", "storage", "config"},
    "web": {"web", "flows", "indexing", "storage", "config"},
    "flows.cli": {"flows.cli", "web", "flows", "indexing", "storage", "config"},
}
# the Prefect modules at the root of flows/: they orchestrate the capability packages, which never import them
FLOWS_ROOT = {"flows", "flows.pipelines", "flows.deployments", "flows.prefect_env", "flows.prefect_server",
              "flows.runner", "flows.runner_client", "flows.upload_jobs", "flows.crash_detection"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports; ``from pkg import sub`` is an arrow to ``pkg.sub`` alone."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = {f"{source}.{a.name}" for a in node.names} & modules.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(source)
    return {m for m in found if m in modules and m != name}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _layer(module: str) -> str:
    for top in TOP:
        if module == top or module.startswith(top + "."):
            return top
    return module.split(".")[0]


def test_every_package_is_walked(graph):
    assert {"config.settings", "storage.records.repository", "indexing.search", "flows.pipelines",
            "flows.cli.app", "web.app"} <= graph.keys()


def test_imports_flow_one_way(graph):
    wrong = sorted(f"{m} → {d}" for m, deps in graph.items() for d in deps if _layer(d) not in ALLOWED[_layer(m)])
    assert not wrong, "imports against web/CLI → flows → indexing/storage → config:\n" + "\n".join(wrong)


def test_capability_packages_never_import_the_prefect_root(graph):
    wrong = sorted(f"{m} → {d}" for m, deps in graph.items() if m.startswith("flows.") and m not in FLOWS_ROOT
                   and _layer(m) != "flows.cli" for d in deps if d in FLOWS_ROOT)
    assert not wrong, "a capability package imports the Prefect flows:\n" + "\n".join(wrong)


def test_the_root_of_flows_holds_only_the_prefect_modules():
    root = {_module_name(p) for p in (ROOT / "flows").glob("*.py")}
    assert root == FLOWS_ROOT, "plain functions go in a capability package of flows/, not its root"


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``edges`` (as a path that ends where it starts), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle_between_modules(graph):
    circle = _cycle(graph)
    assert circle is None, "import circle: " + " → ".join(circle)


def test_no_import_circle_between_the_capability_packages_of_flows(graph):
    def room(module: str) -> str:
        return ".".join(module.split(".")[:2])

    rooms: dict[str, set[str]] = {}
    for m, deps in graph.items():
        if m.startswith("flows."):
            rooms.setdefault(room(m), set()).update(room(d) for d in deps if d.startswith("flows.") and room(d) != room(m))
    circle = _cycle(rooms)
    assert circle is None, "circle between packages of flows/: " + " → ".join(circle)


def test_the_checks_see_a_circle_and_a_wrong_arrow():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    assert _layer("flows.cli.app") == "flows.cli" and "flows.cli" not in ALLOWED[_layer("web.app")]
    assert "flows" not in ALLOWED[_layer("storage.records.repository")]


def test_no_source_module_is_over_400_lines():
    sources = [*_modules().values(), *sorted((ROOT / "benchmarks").rglob("*.py"))]  # not tools/ and tests/
    long = sorted(f"{p.relative_to(ROOT)}: {n}" for p in sources
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400)
    assert not long, "split these by concern:\n" + "\n".join(long)


def test_every_package_ships_in_the_wheel():
    """Packages are found by setuptools, not listed; tests/test_install_wheel.py checks the built wheel file by file."""
    import tomllib

    found = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert isinstance(found, dict) and found["find"]["namespaces"] is True
    assert {p.rstrip("*") for p in found["find"]["include"]} == set(PACKAGES)
