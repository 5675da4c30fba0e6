"""文件 > 备份与恢复: the backups in the chosen folder with their time, size and what they hold; back up now (anyone);
restore one (the administrator; the database as it was is backed up first, then the desk goes back to the log-in
with the database opened afresh); choose the backup folder (a USB stick), with a warning when it is not there.

A shared PostgreSQL database is backed up on the server (pg_dump): the dialog says so and offers nothing else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.auth import Actor, Permission
from app.services.core.backup import BackupEntry, BackupInfo, BackupOverview
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import Banner, confirm, hidden_unless, icon, name_widget


def reason_label(reason: str) -> str:
    """The kind of a backup, from its file name."""
    known = {
        "daily": QCoreApplication.translate("backups", "daily"),
        "exit": QCoreApplication.translate("backups", "end of day"),  # after the day's writes (at closing until 18)
        "manual": QCoreApplication.translate("backups", "by hand"),
        "before-restore": QCoreApplication.translate("backups", "before a restore"),
    }
    return known.get(reason, reason)


def size_text(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{max(size // 1024, 1)} KB"


def ask_folder(parent: QWidget, object_name: str, title: str, start: Path,
               on_chosen: Callable[[Path], object]) -> QFileDialog:
    """Choose a folder (a USB stick): Qt's own dialog, window-modal, reachable in tests by its object name."""
    dialog = QFileDialog(parent, title, str(start if start.is_dir() else Path.home()))
    dialog.setObjectName(object_name)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, QCoreApplication.translate("widgets", "Look in:"))
    dialog.resize(820, 520)
    dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


