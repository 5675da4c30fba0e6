"""The Earning rules & expiry tab (POINTS_RULES): the earning rules, each new or edited in its dialog, and the expiry
pass, shown first (what it would write off now, what lapses in the next 30 days) and run after confirming."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.services.ledger.points.data import ExpiryDue, ExpiryPreview, ExpiryRun, RuleInfo
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.points.dialogs import RuleDialog
from app.views.points.fields import cap
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import STRETCH, Banner, confirm, icon, label_of, name_widget, row


class RulesTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self._ops = Operations(self, bus, banner)
        self.rule_dialog: RuleDialog | None = None
        self.expiry: ExpiryPreview | None = None
        self.expiry_result: ExpiryRun | None = None
        self.rules_model: RowsModel[RuleInfo] = RowsModel([
            Column(self.tr("Earned for"), lambda r: label_of(r.kind)),
            Column(self.tr("Rule name"), lambda r: r.name),
            Column(self.tr("Points"), lambda r: r.points, align_right=True),
            Column(self.tr("Daily cap"), lambda r: cap(r.daily_cap), align_right=True),
            Column(self.tr("Monthly cap"), lambda r: cap(r.monthly_cap), align_right=True),
            Column(self.tr("Valid for"), lambda r: self.tr("{n} days").format(n=r.valid_days) if r.valid_days
                   else self.tr("never expire")),
            Column(self.tr("In force"), lambda r: self.tr("yes") if r.active else self.tr("no")),
            Column(self.tr("Note"), lambda r: r.note),
        ], muted=lambda r: not r.active)
        self.rules_table = read_only_table(self.rules_model, "rules_table", self.tr("Earning rules"), 7)
        self.rule_new = name_widget(QPushButton(icon("fa5s.plus"), self.tr("New rule…")), "rule_new",
                                    self.tr("New earning rule"))
        self.rule_edit = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Edit…")), "rule_edit",
                                     self.tr("Edit the earning rule"))
        rules_box = QGroupBox(self.tr("Earning rules"))
        rl = QVBoxLayout(rules_box)
        rl.addWidget(self.rules_table, 1)
        rl.addWidget(row(self.rule_new, self.rule_edit, STRETCH))

        self.expiry_summary = QLabel()
        self.expiry_summary.setObjectName("expiry_summary")
        self.expiry_summary.setWordWrap(True)
        self.expiry_model: RowsModel[ExpiryDue] = RowsModel([
            Column(self.tr("Resident"), lambda x: x.name),
            Column(self.tr("Lapsed, to write off"), lambda x: x.lapsed or "", align_right=True),
            Column(self.tr("Lapsing soon"), lambda x: x.soon or "", align_right=True),
            Column(self.tr("Earliest expiry"), lambda x: f"{x.next_day:%Y-%m-%d}" if x.next_day else ""),
        ], muted=lambda x: not x.lapsed)
        self.expiry_table = read_only_table(self.expiry_model, "expiry_table", self.tr("Points lapsing"), 3)
        self.expiry_check = name_widget(QPushButton(icon("fa5s.sync"), self.tr("Check again")), "expiry_check",
                                        self.tr("Check what expires"))
        self.expiry_run = name_widget(QPushButton(icon("fa5s.hourglass-end"), self.tr("Run the expiry pass…")),
                                      "expiry_run", self.tr("Write off the lapsed points"))
        expiry_box = QGroupBox(self.tr("Expiry of points"))
        el = QVBoxLayout(expiry_box)
        el.addWidget(self.expiry_summary)
        el.addWidget(self.expiry_table, 1)
        el.addWidget(row(self.expiry_check, self.expiry_run, STRETCH))
        pl = QVBoxLayout(self)  # one above the other: each table has the page's width for its columns
        pl.addWidget(rules_box, 2)
        pl.addWidget(expiry_box, 3)
        self.rule_new.clicked.connect(lambda: self.edit_rule(None))
        self.rule_edit.clicked.connect(self._on_rule_edit_clicked)
        self.rules_table.doubleClicked.connect(lambda _i: self._on_rule_edit_clicked())
        self.expiry_check.clicked.connect(self.load_expiry)
        self.expiry_run.clicked.connect(self._on_expiry_run_clicked)

    def refresh(self) -> None:
        self.load_rule_table()
        self.load_expiry()

    # --- earning rules ------------------------------------------------------------------------------

    def load_rule_table(self) -> None:
        rules, actor = self._services.points.rules, self._actor
        self._ops.read(lambda: rules.rules(actor), self._show_rules, key="rules")

    def _show_rules(self, found: list[RuleInfo]) -> None:
        self.rules_model.set_rows(found)
        self.rules_table.resizeColumnsToContents()

    def current_rule(self) -> RuleInfo | None:
        return current_row(self.rules_table, self.rules_model)

    def _on_rule_edit_clicked(self) -> None:
        rule = self.current_rule()
        if rule is None:
            self.banner.say("warn", self.tr("Select a rule first."))
            return
        self.edit_rule(rule)

    def edit_rule(self, rule: RuleInfo | None) -> RuleDialog:
        dialog = RuleDialog(self._services, self._actor, self._bus, rule, self)
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr("The earning rule {name} is saved.").format(
            name=dialog.answer.name)))
        self.rule_dialog = dialog
        dialog.open()
        return dialog

    # --- the expiry pass ----------------------------------------------------------------------------

    def load_expiry(self) -> None:
        """What the expiry pass would write off now, and what lapses in the next 30 days."""
        self._read_expiry(self._show_expiry)

    def _read_expiry(self, done: Callable[[ExpiryPreview], None]) -> None:
        settlement, actor = self._services.points.settlement, self._actor
        self._ops.read(lambda: settlement.expiry_preview(actor), done, key="expiry")

    def _show_expiry(self, preview: ExpiryPreview) -> None:
        self.expiry = preview
        self.expiry_model.set_rows(preview.lines)
        self.expiry_table.resizeColumnsToContents()
        due, coming = preview.due, preview.coming
        lapsed = self.tr("Lapsed and not yet written off: {points} points of {n} resident(s).").format(
            points=due.points, n=due.residents) if due.points else self.tr("No points have lapsed.")
        soon = self.tr("Lapsing by {day}: {points} points of {n} resident(s).").format(
            day=f"{preview.horizon:%Y-%m-%d}", points=coming.points, n=coming.residents)
        self.expiry_summary.setText(lapsed + "\n" + soon)
        self.expiry_run.setEnabled(due.points > 0 and not self._ops.running("expire"))

    def _on_expiry_run_clicked(self) -> None:
        """The preview read again, shown, and asked about before the pass runs."""
        def ask(preview: ExpiryPreview) -> None:
            self._show_expiry(preview)
            if preview.due.points and confirm(self, self.tr("Expiry pass"), self.tr(
                    "Write off {points} lapsed points of {n} resident(s)? Each resident's statement will show it; "
                    "it cannot be undone.").format(points=preview.due.points, n=preview.due.residents)):
                self.run_expiry()

        self._read_expiry(ask)

    def run_expiry(self) -> None:
        """The pass on the thread pool (it locks every account with lapsed points); the answer comes back here."""
        self.expiry_result = None
        settlement, actor = self._services.points.settlement, self._actor
        self._ops.write(lambda: settlement.expire(actor), self._on_expiry_done, busy=[self.expiry_run],
                        refused=self._on_expiry_refused, key="expire")

    def _on_expiry_done(self, result: ExpiryRun) -> None:
        self.expiry_result = result
        self.banner.say("ok", self.tr("Expiry pass done: {points} points of {n} resident(s) written off.").format(
            points=result.points, n=result.residents))

    def _on_expiry_refused(self, exc: DomainError) -> None:
        self._ops.show_refusal(exc)
        self.load_expiry()
