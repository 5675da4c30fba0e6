"""同步冲突: the settings tab listing the fields two desks changed differently while apart (the street kept the later
change): what, the value kept and its desk, the other value and its desk, when. 确认保留 confirms the value kept;
改用另一个值 writes the other one to the record (audited, and it syncs), after a question."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.sync.conflicts import ConflictRow
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import Banner, confirm, icon, name_widget


class SyncConflictsTab(QWidget):
    wanted = Signal(bool)  # the tab is worth showing: the desk joined a street, or a conflict is listed
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_conflicts_tab")
        self._services, self._actor, self.banner = services, actor, banner
        self._ops = Operations(self, bus, banner)
        intro = QLabel(self.tr(
            "Two desks changed the same item differently while they could not reach the street. The street kept "
            "the later change; check each one with the resident if needed, then keep it or use the other value."))
        intro.setWordWrap(True)
        self.empty = QLabel(self.tr("No sync conflict waits for confirmation."))
        self.empty.setObjectName("sync_conflicts_empty")
        self.model: RowsModel[ConflictRow] = RowsModel([
            Column(self.tr("What"), lambda r: r.what),
            Column(self.tr("Field"), lambda r: r.field),
            Column(self.tr("Value kept"), lambda r: r.kept),
            Column(self.tr("Kept from desk"), lambda r: r.kept_desk),
            Column(self.tr("Other value"), lambda r: r.other),
            Column(self.tr("Other desk"), lambda r: r.other_desk),
            Column(self.tr("Listed"), lambda r: local(r.at).strftime("%Y-%m-%d %H:%M")),
        ])
        self.table = read_only_table(self.model, "sync_conflicts_table", self.tr("Sync conflicts"), 0)
        self.keep_button = name_widget(QPushButton(icon("fa5s.check"), self.tr("Keep this value")),
                                       "sync_conflict_keep", self.tr("Confirm the value kept"))
        self.other_button = name_widget(QPushButton(icon("fa5s.exchange-alt"), self.tr("Use the other value")),
                                        "sync_conflict_other", self.tr("Write the other value instead"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(buttons)
        lay.addWidget(self.empty)
        lay.addWidget(self.table, 1)
        self.keep_button.clicked.connect(self.keep)
        self.other_button.clicked.connect(self.use_other)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        bus.subscribe({Topic.SYNC}, self.refresh)
        self._update_buttons()

    def refresh(self) -> None:
        conflicts, sync, actor = self._services.sync_conflicts, self._services.sync, self._actor
        self._ops.read(lambda: (conflicts.pending(actor), sync.status().joined), self._show, key="conflicts")

    def _show(self, answer: tuple[list[ConflictRow], bool]) -> None:
        rows, joined = answer
        self.wanted.emit(joined or bool(rows))
        chosen = current_row(self.table, self.model)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        ids = [r.id for r in rows]
        if rows:
            at = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
            self.table.selectRow(at)
        self.empty.setVisible(not rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = current_row(self.table, self.model) is not None
        self.keep_button.setEnabled(chosen)
        self.other_button.setEnabled(chosen)

    def keep(self) -> None:
        """确认保留: the value kept stays."""
        row = current_row(self.table, self.model)
        if row is None:
            return
        conflicts, actor = self._services.sync_conflicts, self._actor
        self._ops.write(partial(conflicts.confirm, actor, row.id), lambda _r: self.banner.say("ok", self.tr(
            "Kept: {what} · {field} stays {value}.").format(what=row.what, field=row.field, value=row.kept)),
            busy=[self.keep_button, self.other_button])

    def use_other(self) -> None:
        """改用另一个值: asked first (it changes the record on every desk at the next sync)."""
        row = current_row(self.table, self.model)
        if row is None or not confirm(self, self.tr("Use the other value?"), self.tr(
                "{what} · {field} becomes {other} (now {kept}) on every desk after the next sync. "
                "Continue?").format(what=row.what, field=row.field, other=row.other, kept=row.kept)):
            return
        conflicts, actor = self._services.sync_conflicts, self._actor
        self._ops.write(partial(conflicts.use_other, actor, row.id), lambda _r: self.banner.say("ok", self.tr(
            "Changed: {what} · {field} is now {value}.").format(what=row.what, field=row.field, value=row.other)),
            busy=[self.keep_button, self.other_button])
