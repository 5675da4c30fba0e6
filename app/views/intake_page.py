"""Logging a walk-in or phone request: find the resident, check, save, print the receipt.

Keyboard path: Ctrl+N opens a new form; Tab walks the fields in order; the resident box completes
with Enter or the arrow keys; Ctrl+Enter saves and opens the receipt to print; Ctrl+S only saves.
What is typed is saved as a draft continuously and offered back after a crash.

Once the resident is chosen (or the caller's number typed) the panel on the right shows their requests of the last 90
days; a request about the same problem marks this one as its repeat (重复诉求: Alt+R, the box's mnemonic, unmarks it),
and Ctrl+J records the call on the earlier open request instead of a new one (repeat_panel.py).
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QElapsedTimer, Qt, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Channel, Scope
from app.i18n import describe_os_error
from app.services.cases.intake import (
    DESCRIPTION_MAX,
    CategoryOption,
    IntakeForm,
    IntakeOptions,
    SavedCase,
    deadline_for,
)
from app.services.cases.repeats import CallerHistory, PastRequest, same_problem
from app.services.cases.working_days import category_span
from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import QT_TRANSLATE_NOOP, DomainError, FieldErrors, ValidationError
from app.services.core.files import Printout, save_printout
from app.services.documents.receipt import render_receipt
from app.services.people.residents import ResidentSummary
from app.views import intake_draft, keys
from app.views.bus import ChangeBus
from app.views.intake_draft import DRAFT_FORM
from app.views.operations import Operations
from app.views.pdf_preview import PdfPreviewDialog
from app.views.repeat_panel import CallerHistoryPanel
from app.views.resident_widgets import NewResidentPanel, ResidentLookup
from app.views.similar_panel import SimilarRequestsPanel
from app.views.tasks import Task
from app.views.type_scale import set_role
from app.views.widgets import (
    Banner,
    FieldErrorsView,
    OneTabDateTimeEdit,
    column,
    confirm,
    icon,
    label_of,
    name_widget,
    render_error,
    row,
    urgency_label,
)

DRAFT_DELAY_MS = 400
DESK_TZ = QTimeZone(b"Asia/Shanghai")


def to_qdatetime(dt: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(dt.timestamp()), DESK_TZ)


def from_qdatetime(qdt: QDateTime) -> datetime:
    return datetime.fromtimestamp(qdt.toSecsSinceEpoch(), UTC)


@dataclass(frozen=True)
class _Saved:
    """A save's answer: the case, and its receipt's file (None when it could not be written, and why)."""

    case: SavedCase
    receipt: Path | None
    receipt_error: OSError | None


class IntakePage(QWidget):
    case_saved = Signal(object)  # SavedCase
    case_opened = Signal(object)  # the id of the request just saved, to open on its page ("Open this request")
    resident_opened = Signal(object)  # the chosen resident's id: their page

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        # On the GUI thread: the form cannot be built without its choices (the catalogue and departments, a few
        # dozen rows read once when the desk opens).
        self._options: IntakeOptions = services.intake.options(actor)
        self._restoring = False
        self._deadline_manual = False
        self.last_saved: SavedCase | None = None
        self.last_receipt: Path | None = None
        self.preview: PdfPreviewDialog | None = None
        self.offered_case: uuid.UUID | None = None  # the request the success message offers to open
        self.repeat_of: PastRequest | None = None  # the earlier request of the same problem the form marks (重复诉求)
        self._call_clock = QElapsedTimer()
        self._build()
        self._ops = Operations(self, bus, self.banner, self.errors)
        self._connect_signals()
        self.reset_form(keep_channel=False)

    # --- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.errors = FieldErrorsView()
        self.banner = Banner("intake_banner")
        self.open_case_button = name_widget(
            QPushButton(icon("fa5s.external-link-alt"), self.tr("Open this request")), "intake_open_case",
            self.tr("Open the page of the request just saved"))
        self.open_case_button.setVisible(False)
        self.draft_banner = QWidget()
        self.draft_banner.setObjectName("intake_draft_banner")
        self.draft_text = QLabel()
        self.draft_text.setWordWrap(True)
        self.restore_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Restore")), "intake_restore_draft",
                                          self.tr("Restore the unsaved request"))
        self.discard_button = name_widget(QPushButton(self.tr("Discard")), "intake_discard_draft",
                                          self.tr("Discard the unsaved request"))
        db_lay = QVBoxLayout(self.draft_banner)
        db_lay.addWidget(self.draft_text)
        db_buttons = QHBoxLayout()
        db_buttons.addWidget(self.restore_button)
        db_buttons.addWidget(self.discard_button)
        db_buttons.addStretch(1)
        db_lay.addLayout(db_buttons)
        self.draft_banner.setStyleSheet("#intake_draft_banner{background:#fff4e5; border:1px solid #f0c27b;}")
        self.draft_banner.hide()

        self.channel = name_widget(QComboBox(), "intake_channel", self.tr("How the request came in"))
        for i, ch in enumerate(Channel, start=1):
            self.channel.addItem(f"{i} {label_of(ch)}", ch.value)
        self.caller_phone = name_widget(QLineEdit(), "intake_caller_phone", self.tr("Caller's number"))
        self.caller_phone.setPlaceholderText(self.tr("e.g. 13812345678 or 0412-5581234"))
        self.caller_phone.setMinimumWidth(140)
        self.call_timer = QLabel()
        self.call_timer.setObjectName("intake_call_timer")
        self.call_timer.setStyleSheet("font-weight:600; color:#2b4c7e;")
        set_role(self.call_timer, "emphasis")
        self.restart_timer = name_widget(QPushButton(icon("fa5s.stopwatch"), self.tr("Restart")),
                                         "intake_restart_timer", self.tr("Restart the call timer"))
        phone_row = row((self.caller_phone, 1), self.call_timer, self.restart_timer)

        self.lookup = ResidentLookup(self._services, self._actor, with_profile=True)
        self.new_resident_button = name_widget(QPushButton(icon("fa5s.user-plus"), self.tr("New")),
                                               "intake_new_resident", self.tr("Add a new resident"))
        self.new_resident_button.setToolTip(self.tr("Add a resident who is not on file yet ({keys})").format(
            keys=keys.keys_of("new_resident")))
        self.new_resident = NewResidentPanel(self._services, self._actor, self._bus)
        self.new_resident.hide()
        res_row = column(row((self.lookup, 1), (self.new_resident_button, 0, Qt.AlignmentFlag.AlignTop)),
                         self.new_resident)

        self.category = name_widget(QComboBox(), "intake_category", self.tr("Category"))
        self.subcategory = name_widget(QComboBox(), "intake_subcategory", self.tr("Sub-category"))
        self.description = name_widget(QPlainTextEdit(), "intake_description", self.tr("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What is the problem, where, since when, what the resident asks"))
        self.description.setMinimumHeight(90)
        self.description_count = QLabel()
        self.description_count.setObjectName("intake_description_count")
        self.description_count.setStyleSheet("color:#555;")
        desc_box = column(self.description, (self.description_count, 0, Qt.AlignmentFlag.AlignRight))
        self.urgency = name_widget(QComboBox(), "intake_urgency", self.tr("Urgency"))
        for level in range(1, 6):
            self.urgency.addItem(urgency_label(level), level)
        self.scope = name_widget(QComboBox(), "intake_scope", self.tr("Who is affected"))
        for i, sc in enumerate(Scope, start=1):
            self.scope.addItem(f"{i} {label_of(sc)}", sc.value)
        self.departments = name_widget(QListWidget(), "intake_departments", self.tr("Departments involved"))
        self.departments.setMaximumHeight(130)
        for dept in self._options.departments:
            item = QListWidgetItem(dept.name)
            item.setData(Qt.ItemDataRole.UserRole, dept.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        self.deadline = name_widget(OneTabDateTimeEdit(), "intake_deadline",
                                    self.tr("Resolution time limit (the expected deadline)"))
        self.deadline.setTimeZone(DESK_TZ)
        self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.deadline.setCalendarPopup(True)
        self.deadline_rule = QLabel()
        self.deadline_rule.setWordWrap(True)
        self.deadline_rule.setObjectName("intake_deadline_rule")
        self.deadline_rule.setStyleSheet("color:#555;")
        self.deadline_reset = name_widget(QPushButton(self.tr("Reset to rule")), "intake_deadline_reset",
                                          self.tr("Set the deadline by the category's rule"))
        dr = row(self.deadline, self.deadline_reset, (self.deadline_rule, 1))
        self.anonymous = name_widget(QCheckBox(self.tr("Keep me anonymous on public notices")), "intake_anonymous",
                                     self.tr("Anonymous in public"))
        self.repeat = name_widget(QCheckBox(), "intake_repeat", self.tr("A repeat of an earlier request"))
        self.repeat.setStyleSheet("QCheckBox{color:#7a4100; font-weight:600;}")

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.errors.add_row(form, "channel", self.tr("Channel"), self.channel)
        self._phone_caption = self.errors.add_row(form, "caller_phone", self.tr("Caller's number"), phone_row)
        self._form = form
        self._phone_row_index = form.rowCount() - 1
        self.errors.add_row(form, "resident", self.tr("Resident *"), res_row)
        self.errors.add_row(form, "category", self.tr("Category *"), self.category)
        self.errors.add_row(form, "subcategory", self.tr("Sub-category *"), self.subcategory)
        self.errors.add_row(form, "repeat_of", self.tr("Repeat request"), self.repeat)
        self._repeat_row_index = form.rowCount() - 1
        self.errors.add_row(form, "description", self.tr("Description *"), desc_box)
        self.errors.add_row(form, "urgency", self.tr("Urgency"), self.urgency)
        self.errors.add_row(form, "scope", self.tr("Affected"), self.scope)
        self.errors.add_row(form, "departments", self.tr("Departments"), self.departments)
        self.errors.add_row(form, "deadline", self.tr("Resolution time limit"), dr)
        self.errors.add_row(form, "anonymous", "", self.anonymous)

        self.save_print_button = name_widget(
            QPushButton(icon("fa5s.print", "white"), self.tr("Save and print receipt ({keys})").format(
                keys=keys.keys_of("save_print"))),
            "intake_save_print", self.tr("Save and print the receipt"))
        self.save_print_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:8px 16px;")
        self.save_button = name_widget(QPushButton(icon("fa5s.save"), self.tr("Save only ({keys})").format(
            keys=keys.keys_of("save"))), "intake_save",
                                       self.tr("Save without printing"))
        self.clear_button = name_widget(QPushButton(icon("fa5s.eraser"), self.tr("Clear form")), "intake_clear",
                                        self.tr("Clear the form"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_print_button)

        # Messages above and the buttons below stay in view however far the form is scrolled.
        form_widget = QWidget()
        fl = QVBoxLayout(form_widget)
        fl.addLayout(form)
        fl.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(form_widget)
        message = row((self.banner, 1), (self.open_case_button, 0, Qt.AlignmentFlag.AlignVCenter))
        left = column(self.draft_banner, message, (self.scroll_area, 1), buttons)

        self.similar_box = SimilarRequestsPanel(self._services, self._actor)
        # the panel's parts, by the names the form and its tests use
        self.similar, self.similar_hint, self.attach_button = (self.similar_box.list, self.similar_box.hint,
                                                               self.similar_box.attach_button)
        key_help = QLabel(keys.summary(self.tr("Keys"), ("new_request", "take_first", "into_list",
                                                         "new_resident", "attach", "save_print", "save", "help")))
        key_help.setObjectName("intake_keys_help")
        key_help.setWordWrap(True)
        key_help.setStyleSheet("color:#444; background:#f4f6f9; padding:8px; border-radius:4px;")
        self.history_box = CallerHistoryPanel(self._services, self._actor)
        self.history = self.history_box.list
        right = column((self.history_box, 1), (self.similar_box, 1), key_help)
        right.setMinimumWidth(240)
        right.setMaximumWidth(400)

        outer = QHBoxLayout(self)
        outer.addWidget(left, 5)
        outer.addWidget(right, 2)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._similar_timer = self.similar_box.timer
        self._tick = QTimer(self)
        self._tick.setInterval(1000)

        self.setTabOrder(self.channel, self.caller_phone)
        self.setTabOrder(self.caller_phone, self.lookup.edit)
        self.setTabOrder(self.lookup.edit, self.new_resident_button)
        self.setTabOrder(self.new_resident_button, self.category)
        self.setTabOrder(self.category, self.subcategory)
        self.setTabOrder(self.subcategory, self.description)
        self.setTabOrder(self.description, self.urgency)
        self.setTabOrder(self.urgency, self.scope)
        self.setTabOrder(self.scope, self.departments)
        self.setTabOrder(self.departments, self.deadline)
        self.setTabOrder(self.deadline, self.anonymous)
        self.setTabOrder(self.anonymous, self.repeat)  # shown only when a repeat is found; Alt+R reaches it at once
        self.setTabOrder(self.repeat, self.save_print_button)

    def _connect_signals(self) -> None:
        self.channel.currentIndexChanged.connect(self._on_channel_changed)
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self.subcategory.currentIndexChanged.connect(self._on_rule_inputs_changed)
        self.subcategory.currentIndexChanged.connect(self._schedule_similar)
        self.urgency.currentIndexChanged.connect(self._on_rule_inputs_changed)
        self.deadline.dateTimeChanged.connect(self._on_deadline_edited)
        self.deadline_reset.clicked.connect(self._on_deadline_reset_clicked)
        self.description.textChanged.connect(self._on_description_changed)
        self.lookup.resident_chosen.connect(self._on_lookup_resident_chosen)
        self.lookup.profile_requested.connect(self.resident_opened)
        self.lookup.resident_cleared.connect(self._schedule_similar)
        self.lookup.resident_chosen.connect(self._ask_history)  # at once: the panel is there when the class is chosen
        self.lookup.resident_cleared.connect(self._schedule_history)
        self.caller_phone.textChanged.connect(self._schedule_history)
        self.history_box.timer.timeout.connect(self.refresh_history)
        self.history_box.loaded.connect(self._update_repeat)
        self.history_box.attach_button.clicked.connect(self._on_attach_clicked)
        self.category.currentIndexChanged.connect(self._update_repeat)
        self.subcategory.currentIndexChanged.connect(self._update_repeat)
        self.repeat.toggled.connect(self._on_repeat_toggled)
        self.new_resident_button.clicked.connect(self._on_new_resident_clicked)
        self.new_resident.resident_created.connect(self._on_new_resident_created)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.save_print_button.clicked.connect(self._on_save_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.discard_button.clicked.connect(self._on_discard_clicked)
        self.restart_timer.clicked.connect(self._start_call_clock)
        self.caller_phone.editingFinished.connect(self._on_caller_phone_editing_finished)
        self._draft_timer.timeout.connect(self.save_draft)
        self._similar_timer.timeout.connect(self.refresh_similar)
        self._tick.timeout.connect(self._on_tick)
        for widget_signal in (self.caller_phone.textChanged, self.scope.currentIndexChanged,
                              self.anonymous.toggled, self.departments.itemChanged, self.channel.currentIndexChanged,
                              self.category.currentIndexChanged, self.subcategory.currentIndexChanged,
                              self.urgency.currentIndexChanged, self.description.textChanged,
                              self.deadline.dateTimeChanged, self.lookup.resident_chosen,
                              self.lookup.resident_cleared, *self.new_resident.editors_changed()):
            widget_signal.connect(self._on_any_change)
        keys.shortcut("save_print", self, self._on_save_print_clicked)
        keys.shortcut("save", self, self._on_save_clicked)
        keys.shortcut("new_resident", self, self._on_new_resident_clicked)
        keys.shortcut("attach", self, self._on_attach_clicked)

    # --- state -------------------------------------------------------------------------------------

    def reset_form(self, keep_channel: bool = True) -> None:
        self._restoring = True
        try:
            if not keep_channel:
                self.channel.setCurrentIndex(0)
            self.caller_phone.clear()
            self.lookup.clear()
            self.new_resident.hide()
            self._fill_categories()
            self.description.clear()
            self.urgency.setCurrentIndex(1)
            self.scope.setCurrentIndex(0)
            for i in range(self.departments.count()):
                self.departments.item(i).setCheckState(Qt.CheckState.Unchecked)
            self.departments.setCurrentRow(0)  # the same keys (↓, Space) tick the same department on every case
            self.anonymous.setChecked(False)
            self._deadline_manual = False
            self._update_deadline()
            self.similar_box.clear()
            self.history_box.clear()
            self.repeat_of = None
            self._show_repeat()
            self.errors.clear()
            self._stop_call_clock()
            self._form.setRowVisible(self._phone_row_index, self.is_phone())
        finally:
            self._restoring = False
        self._on_description_changed()

    def _fill_categories(self) -> None:
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("— choose —"), None)
        for i, cat in enumerate(self._options.children(None), start=1):
            self.category.addItem(f"{i} {cat.name}", cat)
        self.category.setCurrentIndex(0)
        self.category.blockSignals(False)
        self._on_category_changed()

    def _on_category_changed(self, *_: object) -> None:
        cat: CategoryOption | None = self.category.currentData()
        self.subcategory.blockSignals(True)
        self.subcategory.clear()
        if cat is None:
            self.subcategory.addItem(self.tr("— choose the category first —"), None)
        else:
            self.subcategory.addItem(self.tr("— choose —"), None)
            for i, sub in enumerate(self._options.children(cat.id), start=1):
                self.subcategory.addItem(f"{i} {sub.name}", sub)
        self.subcategory.blockSignals(False)
        self._on_rule_inputs_changed()
        self._schedule_similar()

    def _rule(self) -> CategoryOption | None:
        result: CategoryOption | None = self.subcategory.currentData() or self.category.currentData()
        return result

    def _on_rule_inputs_changed(self, *_: object) -> None:
        if not self._deadline_manual:
            self._update_deadline()

    def _update_deadline(self) -> None:
        rule = self._rule()
        now = self._services.clock.now()
        urgency = int(self.urgency.currentData() or 2)
        self.deadline.blockSignals(True)
        if rule is None:
            self.deadline.setDateTime(to_qdatetime(now))
            self.deadline_rule.setText(self.tr("Filled in when you choose the category."))
        else:
            calendar = self._options.calendar
            due = deadline_for(rule, urgency, now, calendar, self._options.resolve_rules)
            self.deadline.setDateTime(to_qdatetime(due))
            span = category_span(rule.resolve_hours, rule.resolve_workdays, urgency)
            own_days = span.in_workdays and due == calendar.deadline(now, span)  # not shortened by a cap or a rule
            in_days = own_days and not (span.cap is not None and due == now + span.cap)
            if in_days:
                text = self.tr("By rule: {days} working days").format(days=rule.resolve_workdays)
            else:
                text = self.tr("By rule: {hours} h").format(hours=round((due - now).total_seconds() / 3600))
            if in_days and calendar.provisional(now, due):
                text += self.tr(" (provisional: the official holidays of {year} are not entered yet)").format(
                    year=local(due).year)
            self.deadline_rule.setText(text)
        self.deadline.blockSignals(False)

    def _on_deadline_edited(self, *_: object) -> None:
        if not self._restoring:
            self._deadline_manual = True
            self.deadline_rule.setText(self.tr("Set by hand"))

    def _on_deadline_reset_clicked(self) -> None:
        self._deadline_manual = False
        self._update_deadline()

    def _on_channel_changed(self, *_: object) -> None:
        is_phone = self.is_phone()
        self._form.setRowVisible(self._phone_row_index, is_phone)
        if is_phone and not self._restoring:
            self._start_call_clock()
        elif not is_phone:
            self._stop_call_clock()

    def is_phone(self) -> bool:
        return bool(self.channel.currentData() == Channel.PHONE.value)

    def _stop_call_clock(self) -> None:
        self._tick.stop()
        self._call_clock.invalidate()
        self.call_timer.setText(self.tr("Call --:--"))

    def _start_call_clock(self) -> None:
        self._call_clock.start()
        self._tick.start()
        self._on_tick()

    def _on_tick(self) -> None:
        secs = self.call_seconds() or 0
        self.call_timer.setText(self.tr("Call {m:02d}:{s:02d}").format(m=secs // 60, s=secs % 60))

    def call_seconds(self) -> int | None:
        if not self.is_phone() or not self._call_clock.isValid():
            return None
        return int(self._call_clock.elapsed() // 1000)

    def _on_caller_phone_editing_finished(self) -> None:
        """The caller's number usually is the resident's: look it up so Enter takes them."""
        number = self.caller_phone.text().strip()
        if number and self.lookup.selected is None and not self.lookup.edit.text().strip():
            self.lookup.edit.setText(number)
            self.lookup.search_now()

    def _on_description_changed(self) -> None:
        n = len(self.description.toPlainText())
        self.description_count.setText(self.tr("{n} / {max} characters").format(n=n, max=DESCRIPTION_MAX))
        self._schedule_similar()

    def _on_lookup_resident_chosen(self, resident: ResidentSummary) -> None:
        self.errors.clear()
        self._schedule_similar()
        if not self._restoring:
            self.category.setFocus()  # keyboard path: the resident is chosen, the problem comes next

    def _on_new_resident_clicked(self) -> None:
        self.new_resident.start(self.lookup.edit.text() if self.lookup.selected is None else "")

    def _on_new_resident_created(self, resident: ResidentSummary) -> None:
        self.lookup.choose(resident)

    def _on_any_change(self, *_: object) -> None:
        if not self._restoring:
            self._draft_timer.start()
            if self.is_phone() and not self._tick.isActive():
                self._start_call_clock()  # the next caller: the clock starts with the first keystroke

    # --- similar requests ----------------------------------------------------------------------------

    def _schedule_similar(self, *_: object) -> None:
        if not self._restoring:
            self.similar_box.schedule()

    def refresh_similar(self) -> None:
        """Look for similar open requests now, for the resident, category and text as they are."""
        resident, cat, sub = self.lookup.selected, self.category.currentData(), self.subcategory.currentData()
        self.similar_box.look(resident.id if resident else None, cat.id if cat else None, sub.id if sub else None,
                              self.description.toPlainText())

    # --- the caller's requests and the repeat mark (重复诉求) -------------------------------------------

    def _schedule_history(self, *_: object) -> None:
        if not self._restoring:
            self.history_box.schedule()

    def _ask_history(self, *_: object) -> None:
        if not self._restoring:
            self.refresh_history()

    def refresh_history(self) -> None:
        """Ask for the requests of the chosen resident and of the caller's number (phone requests) now."""
        resident = self.lookup.selected
        self.history_box.look(resident.id if resident else None, self.caller_phone.text() if self.is_phone() else "")

    def _update_repeat(self, *_: object) -> None:
        """Mark the earlier request of the same problem (preselected: the clerk unmarks it with one key); a request
        the clerk unmarked stays unmarked while it is the one found."""
        if self._restoring:
            return
        cat, sub = self.category.currentData(), self.subcategory.currentData()
        found = same_problem(self.history_box.requests(), cat.id if cat else None, sub.id if sub else None)
        if (found and found.case_id) != (self.repeat_of and self.repeat_of.case_id):
            self.repeat_of = found
            self._show_repeat()

    def _show_repeat(self) -> None:
        found = self.repeat_of
        self.repeat.blockSignals(True)
        self.repeat.setChecked(found is not None)
        self.repeat.blockSignals(False)
        self._form.setRowVisible(self._repeat_row_index, found is not None)
        if found is not None:
            self.repeat.setText(self.tr("&Repeat of {no} ({day}, {status}): the same problem").format(
                no=found.case_no, day=local(found.created_at).strftime("%m-%d"), status=label_of(found.status)))
        self.history_box.mark(found.case_id if found else None)

    def _on_repeat_toggled(self, checked: bool) -> None:
        self.history_box.mark(self.repeat_of.case_id if checked and self.repeat_of else None)

    def marked_repeat(self) -> PastRequest | None:
        """The earlier request this one is saved as a repeat of (the mark is on), or None."""
        return self.repeat_of if self.repeat_of is not None and self.repeat.isChecked() else None

    def history_answer(self) -> CallerHistory | None:
        return self.history_box.history

    # --- saving ----------------------------------------------------------------------------------------

    def collect(self) -> IntakeForm:
        cat = self.category.currentData()
        sub = self.subcategory.currentData()
        depts = tuple(
            self.departments.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.departments.count())
            if self.departments.item(i).checkState() == Qt.CheckState.Checked
        )
        return IntakeForm(
            channel=self.channel.currentData(), resident_id=self.lookup.selected.id if self.lookup.selected else None,
            category_id=cat.id if cat else None, subcategory_id=sub.id if sub else None,
            description=self.description.toPlainText(), urgency=int(self.urgency.currentData()),
            scope=self.scope.currentData(), department_ids=depts,
            deadline_at=from_qdatetime(self.deadline.dateTime()) if self._deadline_manual else None,
            anonymous=self.anonymous.isChecked(), caller_phone=self.caller_phone.text(),
            call_seconds=self.call_seconds(), repeat_of=marked.case_id if (marked := self.marked_repeat()) else None,
        )

    def _on_save_print_clicked(self) -> None:
        self.save(print_receipt=True)

    def _on_save_clicked(self) -> None:
        self.save(print_receipt=False)

    def _on_attach_clicked(self) -> None:
        """Ctrl+J: the request chosen on the right gets this report. The caller's own earlier request (chosen in
        their list, or among the similar ones, or else the one marked as the same problem) gets the call recorded
        on its timeline (重复来电); another household's gets this household added (并单)."""
        similar = self.similar_box.chosen()
        own = self.history_box.chosen() or (self.history_box.request_of(similar.case_id) if similar else None)
        if own is None and similar is None:
            own = self.repeat_of
        if own is not None:
            self._attach_repeat(own)
            return
        if similar is None:
            self._offer_case(None)
            self.banner.say("warn", self.tr("Choose one of the similar requests first."))
            return
        if confirm(self, self.tr("Add to request {no}?").format(no=similar.case_no), self.tr(
                "This report will not open a new case: it is added to request {no} ({summary}), which will then "
                "cover one more household. The resident gets a receipt with that case number.").format(
                no=similar.case_no, summary=similar.summary)):
            self.save(print_receipt=True, attach_to=similar.case_id)

    def _attach_repeat(self, earlier: PastRequest) -> None:
        if not earlier.open:
            self._offer_case(None)
            self.banner.say("warn", self.tr(
                "Request {no} is {status}: a call cannot be recorded on it. Save this as a new request; it is marked "
                "as a repeat of {no} when it is the same problem.").format(no=earlier.case_no,
                                                                          status=label_of(earlier.status)))
            return
        form = self.collect()  # what would be refused after the question is said first, under its field
        missing = FieldErrors()
        if form.channel == Channel.PHONE.value and not form.caller_phone.strip():
            missing.add("caller_phone", QT_TRANSLATE_NOOP("errors", "This field is required."))
        if not form.description.strip():
            missing.add("description", QT_TRANSLATE_NOOP("errors", "This field is required."))
        if missing:
            self.errors.show(ValidationError(missing.errors))
            return
        if confirm(self, self.tr("Record this call on request {no}?").format(no=earlier.case_no), self.tr(
                "No new request is opened: what the resident says this time (the description) goes on the timeline "
                "of request {no} ({category}: {summary}), which is still open. The resident gets a receipt with that "
                "number.").format(no=earlier.case_no, category=earlier.category, summary=earlier.summary)):
            self.save(print_receipt=False, repeat_to=earlier.case_id)

    def save(self, print_receipt: bool, attach_to: uuid.UUID | None = None,
             repeat_to: uuid.UUID | None = None) -> Task | None:
        """Save (or attach) and write the receipt, off the GUI thread; on any refusal keep every field as typed.
        Returns the save on its way, or None while the previous one has not answered yet (Ctrl+S pressed twice)."""
        if self._ops.running("save"):
            return None
        self.banner.hide()
        self._offer_case(None)
        form = self.collect()
        printouts, clock = self._services.paths.printouts, self._services.clock
        intake, actor = self._services.intake, self._actor

        def work() -> _Saved:
            if repeat_to is not None:
                saved = intake.attach_repeat(actor, repeat_to, form)
            else:
                saved = intake.submit(actor, form) if attach_to is None else intake.attach(actor, attach_to, form)
            # Each report gets its own file in the printing folder (a household added to a case, its own receipt).
            try:
                path = save_printout(printouts, Printout.RECEIPT, local(clock.now()).date(),
                                     lambda out: render_receipt(saved.receipt, out))
            except OSError as exc:  # saved all the same: the message says so and names the case
                return _Saved(saved, None, exc)
            return _Saved(saved, path, None)

        return self._ops.write(work, lambda answer: self._on_saved(answer, print_receipt),
                               busy=[self.save_button, self.save_print_button], refused=self._on_save_refused,
                               key="save")

    def _on_save_refused(self, exc: DomainError) -> None:
        if isinstance(exc, ValidationError):
            unplaced = self.errors.show(exc)
            self.banner.say("error", "\n".join([self.tr("Not saved: please correct the fields marked in red.")]
                                               + unplaced))
        else:
            self.banner.say("error", self.tr("Not saved: {reason}").format(reason=render_error(exc)))

    def _on_saved(self, answer: _Saved, print_receipt: bool) -> None:
        saved = answer.case
        self.discard_draft()
        self.last_saved = saved
        self.case_saved.emit(saved)
        self._offer_case(saved.case_id)  # beside the message naming its number, whether the receipt is written or not
        if answer.receipt is None:
            assert answer.receipt_error is not None
            self.banner.say("warn", self.tr("Saved as {no}, but the receipt could not be written: {err}").format(
                no=saved.case_no, err=describe_os_error(answer.receipt_error)))
            self.reset_form()
            return
        self.last_receipt = answer.receipt
        text = (self.tr("This call was recorded on request {no} (a repeat call); no new request was opened.").format(
                    no=saved.case_no) if saved.repeated
                else self.tr("Added to request {no}: it now covers {n} household(s).").format(
                    no=saved.case_no, n=saved.receipt.households_count) if saved.attached
                else self.tr("Saved. Case number {no}.").format(no=saved.case_no))
        self.banner.say_printed(text, answer.receipt)  # the file's name in words and 打开打印文件夹, not its path
        self.reset_form()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.channel.setFocus()
        if print_receipt:
            self.open_preview(answer.receipt, self.tr("Receipt {no}").format(no=saved.case_no))

    def open_preview(self, path: Path, title: str) -> PdfPreviewDialog:
        self.preview = PdfPreviewDialog(path, title, self)
        self.preview.open()
        self.preview.print_button.setFocus()
        return self.preview

    def _on_clear_clicked(self) -> None:
        self.reset_form()
        self.discard_draft()
        self.forget_last_message()

    def forget_last_message(self) -> None:
        """The banner of the last request (saved, refused) is not about the next one: gone with a new form."""
        self.banner.hide()
        self._offer_case(None)

    def _offer_case(self, case_id: uuid.UUID | None) -> None:
        """"Open this request" beside the message that a request was saved; gone with that message."""
        self.offered_case = case_id if self._actor.can(Permission.VIEW_CASES) else None
        self.open_case_button.setVisible(self.offered_case is not None)

    def _on_open_case_clicked(self) -> None:
        if self.offered_case is not None:
            self.case_opened.emit(self.offered_case)

    # --- drafts ------------------------------------------------------------------------------------------
    # The draft store writes a small JSON file on this PC, with an fsync: off the GUI thread, in the order of the
    # tickets taken here (app/services/core/drafts.py), so a late save never writes over a later one.

    def draft_fields(self) -> dict[str, Any]:
        resident = self.lookup.selected
        return intake_draft.to_json(self.collect(), resident.id if resident else None, self.lookup.edit.text(),
                                    self.new_resident.fields() if self.new_resident.isVisibleTo(self) else None)

    def is_blank(self) -> bool:
        return (self.lookup.selected is None and not self.lookup.edit.text().strip()
                and not self.description.toPlainText().strip() and not self.caller_phone.text().strip()
                and not (self.new_resident.isVisibleTo(self) and self.new_resident.name.text().strip()))

    def save_draft(self) -> Task:
        """Write the draft of the form as it is now (or remove it if the form is blank), on the thread pool."""
        self._draft_timer.stop()
        if self.is_blank():
            return self.discard_draft()
        drafts, ticket = self._services.drafts, self._services.drafts.ticket()
        call = functools.partial(drafts.save, self._actor.username, DRAFT_FORM, self.draft_fields(), ticket)
        return self._ops.read(call, _ignore, key=f"draft {ticket}")  # each is written (or skipped) in turn

    def discard_draft(self) -> Task:
        drafts, ticket = self._services.drafts, self._services.drafts.ticket()
        call = functools.partial(drafts.discard, self._actor.username, DRAFT_FORM, ticket)
        return self._ops.read(call, _ignore, key=f"draft {ticket}")

    def offer_draft(self) -> bool:
        """Show the restore banner if an unsaved request was left behind (crash, power cut)."""
        found = self._services.drafts.load(self._actor.username, DRAFT_FORM)
        if found is None:
            self.draft_banner.hide()
            return False
        saved_at, fields = found
        self._pending_draft = fields
        self.draft_text.setText(self.tr("An unsaved request from {when} was found ({what}). Restore it?").format(
            when=local(saved_at).strftime("%m-%d %H:%M"),
            what=(fields.get("description") or fields.get("resident_text") or "")[:30]))
        self.draft_banner.show()
        self.restore_button.setFocus()
        return True

    def _on_restore_clicked(self) -> None:
        self.restore_draft(self._pending_draft)
        self.draft_banner.hide()

    def _on_discard_clicked(self) -> None:
        self.discard_draft()
        self.draft_banner.hide()
        self.channel.setFocus()

    def restore_draft(self, fields: dict[str, Any]) -> None:
        draft = intake_draft.from_json(fields)
        self._restoring = True
        try:
            select_data(self.channel, draft.channel)
            self.caller_phone.setText(draft.caller_phone)
            self.lookup.edit.setText(draft.resident_text)
            if draft.resident_id is not None:
                # On the GUI thread: the draft's fields are put back in order (the resident before the category,
                # whose change looks for similar requests of that resident); one row read by its key.
                resident_id = draft.resident_id
                found = self._ops.now(lambda: self._services.residents.get(self._actor, resident_id),
                                      refused=lambda _exc: None)  # gone since: what was typed stays in the box
                if found is not None:
                    self.lookup.choose(found)
            select_option(self.category, draft.category_id)
            self._on_category_changed()
            select_option(self.subcategory, draft.subcategory_id)
            self.description.setPlainText(draft.description)
            select_data(self.urgency, draft.urgency)
            select_data(self.scope, draft.scope)
            for i in range(self.departments.count()):
                item = self.departments.item(i)
                checked = str(item.data(Qt.ItemDataRole.UserRole)) in draft.department_ids
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.anonymous.setChecked(draft.anonymous)
            if draft.new_resident is not None:
                self.new_resident.restore(draft.new_resident)
            if draft.deadline_at is not None:
                self.deadline.setDateTime(to_qdatetime(draft.deadline_at))
                self._deadline_manual = True
                self.deadline_rule.setText(self.tr("Set by hand"))
            else:
                self._deadline_manual = False
                self._update_deadline()
        finally:
            self._restoring = False
        self._on_channel_changed()
        self.refresh_similar()
        self.refresh_history()
        self._offer_case(None)
        self.banner.say("ok", self.tr("The unsaved request was restored."))


def _ignore(_answer: object) -> None:
    """A draft written: nothing to show."""


def select_data(combo: QComboBox, value: object) -> None:
    """Choose the item holding ``value`` (nothing changes when none does)."""
    index = combo.findData(value) if value is not None else -1
    if index >= 0:
        combo.setCurrentIndex(index)


def select_option(combo: QComboBox, option_id: str | None) -> None:
    """Choose the catalogue option whose id is ``option_id``."""
    for i in range(combo.count()):
        data = combo.itemData(i)
        if data is not None and str(data.id) == option_id:
            combo.setCurrentIndex(i)
            return
