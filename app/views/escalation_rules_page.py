"""时限规则: the escalation ladder's rules, for the administrator (MANAGE_SETTINGS, checked by the service).

A rule sets, for a category or sub-category (or all) and an urgency (or all), the time to respond, to resolve and to
make the follow-up call, and how long before each limit a warning comes. A limit a rule leaves at "default" is taken
from the next less specific rule, then from the category itself; the page shows the categories' own limits (the
articles' 1 hour to respond, 24 hours to resolve, for most) under the rules, and says what happens at each limit.
Adding, changing and deleting go through the one ``StepDialog``: each refusal under its field, nothing typed lost.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from app.domain.topics import Topic
from app.services.cases.escalation import (
    DEFAULT_FOLLOW_UP_HOURS,
    DEFAULT_WARN_MINUTES,
    CategoryLimits,
    RuleInfo,
    RuleInput,
)
from app.services.cases.working_days import URGENT_CAPS
from app.services.core.auth import Actor
from app.services.core.container import Services
from app.services.core.errors import DomainError
from app.views.bus import ChangeBus
from app.views.form_dialog import FormDialog
from app.views.holidays_panel import HolidaysPanel
from app.views.operations import Operations
from app.views.tables import Column, RowsModel, current_row, read_only_table
from app.views.widgets import Banner, confirm, icon, name_widget, row, urgency_label

MINUTES_MAX = 999_999  # the spin boxes take more than the service allows, so its message (with the unit) is shown
HOURS_MAX = 99_999


class EscalationRulesPage(QWidget):
    def __init__(self, services: Services, actor: Actor, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalation_rules_page")
        self._services = services
        self._actor = actor
        self._bus = bus
        self.categories: list[CategoryLimits] = []
        self.dialog: FormDialog | None = None
        self._build()
        self._ops = Operations(self, bus, self.banner)
        bus.subscribe({Topic.RULES}, self.refresh)
        self.refresh()

    # --- construction -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = Banner("rules_page_banner")
        caps = {n: int(cap.total_seconds() // 3600) for n, cap in URGENT_CAPS.items()}
        self.intro = QLabel(self.tr(
            "<b>The four time limits.</b> Response time limit: the handler's first response; missed, the community "
            "director is told. Reply time limit: the first reply to the resident, printed on the receipt (set in "
            "Settings; not escalated). Resolution time limit: missed, the request goes into the difficult problems "
            "pool and up to the street level. Follow-up time limit: the call after the resolution; missed, the "
            "director is told. A warning comes before each limit.<br><b>Without a rule</b> each "
            "category's own limits apply (the table at the bottom; most: respond within 1 hour, resolve within 24 "
            "hours, or so many working days where a category counts in them; urgency 4 within {h4} hours and 5 within "
            "{h5} hours at most), the follow-up call within {followup} "
            "hours of the resolution, the warning {warn} minutes before (or at half a shorter limit).<br><b>The most "
            "specific rule wins</b>: sub-category before its class, one urgency before all; a limit a rule leaves "
            "at \u201cdefault\u201d (—) comes from the next rule, then from the category. A rule can shorten the "
            "time to resolve set at intake, never lengthen it.").format(
                h4=caps.get(4, 24), h5=caps.get(5, 4), followup=DEFAULT_FOLLOW_UP_HOURS, warn=DEFAULT_WARN_MINUTES))
        self.intro.setObjectName("rules_intro")
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color:#333; background:#f4f6f9; padding:8px; border-radius:4px;")

        self.model: RowsModel[RuleInfo] = RowsModel([
            Column(self.tr("Category"), lambda r: self.category_text(r.category_id, r.category_name)),
            Column(self.tr("Urgency"), lambda r: self.urgency_text(r.urgency)),
            Column(self.tr("Respond within"), lambda r: self.minutes(r.response_minutes), align_right=True),
            Column(self.tr("Resolve within"), lambda r: self.hours(r.resolve_hours, r.resolve_workdays),
                   align_right=True),
            Column(self.tr("Follow-up call within"), lambda r: self.hours(r.followup_hours, r.followup_workdays),
                   align_right=True),
            Column(self.tr("Warn before"), lambda r: self.minutes(r.warn_minutes), align_right=True),
        ])
        self.table = read_only_table(self.model, "rules_table", self.tr("Escalation rules"), stretch_column=0)
        self.add_button = name_widget(QPushButton(icon("fa5s.plus"), self.tr("Add a rule…")), "rules_add",
                                      self.tr("Add an escalation rule"))
        self.edit_button = name_widget(QPushButton(icon("fa5s.edit"), self.tr("Change…")), "rules_edit",
                                       self.tr("Change the chosen rule"))
        self.delete_button = name_widget(QPushButton(icon("fa5s.trash-alt"), self.tr("Delete")), "rules_delete",
                                         self.tr("Delete the chosen rule"))
        self.empty_hint = QLabel(self.tr("No rules: every request has its category's own limits (below)."))
        self.empty_hint.setObjectName("rules_empty_hint")
        self.empty_hint.setStyleSheet("color:#555;")
        rules_box = QGroupBox(self.tr("Rules"))
        rules_lay = QVBoxLayout(rules_box)
        rules_lay.addWidget(self.table, 1)
        rules_lay.addWidget(row(self.empty_hint, -1, self.add_button, self.edit_button, self.delete_button))

        self.defaults_model: RowsModel[CategoryLimits] = RowsModel([
            Column(self.tr("Category"), lambda c: f"{c.parent_name} / {c.name}" if c.parent_name else c.name),
            Column(self.tr("Respond within"), lambda c: self.minutes(c.response_minutes), align_right=True),
            Column(self.tr("Resolve within"), lambda c: self.hours(c.resolve_hours, c.resolve_workdays),
                   align_right=True),
        ], muted=lambda c: not c.active)
        self.defaults = read_only_table(self.defaults_model, "rules_defaults_table",
                                        self.tr("Each category's own time limits"), stretch_column=0)
        defaults_box = QGroupBox(self.tr("Each category's own limits (where no rule sets one)"))
        QVBoxLayout(defaults_box).addWidget(self.defaults)

        limits = QWidget()
        limits_lay = QVBoxLayout(limits)
        limits_lay.addWidget(self.intro)
        limits_lay.addWidget(rules_box, 2)
        limits_lay.addWidget(defaults_box, 3)
        self.holidays = HolidaysPanel(self._services, self._actor, self._bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("rules_tabs")
        self.tabs.addTab(limits, self.tr("Time limits"))
        self.tabs.addTab(self.holidays, self.tr("Holidays and worked weekends"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addWidget(self.tabs, 1)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

    # --- showing ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        escalation, actor = self._services.escalation, self._actor
        self._ops.read(lambda: (escalation.category_limits(actor), escalation.rules(actor)),
                       lambda answer: self._show(*answer), key="rules")

    def _show(self, categories: list[CategoryLimits], rules: list[RuleInfo]) -> None:
        self.categories = categories
        order = {c.id: i for i, c in enumerate(self.categories)}
        rules.sort(key=lambda r: (order.get(r.category_id, -1) if r.category_id else -1, r.urgency or 0))
        self.model.set_rows(rules)
        self.table.resizeColumnsToContents()
        self.empty_hint.setVisible(not rules)
        self.defaults_model.set_rows(self.categories)
        self.defaults.resizeColumnsToContents()
        self._on_table_current_changed()

    def category_text(self, category_id: object, fallback: str) -> str:
        if category_id is None:
            return self.tr("All categories")
        found = next((c for c in self.categories if c.id == category_id), None)
        if found is None:
            return fallback
        return f"{found.parent_name} / {found.name}" if found.parent_name else found.name

    def urgency_text(self, urgency: int | None) -> str:
        return self.tr("All urgencies") if urgency is None else urgency_label(urgency)  # "5 - 危急"

    def minutes(self, value: int | None) -> str:
        return "—" if value is None else self.tr("{n} minutes").format(n=value)

    def hours(self, value: int | None, workdays: int | None = None) -> str:
        if workdays is not None:
            return self.tr("{n} working days").format(n=workdays)
        return "—" if value is None else self.tr("{n} hours").format(n=value)

    def show_holidays(self) -> None:
        """The holidays tab (the administrator's home page asks for a year's notice)."""
        self.tabs.setCurrentWidget(self.holidays)

    def _on_table_current_changed(self, *_: object) -> None:
        chosen = current_row(self.table, self.model) is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # --- adding, changing, deleting -----------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        self.open_editor(None)

    def _on_edit_clicked(self, *_: object) -> None:
        rule = current_row(self.table, self.model)
        if rule is not None:
            self.open_editor(rule)

    def open_editor(self, rule: RuleInfo | None) -> FormDialog:
        """The rule's dialog (window-modal): a new rule, or the chosen one's limits (its category and urgency are
        what it is the rule for, so they stay)."""
        title = self.tr("Add a rule") if rule is None else self.tr("Change the rule")
        dialog = FormDialog("rule_dialog", title, self._bus, self,
                            aliases={"resolve_workdays": "resolve_hours", "followup_workdays": "followup_hours"})
        dialog.say(self.tr("Leave a limit at \u201cdefault\u201d to take it from a less specific rule or from the "
                           "category."))
        category = QComboBox()
        name_widget(category, "rule_category", self.tr("Category"))
        category.addItem(self.tr("All categories"), None)
        for c in self.categories:
            category.addItem(f"\u3000{c.parent_name} / {c.name}" if c.parent_name else c.name, str(c.id))
        urgency = QComboBox()
        name_widget(urgency, "rule_urgency", self.tr("Urgency"))
        urgency.addItem(self.tr("All urgencies"), None)
        for n in range(1, 6):
            urgency.addItem(self.urgency_text(n), n)
        response = self._spin("rule_response", self.tr("Respond within"), MINUTES_MAX, self.tr(" minutes"))
        resolve = self._spin("rule_resolve", self.tr("Resolve within"), HOURS_MAX, self.tr(" hours"))
        followup = self._spin("rule_followup", self.tr("Follow-up call within"), HOURS_MAX, self.tr(" hours"))
        warn = self._spin("rule_warn", self.tr("Warn before"), MINUTES_MAX, self.tr(" minutes"))
        dialog.add_field("category_id", self.tr("Category"), category)
        dialog.add_field("urgency", self.tr("Urgency"), urgency)
        dialog.add_field("response_minutes", self.tr("Respond within (minutes)"), response)
        resolve_unit, followup_unit = (self._unit("rule_resolve_unit", resolve),
                                       self._unit("rule_followup_unit", followup))
        dialog.add_field("resolve_hours", self.tr("Resolve within"), row(resolve, resolve_unit, -1))
        dialog.add_field("followup_hours", self.tr("Follow-up call within"), row(followup, followup_unit, -1))
        dialog.add_field("warn_minutes", self.tr("Warn before (minutes)"), warn)
        if rule is not None:
            category.setCurrentIndex(max(category.findData(str(rule.category_id)), 0) if rule.category_id else 0)
            urgency.setCurrentIndex(max(urgency.findData(rule.urgency), 0) if rule.urgency else 0)
            category.setEnabled(False)
            urgency.setEnabled(False)
            for spin, value in ((response, rule.response_minutes), (resolve, rule.resolve_hours),
                                (followup, rule.followup_hours), (warn, rule.warn_minutes)):
                spin.setValue(value or 0)
            for unit, spin, days in ((resolve_unit, resolve, rule.resolve_workdays),
                                     (followup_unit, followup, rule.followup_workdays)):
                if days is not None:
                    unit.setCurrentIndex(1)
                    spin.setValue(days)

        def limit(spin: QSpinBox) -> int | None:
            return spin.value() or None  # 0 is "default"

        def submit() -> Callable[[], RuleInfo]:
            typed = RuleInput(
                category_id=(uuid.UUID(category.currentData()) if category.currentData() else None) if rule is None
                else rule.category_id,
                urgency=urgency.currentData() if rule is None else rule.urgency,
                response_minutes=limit(response), warn_minutes=limit(warn),
                resolve_hours=None if resolve_unit.currentData() else limit(resolve),
                resolve_workdays=limit(resolve) if resolve_unit.currentData() else None,
                followup_hours=None if followup_unit.currentData() else limit(followup),
                followup_workdays=limit(followup) if followup_unit.currentData() else None)
            return partial(self._services.escalation.set_rule, self._actor, typed, new=rule is None)

        dialog.submit = submit
        dialog.accepted.connect(self._on_saved)
        self.dialog = dialog
        dialog.open()
        (category if rule is None else response).setFocus()
        return dialog

    def _unit(self, object_name: str, spin: QSpinBox) -> QComboBox:
        """小时 or 工作日 beside a limit's spin box (its suffix follows)."""
        unit = QComboBox()
        name_widget(unit, object_name, self.tr("Unit"))
        unit.addItem(self.tr("hours"), False)
        unit.addItem(self.tr("working days"), True)
        unit.currentIndexChanged.connect(
            lambda i: spin.setSuffix(self.tr(" working days") if i else self.tr(" hours")))
        return unit

    def _spin(self, object_name: str, accessible: str, maximum: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        name_widget(spin, object_name, accessible)
        spin.setRange(0, maximum)
        spin.setSpecialValueText(self.tr("default"))
        spin.setSuffix(suffix)
        spin.setMinimumWidth(160)
        return spin

    def _on_saved(self) -> None:
        """The list reads again when the bus says the rules changed (and the status bar counts again: the open
        requests have their limits again)."""
        self.dialog = None
        self.banner.say("ok", self.tr("Rule saved. The time limits of the open requests it covers were worked out "
                                      "again."))

    def _on_delete_clicked(self) -> None:
        rule = current_row(self.table, self.model)
        if rule is None:
            return
        what = f"{self.category_text(rule.category_id, rule.category_name)} · {self.urgency_text(rule.urgency)}"
        if not confirm(self, self.tr("Delete the rule?"), self.tr(
                "The rule for {what} will be deleted; the requests it covers will take their limits from a less "
                "specific rule or from their category.").format(what=what)):
            return
        escalation, actor = self._services.escalation, self._actor
        self._ops.write(lambda: escalation.delete_rule(actor, rule.id),
                        lambda _: self.banner.say("ok", self.tr("The rule for {what} was deleted.").format(what=what)),
                        busy=[self.delete_button], refused=self._on_delete_refused)

    def _on_delete_refused(self, exc: DomainError) -> None:
        self._ops.show_refusal(exc)
        self.refresh()  # someone else may have changed the rules
