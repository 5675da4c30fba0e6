"""Shared test set-up: Qt offscreen, GUI tests marked, one demo community built per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Fuzzing explores new random inputs on developers' machines; CI replays a fixed set so that a landing
# is judged on the change, not on the luck of the draw. Found inputs are pinned with @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
# The demo is built "now" on this fake clock; tests that open it keep time just after.
DEMO_BUILT_AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Beijing, a Friday


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", help="also run the soak tests (a day's work in minutes)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_soak = pytest.mark.skip(reason="a soak test: run with --soak")
    for item in items:
        if "tests/gui/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)
        if "soak" in item.keywords and not config.getoption("--soak"):
            item.add_marker(skip_soak)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo community, built once; tests copy it (see ``demo_dir``)."""
    from app.demo.build import build_demo
    from app.services.core.clock import FakeClock
    from app.services.core.container import open_services

    folder = tmp_path_factory.mktemp("demo-template")
    services = open_services(folder, clock=FakeClock(DEMO_BUILT_AT))
    try:
        build_demo(services)
    finally:
        services.close()
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    yield target
