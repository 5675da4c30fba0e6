"""The audit trail for the administrator: every write, who, when, from which desk; filter, never edit.

Everything is in words (``audit_words``): what was changed by its Chinese name (居民, 诉求), one sentence per entry,
and the selected entry's 项目 / 原值 / 新值 table; never a table name, a uuid or the recorded JSON."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.audit import AuditFilter, AuditRow
from app.services.core.audit_words import Change
from app.services.core.auth import Actor
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.core.errors import DomainError, Message
from app.services.documents.anchor_sheet import write_sheet
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, read_only_table
from app.views.tasks import Task
from app.views.widgets import STRETCH, Banner, ask_save_path, day_of, icon, name_widget, row


class AuditPage(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_page")
        self._services = services
        self._actor = actor
        self.banner = Banner("audit_banner")
        self._ops = Operations(self, None, self.banner)  # reads only
        self.user = name_widget(QLineEdit(), "audit_user", self.tr("User"))
        self.user.setPlaceholderText(self.tr("user name"))
        self.entity = name_widget(QComboBox(), "audit_entity", self.tr("What"))
        assert isinstance(self.entity, QComboBox)
        self.entity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # grows as the names arrive
        self.since = name_widget(QDateEdit(), "audit_since", self.tr("From"))
        self.until = name_widget(QDateEdit(), "audit_until", self.tr("To"))
        today = QDate.fromString(local(services.clock.now()).date().isoformat(), "yyyy-MM-dd")
        for edit, value in ((self.since, today.addDays(-30)), (self.until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
        self.text = name_widget(QLineEdit(), "audit_text", self.tr("Contains"))
        self.text.setPlaceholderText(self.tr("a name, a number, a case number…"))
        self.search_button = name_widget(QPushButton(icon("fa5s.search"), self.tr("Search")), "audit_search",
                                         self.tr("Search the audit trail"))
        self.sheet_button = name_widget(QPushButton(icon("fa5s.stamp"), self.tr("Anchor sheet…")), "audit_sheet",
                                        self.tr("Print the audit trail's fingerprint to keep away from this PC"))
        self.sheet_button.setToolTip(self.tr("Saves the audit trail's current fingerprint and the ones printed "
                                             "before (PDF and JSON). Keep it away from this PC: it proves later that "
                                             "nobody rewrote the records."))
        self.check_button = name_widget(QPushButton(icon("fa5s.clipboard-check"), self.tr("Check the data")),
                                        "audit_check", self.tr("Check the database and the audit trail"))
        self.check_button.setToolTip(self.tr("Checks that nothing was changed outside this program and that the "
                                             "records agree with each other. Takes a moment."))
        self.count = QLabel()
        self.count.setObjectName("audit_count")
        self.findings: list[str] = []   # what 检查数据 found last, in words
        self.findings_dialog: FindingsDialog | None = None
        self.model: RowsModel[AuditRow] = RowsModel([
            Column(self.tr("Time"), lambda r: local(r.at).strftime("%Y-%m-%d %H:%M:%S")),
            Column(self.tr("Desk"), lambda r: r.desk_code),
            Column(self.tr("User"), lambda r: r.actor),
            Column(self.tr("Action"), lambda r: r.action_word),
            Column(self.tr("What"), lambda r: r.thing),
            Column(self.tr("What happened"), lambda r: r.sentence),
        ])
        self.table = read_only_table(self.model, "audit_table", self.tr("Audit trail"), stretch_column=5)
        self.detail = QLabel(self.tr("Select an entry to see what it changed."))
        self.detail.setObjectName("audit_detail")
        self.detail.setWordWrap(True)
        self.changes: RowsModel[Change] = RowsModel([
            Column(self.tr("Item"), lambda c: c.field),
            Column(self.tr("Before"), lambda c: c.old),
            Column(self.tr("After"), lambda c: c.new),
        ])
        self.changes_table = read_only_table(self.changes, "audit_changes", self.tr("What the entry changed"),
                                             stretch_column=2)
        self.changes_table.setMaximumHeight(180)
        filters = row(QLabel(self.tr("User")), self.user, QLabel(self.tr("What")), self.entity,
                      QLabel(self.tr("From")), self.since, QLabel(self.tr("To")), self.until, (self.text, 1),
                      self.search_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(filters)
        lay.addWidget(row((self.count, 1), self.check_button, self.sheet_button))
        lay.addWidget(self.table, 1)
        lay.addWidget(self.detail)
        lay.addWidget(self.changes_table)
        self.search_button.clicked.connect(self.search)
        self.sheet_button.clicked.connect(self._on_sheet_clicked)
        self.check_button.clicked.connect(self.check_data)
        self.text.returnPressed.connect(self.search)
        self.user.returnPressed.connect(self.search)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self._fill_entities()
        self.search()

    def _fill_entities(self) -> None:
        self.entity.clear()
        self.entity.addItem(self.tr("(all)"), "")
        audit, actor = self._services.audit, self._actor
        self._ops.read(lambda: audit.entities(actor), self._add_entities, key="entities")

    def _add_entities(self, things: list[tuple[str, str]]) -> None:
        for key, name in things:  # shown by its Chinese name; what is filtered by stays behind it
            self.entity.addItem(name, key)

    def search(self) -> None:
        filters = AuditFilter(user=self.user.text(), entity=self.entity.currentData() or "",
                              since=day_of(self.since), until=day_of(self.until),
                              text=self.text.text())
        audit, actor = self._services.audit, self._actor
        self._ops.read(lambda: audit.entries(actor, filters), self._show, key="entries")

    def _show(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        self.changes.set_rows([])
        self.detail.setText(self.tr("Select an entry to see what it changed."))
        for column in range(5):
            self.table.resizeColumnToContents(column)
        self.count.setText(self.tr("{n} entries (newest first, at most 500)").format(n=len(rows)))

    def check_data(self) -> None:
        """``verify`` from the app, off the GUI thread: its findings in the banner and in a list to read."""
        self.check_button.setEnabled(False)
        self.banner.say("info", self.tr("Checking the data…"))
        self._ops.read(partial(self._services.verify.check, self._actor), self._show_check, key="check",
                       refused=self._check_refused)

    def _check_refused(self, exc: DomainError) -> None:
        self.check_button.setEnabled(True)
        self.banner.refuse(exc)

    def _show_check(self, problems: list[Message]) -> None:
        self.check_button.setEnabled(True)
        self.findings = [p.render(QCoreApplication.translate) for p in problems]
        if not problems:
            self.banner.say("ok", self.tr("The data checks out: nothing was changed outside this program."))
            return
        self.banner.say("error", self.tr("{n} problem(s) found: the data was changed outside this program or does "
                                         "not agree with itself. Keep this PC as it is and call IT staff.")
                        .format(n=len(problems)))
        self.findings_dialog = FindingsDialog(self.findings, self)
        self.findings_dialog.show()

    def _on_sheet_clicked(self) -> None:
        day = local(self._services.clock.now()).strftime("%Y%m%d")
        ask_save_path(self, "audit_sheet_dialog", self.tr("Save the anchor sheet"), f"审计校验单-{day}.pdf",
                      [self.tr("PDF files (*.pdf)")], self.save_sheet)

    def save_sheet(self, path: Path) -> Task:
        """The anchor sheet as PDF at ``path`` with its JSON twin beside it, off the GUI thread."""
        anchors, actor = self._services.anchors, self._actor
        return self._ops.write_file(
            path, lambda: write_sheet(anchors.make_sheet(actor), path),
            lambda paths: self.tr("Anchor sheet saved: {pdf} (to print) and {json} (for the check). Keep them away "
                                  "from this PC.").format(pdf=paths[0].name, json=paths[1].name),
            busy=[self.sheet_button])

    def _on_table_current_changed(self, *_: object) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            r = self.model.row_at(index.row())
            self.detail.setText(self.tr("Entry {seq}: {sentence}").format(seq=r.seq, sentence=r.sentence))
            self.changes.set_rows(r.changes)
            for column in (0, 1):
                self.changes_table.resizeColumnToContents(column)


class FindingsDialog(QDialog):
    """What ``检查数据`` found, one finding a line, in words (what was changed, by its name)."""

    def __init__(self, findings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_findings")
        self.setWindowTitle(self.tr("Data check"))
        self.list = QListWidget()
        self.list.setObjectName("audit_findings_list")
        self.list.setAccessibleName(self.tr("Problems found"))
        self.list.setWordWrap(True)
        self.list.addItems(findings)
        close = name_widget(QPushButton(self.tr("Close")), "audit_findings_close", self.tr("Close"))
        close.clicked.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("{n} problem(s) found:").format(n=len(findings))))
        lay.addWidget(self.list, 1)
        lay.addWidget(row(STRETCH, close))
        self.resize(760, 420)
