"""The house rules of DESIGN.md, checked on the source: views never import sqlalchemy, services and
models never import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_views_never_import_sqlalchemy() -> None:
    offenders = {f: m for f, m in imported_modules(ROOT / "app" / "views").items()
                 if any(n.split(".")[0] == "sqlalchemy" for n in m)}
    assert offenders == {}


def test_services_and_models_never_import_qt() -> None:
    offenders = {}
    for folder in ("services", "models"):
        for f, m in imported_modules(ROOT / "app" / folder).items():
            if any(n.split(".")[0] in {"PySide6", "shiboken6", "qtawesome"} for n in m):
                offenders[f] = m
    assert offenders == {}
