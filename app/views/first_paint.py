"""The first paint of a window: what ``main.py --exit-when-shown`` waits for, so a real start can be timed whole."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class FirstPaint(QObject):
    """Calls ``then(window)`` once, on the turn of the event loop after the first Paint event of a top-level window
    that ``which`` accepts: by then the window and all its children are drawn and on the screen. It watches every
    event of the application until then, and nothing after."""

    def __init__(self, app: QCoreApplication, then: Callable[[QWidget], None],
                 which: Callable[[QWidget], bool] = lambda _window: True) -> None:
        super().__init__(app)
        self._app = app
        self._then = then
        self._which = which
        self.window: QWidget | None = None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (self.window is None and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.isWindow() and self._which(watched)):
            self.window = watched
            self._app.removeEventFilter(self)
            QTimer.singleShot(0, partial(self._then, watched))
        return False


_leaving = False


def leaving() -> bool:
    """``exit_when_shown`` has quit the event loops: start nothing more (the database is not opened then)."""
    return _leaving


def exit_when_shown(app: QCoreApplication) -> FirstPaint:
    """Quit every event loop (the log-in's or the first-start wizard's ``exec``) with 0 once a window is painted."""
    def leave(window: QWidget) -> None:
        global _leaving
        log.info("First window painted (%s): exiting, as --exit-when-shown asks", window.objectName() or "-")
        _leaving = True
        QCoreApplication.exit(0)

    return FirstPaint(app, leave)
