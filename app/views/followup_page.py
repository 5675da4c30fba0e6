"""回访: the resolved requests waiting for the follow-up call, the oldest resolution first, and the call itself.

On the left the list (办结时间, resident, phone, class, unanswered calls so far); on the right the request under the
cursor: the number to call in large print, the resident, the public summary, what was done, the unanswered calls
with their days, and the script to read (回访话术). The clerk answers in two keystrokes: a digit chooses the answer
(1 满意, 2 基本满意, 3 不满意, 4 未接通, 5 无法联系: the numbers are on the buttons) and Enter records it; the next
request comes up at once. An answer leaves the list; 未接通 stays in its place, its call counted, and the cursor
moves on to the next. 无法联系 is refused until nobody answered on three different days (the message says how many
calls on how many days so far), nothing written. The keys are the table's (``follow_up_answer``, a widget's own,
and ``follow_up_record``); every write goes through ``Operations`` to ``WorkflowService.follow_up`` or
``call_tried``, the paths the request's page uses too.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Satisfaction
from app.domain.topics import Topic
from app.services.cases.followup import TRY_DAYS, FollowUpItem, FollowUpQueue, Tries
from app.services.cases.workflow import CaseInfo
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.views import keys
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, Index, RowsModel, read_only_table
from app.views.type_scale import set_role
from app.views.widgets import STRETCH, Banner, FieldErrorsView, column, icon, label_of, name_widget, row

NO_ANSWER = "no_answer"  # 未接通: not an answer; recorded as an unanswered call (WorkflowService.call_tried)
# The choices in the order of their digits (1-5).
CHOICES = (Satisfaction.SATISFIED.value, Satisfaction.BASICALLY.value, Satisfaction.DISSATISFIED.value, NO_ANSWER,
           Satisfaction.UNREACHABLE.value)
DIGIT_KEYS = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2, Qt.Key.Key_4: 3, Qt.Key.Key_5: 4}
CARD = "QFrame#followup_card{background:#f4f6f9; border:1px solid #d5dbe5; border-radius:6px;}"
SCRIPT = "background:#ffffff; color:#222222; border:1px solid #a8c2ee; border-radius:4px; padding:8px;"


OVERDUE = "#b00020"  # past the 回访时限: red, 6.4:1 on white


def day_text(at: datetime | None) -> str:
    return local(at).strftime("%m-%d %H:%M") if at is not None else "—"


class QueueModel(RowsModel[FollowUpItem]):
    """The list; a request past its 回访时限 in red (the card says it in words)."""

    now: datetime | None = None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self.now is not None:
            due = self.row_at(index.row()).due_at
            if due is not None and due <= self.now:
                return QColor(OVERDUE)
        return super().data(index, role)


class FollowUpPage(QWidget):
    case_opened = Signal(object)  # a request's id: its page

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followup_page")
        self._services, self._actor = services, actor
        self.queue: FollowUpQueue | None = None
        self.loading = False
        self._wanted: uuid.UUID | None = None  # the request to put the cursor on when the list is read again
        self._shown_id: uuid.UUID | None = None  # the request the card shows
        self.banner = Banner("followup_banner")
        self.errors = FieldErrorsView()
        self._ops = Operations(self, bus, self.banner, self.errors)
        self._build()
        bus.subscribe({Topic.CASES}, self.refresh)  # an answer here, on a request's page or on another desk
        self.refresh()

    # --- construction -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.count = QLabel()
        self.count.setObjectName("followup_count")
        set_role(self.count, "emphasis")
        self.refresh_button = name_widget(QPushButton(icon("fa5s.sync"), self.tr("Refresh")), "followup_refresh",
                                          self.tr("Read the list again"))
        self.model = QueueModel([
            Column(self.tr("Resolved"), lambda i: day_text(i.resolved_at)),
            Column(self.tr("Resident"), lambda i: i.resident),
            Column(self.tr("Phone"), lambda i: i.phone or self.tr("none")),
            Column(self.tr("Category"), lambda i: i.category),
            Column(self.tr("No answer"), lambda i: self._tries_short(i.tries)),
        ])
        self.table = read_only_table(self.model, "followup_table", self.tr("Requests waiting for the follow-up call"),
                                     stretch_column=3)
        self.table.installEventFilter(self)  # the digits choose the answer (a widget's own keys: the table's)
        keys.shortcut("follow_up_record", self.table, self.record, Qt.ShortcutContext.WidgetShortcut)
        self.table.doubleClicked.connect(lambda _index: self._open_case())
        self.empty = QLabel(self.tr("No request is waiting for its follow-up call."))
        self.empty.setObjectName("followup_empty")
        self.empty.setStyleSheet("color:#555555; padding:12px;")
        set_role(self.empty, "heading")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(row((self.count, 1), self.refresh_button))
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        left_box = QWidget()
        left_box.setLayout(left)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(row((left_box, 5), (self._card(), 6)), 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

    def _label(self, name: str, role: str = "body", style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(label, role)
        if style:
            label.setStyleSheet(style)
        return label

    def _card(self) -> QWidget:
        card = QFrame()
        card.setObjectName("followup_card")
        card.setStyleSheet(CARD)
        self.phone = self._label("followup_phone", "figure", "color:#2b4c7e; font-weight:700;")
        self.who = self._label("followup_who", "emphasis")
        self.what = self._label("followup_what")
        self.summary = self._label("followup_summary")
        self.outcome = self._label("followup_outcome")
        self.tries = self._label("followup_tries")
        self.script = self._label("followup_script", "emphasis", SCRIPT)
        self.open_button = name_widget(QPushButton(icon("fa5s.external-link-alt"), self.tr("Open the request")),
                                       "followup_open", self.tr("Open this request's page"))
        self.open_button.clicked.connect(self._open_case)
        facts = QGridLayout()
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setColumnStretch(1, 1)
        for i, (caption, value) in enumerate(((self.tr("Reported"), self.summary),
                                              (self.tr("What was done"), self.outcome),
                                              (self.tr("Unanswered calls"), self.tries))):
            cap = QLabel(caption)
            cap.setStyleSheet("color:#555555;")
            facts.addWidget(cap, i, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, i, 1)

        self.answers = QButtonGroup(self)
        self.answers.setExclusive(True)
        buttons = []
        for n, choice in enumerate(CHOICES, start=1):
            button = name_widget(QPushButton(f"{n} {self._choice_text(choice)}"), f"followup_answer_{choice}",
                                 self._choice_text(choice))
            button.setCheckable(True)
            # the answer chosen stands out before Enter records it (the app's style draws checked buttons flat)
            button.setStyleSheet("QPushButton:checked { background:#2b4c7e; color:white; font-weight:600; }")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the list: the digits keep working
            button.setProperty("choice", choice)
            self.answers.addButton(button, n - 1)
            buttons.append(button)
        # The resident's answers on the first line, the calls nobody answered on the second.
        self.answer_row = name_widget(column(row(*buttons[:3], STRETCH), row(*buttons[3:], STRETCH)),
                                      "followup_answers", self.tr("The resident's answer"))
        self.answer_error = self._label("error_satisfaction", style="color:#b00020;")
        self.answer_error.hide()
        self.errors.register("satisfaction", self.answer_row, self.answer_error)
        self.note = name_widget(QLineEdit(), "followup_note", self.tr("Note (may be left empty)"))
        self.note.setPlaceholderText(self.tr("Note, if any (Enter records too)"))
        self.note.returnPressed.connect(self.record)
        self.note_error = self._label("error_note", style="color:#b00020;")
        self.note_error.hide()
        self.errors.register("note", self.note, self.note_error)
        self.record_button = name_widget(
            QPushButton(icon("fa5s.check"), self.tr("Record ({keys})").format(keys=keys.keys_of("follow_up_record"))),
            "followup_record", self.tr("Record the answer chosen"))
        self.record_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.record_button.clicked.connect(self.record)
        self.hint = QLabel(self.tr("Press the number of the answer (1-5), then Enter: the next request comes up."))
        self.hint.setObjectName("followup_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555555;")

        inner = QVBoxLayout(card)
        inner.addWidget(row((self.phone, 1), self.open_button))
        inner.addWidget(self.who)
        inner.addWidget(self.what)
        inner.addLayout(facts)
        inner.addWidget(self.script)
        inner.addWidget(self.answer_row)
        inner.addWidget(self.answer_error)
        inner.addWidget(row((self.note, 1), self.record_button))
        inner.addWidget(self.note_error)
        inner.addWidget(self.hint)
        inner.addStretch(1)
        # The card scrolls rather than growing the page past a 1366x768 screen in large print.
        scroll = QScrollArea()
        scroll.setObjectName("followup_card_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the card's lines wrap instead
        scroll.setWidget(card)
        self.card = card
        return scroll

    def _choice_text(self, choice: str) -> str:
        return self.tr("No answer this time") if choice == NO_ANSWER else label_of(Satisfaction(choice))

    def _tries_short(self, tries: Tries) -> str:
        if not tries.count:
            return ""
        return self.tr("{n} calls, {days} days").format(n=tries.count, days=tries.days)

    def _tries_text(self, tries: Tries) -> str:
        if not tries.count:
            return self.tr("None yet.")
        days = "、".join(d.strftime("%m-%d") for d in tries.on)
        text = self.tr("{n} calls on {days} days: {list}").format(n=tries.count, days=tries.days, list=days)
        if tries.enough:
            return text + "\n" + self.tr("Could not be reached may be recorded (5).")
        return text + "\n" + self.tr("Could not be reached needs unanswered calls on {n} different days.").format(
            n=TRY_DAYS)

    # --- reading ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        followups, actor = self._services.followups, self._actor
        self.loading = True
        self._ops.read(lambda: followups.queue(actor), self._show, key="queue", refused=self._refused)

    def _refused(self, exc: DomainError) -> None:
        self.loading = False
        self._ops.show_refusal(exc)

    def _show(self, queue: FollowUpQueue) -> None:
        self.loading = False
        current = self.current()
        wanted = self._wanted or (current.case_id if current is not None else None)
        index = max(self.table.currentIndex().row(), 0)
        self.queue = queue
        QueueModel.now = self._services.clock.now()
        self.model.set_rows(queue.items)
        self.table.resizeColumnsToContents()
        ids = [i.case_id for i in queue.items]
        if queue.items:
            self._select(ids.index(wanted) if wanted in ids else min(index, len(ids) - 1))
        self._wanted = None
        if queue.abridged:
            self.count.setText(self.tr("{n} requests wait for the call; the oldest {shown} are listed.").format(
                n=queue.waiting, shown=len(queue.items)))
        else:
            self.count.setText(self.tr("{n} requests wait for the call.").format(n=queue.waiting))
        self.table.setVisible(bool(queue.items))
        self.empty.setVisible(not queue.items)
        self._show_current()

    def _select(self, index: int) -> None:
        self.table.setCurrentIndex(self.model.index(index, 0))
        self.table.scrollTo(self.model.index(index, 0))

    def current(self) -> FollowUpItem | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _show_current(self) -> None:
        item = self.current()
        self.card.setEnabled(item is not None)
        shown = item.case_id if item is not None else None
        if shown != self._shown_id:  # another request: nothing chosen or typed for it yet
            self._shown_id = shown
            self.errors.clear()
            checked = self.answers.checkedButton()
            if checked is not None:
                self.answers.setExclusive(False)
                checked.setChecked(False)
                self.answers.setExclusive(True)
            self.note.clear()
        if item is None:
            for label in (self.phone, self.who, self.what, self.summary, self.outcome, self.tries, self.script):
                label.clear()
            return
        self.phone.setText(item.phone or self.tr("No phone number on file"))
        who = f"{item.resident} · {item.case_no}"
        if item.other_phone:
            who += "\n" + self.tr("The resident's own phone: {phone}").format(phone=item.other_phone)
        self.who.setText(who)
        due = ""
        if item.due_at is not None:
            late = self.model.now is not None and item.due_at <= self.model.now
            due = (self.tr(", call by {time}: overdue") if late else self.tr(", call by {time}")).format(
                time=day_text(item.due_at))
        self.what.setText(self.tr("{category} · logged {logged} · resolved {resolved}{due}").format(
            category=item.category, logged=day_text(item.logged_at), resolved=day_text(item.resolved_at), due=due))
        self.summary.setText(item.summary)
        self.outcome.setText(item.outcome or "—")
        self.tries.setText(self._tries_text(item.tries))
        self.script.setText(item.script)

    # --- the keys -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            choice = DIGIT_KEYS.get(Qt.Key(event.key()))
            if choice is not None and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
                self.choose(CHOICES[choice])
                return True
        return super().eventFilter(watched, event)

    def choose(self, choice: str) -> None:
        """Choose an answer (a digit, or a click on its button); Enter records it."""
        button = self.answers.button(CHOICES.index(choice))
        button.setChecked(True)
        self.errors.clear()

    def chosen(self) -> str:
        button = self.answers.checkedButton()
        return str(button.property("choice")) if button is not None else ""

    # --- recording ----------------------------------------------------------------------------------

    def record(self) -> None:
        """Record the answer chosen for the request under the cursor; the next one comes up."""
        item = self.current()
        if item is None or self._ops.running("record"):
            return
        choice, note = self.chosen(), self.note.text()
        flow, actor, case_id = self._services.workflow, self._actor, item.case_id
        if choice == NO_ANSWER:
            def call() -> CaseInfo:
                return flow.call_tried(actor, case_id, note)
        else:
            def call() -> CaseInfo:
                return flow.follow_up(actor, case_id, choice, note)  # "" (nothing chosen) is refused there
        self._ops.write(call, lambda _info: self._recorded(item, choice), busy=[self.record_button], key="record")

    def _recorded(self, item: FollowUpItem, choice: str) -> None:
        """Recorded: say so, and put the cursor on the next request at once (the list is read again after)."""
        rows = [self.model.row_at(i) for i in range(self.model.rowCount())]
        ids = [r.case_id for r in rows]
        at = ids.index(item.case_id) if item.case_id in ids else 0
        if choice == NO_ANSWER:  # it stays, its call counted: the next one
            nxt = rows[at + 1] if at + 1 < len(rows) else rows[at] if rows else None
        else:  # it leaves the list
            rest = [r for r in rows if r.case_id != item.case_id]
            self.model.set_rows(rest)
            nxt = rest[min(at, len(rest) - 1)] if rest else None
        self._wanted = nxt.case_id if nxt is not None else None
        if nxt is not None:
            self._select([r.case_id for r in (rows if choice == NO_ANSWER else rest)].index(nxt.case_id))
        self._show_current()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.banner.say("ok", self.tr("{no} ({resident}): {answer} recorded.").format(
            no=item.case_no, resident=item.resident, answer=self._choice_text(choice)))

    def _open_case(self) -> None:
        item = self.current()
        if item is not None:
            self.case_opened.emit(item.case_id)
