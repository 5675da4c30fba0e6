"""Editors the time-bank tabs and dialogs share: the kind of service, a time, hours, a volunteer to choose."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QTableView, QTimeEdit

from app.domain.enums import ServiceType
from app.services.ledger.timebank import VolunteerInfo
from app.views.widgets import label_of, name_widget


def service_type_combo(object_name: str, accessible: str) -> QComboBox:
    combo = name_widget(QComboBox(), object_name, accessible)
    assert isinstance(combo, QComboBox)
    for kind in ServiceType:
        combo.addItem(label_of(kind), kind.value)
    return combo


def to_time(edit: QTimeEdit) -> time:
    t = edit.time()
    return time(t.hour(), t.minute())


def hours_box(name: str, accessible: str) -> QDoubleSpinBox:
    box = name_widget(QDoubleSpinBox(), name, accessible)
    assert isinstance(box, QDoubleSpinBox)
    box.setRange(0, 1500)
    box.setDecimals(2)
    box.setSingleStep(0.25)
    box.setSuffix(QCoreApplication.translate("TimeBankPage", " h"))
    return box


def volunteer_combo(name: str, accessible: str) -> QComboBox:
    """A volunteer chosen by typing part of the name or number."""
    combo = name_widget(QComboBox(), name, accessible)
    assert isinstance(combo, QComboBox)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
    return combo


def fill_volunteers(combo: QComboBox, volunteers: list[VolunteerInfo], by_resident: bool) -> None:
    """The volunteers as choices (their resident's id, or their own), keeping the one chosen if still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(QCoreApplication.translate("TimeBankPage", "— choose a volunteer —"), None)
    for v in volunteers:
        combo.addItem(f"{v.name}  {v.number}", v.resident_id if by_resident else v.id)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def selected_rows(table: QTableView) -> list[int]:
    return sorted({i.row() for i in table.selectionModel().selectedRows()})
