"""The intake form's right-hand panel: open requests that may be the same problem (并单), looked for as the clerk
types, off the GUI thread, the latest question winning. Choosing one and pressing Ctrl+J adds this household to it
(the intake page asks, then saves)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGroupBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.services.cases.intake import SimilarCase
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.views import keys
from app.views.operations import Operations
from app.views.widgets import icon, name_widget, render_error

SIMILAR_DELAY_MS = 500  # a pause in typing before looking
MIN_TEXT = 6            # characters of description that are worth comparing when no resident is chosen yet


class SimilarRequestsPanel(QGroupBox):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Open requests that look the same (last 30 days)"), parent)
        self.setObjectName("intake_similar_box")
        self._services, self._actor = services, actor
        self.list = name_widget(QListWidget(), "intake_similar", self.tr("Similar open requests"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        attach = self.tr("Add to the chosen request ({keys})").format(keys=keys.keys_of("attach"))
        self.attach_button = name_widget(QPushButton(icon("fa5s.link"), attach), "intake_attach",
                                         self.tr("Add this report to the chosen request"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.attach_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SIMILAR_DELAY_MS)
        self._ops = Operations(self, None)  # reads only
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.clear()

    def chosen(self) -> SimilarCase | None:
        item = self.list.currentItem()
        found: SimilarCase | None = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found

    def clear(self) -> None:
        self.list.clear()
        self.hint.setText(self.tr("Choose the resident and category to see similar requests."))
        self.attach_button.setEnabled(False)

    def schedule(self) -> None:
        """The form changed: look after a pause in typing; an answer on its way is to an earlier question and is
        dropped (the query cannot be stopped half-way in its thread, its answer is not shown)."""
        self._ops.forget("similar")
        self.timer.start()

    def look(self, resident_id: uuid.UUID | None, category_id: uuid.UUID | None, subcategory_id: uuid.UUID | None,
             text: str) -> None:
        """Look now for open requests like this one (an answer to an earlier question is dropped)."""
        self.timer.stop()
        self.clear()
        if resident_id is None and len(text.strip()) < MIN_TEXT:
            self._ops.forget("similar")
            return
        intake, actor = self._services.intake, self._actor
        self.hint.setText(self.tr("Looking for similar requests…"))
        self._ops.read(lambda: intake.find_similar(actor, resident_id, category_id, text, subcategory_id),
                       self._show, key="similar", refused=lambda exc: self.hint.setText(render_error(exc)))

    def _show(self, found: list[SimilarCase]) -> None:
        self.list.clear()
        for s in found:
            reason = self.tr("same building, same kind of problem") if s.same_building else \
                self.tr("similar text ({score}%)").format(score=s.text_score)
            when = local(s.created_at).strftime("%m-%d %H:%M")
            place = self.tr("{building} bldg").format(building=s.building) if s.building else self.tr("no address")
            item = QListWidgetItem(self.tr("{no} · {when} · {place} · {households} household(s)\n"
                                           "{category}: {summary}\n({reason})").format(
                no=s.case_no, when=when, place=place, households=s.households_count,
                category=s.category, summary=s.summary, reason=reason))
            item.setData(Qt.ItemDataRole.UserRole, s)
            self.list.addItem(item)
        self.hint.setText(
            self.tr("{n} open request(s) may be the same problem. Choose one and press {keys} to add this "
                    "household to it instead of opening a new case.").format(n=len(found),
                                                                             keys=keys.keys_of("attach")) if found
            else self.tr("No similar open request."))
        self.attach_button.setEnabled(self.list.currentItem() is not None)

    def _on_list_current_changed(self, current: QListWidgetItem | None, _prev: object) -> None:
        self.attach_button.setEnabled(current is not None)
