"""系统设置 > 本服务台: the community's name and street, the reply promise, this desk's name and phone (printed on
receipts and notices), what a new notice starts with, and this PC's idle lock and backup folder. One 保存 checks
every field at once; a wrong one is named under its field and nothing is saved."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.topics import Topic
from app.i18n import describe_os_error
from app.services.community.desk import (
    MAX_IDLE_LOCK_MINUTES,
    MAX_REPLY_PROMISE_HOURS,
    DeskSettings,
    DeskSettingsInput,
)
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.views.backups_dialog import ask_folder
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.widgets import STRETCH, Banner, FieldErrorsView, icon, name_widget, open_folder, row, spin


class DeskSettingsPanel(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk_settings_panel")
        self._services = services
        self._actor = actor
        self.settings: DeskSettings | None = None
        self.banner = Banner("desk_settings_banner")
        self.errors = FieldErrorsView()

        def line(key: str, caption: str, placeholder: str = "") -> QLineEdit:
            edit = name_widget(QLineEdit(), f"desk_settings_{key}", caption)
            edit.setPlaceholderText(placeholder)
            return edit

        def number(key: str, caption: str, low: int, high: int, suffix: str, special: str = "") -> QSpinBox:
            box = spin(f"desk_settings_{key}", caption, low, high, special)
            box.setSuffix(suffix)
            box.setMaximumWidth(320)  # a number, not a line of text
            return box

        self.community_name = line("community_name", self.tr("Community name"))
        self.street = line("street", self.tr("Street office"))
        self.reply_promise_hours = number("reply_promise_hours", self.tr("Reply time limit"), 1,
                                          MAX_REPLY_PROMISE_HOURS, self.tr(" hours"))
        self.desk_code = QLabel()
        self.desk_code.setObjectName("desk_settings_desk_code")
        self.desk_name = line("desk_name", self.tr("Desk name"))
        self.desk_phone = line("desk_phone", self.tr("Desk phone"), self.tr("printed on every receipt"))
        self.notice_large_print = name_widget(QCheckBox(self.tr("Large print for elderly readers")),
                                              "desk_settings_notice_large_print", self.tr("Large print"))
        self.notice_landscape = name_widget(QCheckBox(self.tr("A4 landscape")), "desk_settings_notice_landscape",
                                            self.tr("A4 landscape"))
        self.idle_lock_minutes = number("idle_lock_minutes", self.tr("Lock the desk after"), 0,
                                        MAX_IDLE_LOCK_MINUTES, self.tr(" minutes without use"), self.tr("never"))
        self.backup_dir = line("backup_dir", self.tr("Backup folder"))
        self.choose_button = name_widget(QPushButton(icon("fa5s.folder-open"), self.tr("Choose…")),
                                         "desk_settings_choose_folder", self.tr("Choose the backup folder"))
        self.save_button = name_widget(QPushButton(icon("fa5s.save", "white"), self.tr("Save")),
                                       "desk_settings_save", self.tr("Save the settings"))
        self.save_button.setStyleSheet("background:#2b4c7e; color:white; font-weight:600; padding:8px 18px;")

        community = QGroupBox(self.tr("Community"))
        cf = QFormLayout(community)
        self.errors.add_row(cf, "community_name", self.tr("Name *"), self.community_name)
        self.errors.add_row(cf, "street", self.tr("Street office"), self.street)
        self.errors.add_row(cf, "reply_promise_hours", self.tr("Reply time limit"), self.reply_promise_hours)
        desk = QGroupBox(self.tr("This desk (printed on receipts and notices)"))
        df = QFormLayout(desk)
        df.addRow(self.tr("Desk code"), self.desk_code)
        self.errors.add_row(df, "desk_name", self.tr("Desk name *"), self.desk_name)
        self.errors.add_row(df, "desk_phone", self.tr("Desk phone *"), self.desk_phone)
        notices = QGroupBox(self.tr("A new notice starts with"))
        nf = QHBoxLayout(notices)
        nf.addWidget(self.notice_large_print)
        nf.addWidget(self.notice_landscape)
        nf.addStretch(1)
        this_pc = QGroupBox(self.tr("This PC"))
        pf = QFormLayout(this_pc)
        self.errors.add_row(pf, "idle_lock_minutes", self.tr("Idle lock"), self.idle_lock_minutes)
        self.errors.add_row(pf, "backup_dir", self.tr("Backup folder"), row((self.backup_dir, 1), self.choose_button))
        pc_note = QLabel(self.tr("These two belong to this PC only. A new idle lock applies from the next log-in; "
                                 "a new backup folder at once."))
        pc_note.setWordWrap(True)
        pc_note.setStyleSheet("color:#555;")
        pf.addRow(pc_note)
        printing = QLabel(self.tr("Receipts, vouchers, statements, passbooks, notices and settlements the desk prints "
                                  "are all kept in the printing folder, named by what they are and the day (for "
                                  "example 兑换券-20261203-0001.pdf)."))
        printing.setWordWrap(True)
        self.printouts_button = name_widget(QPushButton(icon("fa5s.folder-open"), self.tr("Open the printing folder")),
                                            "desk_settings_printouts", self.tr("Open the printing folder"))
        self.printouts_button.clicked.connect(self._on_printouts_clicked)
        pf.addRow(self.tr("Printing folder"), row((printing, 1), self.printouts_button))

        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(community)
        lay.addWidget(desk)
        lay.addWidget(notices)
        lay.addWidget(this_pc)
        lay.addWidget(row(STRETCH, self.save_button))
        lay.addStretch(1)

        self.ops = Operations(self, bus, self.banner, self.errors)
        self.save_button.clicked.connect(self.save)
        self.choose_button.clicked.connect(self.choose_folder)
        bus.subscribe({Topic.COMMUNITY}, self.refresh)
        self.refresh()

    def _on_printouts_clicked(self) -> None:
        folder = self._services.paths.printouts
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.banner.say("error", describe_os_error(exc))
            return
        if not open_folder(folder):
            self.banner.say("warn", self.tr("The printing folder cannot be opened on this PC (no file manager)."))

    def refresh(self) -> None:
        self.ops.read(functools.partial(self._services.desk_settings.get, self._actor), self._fill, key="settings")

    def _fill(self, settings: DeskSettings) -> None:
        self.settings = settings
        v = settings.values
        self.community_name.setText(v.community_name)
        self.street.setText(v.street)
        self.reply_promise_hours.setValue(v.reply_promise_hours)
        self.desk_code.setText(settings.desk_code)
        self.desk_name.setText(v.desk_name)
        self.desk_phone.setText(v.desk_phone)
        self.notice_large_print.setChecked(v.notice_large_print)
        self.notice_landscape.setChecked(v.notice_landscape)
        self.idle_lock_minutes.setValue(v.idle_lock_minutes)
        self.backup_dir.setText(v.backup_dir)
        self.backup_dir.setPlaceholderText(self.tr("the data folder's own backups folder"))

    def values(self) -> DeskSettingsInput:
        return DeskSettingsInput(
            community_name=self.community_name.text(), street=self.street.text(),
            reply_promise_hours=self.reply_promise_hours.value(), desk_name=self.desk_name.text(),
            desk_phone=self.desk_phone.text(), notice_large_print=self.notice_large_print.isChecked(),
            notice_landscape=self.notice_landscape.isChecked(), idle_lock_minutes=self.idle_lock_minutes.value(),
            backup_dir=self.backup_dir.text())

    def save(self) -> None:
        if self.ops.busy:
            return
        self.banner.hide()
        self.ops.write(functools.partial(self._services.desk_settings.save, self._actor, self.values()),
                       self._on_saved, busy=[self.save_button],
                       invalid=self.tr("Not saved: please correct the fields marked in red."))

    def _on_saved(self, settings: DeskSettings) -> None:
        self._fill(settings)
        self.banner.say("ok", self.tr("Saved."))

    def choose_folder(self) -> None:
        start = Path(self.backup_dir.text()) if self.backup_dir.text().strip() else Path.home()
        ask_folder(self, "desk_settings_folder_dialog", self.tr("Backup folder"), start,
                   lambda folder: self.backup_dir.setText(str(folder)))