class BackupsDialog(QDialog):
    """See the module's text. ``restore_starting`` comes just before a restore runs (the window stops its timed
    work), then ``restored`` (the backup of the database as it was) or ``restore_failed``."""

    restore_starting = Signal()
    restored = Signal(object)  # BackupInfo: the database as it was before the restore
    restore_failed = Signal()

    def __init__(self, services: Services, actor: Actor, bus: ChangeBus | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backups_dialog")
        self.setWindowTitle(self.tr("Backup and restore"))
        self.resize(980, 560)
        self._services = services
        self._actor = actor
        self.overview: BackupOverview | None = None
        self.banner = Banner("backups_banner")
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backups_folder")
        self.folder_label.setWordWrap(True)
        self.folder_warning = QLabel()
        self.folder_warning.setObjectName("backups_folder_warning")
        self.folder_warning.setWordWrap(True)
        self.folder_warning.setStyleSheet("background:#fff4e5; color:#7a4100; border:1px solid #f0c27b; "
                                          "padding:8px; font-weight:600;")
        self.folder_warning.hide()
        self.folder_button = name_widget(QPushButton(icon("fa5s.folder-open"), self.tr("Choose the folder…")),
                                         "backups_choose_folder", self.tr("Choose the backup folder"))
        self.model: RowsModel[BackupEntry] = RowsModel([
            Column(self.tr("Made"), lambda e: local(e.info.made_at).strftime("%Y-%m-%d %H:%M")),
            Column(self.tr("Kind"), lambda e: reason_label(e.info.reason)),
            Column(self.tr("Size"), lambda e: size_text(e.info.size), align_right=True),
            Column(self.tr("Residents"), lambda e: e.contents.residents if e.contents else "", align_right=True),
            Column(self.tr("Requests"), lambda e: e.contents.requests if e.contents else "", align_right=True),
            Column(self.tr("Newest request"), self._newest_text),
        ], muted=lambda e: e.contents is None)
        self.table = read_only_table(self.model, "backups_table", self.tr("Backups"), stretch_column=5)
        for column in range(5):  # the time whole, the counts as wide as they need
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.backup_button = name_widget(QPushButton(icon("fa5s.save"), self.tr("Back up now")),
                                         "backups_backup_now", self.tr("Back up now"))
        self.restore_button = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Restore the chosen backup…")),
                                          "backups_restore", self.tr("Restore the chosen backup"))
        self.restore_button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        close.rejected.connect(self.reject)
        self.may_manage = actor.can(Permission.MANAGE_BACKUPS)
        hidden_unless(self.folder_button, self.may_manage)
        note = QLabel(self.tr("Restoring replaces everything in the desk with the backup; the database as it is now "
                              "is backed up first, so nothing is lost. Only the administrator restores.")
                      if self.may_manage else
                      self.tr("Restoring a backup and choosing the folder are for the administrator."))
        note.setWordWrap(True)
        note.setStyleSheet("color:#555;")

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(folder_row)
        lay.addWidget(self.folder_warning)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        lay.addWidget(note)
        lay.addWidget(close)

        self.ops = Operations(self, bus, self.banner)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)
        self.folder_button.clicked.connect(self.choose_folder)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.refresh()

    # --- reading --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ops.read(functools.partial(self._services.backups.overview, self._actor), self._show, key="overview")

    def _show(self, overview: BackupOverview) -> None:
        self.overview = overview
        if overview.on_server:
            self.folder_label.setText(self.tr(
                "This desk works on a shared database server. Backups are made on the server (pg_dump) by IT "
                "staff, not from a desk."))
            for widget in (self.backup_button, self.restore_button, self.folder_button, self.table):
                widget.setEnabled(False)
            return
        where = self.tr("the data folder's own backups folder") if overview.is_default else str(overview.folder)
        self.folder_label.setText(self.tr("Backups are kept in {folder}.").format(folder=where))
        self.folder_warning.setText(self.tr(
            "The backup folder {folder} is not there: is the USB stick plugged in? Plug it in, or choose another "
            "folder. Until then no backup can be made.").format(folder=overview.folder))
        self.folder_warning.setVisible(overview.folder_missing)
        self.backup_button.setEnabled(not overview.folder_missing)
        self.model.set_rows(overview.entries)
        self._on_current_changed()

    def _newest_text(self, entry: BackupEntry) -> str:
        if entry.contents is None:
            return self.tr("cannot be read: not a desk database, or damaged")
        if entry.contents.newest_request_at is None:
            return self.tr("no requests")
        return local(entry.contents.newest_request_at).strftime("%Y-%m-%d %H:%M")

    def chosen(self) -> BackupEntry | None:
        return current_row(self.table, self.model)

    def _on_current_changed(self, *_: object) -> None:
        entry = self.chosen()
        self.restore_button.setEnabled(self.may_manage and entry is not None and entry.contents is not None)

    # --- writing --------------------------------------------------------------------------------------------

    def back_up(self) -> None:
        if self.ops.busy:
            return
        self.banner.say("info", self.tr("Backing up…"))
        self.ops.write_reporting(functools.partial(self._services.backups.back_up, self._actor), self._on_backed_up,
                                 self._on_backup_progress, busy=[self.backup_button])  # on the thread pool

    def _on_backup_progress(self, done: int, total: int) -> None:
        self.banner.say("info", self.tr("Backing up… {percent}%").format(percent=done * 100 // total if total else 0))

    def _on_backed_up(self, info: BackupInfo) -> None:
        self.banner.say("ok", self.tr("Backed up ({size}).").format(size=size_text(info.size)))
        self.refresh()

    def restore(self) -> None:
        entry = self.chosen()
        if entry is None or entry.contents is None or self.ops.busy:
            return
        made = local(entry.info.made_at).strftime("%Y-%m-%d %H:%M")
        if not confirm(self, self.tr("Restore this backup?"), self.tr(
                "Replace everything in the desk with the backup of {made} ({requests} requests, {residents} "
                "residents)?\n\nWhat was written since then is no longer in the desk: the database as it is now "
                "is backed up first and can be restored in the same way. Everyone is logged out and the desk "
                "starts again at the log-in.").format(made=made, requests=entry.contents.requests,
                                                      residents=entry.contents.residents)):
            return
        self.restore_starting.emit()
        self.banner.say("info", self.tr("Restoring…"))
        self.ops.write(functools.partial(self._services.backups.restore_backup, self._actor, entry.info.path),
                       self._on_restored, busy=[self.restore_button, self.backup_button],
                       refused=self._on_restore_refused)

    def _on_restored(self, safety: BackupInfo) -> None:
        self.restored.emit(safety)
        self.accept()

    def _on_restore_refused(self, exc: DomainError) -> None:
        self.ops.show_refusal(exc)
        self.restore_failed.emit()
        self.refresh()

    def choose_folder(self) -> QFileDialog | None:
        if not self.may_manage:
            return None
        start = self.overview.folder if self.overview is not None else Path.home()
        return ask_folder(self, "backups_folder_dialog", self.tr("Backup folder"), start, self.set_folder)

    def set_folder(self, folder: Path) -> None:
        self.ops.write(functools.partial(self._services.desk_settings.set_backup_folder, self._actor, str(folder)),
                       lambda _: self._on_folder_set(), busy=[self.folder_button])

    def _on_folder_set(self) -> None:
        self.banner.say("ok", self.tr("Backups now go to {folder}.").format(folder=self._services.backups.folder))
        self.refresh()
