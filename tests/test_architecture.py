"""The import arrows point one way: the page's entry point (app.py) → the page's views (page/) and
the command lines → retrieval / orchestration (pipeline) → index, ingest → model, phrasing, config,
errors. Read from the source, so a new import that turns an arrow round fails here before it tangles
the stages."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The shared bottom: every stage may import these, and they import no stage.
SHARED = {"model", "phrasing", "config", "errors", "units"}
STAGES = ("ingest", "index", "retrieval", "pipeline", "cli")
#: The page's views: each owns its part of the screen, and none imports another (what two of them
#: draw alike lives in the helpers below them: citations, viewer, render, texts, state).
VIEWS = ("page.chat", "page.claims", "page.checks", "page.tables", "page.library", "page.desk")
#: What each part of the product may import of the project (a facade is the package itself:
#: ``from index import Store``; a module inside it is ``index.store``).
ALLOWED: Dict[str, Set[str]] = {
    "model": set(),
    "errors": set(),
    "config": {"errors"},
    "phrasing": {"model", "errors", "units"},
    "units": set(),
    "ingest": {"ingest.*"} | SHARED,
    "index": {"index.*"} | SHARED,
    "retrieval": {"retrieval.*", "index", "ingest"} | SHARED,
    "pipeline": {"pipeline.*", "index", "ingest"} | SHARED,
    "cli": {"cli.*", "pipeline", "retrieval", "index", "ingest"} | SHARED,
    "page": {"page.*", "retrieval", "pipeline", "index", "ingest"} | SHARED,
    "app": {"page", "pipeline"} | SHARED,
}


def project_modules() -> Dict[str, Path]:
    """Every module of the product (not the tests, benchmarks or scripts), by dotted name."""
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", "bench", "scripts", ".venv") or rel.parts[0].startswith("."):
            continue
        name = ".".join(rel.with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def imports_of(path: Path, modules: Set[str]) -> List[Tuple[int, str]]:
    """The project modules a file imports (anywhere in it, at its top or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            if name in modules or name.split(".")[0] in modules:
                out.append((node.lineno, name))
    return out


def part_of(module: str) -> str:
    return module.split(".")[0]


def allowed(importer: str, imported: str) -> bool:
    rules = ALLOWED[part_of(importer)]
    top = part_of(imported)
    if imported in rules:
        return True
    return f"{top}.*" in rules and top == part_of(importer)


MODULES = project_modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_import_points_down_the_stages(module):
    if module.endswith("__main__"):
        pytest.skip("a package's __main__ is an entry point: it sits above every arrow")
    tops = {part_of(m) for m in MODULES}
    wrong = [f"line {n}: imports {name}" for n, name in imports_of(MODULES[module], tops)
             if not allowed(module, name)]
    assert wrong == [], f"{module} may import only {sorted(ALLOWED[part_of(module)])}"


def test_ingest_and_index_never_import_each_other():
    for module, path in MODULES.items():
        part = part_of(module)
        if part in ("ingest", "index") and not module.endswith("__main__"):
            other = "index" if part == "ingest" else "ingest"
            assert not [n for _, n in imports_of(path, {other}) if part_of(n) == other], module


@pytest.mark.parametrize("module", sorted(m for m in MODULES if part_of(m) in ("app", "page")))
def test_the_page_reaches_the_stages_only_through_their_facades(module):
    names = {n for _, n in imports_of(MODULES[module], {part_of(m) for m in MODULES})}
    stages = {n for n in names if part_of(n) in STAGES}
    assert all(n == part_of(n) for n in stages), f"{module} imports a stage's insides: {sorted(stages)}"


def test_the_entry_point_reaches_the_views_through_the_page_facade():
    names = {n for _, n in imports_of(ROOT / "app.py", {part_of(m) for m in MODULES})}
    assert "page" in names and not [n for n in names if n.startswith("page.")], names


def test_nothing_below_the_page_imports_it():
    for module, path in MODULES.items():
        if part_of(module) not in ("app", "page"):
            assert imports_of(path, {"app", "page"}) == [], module


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_never_imports_another_view(view):
    assert view in MODULES, f"{view} is gone: update VIEWS"
    others = [n for _, n in imports_of(MODULES[view], {"page"}) if n in VIEWS and n != view]
    assert others == [], f"{view} imports {others}"


@pytest.mark.parametrize("facade", ["ingest", "index", "retrieval", "pipeline", "page"])
def test_the_public_functions_of_each_facade_are_fully_typed(facade):
    module = __import__(facade)
    untyped = []
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            sig = inspect.signature(obj)
            missing = [p for p, v in sig.parameters.items() if v.annotation is inspect.Parameter.empty]
            if missing or sig.return_annotation is inspect.Signature.empty:
                untyped.append(f"{name}: {missing or 'return'}")
    assert untyped == []
