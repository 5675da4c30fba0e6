"""The Award points tab: points under an earning rule to one resident or everyone at an event, the latest awards
(everyone's, or one resident's), and revoking a mistaken award with its reason (POINTS_RULES)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.core.auth import Actor, Permission
from app.services.core.clock import local
from app.services.core.container import Services
from app.services.ledger.points.data import AwardInfo, AwardInput, RuleInfo
from app.services.people.residents import ResidentSummary
from app.views.bus import ChangeBus
from app.views.operations import Operations
from app.views.points.dialogs import RevokeAwardDialog
from app.views.resident_widgets import ResidentLookup
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import STRETCH, Banner, FieldErrorsView, date_edit, day_of, icon, name_widget, row, spin


class AwardTab(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, banner: Banner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services, self._actor, self._bus, self.banner = services, actor, bus, banner
        self.award_errors = FieldErrorsView()
        self._ops = Operations(self, bus, banner)
        self._award_ops = Operations(self, bus, banner, self.award_errors)
        self.awarded: list[AwardInfo] | None = None
        self.revoke_dialog: RevokeAwardDialog | None = None

        form = QFormLayout()
        self.award_rule = name_widget(QComboBox(), "award_rule", self.tr("Rule"))
        self.award_errors.add_row(form, "rule", self.tr("Rule"), self.award_rule)
        self.award_lookup = ResidentLookup(services, actor)
        self.award_people = name_widget(QListWidget(), "award_people", self.tr("Residents"))
        self.award_people.setMaximumHeight(140)
        self.award_remove = name_widget(QPushButton(icon("fa5s.minus"), self.tr("Remove")), "award_remove",
                                        self.tr("Remove the selected resident"))
        people = QWidget()
        ppl = QVBoxLayout(people)
        ppl.setContentsMargins(0, 0, 0, 0)
        ppl.addWidget(self.award_lookup)
        ppl.addWidget(self.award_people)
        ppl.addWidget(row(self.award_remove, STRETCH))
        self.award_errors.add_row(form, "residents", self.tr("Residents"), people)
        self.award_quantity = spin("award_quantity", self.tr("Quantity"), 1, 24)
        self.award_errors.add_row(form, "quantity", self.tr("Quantity (hours, times)"), self.award_quantity)
        self.award_day = date_edit(local(services.clock.now()).date(), "award_day", self.tr("Date"))
        self.award_errors.add_row(form, "earned_on", self.tr("Date"), self.award_day)
        self.award_event = name_widget(QLineEdit(), "award_event", self.tr("Event"))
        self.award_event.setPlaceholderText(self.tr("e.g. the council meeting of March"))
        self.award_errors.add_row(form, "event", self.tr("Event"), self.award_event)
        self.award_note = name_widget(QLineEdit(), "award_note", self.tr("Note"))
        self.award_errors.add_row(form, "note", self.tr("Note"), self.award_note)
        self.award_button = name_widget(QPushButton(icon("fa5s.star"), self.tr("Award")), "award_confirm",
                                        self.tr("Award the points"))
        box = QGroupBox(self.tr("Award points to one resident or everyone at an event"))
        bl = QVBoxLayout(box)
        bl.addLayout(form)
        bl.addWidget(row(self.award_button, STRETCH))
        self.awards_model: RowsModel[AwardInfo] = RowsModel([
            Column(self.tr("Date"), lambda a: f"{a.earned_on:%Y-%m-%d}"),
            Column(self.tr("Resident"), lambda a: a.resident_name),
            Column(self.tr("Rule"), lambda a: a.rule_name),
            Column(self.tr("Points"), lambda a: a.points, align_right=True),
            Column(self.tr("Valid until"), lambda a: f"{a.expires_on:%Y-%m-%d}" if a.expires_on else "—"),
            Column(self.tr("Awarded by"), lambda a: a.awarded_by),
            Column(self.tr("Status"), lambda a: self.tr("revoked") if a.revoked else ""),
            Column(self.tr("Event"), lambda a: a.event or a.note),  # last, taking what is left: nothing scrolls away
        ], muted=lambda a: a.revoked)
        self.awards_table = read_only_table(self.awards_model, "awards_table", self.tr("Awards"), 7)
        self.awards_of = ResidentLookup(services, actor)
        self.awards_of.setObjectName("awards_of")
        self.awards_all = name_widget(QPushButton(self.tr("Everyone")), "awards_all",
                                      self.tr("Show the latest awards of everyone"))
        self.award_revoke = name_widget(QPushButton(icon("fa5s.undo"), self.tr("Revoke award…")), "award_revoke",
                                        self.tr("Revoke the selected award"))
        self.award_revoke.setEnabled(actor.can(Permission.POINTS_RULES))
        awards_box = QGroupBox(self.tr("Awards"))
        al = QVBoxLayout(awards_box)
        al.addWidget(row(QLabel(self.tr("Awards of")), (self.awards_of, 1, Qt.AlignmentFlag.AlignTop),
                         (self.awards_all, 0, Qt.AlignmentFlag.AlignTop)))
        al.addWidget(self.awards_table, 1)
        al.addWidget(row(self.award_revoke, STRETCH))
        pl = QHBoxLayout(self)
        pl.addWidget(box, 2)
        pl.addWidget(awards_box, 3)  # the list's columns need the room at 1366x768
        self.awards_of.resident_chosen.connect(lambda _r: self.load_awards())
        self.awards_of.resident_cleared.connect(self.load_awards)
        self.awards_all.clicked.connect(self._on_awards_all_clicked)
        self.award_revoke.clicked.connect(self._on_revoke_clicked)
        self.award_lookup.resident_chosen.connect(self._add_award_person)
        self.award_remove.clicked.connect(self._remove_award_person)
        self.award_button.clicked.connect(self.award)

    def refresh(self) -> None:
        self.load_rules()
        self.load_awards()

    # --- what is shown ------------------------------------------------------------------------------

    def load_rules(self) -> None:
        """The rules in force, to choose from."""
        rules, actor = self._services.points.rules, self._actor
        self._ops.read(lambda: rules.rules(actor, active_only=True), self._show_rules, key="rules")

    def _show_rules(self, rules: list[RuleInfo]) -> None:
        current = self.award_rule.currentData()
        self.award_rule.clear()
        self.award_rule.addItem(self.tr("— choose a rule —"), None)
        for r in rules:
            self.award_rule.addItem(self.tr("{name} ({n} points)").format(name=r.name, n=r.points), r.id)
        offered = [self.award_rule.itemData(i) for i in range(self.award_rule.count())]
        self.award_rule.setCurrentIndex(offered.index(current) if current in offered else 0)  # findData: not UUIDs

    def load_awards(self) -> None:
        """The latest awards of everyone, or every award of the resident chosen under 'Awards of'."""
        resident = self.awards_of.selected
        resident_id = resident.id if resident else None
        rules, actor = self._services.points.rules, self._actor
        self._ops.read(lambda: rules.awards(actor, resident_id=resident_id, limit=100), self._show_awards,
                       key="awards")

    def _show_awards(self, found: list[AwardInfo]) -> None:
        self.awards_model.set_rows(found)
        self.awards_table.resizeColumnsToContents()

    def _on_awards_all_clicked(self) -> None:
        self.awards_of.clear()
        self.load_awards()

    def current_award(self) -> AwardInfo | None:
        return current_row(self.awards_table, self.awards_model)

    # --- award and revoke ---------------------------------------------------------------------------

    def _add_award_person(self, resident: ResidentSummary) -> None:
        ids = [self.award_people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.award_people.count())]
        if resident.id not in ids:
            item = QListWidgetItem(resident.name)
            item.setData(Qt.ItemDataRole.UserRole, resident.id)
            self.award_people.addItem(item)
        self.award_lookup.clear()

    def _remove_award_person(self) -> None:
        for item in self.award_people.selectedItems():
            self.award_people.takeItem(self.award_people.row(item))

    def award(self) -> None:
        ids = tuple(self.award_people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.award_people.count()))
        data = AwardInput(self.award_rule.currentData(), ids, day_of(self.award_day), self.award_quantity.value(),
                          self.award_event.text(), self.award_note.text())
        rules, actor = self._services.points.rules, self._actor
        self._award_ops.write(lambda: rules.award(actor, data), self._on_awarded, busy=[self.award_button])

    def _on_awarded(self, done: list[AwardInfo]) -> None:
        self.awarded = done
        self.banner.say("ok", self.tr("{points} points awarded to {n} resident(s).").format(
            points=sum(a.points for a in done), n=len(done)))
        self.award_people.clear()
        self.award_event.clear()
        self.award_note.clear()

    def _on_revoke_clicked(self) -> None:
        award = self.current_award()
        if award is None:
            self.banner.say("warn", self.tr("Select the award to revoke first."))
            return
        if award.revoked:
            self.banner.say("warn", self.tr("This award is already revoked."))
            return
        dialog = RevokeAwardDialog(self._services, self._actor, self._bus, award, self)
        dialog.accepted.connect(lambda: self.banner.say("ok", self.tr(
            "The award of {points} points to {name} is revoked.").format(points=award.points,
                                                                          name=award.resident_name)))
        self.revoke_dialog = dialog
        dialog.open()
