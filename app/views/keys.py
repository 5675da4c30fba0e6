"""The windows' shortcuts, bound from the one table of keys (``app.domain.shortcuts``), never spelled out here."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.domain.shortcuts import AREA_NAMES, BY_ID, CONTEXT, Area, Shortcut, keys_of

__all__ = ["area_name", "bind", "keys_of", "sequences", "shortcut", "summary", "what"]


def sequences(id: str) -> list[QKeySequence]:
    entry = BY_ID[id]
    assert entry.bound, f"{id} is a widget's own key, not one the desk binds"
    return [QKeySequence(key) for key in entry.keys]


def bind(action: QAction, id: str) -> QAction:
    """``action`` answers to the keys of shortcut ``id`` (and shows the first one in its menu)."""
    action.setShortcuts(sequences(id))
    return action


def shortcut(id: str, parent: QWidget, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> list[QShortcut]:
    """QShortcuts on ``parent`` for every key of shortcut ``id``, each calling ``slot``."""
    made = []
    for sequence in sequences(id):
        made.append(QShortcut(sequence, parent, slot, context))
    return made


def what(entry: Shortcut) -> str:
    """What the key does, in the user's language."""
    return QCoreApplication.translate(CONTEXT, entry.what)


def summary(heading: str, ids: tuple[str, ...]) -> str:
    """A short rich-text list of some keys (a page's reminder panel): the heading, then a line per key."""
    lines = [f"<b>{escape(heading)}</b>"]
    lines += [f"<b>{escape(keys_of(id))}</b>  {escape(what(BY_ID[id]))}" for id in ids]
    return "<br>".join(lines)


def area_name(area: Area) -> str:
    return QCoreApplication.translate(CONTEXT, AREA_NAMES[area][0])
