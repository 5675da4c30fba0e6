"""The house rules of DESIGN.md, checked on the source: views never import sqlalchemy or the ORM, services and
models never import Qt, the domain's vocabulary imports neither, and no module imports itself round a circle."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
import types
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Every module a file imports, however it is spelled: ``import a.b``, ``from a import b`` (as ``a`` and
    ``a.b``), relative imports resolved, imports inside functions included, and ``importlib.import_module("a.b")``
    or ``__import__("a.b")`` with a literal name."""
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        here = _module_name(path)
        package = here if path.name == "__init__.py" else here.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parent + ([base] if base else []))
                names.add(base)
                names |= {f"{base}.{alias.name}" for alias in node.names}
            elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                  and isinstance(node.args[0].value, str)
                  and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                       or (isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module")))):
                names.add(node.args[0].value)
        found[str(path.relative_to(ROOT))] = names
    return found


def _is(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def test_views_never_import_sqlalchemy_or_the_orm() -> None:
    offenders = {f: sorted(n for n in m if _is(n, "sqlalchemy", "app.models"))
                 for f, m in imported_modules(ROOT / "app" / "views").items()}
    assert {f: n for f, n in offenders.items() if n} == {}


def test_no_view_module_holds_an_orm_class_or_sqlalchemy_through_a_re_export() -> None:
    """A name can reach a view through another module (``from app.views.widgets import Case``, where widgets got it
    from the ORM): every name each views module holds is checked for where it was defined."""
    import app.views

    offenders: dict[str, list[str]] = {}
    for info in pkgutil.iter_modules(app.views.__path__):
        module = importlib.import_module(f"app.views.{info.name}")
        for name, value in vars(module).items():
            origin = value.__name__ if isinstance(value, types.ModuleType) else getattr(value, "__module__", None)
            if isinstance(origin, str) and _is(origin, "sqlalchemy", "app.models"):
                offenders.setdefault(info.name, []).append(name)
    assert offenders == {}


def test_the_check_catches_each_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule above is not blind: each way of reaching the ORM from a views file is seen."""
    folder = tmp_path / "app" / "views"
    folder.mkdir(parents=True)
    spellings = {
        "a.py": "from app.models import Case\n",
        "b.py": "import app.models\n",
        "c.py": "from app import models\n",
        "d.py": "def f():\n    from app.models.cases import Case\n",
        "e.py": "import importlib\nm = importlib.import_module('app.models')\n",
        "f.py": "import sqlalchemy.orm as orm\n",
    }
    for name, source in spellings.items():
        (folder / name).write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = imported_modules(folder)
    for name in spellings:
        assert any(_is(n, "sqlalchemy", "app.models") for n in found[f"app/views/{name}"]), name


def test_services_models_and_the_domain_never_import_qt() -> None:
    offenders = {}
    for folder in ("services", "models", "domain", "demo"):
        for f, m in imported_modules(ROOT / "app" / folder).items():
            if any(n.split(".")[0] in {"PySide6", "shiboken6", "qtawesome"} for n in m):
                offenders[f] = m
    assert offenders == {}


def test_the_domain_vocabulary_is_plain_python() -> None:
    offenders = {f: sorted(n for n in m if _is(n, "sqlalchemy", "app.models", "app.services", "app.views"))
                 for f, m in imported_modules(ROOT / "app" / "domain").items()}
    assert {f: n for f, n in offenders.items() if n} == {}


def test_no_import_circle_in_the_app() -> None:
    """No module reaches itself through imports (function-level imports count: they hid db -> audit -> auth -> db)."""
    found = imported_modules(ROOT / "app")
    modules = {_module_name(ROOT / f) for f in found}
    graph = {_module_name(ROOT / f): {n for n in names if n in modules} for f, names in found.items()}
    for module in graph:  # a package's own __init__ is not an edge to its modules
        graph[module] = {n for n in graph[module] if n != module and not module.startswith(n + ".")}
    circles: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert circles == []


def test_no_service_module_is_over_about_500_lines() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
             for p in (ROOT / "app" / "services").rglob("*.py")}
    assert {p: n for p, n in sizes.items() if n > 520} == {}
