"""What this PC remembers of how the desk looks: where its window sits and how big it is, the 字体大小 chosen and
the width of each list's columns as the clerk left them.

The first start fits the window to the screen: on the common 1366x768 office screen the 1280x820 the app would like
does not fit (the status bar with the overdue count and the form's bottom fell off the screen), so it opens
maximised; on a larger screen it opens at that size. After that it opens as it was left, maximised or not. The
file lives in the data folder beside the drafts (a per-PC setting, not the community's: the same clerk may want
large print on the old monitor by the door and standard on the new one).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtWidgets import QWidget

from app.domain.enums import FontSize
from app.views.type_scale import parse

PREFERRED_SIZE = QSize(1280, 820)


class ViewState:
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

    def font_size(self) -> FontSize:
        return parse(self._settings.value("view/font_size", FontSize.STANDARD.value))

    def set_font_size(self, size: FontSize) -> None:
        self._settings.setValue("view/font_size", size.value)
        self._settings.sync()

    def community_name(self) -> str:
        """The community's name the log-in showed last on this PC: the next start shows the log-in with it before
        the database is opened. Empty on a PC that never logged in (the first start opens the database first)."""
        saved = self._settings.value("start/community_name", "")
        return saved if isinstance(saved, str) else ""

    def set_community_name(self, name: str) -> None:
        if name != self.community_name():
            self._settings.setValue("start/community_name", name)
            self._settings.sync()

    def column_widths(self, key: str) -> list[int]:
        """The widths the clerk gave the columns of the list ``key``; empty when never changed."""
        saved = self._settings.value(f"columns/{key}")
        if not isinstance(saved, str) or not saved:
            return []
        try:
            return [int(part) for part in saved.split(",")]
        except ValueError:  # edited by hand: forget it rather than fail
            return []

    def set_column_widths(self, key: str, widths: list[int]) -> None:
        if widths:
            self._settings.setValue(f"columns/{key}", ",".join(str(w) for w in widths))
        else:
            self._settings.remove(f"columns/{key}")
        self._settings.sync()
