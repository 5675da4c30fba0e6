"""The change bus: after a write, the pages showing what it changed hear it and read again.

A write run through ``app.views.operations`` announces the topics its committed transactions changed (derived from
the tables the unit of work wrote, ``app.services.core.changes``); each page subscribes to the topics it shows.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from app.domain.topics import Topic


class ChangeBus(QObject):
    changed = Signal(object)  # frozenset[Topic]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._subscribers: list[tuple[frozenset[Topic], Callable[[], Callable[[], Any] | None]]] = []
        self.changed.connect(self._deliver)

    def subscribe(self, topics: Iterable[Topic], slot: Callable[[], Any]) -> None:
        """Call ``slot()`` after any write that changed one of ``topics``. A bound method is held weakly, and not
        called once its widget is gone: a closed dialog's subscription ends with it."""
        ref: Callable[[], Callable[[], Any] | None]
        if hasattr(slot, "__self__") and hasattr(slot, "__func__"):
            ref = weakref.WeakMethod(slot)
        else:
            ref = lambda: slot  # noqa: E731 - a plain function lives as long as the bus
        self._subscribers.append((frozenset(topics), ref))

    def announce(self, topics: Iterable[Topic]) -> None:
        """Say that a write changed ``topics`` (nothing happens for none)."""
        changed = frozenset(topics)
        if changed:
            self.changed.emit(changed)

    def _deliver(self, changed: frozenset[Topic]) -> None:
        gone = []
        for entry in list(self._subscribers):  # a slot may subscribe others while this runs
            topics, ref = entry
            slot = ref()
            owner = getattr(slot, "__self__", None)
            if slot is None or (isinstance(owner, QObject) and not isValid(owner)):
                gone.append(entry)
            elif topics & changed:
                slot()
        for entry in gone:
            self._subscribers.remove(entry)
