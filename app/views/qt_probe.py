"""The None probe: does this build of the Qt bindings keep Python's reference count of None?

PySide6 6.12.0 on Python 3.11 decremented None's count on every call of a Qt method returning nothing, and the
desk aborted ("none_dealloc: deallocating None") after a day's work. The probe calls a few thousand such methods
of the kinds the desk calls all day and measures ``sys.getrefcount(None)`` around each kind. A sound build moves
it by a handful (caches filling); the faulty one by minus one per call. ``main.py check-qt`` runs it, the test
suite runs it in the source tree and the bundle test against the frozen program: a Qt upgrade passes it first.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QStringListModel, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

#: How far None's count may fall over one kind's calls before the build is judged faulty. A sound build was
#: measured between 0 and +9 for 1,000 calls; the faulty one fell by 1,000 to 2,000.
TOLERANCE = 50


class _Emitter(QObject):
    changed = Signal()
    carried = Signal(object)


@dataclass(frozen=True)
class Drift:
    what: str
    calls: int
    change: int  # sys.getrefcount(None) after the calls minus before

    @property
    def sound(self) -> bool:
        return self.change > -TOLERANCE


def _measure(what: str, calls: int, call: Callable[[], object]) -> Drift:
    call()  # the first call may fill caches; it is not counted
    before = sys.getrefcount(None)
    for _ in range(calls):
        call()
    return Drift(what, calls, sys.getrefcount(None) - before)


def none_drift(calls: int = 1000) -> list[Drift]:
    """Measure each kind of void Qt call ``calls`` times; needs a QApplication."""
    assert QApplication.instance() is not None, "the probe needs a QApplication"
    label = QLabel()
    edit = QLineEdit()
    model = QStringListModel(["一", "二", "三"])
    emitter = _Emitter()
    heard: list[object] = []
    emitter.changed.connect(lambda: heard.append(1))
    emitter.carried.connect(heard.append)

    def show_hide() -> None:
        label.show()
        label.hide()

    def reset_model() -> None:
        model.beginResetModel()
        model.endResetModel()

    def emit() -> None:
        emitter.changed.emit()
        emitter.carried.emit(None)
        heard.clear()

    try:
        return [
            _measure("setObjectName", calls, lambda: label.setObjectName("probe")),
            _measure("setText", calls, lambda: label.setText("社区服务台")),
            _measure("QLineEdit.clear", calls, edit.clear),
            _measure("show/hide", calls, show_hide),
            _measure("signal emit", calls, emit),
            _measure("model reset", calls, reset_model),
        ]
    finally:
        label.deleteLater()
        edit.deleteLater()
