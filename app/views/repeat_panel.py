"""The intake form's panel of the caller's requests of the last 90 days (重复诉求, issue 20): read once the resident is
chosen or the caller's number typed, off the GUI thread, the latest question winning (like the resident look-up).
The form marks the same problem as a repeat (``IntakePage``); choosing an open request here and pressing Ctrl+J
records the call on it instead of a new request."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.services.cases.repeats import REPEAT_DAYS, CallerHistory, PastRequest
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views import keys
from app.views.operations import Operations
from app.views.widgets import icon, label_of, name_widget, render_error

HISTORY_DELAY_MS = 250  # a pause in typing the caller's number before asking
MARKED = QColor("#fff4e5")  # the row the form marks as the same problem


class CallerHistoryPanel(QGroupBox):
    loaded = Signal(object)  # CallerHistory: what the form marks is worked out from it

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("This caller's requests (last {days} days)").format(days=REPEAT_DAYS), parent)
        self.setObjectName("intake_history_box")
        self._services, self._actor = services, actor
        self.history: CallerHistory | None = None
        self._asked: tuple[uuid.UUID | None, str] | None = None
        self._marked: uuid.UUID | None = None
        self.list = name_widget(QListWidget(), "intake_history", self.tr("The caller's earlier requests"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.hint = QLabel()
        self.hint.setObjectName("intake_history_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        self.attach_button = name_widget(
            QPushButton(icon("fa5s.phone-volume"), self.tr("Record this call on the chosen request ({keys})").format(
                keys=keys.keys_of("attach"))),
            "intake_attach_repeat", self.tr("Record this call on the chosen earlier request, no new request"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.attach_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(HISTORY_DELAY_MS)
        self._ops = Operations(self, None)  # reads only
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.clear()

    # --- asking ----------------------------------------------------------------------------------------

    def clear(self) -> None:
        self._ops.forget("history")
        self.timer.stop()
        self.history, self._asked, self._marked = None, None, None
        self.list.clear()
        self.hint.setText(self.tr("Choose the resident (or type the caller's number) to see their requests."))
        self.attach_button.setEnabled(False)

    def schedule(self) -> None:
        """The resident or the number changed: ask after a short pause (an answer on its way is dropped)."""
        self._ops.forget("history")
        self.timer.start()

    def look(self, resident_id: uuid.UUID | None, caller_phone: str) -> None:
        """Ask now for the requests of this resident and number (the same question again is not asked)."""
        self.timer.stop()
        question = (resident_id, caller_phone.strip())
        if question == self._asked:
            return
        if resident_id is None and not caller_phone.strip():
            self.clear()
            self.loaded.emit(None)
            return
        self._asked = question
        repeats, actor = self._services.repeats, self._actor
        self.hint.setText(self.tr("Looking for their requests…"))
        self._ops.read(lambda: repeats.history(actor, *question), self._show, key="history",
                       refused=lambda exc: self.hint.setText(render_error(exc)))

    # --- showing ---------------------------------------------------------------------------------------

    def _show(self, found: CallerHistory) -> None:
        self.history = found
        self.list.clear()
        for r in found.requests:
            item = QListWidgetItem(self._text(r))
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.list.addItem(item)
        if not found.requests:
            self.hint.setText(self.tr("No request in the last {days} days.").format(days=REPEAT_DAYS))
        else:
            self.hint.setText(self.tr("{n} request(s) in the last {days} days, newest first.").format(
                n=len(found.requests), days=REPEAT_DAYS))
        self._paint()
        self.attach_button.setEnabled(self.chosen_open() is not None)
        self.loaded.emit(found)

    def _text(self, r: PastRequest) -> str:
        status = label_of(r.status)
        lines = [self.tr("{no} · {day} · {status}").format(no=r.case_no, day=local(r.created_at).strftime("%Y-%m-%d"),
                                                          status=status),
                 f"{r.category}: {r.summary}"]
        if r.repeat_of_no:
            lines.append(self.tr("(a repeat of {no})").format(no=r.repeat_of_no))
        if r.by_number:
            lines.append(self.tr("(logged with this number for another resident record)"))
        return "\n".join(lines)

    def mark(self, case_id: uuid.UUID | None) -> None:
        """Tint the request the form marks as the same problem (None: none)."""
        self._marked = case_id
        self._paint()
        self.attach_button.setEnabled(self.chosen_open() is not None)

    def _paint(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            r: PastRequest = item.data(Qt.ItemDataRole.UserRole)
            same = r.case_id == self._marked
            item.setBackground(MARKED if same else QColor(0, 0, 0, 0))
            font = item.font()
            font.setBold(same)
            item.setFont(font)

    # --- choosing --------------------------------------------------------------------------------------

    def requests(self) -> list[PastRequest]:
        return self.history.requests if self.history is not None else []

    def request_of(self, case_id: uuid.UUID) -> PastRequest | None:
        return next((r for r in self.requests() if r.case_id == case_id), None)

    def chosen(self) -> PastRequest | None:
        item = self.list.currentItem()
        found: PastRequest | None = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found

    def chosen_open(self) -> PastRequest | None:
        """The request chosen in the list if it is open (a call can be recorded on it), else the marked one if open."""
        chosen = self.chosen()
        if chosen is not None:
            return chosen if chosen.open else None
        marked = self.request_of(self._marked) if self._marked is not None else None
        return marked if marked is not None and marked.open else None

    def _on_list_current_changed(self, _current: QListWidgetItem | None, _prev: object) -> None:
        self.attach_button.setEnabled(self.chosen_open() is not None)
