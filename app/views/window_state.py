"""Where the desk's window sits and how big it is, remembered on this PC between starts.

The first start fits the window to the screen: on the common 1366x768 office screen the 1280x820 the app would like
does not fit (the status bar with the overdue count and the form's bottom fell off the screen), so it opens
maximised; on a larger screen it opens at that size. After that it opens as it was left, maximised or not. The
file lives in the data folder beside the drafts (a per-PC setting, not the community's).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1280, 820)


class WindowPlacement:
    def __init__(self, path: Path) -> None:
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def restore(self, window: QWidget, key: str, preferred: QSize = PREFERRED_SIZE) -> None:
        """Before ``window`` is shown: as it was left, or fitted to the screen it opens on."""
        saved = self._settings.value(f"{key}/geometry")
        if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
            return  # Qt also moves it back on screen if that screen is gone or smaller now
        screen = window.screen().availableGeometry()
        if preferred.width() > screen.width() or preferred.height() > screen.height():
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        else:
            window.resize(preferred)
            window.move(screen.center() - window.rect().center())

    def save(self, window: QWidget, key: str) -> None:
        self._settings.setValue(f"{key}/geometry", window.saveGeometry())
        self._settings.sync()
