"""The desk's window fits the screen it opens on, and opens again as it was left."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMainWindow

from app.services.core.container import Services
from app.views.main_window import MainWindow
from app.views.window_state import PREFERRED_SIZE, ViewState


def test_a_screen_smaller_than_the_window_opens_it_maximised_and_that_is_remembered(
        qtbot, window: MainWindow, services: Services) -> None:  # type: ignore[no-untyped-def]
    screen = window.screen().availableGeometry()
    assert screen.height() < PREFERRED_SIZE.height()  # the test screen is small, as a 1366x768 desk's is
    window.view_state.restore(window, "main")
    window.show()
    qtbot.waitExposed(window)
    assert window.isMaximized()
    # Maximised on a 1366x768 desk (a taskbar takes 40 pixels) it can be that small: every page fits in it.
    for key in window.pages:
        window.show_page(key)
        assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 728, key
    window.close()                                             # closing remembers it (window.ini, this PC only)
    assert (services.paths.data_dir / "window.ini").is_file()

    again = QMainWindow()
    qtbot.addWidget(again)
    ViewState(services.paths.data_dir / "window.ini").restore(again, "main")
    assert again.windowState() & Qt.WindowState.WindowMaximized


def test_a_window_left_smaller_opens_at_that_size(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    placement = ViewState(tmp_path / "window.ini")
    first = QMainWindow()
    qtbot.addWidget(first)
    placement.restore(first, "main", preferred=QSize(500, 400))  # fits: not maximised, centred
    assert not first.windowState() & Qt.WindowState.WindowMaximized and first.size() == QSize(500, 400)
    first.show()
    qtbot.waitExposed(first)
    first.resize(640, 480)
    placement.save(first, "main")

    second = QMainWindow()
    qtbot.addWidget(second)
    ViewState(tmp_path / "window.ini").restore(second, "main", preferred=QSize(500, 400))
    assert second.size() == QSize(640, 480) and not second.windowState() & Qt.WindowState.WindowMaximized
