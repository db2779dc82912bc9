"""Layer rules: rasp/ never imports streamlit outside rasp/ui/; pages import only the subpackages' public names.

The layers inside rasp/ are an import-linter contract (pyproject.toml), run by scripts/test."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_rasp_does_not_import_streamlit_outside_ui() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "rasp").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "rasp").parts and "streamlit" in _imports(p)
    ]
    assert offenders == []
    assert "streamlit" in _imports(ROOT / "rasp" / "ui" / "app.py")  # the walk does see imports


def test_pages_are_thin() -> None:
    for page in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        allowed = {"streamlit", "rasp"}
        assert _imports(page) <= allowed, (page.name, _imports(page) - allowed)
        assert len(page.read_text(encoding="utf-8").splitlines()) <= 90, page.name


PAGE_MAY_IMPORT = {"rasp.core", "rasp.method", "rasp.charts", "rasp.meeting", "rasp.exports", "rasp.access", "rasp.ui"}


def _rasp_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rasp"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("rasp"))
    return found


def test_pages_import_only_public_names_and_never_the_store() -> None:
    for page in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        assert _rasp_modules(page) <= PAGE_MAY_IMPORT, (page.name, _rasp_modules(page) - PAGE_MAY_IMPORT)
    assert _rasp_modules(ROOT / "dashboard.py")  # the walk does see imports


def test_every_public_name_is_importable_and_listed() -> None:
    import importlib

    for package in sorted(PAGE_MAY_IMPORT | {"rasp.intake", "rasp.store"}):
        module = importlib.import_module(package)
        names = module.__all__
        assert names, package
        assert len(set(names)) == len(names), package
        for name in names:
            assert hasattr(module, name), (package, name)
