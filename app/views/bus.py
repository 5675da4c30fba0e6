"""A small change bus: after a write, views hear what changed and refresh only that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    cases_changed = Signal()
    residents_changed = Signal()
    accounts_changed = Signal()
