"""Real widgets, offscreen, in Chinese (the shipped language), on a copy of the demo community."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from app.i18n import install_translators
from app.services.core.auth import Actor
from app.services.core.clock import FakeClock
from app.services.core.container import Services, open_services
from app.views.application import prepare_application
from app.views.main_window import MainWindow
from tests.conftest import DEMO_BUILT_AT

DEMO_PASSWORD = "demo1234"


@pytest.fixture(scope="session", autouse=True)
def chinese_ui(qapp: QApplication) -> Iterator[None]:
    prepare_application(qapp)
    translators = install_translators(qapp, "zh_CN")
    yield
    for t in translators:
        qapp.removeTranslator(t)


@pytest.fixture(autouse=True)
def collect_only_between_tests() -> Iterator[None]:
    """As the desk runs (app/views/collector.py): no automatic cycle collection while a worker may run; the cycles a
    test made are collected after it, with the thread pool idle. Only around GUI tests: the unit tests that follow in
    the same process keep Python's automatic collection."""
    gc.disable()
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def no_automatic_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk backs up once nobody typed for a few seconds (app.views.background_backup): never in the pauses of
    other tests, whose backup folders they count; the tests of the automatic backup set their window's idle time."""
    monkeypatch.setattr("app.views.background_backup.IDLE_MS", 3_600_000)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(DEMO_BUILT_AT + timedelta(hours=1))


@pytest.fixture
def services(demo_dir: Path, clock: FakeClock) -> Iterator[Services]:
    s = open_services(demo_dir, clock=clock)
    yield s
    s.close()


@pytest.fixture
def clerk(services: Services) -> Actor:
    return services.auth.login("clerk1", DEMO_PASSWORD)


@pytest.fixture
def window(qtbot, services: Services, clerk: Actor) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(services, clerk)
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    qtbot.waitExposed(w)
    return w
