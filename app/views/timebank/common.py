"""Editors the time-bank tabs and dialogs share: the kind of service, a time, hours, a volunteer to choose."""

from __future__ import annotations

from datetime import time
from typing import Any

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


class VolunteerCombo(QComboBox):
    """A volunteer chosen by typing part of the name or number. Nothing chosen shows the hint as the edit's
    placeholder (grey, not text): the hint can neither be edited nor submitted as a name, and ``chosen()`` is a
    volunteer only while the text is exactly one of the list's entries (a half-typed name chooses nobody)."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(QCoreApplication.translate("TimeBankPage", "Type a volunteer's name or number"))
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(completer.CompletionMode.PopupCompletion)

    def chosen(self) -> Any:
        """The chosen volunteer's data (see ``fill_volunteers``), or None when the text names no entry."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchExactly) if text else -1
        return self.itemData(index) if index >= 0 else None

    def chosen_name(self) -> str:
        """The chosen volunteer's name (the entry is "name  number"), or "" when nobody is chosen."""
        return self.currentText().split()[0] if self.chosen() is not None else ""


def volunteer_combo(name: str, accessible: str) -> VolunteerCombo:
    return name_widget(VolunteerCombo(), name, accessible)


def fill_volunteers(combo: VolunteerCombo, volunteers: list[VolunteerInfo], by_resident: bool) -> None:
    """The volunteers as choices (their resident's id, or their own), keeping the one chosen if still there;
    nobody chosen leaves the box empty with its placeholder."""
    current = combo.chosen()
    combo.blockSignals(True)
    combo.clear()
    for v in volunteers:
        combo.addItem(f"{v.name}  {v.number}", v.resident_id if by_resident else v.id)
    combo.setCurrentIndex(combo.findData(current) if current is not None else -1)
    combo.blockSignals(False)


def selected_rows(table: QTableView) -> list[int]:
    return sorted({i.row() for i in table.selectionModel().selectedRows()})
